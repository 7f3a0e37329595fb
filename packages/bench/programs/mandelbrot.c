/*
 * f32/f64 math: escape-time iteration of the Mandelbrot set on a 32x24
 * grid. Each frame zooms a little; even frames iterate in double precision,
 * odd frames in single precision. run(n) renders n frames and folds the
 * iteration counts and the bits of the last orbit point of each pixel.
 */
#include "bench.h"

#define WIDTH 32
#define HEIGHT 24
#define MAX_ITER 64

static uint64_t hash;

static void frame_f64(int32_t frame) {
  double scale = 3.0 / (1.0 + (double)(frame & 7) * 0.25);
  double dx = scale / WIDTH;
  double dy = scale * 0.75 / HEIGHT;
  for (int32_t py = 0; py < HEIGHT; py++) {
    double ci = -scale * 0.375 + (double)py * dy;
    for (int32_t px = 0; px < WIDTH; px++) {
      double cr = -0.75 - scale * 0.5 + (double)px * dx;
      double zr = 0.0, zi = 0.0;
      int32_t k = 0;
      while (k < MAX_ITER && zr * zr + zi * zi <= 4.0) {
        double t = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = t;
        k++;
      }
      hash = fold64(hash, (uint64_t)k ^ f64_bits(zr));
    }
  }
}

static void frame_f32(int32_t frame) {
  float scale = 3.0f / (1.0f + (float)(frame & 7) * 0.25f);
  float dx = scale / WIDTH;
  float dy = scale * 0.75f / HEIGHT;
  for (int32_t py = 0; py < HEIGHT; py++) {
    float ci = -scale * 0.375f + (float)py * dy;
    for (int32_t px = 0; px < WIDTH; px++) {
      float cr = -0.75f - scale * 0.5f + (float)px * dx;
      float zr = 0.0f, zi = 0.0f;
      int32_t k = 0;
      while (k < MAX_ITER && zr * zr + zi * zi <= 4.0f) {
        float t = zr * zr - zi * zi + cr;
        zi = 2.0f * zr * zi + ci;
        zr = t;
        k++;
      }
      hash = fold64(hash, (uint64_t)k ^ f32_bits(zi));
    }
  }
}

EXPORT("run") int64_t run(int32_t n) {
  hash = FOLD64_INIT;
  for (int32_t f = 0; f < n; f++) {
    if (f & 1) {
      frame_f32(f);
    } else {
      frame_f64(f);
    }
  }
  return (int64_t)hash;
}

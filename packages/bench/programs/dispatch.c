/*
 * call_indirect-heavy dispatch: a tiny register machine whose every
 * instruction is a handler reached through a function-pointer table, plus a
 * second table of "shape" methods chosen per element. run(n) executes the
 * 256-instruction program n times.
 */
#include "bench.h"

#define PROGRAM_SIZE 256
#define HANDLER_COUNT 12

typedef struct {
  int32_t acc;
  int32_t x;
  int32_t y;
  int32_t z;
} Regs;

typedef int32_t (*Handler)(Regs *regs, int32_t arg);
typedef int32_t (*Method)(int32_t w, int32_t h);

static NOINLINE int32_t op_add(Regs *r, int32_t a) { r->acc += a; return 1; }
static NOINLINE int32_t op_sub(Regs *r, int32_t a) { r->acc -= a; return 2; }
static NOINLINE int32_t op_xor(Regs *r, int32_t a) { r->acc ^= a * 0x9e37; return 3; }
static NOINLINE int32_t op_mul(Regs *r, int32_t a) { r->acc *= a | 1; return 4; }
static NOINLINE int32_t op_swap_x(Regs *r, int32_t a) { int32_t t = r->x; r->x = r->acc; r->acc = t + a; return 5; }
static NOINLINE int32_t op_swap_y(Regs *r, int32_t a) { int32_t t = r->y; r->y = r->acc; r->acc = t - a; return 6; }
static NOINLINE int32_t op_mix(Regs *r, int32_t a) { r->z += r->x ^ r->y; r->acc += r->z >> (a & 7); return 7; }
static NOINLINE int32_t op_shl(Regs *r, int32_t a) { r->acc = (int32_t)((uint32_t)r->acc << (a & 3)) | 1; return 8; }
static NOINLINE int32_t op_shr(Regs *r, int32_t a) { r->acc = (int32_t)((uint32_t)r->acc >> (a & 7)); return 9; }
static NOINLINE int32_t op_min(Regs *r, int32_t a) { r->acc = r->acc < r->x ? r->acc : r->x + a; return 10; }
static NOINLINE int32_t op_max(Regs *r, int32_t a) { r->acc = r->acc > r->y ? r->acc : r->y - a; return 11; }
static NOINLINE int32_t op_neg(Regs *r, int32_t a) { r->acc = -r->acc + a; return 12; }

static NOINLINE int32_t rect_area(int32_t w, int32_t h) { return w * h; }
static NOINLINE int32_t rect_perimeter(int32_t w, int32_t h) { return 2 * (w + h); }
static NOINLINE int32_t tri_area(int32_t w, int32_t h) { return (w * h) >> 1; }
static NOINLINE int32_t tri_perimeter(int32_t w, int32_t h) { return w + h + (w > h ? w : h); }

static Handler handlers[HANDLER_COUNT] = {
  op_add, op_sub, op_xor, op_mul, op_swap_x, op_swap_y,
  op_mix, op_shl, op_shr, op_min, op_max, op_neg,
};

static Method methods[4] = { rect_area, rect_perimeter, tri_area, tri_perimeter };

static uint8_t opcodes[PROGRAM_SIZE];
static int32_t operands[PROGRAM_SIZE];

EXPORT("run") int32_t run(int32_t n) {
  uint32_t seed = 7;
  for (int32_t i = 0; i < PROGRAM_SIZE; i++) {
    seed = seed * 1664525u + 1013904223u;
    opcodes[i] = (uint8_t)((seed >> 24) % HANDLER_COUNT);
    operands[i] = (int32_t)((seed >> 8) & 0xffff);
  }
  Regs regs = { 1, 2, 3, 4 };
  int32_t trace = 0;
  for (int32_t r = 0; r < n; r++) {
    for (int32_t pc = 0; pc < PROGRAM_SIZE; pc++) {
      trace += handlers[opcodes[pc]](&regs, operands[pc] + r);
    }
    for (int32_t k = 0; k < 32; k++) {
      trace += methods[(k + r) & 3](k + 1, (regs.acc & 15) + 1);
    }
  }
  return regs.acc ^ regs.x ^ regs.y ^ regs.z ^ trace;
}

/*
 * A mixed workload in the spirit of embedded-CPU suites (own design): each
 * round runs four kernels on data derived from the round number and chains
 * their results through a CRC-16/CCITT:
 *   - list: a linked list in a node pool is built, reversed, searched and
 *     insertion-sorted by key;
 *   - matrix: 12x12 int16 matrices are scaled, multiplied and bit-extracted;
 *   - state machine: a text buffer is classified into integers, decimals,
 *     hexadecimals and invalid tokens by a switch-driven automaton;
 *   - crc: every kernel result is folded bitwise into the running CRC.
 * run(n) does n rounds and returns the CRC with the token counts.
 */
#include "bench.h"

#define NODE_COUNT 48
#define MATRIX_SIZE 12
#define TEXT_SIZE 192

typedef struct Node {
  struct Node *next;
  int32_t key;
  int32_t value;
} Node;

static Node pool[NODE_COUNT];
static int16_t ma[MATRIX_SIZE * MATRIX_SIZE];
static int16_t mb[MATRIX_SIZE * MATRIX_SIZE];
static int32_t mc[MATRIX_SIZE * MATRIX_SIZE];
static uint8_t text[TEXT_SIZE];
static int32_t token_counts[5];

static uint16_t crc16_byte(uint16_t crc, uint8_t byte) {
  crc ^= (uint16_t)byte << 8;
  for (int32_t i = 0; i < 8; i++) {
    crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
  }
  return crc;
}

static uint16_t crc16_word(uint16_t crc, int32_t word) {
  crc = crc16_byte(crc, (uint8_t)word);
  crc = crc16_byte(crc, (uint8_t)(word >> 8));
  crc = crc16_byte(crc, (uint8_t)(word >> 16));
  return crc16_byte(crc, (uint8_t)(word >> 24));
}

static Node *list_build(uint32_t seed) {
  Node *head = 0;
  for (int32_t i = 0; i < NODE_COUNT; i++) {
    seed = seed * 1103515245u + 12345u;
    pool[i].key = (int32_t)((seed >> 16) & 0x3ff);
    pool[i].value = i;
    pool[i].next = head;
    head = &pool[i];
  }
  return head;
}

static Node *list_reverse(Node *head) {
  Node *prev = 0;
  while (head) {
    Node *next = head->next;
    head->next = prev;
    prev = head;
    head = next;
  }
  return prev;
}

static int32_t list_find(Node *head, int32_t key) {
  int32_t index = 0;
  for (; head; head = head->next, index++) {
    if (head->key == key) return index;
  }
  return -1;
}

static Node *list_sort(Node *head) {
  Node *sorted = 0;
  while (head) {
    Node *next = head->next;
    if (!sorted || head->key < sorted->key) {
      head->next = sorted;
      sorted = head;
    } else {
      Node *at = sorted;
      while (at->next && at->next->key <= head->key) at = at->next;
      head->next = at->next;
      at->next = head;
    }
    head = next;
  }
  return sorted;
}

static int32_t list_kernel(int32_t round) {
  Node *head = list_build((uint32_t)round * 2654435761u + 1u);
  head = list_reverse(head);
  int32_t found = list_find(head, pool[round % NODE_COUNT].key);
  found += list_find(head, 0x400);
  head = list_sort(head);
  int32_t acc = found;
  int32_t index = 0;
  for (Node *at = head; at; at = at->next, index++) {
    acc += at->key * (index + 1) + at->value;
  }
  return acc;
}

static int32_t matrix_kernel(int32_t round) {
  for (int32_t i = 0; i < MATRIX_SIZE * MATRIX_SIZE; i++) {
    ma[i] = (int16_t)((i * 37 + round) % 251 - 125);
    mb[i] = (int16_t)((i * 91 + round * 3) % 241 - 120);
  }
  for (int32_t i = 0; i < MATRIX_SIZE * MATRIX_SIZE; i++) {
    ma[i] = (int16_t)(ma[i] + (int16_t)round);
  }
  for (int32_t i = 0; i < MATRIX_SIZE; i++) {
    for (int32_t j = 0; j < MATRIX_SIZE; j++) {
      int32_t sum = 0;
      for (int32_t k = 0; k < MATRIX_SIZE; k++) {
        sum += (int32_t)ma[i * MATRIX_SIZE + k] * (int32_t)mb[k * MATRIX_SIZE + j];
      }
      mc[i * MATRIX_SIZE + j] = sum;
    }
  }
  int32_t acc = 0;
  for (int32_t i = 0; i < MATRIX_SIZE * MATRIX_SIZE; i++) {
    acc += (mc[i] >> 2) & 0x7f;
    acc ^= (mc[i] >> 9) & 0xf;
  }
  return acc;
}

enum { S_START, S_INT, S_DOT, S_DECIMAL, S_ZERO, S_HEX, S_INVALID };
enum { T_INT, T_DECIMAL, T_HEX, T_INVALID, T_TRANSITIONS };

static void text_fill(uint32_t seed) {
  static const uint8_t alphabet[16] = "0123456789.x,ab-";
  for (int32_t i = 0; i < TEXT_SIZE; i++) {
    seed = seed * 1664525u + 1013904223u;
    text[i] = alphabet[(seed >> 27) & 15];
  }
}

static void finish_token(int32_t state) {
  switch (state) {
    case S_INT: case S_ZERO: token_counts[T_INT]++; break;
    case S_DECIMAL: token_counts[T_DECIMAL]++; break;
    case S_HEX: token_counts[T_HEX]++; break;
    case S_START: break;
    default: token_counts[T_INVALID]++; break;
  }
}

static int32_t state_kernel(int32_t round) {
  text_fill((uint32_t)round + 17u);
  int32_t state = S_START;
  for (int32_t i = 0; i < TEXT_SIZE; i++) {
    uint8_t c = text[i];
    int32_t next = state;
    if (c == ',') {
      finish_token(state);
      next = S_START;
    } else {
      int32_t digit = c >= '0' && c <= '9';
      switch (state) {
        case S_START: next = c == '0' ? S_ZERO : digit ? S_INT : c == '.' ? S_DOT : S_INVALID; break;
        case S_ZERO: next = c == 'x' ? S_HEX : digit ? S_INT : c == '.' ? S_DOT : S_INVALID; break;
        case S_INT: next = digit ? S_INT : c == '.' ? S_DOT : S_INVALID; break;
        case S_DOT: next = digit ? S_DECIMAL : S_INVALID; break;
        case S_DECIMAL: next = digit ? S_DECIMAL : S_INVALID; break;
        case S_HEX: next = digit || c == 'a' || c == 'b' ? S_HEX : S_INVALID; break;
        default: next = S_INVALID; break;
      }
    }
    if (next != state) token_counts[T_TRANSITIONS]++;
    state = next;
  }
  finish_token(state);
  return token_counts[T_INT] * 7 + token_counts[T_DECIMAL] * 11 + token_counts[T_HEX] * 13 +
         token_counts[T_INVALID] * 17 + token_counts[T_TRANSITIONS];
}

EXPORT("run") int32_t run(int32_t n) {
  for (int32_t i = 0; i < 5; i++) token_counts[i] = 0;
  uint16_t crc = 0xffff;
  for (int32_t r = 0; r < n; r++) {
    crc = crc16_word(crc, list_kernel(r));
    crc = crc16_word(crc, matrix_kernel(r));
    crc = crc16_word(crc, state_kernel(r));
  }
  return (int32_t)crc | (token_counts[T_INVALID] << 16);
}

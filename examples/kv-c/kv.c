/*
 * kv: a key-value store as an Edgedancer mobile agent (freestanding C, wasm32).
 *
 * Requests are text, words separated by single spaces; every response is text:
 *   put <key> <value>    store (value: the rest of the line)     -> "ok" | "full" | "too long"
 *   get <key>            look up                                 -> value | "(nil)"
 *   del <key>            remove                                  -> "1" | "0"
 *   count                number of keys                          -> decimal
 *   where                the node serving this request           -> node name
 *   stats                counters kept across migrations         -> "keys K requests R arrivals A"
 *   digest <rounds> [<node>]
 *                        chained FNV-1a-64 over every entry, <rounds> times; with <node>, the agent
 *                        moves there (strong) halfway and finishes the work on arrival
 *                                                                -> "<16 hex digits>" [" moved <status>"]
 *   go <node>            strong migration now                    -> "status <s> at <node name>"
 *   go-weak <node>       weak migration after this request       -> "leaving <s>"
 *   checkpoint           a strong snapshot for the platform      -> "checkpoint <s>"
 *
 * State lives in linear memory (the table, the counters); nothing here knows which node it runs on except
 * through node_name.
 */
#include "edgedancer.h"

#define SLOTS 1024      /* open addressing, power of two */
#define KEY_MAX 64
#define VAL_MAX 256
#define REQ_MAX 65536
#define RESP_MAX 65536

enum { EMPTY = 0, LIVE = 1, GONE = 2 };

struct entry {
  uint8_t state;
  uint8_t key_len;
  uint16_t val_len;
  char key[KEY_MAX];
  char val[VAL_MAX];
};

static struct entry table[SLOTS];
static int32_t keys;
static int32_t requests;
static int32_t arrivals;
static uint8_t request[REQ_MAX];
static char response[RESP_MAX];
static int32_t response_len;

/* The compiler may emit calls to these even without a C library. */
void *memcpy(void *dst, const void *src, unsigned long n) {
  uint8_t *d = dst;
  const uint8_t *s = src;
  while (n--) *d++ = *s++;
  return dst;
}

void *memset(void *dst, int c, unsigned long n) {
  uint8_t *d = dst;
  while (n--) *d++ = (uint8_t)c;
  return dst;
}

static int same(const char *a, int32_t alen, const char *b, int32_t blen) {
  if (alen != blen) return 0;
  for (int32_t i = 0; i < alen; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

static uint64_t fnv1a(uint64_t h, const char *p, int32_t n) {
  for (int32_t i = 0; i < n; i++) {
    h ^= (uint8_t)p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

/* ---- responses ---- */

static void out(const char *s, int32_t n) {
  for (int32_t i = 0; i < n && response_len < RESP_MAX; i++) response[response_len++] = s[i];
}

static void outs(const char *s) {
  int32_t n = 0;
  while (s[n]) n++;
  out(s, n);
}

static void outd(int32_t v) {
  char buf[12];
  int32_t n = 0;
  uint32_t u = v < 0 ? (uint32_t)0 - (uint32_t)v : (uint32_t)v;
  do {
    buf[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) buf[n++] = '-';
  while (n) out(&buf[--n], 1);
}

static void outx64(uint64_t v) {
  static const char hex[] = "0123456789abcdef";
  for (int shift = 60; shift >= 0; shift -= 4) out(&hex[(v >> shift) & 15], 1);
}

static void log_text(const char *s) {
  int32_t n = 0;
  while (s[n]) n++;
  ed_log(s, n);
}

/* ---- the table ---- */

static struct entry *find(const char *key, int32_t len, int for_insert) {
  uint32_t i = (uint32_t)fnv1a(0xcbf29ce484222325ull, key, len) & (SLOTS - 1);
  struct entry *free_slot = 0;
  for (int32_t probes = 0; probes < SLOTS; probes++, i = (i + 1) & (SLOTS - 1)) {
    struct entry *e = &table[i];
    if (e->state == EMPTY) return for_insert ? (free_slot ? free_slot : e) : 0;
    if (e->state == GONE) {
      if (!free_slot) free_slot = e;
    } else if (same(e->key, e->key_len, key, len)) {
      return e;
    }
  }
  return for_insert ? free_slot : 0;
}

/* ---- parsing: a cursor over the request ---- */

struct cursor {
  const char *p;
  int32_t n;
};

static int word(struct cursor *c, const char **w, int32_t *len) {
  int32_t i = 0;
  while (i < c->n && c->p[i] != ' ') i++;
  *w = c->p;
  *len = i;
  c->p += i < c->n ? i + 1 : i;
  c->n -= i < c->n ? i + 1 : i;
  return i > 0;
}

static int32_t number(const char *w, int32_t len) {
  int32_t v = 0;
  for (int32_t i = 0; i < len && w[i] >= '0' && w[i] <= '9'; i++) v = v * 10 + (w[i] - '0');
  return v;
}

/* ---- commands ---- */

static void cmd_put(struct cursor *c) {
  const char *k;
  int32_t klen;
  if (!word(c, &k, &klen) || klen > KEY_MAX || c->n > VAL_MAX) {
    outs("too long");
    return;
  }
  struct entry *e = find(k, klen, 1);
  if (!e) {
    outs("full");
    return;
  }
  if (e->state != LIVE) keys++;
  e->state = LIVE;
  e->key_len = (uint8_t)klen;
  memcpy(e->key, k, (unsigned long)klen);
  e->val_len = (uint16_t)c->n;
  memcpy(e->val, c->p, (unsigned long)c->n);
  outs("ok");
}

static void cmd_get(struct cursor *c) {
  const char *k;
  int32_t klen;
  word(c, &k, &klen);
  struct entry *e = find(k, klen, 0);
  if (e) out(e->val, e->val_len);
  else outs("(nil)");
}

static void cmd_del(struct cursor *c) {
  const char *k;
  int32_t klen;
  word(c, &k, &klen);
  struct entry *e = find(k, klen, 0);
  if (e) {
    e->state = GONE;
    keys--;
  }
  outs(e ? "1" : "0");
}

static void cmd_digest(struct cursor *c) {
  const char *w, *node;
  int32_t wlen, node_len;
  word(c, &w, &wlen);
  int32_t rounds = number(w, wlen);
  int moving = word(c, &node, &node_len);
  int32_t status = 0;
  uint64_t h = 0xcbf29ce484222325ull;
  for (int32_t r = 0; r < rounds; r++) {
    if (moving && r == rounds / 2) {
      /* Everything live here (h, r, the loop) is on the stack and in locals: it moves with the agent. */
      status = ed_migrate(node, node_len);
      log_text(status == ED_OK ? "digest: moved halfway" : "digest: stayed");
    }
    for (int32_t i = 0; i < SLOTS; i++) {
      struct entry *e = &table[i];
      if (e->state != LIVE) continue;
      h = fnv1a(h, e->key, e->key_len);
      h = fnv1a(h, e->val, e->val_len);
    }
    h ^= (uint64_t)r * 0x9e3779b97f4a7c15ull;
  }
  outx64(h);
  if (moving) {
    outs(" moved ");
    outd(status);
  }
}

static void cmd_where(void) {
  char name[256];
  int32_t n = ed_node_name(name, sizeof name);
  out(name, n < (int32_t)sizeof name ? n : (int32_t)sizeof name);
}

static void cmd_go(struct cursor *c) {
  const char *node;
  int32_t node_len;
  word(c, &node, &node_len);
  int32_t status = ed_migrate(node, node_len);
  outs("status ");
  outd(status);
  outs(" at ");
  cmd_where();
}

static void cmd_go_weak(struct cursor *c) {
  const char *node;
  int32_t node_len;
  word(c, &node, &node_len);
  outs("leaving ");
  outd(ed_migrate_weak(node, node_len));
}

static void cmd_stats(void) {
  outs("keys ");
  outd(keys);
  outs(" requests ");
  outd(requests);
  outs(" arrivals ");
  outd(arrivals);
}

/* ---- exports ---- */

ED_EXPORT("init") void init(void) {
  log_text("kv: ready");
}

ED_EXPORT("alloc") uint8_t *alloc(int32_t len) {
  return len >= 0 && len <= REQ_MAX ? request : 0;
}

ED_EXPORT("handle") uint64_t handle(const uint8_t *req, int32_t len) {
  struct cursor c = {(const char *)req, len};
  const char *cmd;
  int32_t cmd_len;
  requests++;
  response_len = 0;
  word(&c, &cmd, &cmd_len);
  if (same(cmd, cmd_len, "put", 3)) cmd_put(&c);
  else if (same(cmd, cmd_len, "get", 3)) cmd_get(&c);
  else if (same(cmd, cmd_len, "del", 3)) cmd_del(&c);
  else if (same(cmd, cmd_len, "count", 5)) outd(keys);
  else if (same(cmd, cmd_len, "where", 5)) cmd_where();
  else if (same(cmd, cmd_len, "stats", 5)) cmd_stats();
  else if (same(cmd, cmd_len, "digest", 6)) cmd_digest(&c);
  else if (same(cmd, cmd_len, "go", 2)) cmd_go(&c);
  else if (same(cmd, cmd_len, "go-weak", 7)) cmd_go_weak(&c);
  else if (same(cmd, cmd_len, "checkpoint", 10)) {
    outs("checkpoint ");
    outd(ed_checkpoint());
  } else outs("unknown command");
  return (uint64_t)(uintptr_t)response | (uint64_t)(uint32_t)response_len << 32;
}

ED_EXPORT("on_arrival") void on_arrival(int32_t status) {
  if (status == ED_OK) arrivals++;
  log_text(status == ED_OK ? "kv: arrived" : "kv: migration failed, still here");
}

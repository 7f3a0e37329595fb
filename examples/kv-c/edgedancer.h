/*
 * The Edgedancer agent ABI for C (freestanding wasm32): the imports of module
 * "edgedancer" and the status codes they return. Normative text: docs/agents.md.
 *
 * An agent also exports `memory` and, to serve requests, `alloc` and `handle`:
 *   uint8_t *alloc(int32_t len);                      room for a request (0: refused)
 *   uint64_t handle(const uint8_t *req, int32_t len); response as ptr | (uint64_t)len << 32
 * and optionally `init(void)` and `on_arrival(int32_t status)`.
 */
#ifndef EDGEDANCER_H
#define EDGEDANCER_H

#include <stdint.h>

#define ED_IMPORT(name) __attribute__((import_module("edgedancer"), import_name(name)))
#define ED_EXPORT(name) __attribute__((export_name(name)))

enum {
  ED_OK = 0,           /* arrived / done / checkpoint taken */
  ED_RESTORED = 1,     /* checkpoint: resumed from this checkpoint */
  ED_REFUSED = -1,     /* destination unknown, malformed or refusing */
  ED_FAILED = -2,      /* transfer failed: still at the source */
  ED_UNSUPPORTED = -3, /* the platform does not offer this call */
  ED_BUSY = -4,        /* a weak migration is scheduled, or called from alloc */
};

/* Strong migration: suspends here, returns ED_OK on the destination (or a negative status at the source). */
ED_IMPORT("migrate") int32_t ed_migrate(const char *dest, int32_t dest_len);
/* Weak migration: ED_OK schedules the move for when the current call returns; on_arrival runs there. */
ED_IMPORT("migrate_weak") int32_t ed_migrate_weak(const char *dest, int32_t dest_len);
/* Hands a strong snapshot to the platform: ED_OK here, ED_RESTORED when resumed from it. */
ED_IMPORT("checkpoint") int32_t ed_checkpoint(void);
/* Copies up to buf_len bytes of the current node's name; returns its full length. */
ED_IMPORT("node_name") int32_t ed_node_name(char *buf, int32_t buf_len);
/* One line of UTF-8 for the platform's log. */
ED_IMPORT("log") void ed_log(const char *text, int32_t len);

#endif

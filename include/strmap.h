/* strmap.h — a hash table keyed by strings, whose keys and values live in an arena: the tables
 * that grow with distinct names (the summary's entities, sources, months, pairs). */
#ifndef XINWEN_STRMAP_H
#define XINWEN_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

struct strmap_slot {
    const char *key; /* copy in the arena, NUL-terminated after len; NULL for an empty slot */
    size_t len;
    uint64_t hash;
    void *value;
};

/* Iterate with: for (size_t i = 0; i < m->cap; i++) if (m->slots[i].key) … */
struct strmap {
    struct strmap_slot *slots;
    size_t cap; /* a power of two, or 0 before the first insertion */
    size_t count;
    struct arena *arena;
};

/* Keys and values are allocated in arena, which must outlive the map. */
void strmap_init(struct strmap *m, struct arena *arena);
/* Frees the slot array (not the arena). */
void strmap_free(struct strmap *m);

/* The value for key (len bytes, compared whole: NUL bytes may be inside), created zeroed with
 * value_size bytes in the arena when absent (*created says which; may be NULL). */
void *strmap_put(struct strmap *m, const char *key, size_t len, size_t value_size, bool *created);

/* The value for key, or NULL. */
void *strmap_get(const struct strmap *m, const char *key, size_t len);

#endif

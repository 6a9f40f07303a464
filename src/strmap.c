/* strmap.c — open addressing with linear probing, FNV-1a hashes (see strmap.h). */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define STRMAP_MIN_CAP 16

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

void strmap_init(struct strmap *m, struct arena *arena)
{
    memset(m, 0, sizeof *m);
    m->arena = arena;
}

void strmap_free(struct strmap *m)
{
    free(m->slots);
    m->slots = NULL;
    m->cap = m->count = 0;
}

/* The slot holding key, or the empty slot where it would go. */
static struct strmap_slot *find_slot(const struct strmap *m, const char *key, size_t len,
                                     uint64_t hash)
{
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        struct strmap_slot *s = &m->slots[i];
        if (!s->key || (s->hash == hash && s->len == len && memcmp(s->key, key, len) == 0))
            return s;
    }
}

static void grow(struct strmap *m)
{
    struct strmap_slot *old = m->slots;
    size_t old_cap = m->cap;
    m->cap = old_cap ? old_cap * 2 : STRMAP_MIN_CAP;
    m->slots = xcalloc(m->cap, sizeof *m->slots);
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            *find_slot(m, old[i].key, old[i].len, old[i].hash) = old[i];
    free(old);
}

void *strmap_put(struct strmap *m, const char *key, size_t len, size_t value_size, bool *created)
{
    if ((m->count + 1) * 4 > m->cap * 3) /* at most three quarters full */
        grow(m);
    uint64_t hash = hash_bytes(key, len);
    struct strmap_slot *s = find_slot(m, key, len, hash);
    if (created)
        *created = !s->key;
    if (!s->key) {
        s->key = arena_strndup(m->arena, key, len);
        s->len = len;
        s->hash = hash;
        s->value = arena_alloc(m->arena, value_size ? value_size : 1);
        memset(s->value, 0, value_size);
        m->count++;
    }
    return s->value;
}

void *strmap_get(const struct strmap *m, const char *key, size_t len)
{
    if (!m->cap)
        return NULL;
    struct strmap_slot *s = find_slot(m, key, len, hash_bytes(key, len));
    return s->key ? s->value : NULL;
}

/* arena.h — per-article bump allocator, reset in one step after each article. */
#ifndef XINWEN_ARENA_H
#define XINWEN_ARENA_H

#include <stddef.h>

struct arena_block;

/* Memory handed out by an arena lives until arena_reset or arena_free; nothing is freed
 * individually. One arena per worker, reset after each article. */
struct arena {
    struct arena_block *head;
};

void arena_init(struct arena *a);
void *arena_alloc(struct arena *a, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Keeps the first block for reuse and frees the rest. */
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

#endif

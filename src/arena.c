/* arena.c — bump allocator for per-article data (see arena.h). */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define ARENA_BLOCK_SIZE ((size_t)64 * 1024)

struct arena_block {
    struct arena_block *next;
    size_t used;
    size_t size;
    max_align_t data[];
};

void arena_init(struct arena *a)
{
    a->head = NULL;
}

static struct arena_block *arena_new_block(size_t min_size)
{
    size_t size = min_size > ARENA_BLOCK_SIZE ? min_size : ARENA_BLOCK_SIZE;
    struct arena_block *b = xmalloc(sizeof *b + size);
    b->next = NULL;
    b->used = 0;
    b->size = size;
    return b;
}

void *arena_alloc(struct arena *a, size_t size)
{
    size_t align = _Alignof(max_align_t);
    size = (size + align - 1) / align * align;
    if (!a->head || a->head->size - a->head->used < size) {
        struct arena_block *b = arena_new_block(size);
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)a->head->data + a->head->used;
    a->head->used += size;
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

void arena_reset(struct arena *a)
{
    if (!a->head)
        return;
    /* keep the oldest block (last in the list): it is the standard size */
    struct arena_block *b = a->head, *keep = NULL;
    while (b) {
        struct arena_block *next = b->next;
        if (!next && b->size == ARENA_BLOCK_SIZE)
            keep = b;
        else
            free(b);
        b = next;
    }
    if (keep) {
        keep->used = 0;
        keep->next = NULL;
    }
    a->head = keep;
}

void arena_free(struct arena *a)
{
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

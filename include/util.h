/* util.h — allocation that cannot fail silently, and checked number parsing. */
#ifndef XINWEN_UTIL_H
#define XINWEN_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Allocation failure is the one condition we do not recover from: each of these prints
 * "xinwen: out of memory" and aborts. The caller frees what they return. */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Parses all of s (no trailing bytes) as a base-10 long in [min, max]. Returns false and leaves
 * *out unchanged on empty input, junk, or a value out of range. */
bool parse_long(const char *s, long min, long max, long *out);

/* Parses exactly n ASCII digits at s into *out; false if any is not a digit. */
bool parse_digits(const char *s, size_t n, int *out);

/* The unsigned 32-bit little-endian number at p. */
uint32_t read_le32(const unsigned char *p);

/* 64-bit FNV-1a hash of n bytes: the embedded files' checksums, training data's split buckets.
 * fnv1a64_more continues hash h (FNV1A64_START for none yet) over n more bytes. */
#define FNV1A64_START 0xCBF29CE484222325ULL
uint64_t fnv1a64(const void *p, size_t n);
static inline uint64_t fnv1a64_more(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001B3ULL;
    return h;
}

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif

/* normalize.c — 1:1 code-point normalisation for the tagger (see normalize.h). The tables are
 * generated into data/ (tools/gen-t2s from OpenCC, tools/gen-fold from the model's embedding
 * norms); here they are merged once into a direct map of the Basic Multilingual Plane. */
#include "normalize.h"

#include <pthread.h>
#include <stdlib.h>

#include "utf8.h"
#include "util.h"

struct cp_pair {
    int32_t from, to;
};

static const struct cp_pair t2s_table[] = {
#include "t2s.inc"
};

static const struct cp_pair fold_table[] = {
#include "fold.inc"
};

static int32_t *bmp_map; /* built once: normalised form of every BMP code point */
static pthread_once_t bmp_once = PTHREAD_ONCE_INIT;

/* Binary search in a table sorted by from; cp itself when absent. */
static int32_t lookup(const struct cp_pair *table, size_t count, int32_t cp)
{
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (table[mid].from < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < count && table[lo].from == cp ? table[lo].to : cp;
}

int32_t normalize_t2s(int32_t cp)
{
    return lookup(t2s_table, ARRAY_LEN(t2s_table), cp);
}

static int32_t normalize_slow(int32_t cp)
{
    cp = lookup(t2s_table, ARRAY_LEN(t2s_table), cp);
    return lookup(fold_table, ARRAY_LEN(fold_table), cp);
}

static void build_bmp_map(void)
{
    bmp_map = xmalloc(0x10000 * sizeof *bmp_map);
    for (int32_t cp = 0; cp < 0x10000; cp++)
        bmp_map[cp] = normalize_slow(cp);
}

int32_t normalize_cp(int32_t cp)
{
    pthread_once(&bmp_once, build_bmp_map);
    if (cp >= 0 && cp < 0x10000)
        return bmp_map[cp];
    return normalize_slow(cp);
}

size_t normalize_text(const char *s, size_t n, int32_t *out, size_t *byte_at)
{
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (cp < 0)
            cp = UTF8_REPLACEMENT;
        if (byte_at)
            byte_at[count] = i;
        out[count++] = normalize_cp(cp);
        i += len;
    }
    if (byte_at)
        byte_at[count] = n;
    return count;
}

/* lexicon.c — lookups in the generated word tables (see lexicon.h). */
#include "lexicon.h"

#include <pthread.h>
#include <stdlib.h>

#include "util.h"

struct common_word {
    uint64_t key; /* code points, 21 bits apiece */
    uint32_t freq;
    uint8_t cls; /* enum word_class */
};

struct name_piece {
    uint64_t key;
    uint32_t freq;
};

struct proper_name {
    uint64_t key;  /* the word's key (see lexicon_proper_prefixes) */
    uint8_t kinds; /* enum lexicon_proper bits */
};

#include "words.inc" /* common_words[], name_pieces[], proper_names[] */

static uint64_t pack(const int32_t *cps, size_t len)
{
    uint64_t k = 0;
    for (size_t i = 0; i < len; i++)
        k = k << 21 | (uint64_t)(uint32_t)cps[i];
    return k;
}

static int by_key(const void *key, const void *row)
{
    uint64_t k = *(const uint64_t *)key, r = *(const uint64_t *)row;
    return (k > r) - (k < r);
}

uint32_t lexicon_word(const int32_t *cps, size_t len, enum word_class *cls)
{
    if (len < 1 || len > 2)
        return 0;
    uint64_t k = pack(cps, len);
    const struct common_word *w =
        bsearch(&k, common_words, ARRAY_LEN(common_words), sizeof *common_words, by_key);
    if (!w)
        return 0;
    if (cls)
        *cls = (enum word_class)w->cls;
    return w->freq;
}

uint32_t lexicon_name_piece(const int32_t *cps, size_t len)
{
    if (len < 2 || len > 3)
        return 0;
    uint64_t k = pack(cps, len);
    const struct name_piece *p =
        bsearch(&k, name_pieces, ARRAY_LEN(name_pieces), sizeof *name_pieces, by_key);
    return p ? p->freq : 0;
}

/* proper_names is sorted by key, and keys are hashes, spread evenly: the names whose key's top
 * PROPER_INDEX_BITS bits are b lie from proper_start[b] to proper_start[b + 1], a few apiece,
 * so a look-up (one per character of every text tagged) scans a few rows, not a binary search
 * through them all. */
#define PROPER_INDEX_BITS 16
static uint32_t proper_start[((size_t)1 << PROPER_INDEX_BITS) + 1];
static pthread_once_t proper_once = PTHREAD_ONCE_INIT;

static void build_proper_index(void)
{
    _Static_assert(ARRAY_LEN(proper_names) < UINT32_MAX, "row numbers fit 32 bits");
    size_t row = 0;
    for (size_t b = 0; b <= (size_t)1 << PROPER_INDEX_BITS; b++) {
        while (row < ARRAY_LEN(proper_names)
               && proper_names[row].key >> (64 - PROPER_INDEX_BITS) < b)
            row++;
        proper_start[b] = (uint32_t)row;
    }
}

size_t lexicon_proper_prefixes(const int32_t *cps, size_t n, uint8_t kinds[LEXICON_PROPER_MAX + 1])
{
    pthread_once(&proper_once, build_proper_index);
    /* a word's key: FNV-1a 64 of its code points as UTF-32LE, as tools/gen-words computes it */
    uint64_t key = FNV1A64_START;
    size_t len = 0;
    unsigned found = LEXICON_LONGER;
    while (len < n && len < LEXICON_PROPER_MAX && found & LEXICON_LONGER) {
        unsigned char bytes[4];
        for (size_t b = 0; b < 4; b++)
            bytes[b] = (unsigned char)((uint32_t)cps[len] >> (8 * b));
        key = fnv1a64_more(key, bytes, 4);
        if (++len < 2)
            continue;
        size_t bucket = (size_t)(key >> (64 - PROPER_INDEX_BITS));
        found = 0;
        for (size_t row = proper_start[bucket]; row < proper_start[bucket + 1] && !found; row++)
            if (proper_names[row].key == key)
                found = proper_names[row].kinds;
        kinds[len] = (uint8_t)found;
    }
    return len;
}

/* lexicon.c — lookups in the generated word tables (see lexicon.h). */
#include "lexicon.h"

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

#include "words.inc" /* common_words[], name_pieces[] */

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

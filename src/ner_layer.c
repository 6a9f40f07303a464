/* ner_layer.c — the trained output layer's file format and features (see ner_layer.h). */
#include "ner_layer.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "lexicon.h"
#include "utf8.h"
#include "util.h"

extern const unsigned char xinwen_ner_layer_blob[];
extern const unsigned char xinwen_ner_layer_blob_end[];

/* File layout: a 64-byte header, the `about` text, then the parameters in ner_layer_params'
 * order, each block padded to 64 bytes; all numbers little-endian.
 *   0 magic "XWNER01\0"   8 format version   12 NER_DENSE   16 hidden   20 NER_SPARSE
 *  24 NER_BIO_TAGS       28 about length     32 checksum (FNV-1a 64 of everything after the
 *  header)               40 tuned (0 or 1)   44 no LAC tags (0 or 1)   48 … 63 zero */
#define HEADER_BLOCK 64
#define MAGIC "XWNER01"
#define FORMAT_VERSION 1

static size_t pad64(size_t n)
{
    return (n + 63) & ~(size_t)63;
}

#define BLOCKS_MAX 14

/* The parameter blocks in order: their sizes in floats; returns how many. */
static size_t param_blocks(uint32_t hidden, bool tuned, size_t size[BLOCKS_MAX])
{
    const size_t H = LAC_HIDDEN, G = (size_t)LAC_GATES;
    size_t in = hidden ? hidden : NER_DENSE;
    size[0] = (size_t)NER_DENSE * hidden;
    size[1] = hidden;
    size[2] = in * NER_BIO_TAGS;
    size[3] = NER_BIO_TAGS;
    size[4] = (size_t)NER_SPARSE * NER_BIO_TAGS;
    size[5] = (size_t)(NER_BIO_TAGS + 2) * NER_BIO_TAGS;
    if (!tuned)
        return 6;
    for (size_t dir = 0; dir < 2; dir++) {
        size[6 + 4 * dir] = 2 * H * G;
        size[7 + 4 * dir] = G;
        size[8 + 4 * dir] = H * G;
        size[9 + 4 * dir] = G;
    }
    return BLOCKS_MAX;
}

size_t ner_layer_params(uint32_t hidden, bool tuned)
{
    size_t size[BLOCKS_MAX], blocks = param_blocks(hidden, tuned, size), total = 0;
    for (size_t k = 0; k < blocks; k++)
        total += size[k];
    return total;
}

static const float **block_slot(struct ner_layer *layer, size_t k)
{
    const float **slots[BLOCKS_MAX] = {
        &layer->hidden_w,     &layer->hidden_b,     &layer->out_w,       &layer->out_b,
        &layer->sparse_w,     &layer->crf,          &layer->gru.fc_w[0], &layer->gru.fc_b[0],
        &layer->gru.gru_w[0], &layer->gru.gru_b[0], &layer->gru.fc_w[1], &layer->gru.fc_b[1],
        &layer->gru.gru_w[1], &layer->gru.gru_b[1]};
    return slots[k];
}

void ner_layer_bind(struct ner_layer *layer, uint32_t hidden, bool tuned, const float *params)
{
    size_t size[BLOCKS_MAX], blocks = param_blocks(hidden, tuned, size);
    memset(&layer->gru, 0, sizeof layer->gru);
    layer->hidden = hidden;
    layer->tuned = tuned;
    layer->no_lac_tags = false;
    for (size_t k = 0; k < blocks; k++) {
        *block_slot(layer, k) = size[k] ? params : NULL;
        params += size[k];
    }
}

const char *ner_layer_read(const unsigned char *image, size_t size, struct ner_layer *layer)
{
    if (size < HEADER_BLOCK || memcmp(image, MAGIC, 8) != 0)
        return "not an xinwen NER layer file";
    if (read_le32(image + 8) != FORMAT_VERSION)
        return "unsupported NER layer format version";
    uint32_t hidden = read_le32(image + 16), about_len = read_le32(image + 28);
    uint32_t tuned = read_le32(image + 40), no_lac_tags = read_le32(image + 44);
    if (read_le32(image + 12) != NER_DENSE || read_le32(image + 20) != NER_SPARSE
        || read_le32(image + 24) != NER_BIO_TAGS || hidden % NER_HIDDEN_STEP != 0 || hidden > 4096
        || tuned > 1 || no_lac_tags > 1)
        return "NER layer: its shapes are not this build's (retrain it with this version's "
               "tools/train)";
    uint64_t checksum = (uint64_t)read_le32(image + 32) | (uint64_t)read_le32(image + 36) << 32;
    if (fnv1a64(image + HEADER_BLOCK, size - HEADER_BLOCK) != checksum)
        return "NER layer: checksum mismatch";
    size_t pos = HEADER_BLOCK;
    if (about_len > size - pos)
        return "NER layer: truncated";
    layer->about = (const char *)image + pos;
    layer->about_len = about_len;
    pos += pad64(about_len);
    size_t sizes[BLOCKS_MAX], blocks = param_blocks(hidden, tuned, sizes);
    memset(&layer->gru, 0, sizeof layer->gru);
    layer->hidden = hidden;
    layer->tuned = tuned;
    layer->no_lac_tags = no_lac_tags;
    for (size_t k = 0; k < blocks; k++) {
        size_t bytes = sizes[k] * sizeof(float);
        if (pos > size || size - pos < bytes)
            return "NER layer: tensor sizes do not match the file";
        *block_slot(layer, k) = bytes ? (const float *)(const void *)(image + pos) : NULL;
        pos += pad64(bytes);
    }
    if (pos != size)
        return "NER layer: tensor sizes do not match the file";
    return NULL;
}

struct ner_layer *ner_layer_load(const char *path, char *err, size_t err_len)
{
    struct buf image; /* malloc'd, so aligned for the floats */
    buf_init(&image, 0);
    int error = buf_read_file(&image, path);
    if (error) {
        snprintf(err, err_len, "%s: cannot read NER layer: %s", path, strerror(error));
        buf_free(&image);
        return NULL;
    }
    struct ner_layer *layer = xcalloc(1, sizeof *layer);
    const char *problem = ner_layer_read((const unsigned char *)image.data, image.len, layer);
    if (problem) {
        snprintf(err, err_len, "%s: %s", path, problem);
        buf_free(&image);
        free(layer);
        return NULL;
    }
    layer->image = buf_steal(&image);
    return layer;
}

void ner_layer_free(struct ner_layer *layer)
{
    if (!layer)
        return;
    free(layer->image);
    free(layer);
}

static void put_le32(unsigned char *p, uint32_t v)
{
    for (int k = 0; k < 4; k++)
        p[k] = (unsigned char)(v >> (8 * k));
}

bool ner_layer_write(const struct ner_layer *layer, FILE *f)
{
    size_t sizes[BLOCKS_MAX], blocks = param_blocks(layer->hidden, layer->tuned, sizes);
    size_t body_size = pad64(layer->about_len);
    for (size_t k = 0; k < blocks; k++)
        body_size += pad64(sizes[k] * sizeof(float));
    unsigned char *body = xcalloc(body_size ? body_size : 1, 1);
    if (layer->about_len)
        memcpy(body, layer->about, layer->about_len);
    size_t pos = pad64(layer->about_len);
    struct ner_layer copy = *layer;
    for (size_t k = 0; k < blocks; k++) {
        if (sizes[k]) /* an absent block (no hidden layer) has no array */
            memcpy(body + pos, *block_slot(&copy, k), sizes[k] * sizeof(float));
        pos += pad64(sizes[k] * sizeof(float));
    }
    unsigned char header[HEADER_BLOCK] = {0};
    memcpy(header, MAGIC, 8);
    put_le32(header + 8, FORMAT_VERSION);
    put_le32(header + 12, NER_DENSE);
    put_le32(header + 16, layer->hidden);
    put_le32(header + 20, NER_SPARSE);
    put_le32(header + 24, NER_BIO_TAGS);
    put_le32(header + 28, (uint32_t)layer->about_len);
    uint64_t checksum = fnv1a64(body, body_size);
    put_le32(header + 32, (uint32_t)checksum);
    put_le32(header + 36, (uint32_t)(checksum >> 32));
    put_le32(header + 40, layer->tuned);
    put_le32(header + 44, layer->no_lac_tags);
    bool ok = fwrite(header, 1, sizeof header, f) == sizeof header
              && fwrite(body, 1, body_size, f) == body_size;
    free(body);
    return ok;
}

static struct ner_layer embedded;
static const char *embedded_error;
static pthread_once_t embedded_once = PTHREAD_ONCE_INIT;

static void load_embedded(void)
{
    /* the two symbols delimit one object laid out by the assembler (src/ner_layer_blob.S) */
    // cppcheck-suppress comparePointers
    size_t size = (size_t)(xinwen_ner_layer_blob_end - xinwen_ner_layer_blob);
    embedded_error = ner_layer_read(xinwen_ner_layer_blob, size, &embedded);
}

const struct ner_layer *ner_layer_get(const char **error)
{
    pthread_once(&embedded_once, load_embedded);
    if (embedded_error) {
        if (error)
            *error = embedded_error;
        return NULL;
    }
    return &embedded;
}

/* ---- features ---- */

/* Character classes. EDGE stands for the outside of the line (before its start, after its end). */
enum char_class {
    CLASS_EDGE,
    CLASS_HAN,
    CLASS_HAN_NUMERAL, /* 〇一二三…十百千万亿两 */
    CLASS_DIGIT,
    CLASS_LETTER,   /* letters of other scripts (Latin, kana, hangul, …) */
    CLASS_NAME_DOT, /* · and its look-alikes, which join transliterated names */
    CLASS_PUNCT,
    CLASS_SPACE,
    CLASS_OTHER,
    CLASSES
};

/* What the gazetteer says of a character: no name, inside an ordinary word, or the position
 * (begin, middle, end, single) in a name of a type. */
enum { GAZ_NONE, GAZ_ORDINARY, GAZ_NAMES, GAZ_VALUES = GAZ_NAMES + 4 * 4 };

enum { ROLE_VALUES = 4, ABBREV_VALUES = 4, INSTITUTION_VALUES = 2 };

/* Where a character lies in the proper names of jieba's dictionary (lexicon.h) of one kind:
 * bits for "a name begins here", "… goes on across here", "… ends here", over every name
 * found at any position (names may overlap). */
enum { PROPER_BEGIN = 1, PROPER_INSIDE = 2, PROPER_END = 4, PROPER_VALUES = 8, PROPER_KINDS = 3 };
static const unsigned proper_kinds[PROPER_KINDS] = {LEXICON_PERSON, LEXICON_PLACE, LEXICON_ORG};

/* The two-character common word (lexicon_word) that begins at a character: none, or its enum
 * word_class + 1. A character's word slots pair the words that begin and end at it (转达: 达
 * ends a verb), and those that end just before it and begin just after it (转达|莱希: 莱 follows
 * a verb), which tell a word's edge, where a name may start, from its inside. */
enum { WORD_VALUES = 4, WORD_PAIRS = WORD_VALUES * WORD_VALUES };
_Static_assert(WORD_VERB + 2 == WORD_VALUES, "none, then each enum word_class");

/* Where each slot's features start in the numbering. */
enum {
    SLOT_CLASS = 0,
    SLOT_CLASS_BEFORE = SLOT_CLASS + CLASSES,
    SLOT_CLASS_AFTER = SLOT_CLASS_BEFORE + CLASSES,
    SLOT_GAZ = SLOT_CLASS_AFTER + CLASSES,
    SLOT_GAZ_BEFORE = SLOT_GAZ + GAZ_VALUES,
    SLOT_GAZ_AFTER = SLOT_GAZ_BEFORE + GAZ_VALUES,
    SLOT_ROLE = SLOT_GAZ_AFTER + GAZ_VALUES,
    SLOT_ABBREV = SLOT_ROLE + ROLE_VALUES,
    SLOT_INSTITUTION = SLOT_ABBREV + ABBREV_VALUES,
    SLOT_PROPER = SLOT_INSTITUTION + INSTITUTION_VALUES, /* PROPER_KINDS slots */
    SLOT_WORD_AT = SLOT_PROPER + PROPER_KINDS * PROPER_VALUES,
    SLOT_WORD_AROUND = SLOT_WORD_AT + WORD_PAIRS,
    SLOT_END = SLOT_WORD_AROUND + WORD_PAIRS
};
_Static_assert(SLOT_END == NER_TEXT_SPARSE, "NER_TEXT_SPARSE counts every text feature");
_Static_assert(9 + PROPER_KINDS + 2 == NER_TEXT_SLOTS,
               "nine slots, one per kind of proper name, then two of common words");

static bool is_han(int32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)
           || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F);
}

static enum char_class char_class(int32_t cp)
{
    /* 〇一二三四五六七八九十百千万亿两零 */
    static const int32_t numerals[] = {0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                       0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341, 0x767E,
                                       0x5343, 0x4E07, 0x4EBF, 0x4E24, 0x96F6};
    if (cp == '\n')
        return CLASS_EDGE;
    for (size_t i = 0; i < ARRAY_LEN(numerals); i++)
        if (numerals[i] == cp)
            return CLASS_HAN_NUMERAL;
    if (is_han(cp))
        return CLASS_HAN;
    if (cp == 0xB7 || cp == 0x2022 || cp == 0x2027 || cp == 0x30FB || cp == 0xFF65 || cp == 0x2219)
        return CLASS_NAME_DOT;
    if (utf8_is_punct(cp))
        return CLASS_PUNCT;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return CLASS_DIGIT;
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return CLASS_LETTER;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return CLASS_SPACE;
    default:
        return cp == '\t' ? CLASS_SPACE : CLASS_OTHER;
    }
}

/* The gazetteer value of each character: leftmost-longest names, as the resolver reads them. */
static void gazetteer_values(const struct user_dict *user, const int32_t *cps, size_t n,
                             uint8_t *gaz)
{
    static const int type_index[ENTITY_TYPES] = {[ENTITY_PERSON] = 0,
                                                 [ENTITY_COUNTRY] = 1,
                                                 [ENTITY_PLACE] = 2,
                                                 [ENTITY_ORG] = 3,
                                                 [ENTITY_DATE] = 3};
    memset(gaz, GAZ_NONE, n);
    for (size_t i = 0; i < n;) {
        size_t len;
        const struct name_entry *e;
        if (cps[i] == '\n' || !gazetteer_name_at(user, cps + i, n - i, &len, &e) || len == 0) {
            i++;
            continue;
        }
        for (size_t k = 0; k < len; k++) {
            int pos = len == 1 ? 3 : k == 0 ? 0 : k + 1 == len ? 2 : 1;
            gaz[i + k] =
                e->ordinary ? GAZ_ORDINARY : (uint8_t)(GAZ_NAMES + type_index[e->type] * 4 + pos);
        }
        i += len;
    }
}

/* The PROPER_* bits of each character for each kind: marks[i * PROPER_KINDS + k]. */
static void proper_marks(const int32_t *cps, size_t n, uint8_t *marks)
{
    memset(marks, 0, n * PROPER_KINDS);
    size_t line_end = 0; /* the '\n' (or n) after i: names do not run across lines */
    for (size_t i = 0; i < n; i++) {
        if (i >= line_end)
            for (line_end = i; line_end < n && cps[line_end] != '\n';)
                line_end++;
        uint8_t kinds[LEXICON_PROPER_MAX + 1];
        size_t tried = lexicon_proper_prefixes(cps + i, line_end - i, kinds);
        for (size_t len = 2; len <= tried; len++)
            for (size_t k = 0; k < PROPER_KINDS; k++) {
                if (!(kinds[len] & proper_kinds[k]))
                    continue;
                marks[i * PROPER_KINDS + k] |= PROPER_BEGIN;
                for (size_t j = i + 1; j + 1 < i + len; j++)
                    marks[j * PROPER_KINDS + k] |= PROPER_INSIDE;
                marks[(i + len - 1) * PROPER_KINDS + k] |= PROPER_END;
            }
    }
}

/* The word value (see WORD_VALUES) of the two-character common word that begins at each
 * character; words do not run across lines. */
static void word_starts(const int32_t *cps, size_t n, uint8_t *word)
{
    for (size_t i = 0; i < n; i++) {
        enum word_class cls;
        bool found =
            i + 1 < n && cps[i] != '\n' && cps[i + 1] != '\n' && lexicon_word(cps + i, 2, &cls) > 0;
        word[i] = found ? (uint8_t)(1 + cls) : 0;
    }
}

void ner_layer_features(const struct user_dict *user, const int32_t *cps, size_t n, uint16_t *feat)
{
    uint8_t *gaz = xmalloc(n ? n : 1), *proper = xmalloc(n ? n * PROPER_KINDS : 1);
    uint8_t *word = xmalloc(n ? n : 1);
    gazetteer_values(user, cps, n, gaz);
    proper_marks(cps, n, proper);
    word_starts(cps, n, word);
    enum char_class before = CLASS_EDGE, here = n ? char_class(cps[0]) : CLASS_EDGE;
    for (size_t i = 0; i < n; i++) {
        bool line_end = i + 1 == n || cps[i + 1] == '\n';
        enum char_class after = line_end ? CLASS_EDGE : char_class(cps[i + 1]);
        bool line_start = i == 0 || cps[i - 1] == '\n';
        uint16_t *f = feat + i * NER_SLOTS;
        f[0] = (uint16_t)(SLOT_CLASS + here);
        f[1] = (uint16_t)(SLOT_CLASS_BEFORE + (line_start ? CLASS_EDGE : before));
        f[2] = (uint16_t)(SLOT_CLASS_AFTER + after);
        f[3] = (uint16_t)(SLOT_GAZ + gaz[i]);
        f[4] = (uint16_t)(SLOT_GAZ_BEFORE + (line_start ? GAZ_NONE : gaz[i - 1]));
        f[5] = (uint16_t)(SLOT_GAZ_AFTER + (line_end ? GAZ_NONE : gaz[i + 1]));
        const struct country *c;
        int role = (gazetteer_role_before(cps, i, &c) > 0)
                   | (!line_end && gazetteer_role_at(cps + i + 1, n - i - 1, &c) > 0) << 1;
        f[6] = (uint16_t)(SLOT_ROLE + role);
        const struct country_abbrev *a = gazetteer_abbrev(cps[i]);
        f[7] = (uint16_t)(SLOT_ABBREV + (a ? 1 + a->strong : 0));
        f[8] = (uint16_t)(SLOT_INSTITUTION
                          + (!line_end && gazetteer_institution_at(cps + i + 1, n - i - 1) > 0));
        for (size_t k = 0; k < PROPER_KINDS; k++)
            f[9 + k] = (uint16_t)(SLOT_PROPER + k * PROPER_VALUES + proper[i * PROPER_KINDS + k]);
        /* the words that end at i (begun at i-1) and just before it (begun at i-2), and the
         * one that begins just after it; word_starts keeps them within the line */
        unsigned ends_here = i ? word[i - 1] : 0, ends_before = i >= 2 ? word[i - 2] : 0;
        unsigned starts_after = i + 1 < n ? word[i + 1] : 0;
        f[9 + PROPER_KINDS] = (uint16_t)(SLOT_WORD_AT + word[i] * WORD_VALUES + ends_here);
        f[10 + PROPER_KINDS] =
            (uint16_t)(SLOT_WORD_AROUND + ends_before * WORD_VALUES + starts_after);
        before = here;
        here = after;
    }
    free(gaz);
    free(proper);
    free(word);
}

const char *ner_layer_misfit(const struct lac_model *m)
{
    return m->n_tags < NER_LAC_VALUES
               ? NULL
               : "the LAC model has more tags than the NER layer's features read";
}

void ner_layer_lac_features(const uint8_t *tags, size_t n, uint16_t *feat)
{
    enum { OUTSIDE = NER_LAC_VALUES - 1 };
    for (size_t i = 0; i < n; i++) {
        uint16_t *f = feat + i * NER_SLOTS + NER_TEXT_SLOTS;
        if (!tags) {
            for (size_t k = 0; k < NER_LAC_SLOTS; k++)
                f[k] = (uint16_t)(NER_TEXT_SPARSE + k * NER_LAC_VALUES + OUTSIDE);
            continue;
        }
        f[0] = (uint16_t)(NER_TEXT_SPARSE + tags[i]);
        f[1] = (uint16_t)(NER_TEXT_SPARSE + NER_LAC_VALUES + (i ? tags[i - 1] : OUTSIDE));
        f[2] =
            (uint16_t)(NER_TEXT_SPARSE + 2 * NER_LAC_VALUES + (i + 1 < n ? tags[i + 1] : OUTSIDE));
    }
}

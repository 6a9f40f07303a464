/* lac_model.c — validates and indexes the embedded LAC model (see lac_model.h). The weights
 * stay where the linker put them; only the code-point → id index is built, once. */
#include "lac_model.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "util.h"

extern const unsigned char xinwen_lac_blob[];
extern const unsigned char xinwen_lac_blob_end[];

#define HEADER_BLOCK 64
#define MAGIC "XWLAC01"
#define FORMAT_VERSION 1

static struct lac_model model;
static const char *model_error;
static pthread_once_t model_once = PTHREAD_ONCE_INIT;

static uint16_t read_u16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static size_t pad64(size_t n)
{
    return (n + 63) & ~(size_t)63;
}

/* Takes count floats at *pos and advances it past their 64-byte padding; NULL if too short. */
static const float *take(const unsigned char *base, size_t size, size_t *pos, size_t count)
{
    size_t bytes = count * sizeof(float);
    if (*pos > size || size - *pos < bytes)
        return NULL;
    const float *p = (const float *)(const void *)(base + *pos);
    *pos += pad64(bytes);
    return p;
}

static int compare_astral(const void *a, const void *b)
{
    const struct lac_astral *x = a, *y = b;
    return (x->cp > y->cp) - (x->cp < y->cp);
}

static const char *load(void)
{
    const unsigned char *blob = xinwen_lac_blob;
    /* the two symbols delimit one object laid out by the assembler (src/lac_blob.S) */
    // cppcheck-suppress comparePointers
    size_t size = (size_t)(xinwen_lac_blob_end - xinwen_lac_blob);
    if (size < HEADER_BLOCK || memcmp(blob, MAGIC, 8) != 0)
        return "embedded model: not an xinwen LAC model file";
    if (read_le32(blob + 8) != FORMAT_VERSION)
        return "embedded model: unsupported format version";
    uint32_t rows = read_le32(blob + 12), emb = read_le32(blob + 16), hidden = read_le32(blob + 20);
    uint32_t n_tags = read_le32(blob + 24), n_tokens = read_le32(blob + 28);
    uint32_t strings_size = read_le32(blob + 32);
    uint64_t checksum = (uint64_t)read_le32(blob + 40) | (uint64_t)read_le32(blob + 44) << 32;
    if (emb != LAC_EMB || hidden != LAC_HIDDEN || n_tags == 0 || n_tags > 255 || rows == 0)
        return "embedded model: unexpected shapes";
    if (fnv1a64(blob + HEADER_BLOCK, size - HEADER_BLOCK) != checksum)
        return "embedded model: checksum mismatch";

    const unsigned char *base = blob + HEADER_BLOCK;
    size_t body = size - HEADER_BLOCK;
    if (strings_size > body)
        return "embedded model: truncated";

    model.rows = rows;
    model.n_tags = n_tags;
    model.oov_id = -1;
    model.bmp_ids = xmalloc(0x10000 * sizeof *model.bmp_ids);
    for (size_t i = 0; i < 0x10000; i++)
        model.bmp_ids[i] = -1;
    size_t astral_cap = 0;
    size_t p = 0;
    for (uint32_t i = 0; i < n_tokens; i++) {
        if (p + 6 > strings_size)
            return "embedded model: truncated vocabulary";
        uint32_t id = read_le32(base + p);
        uint16_t len = read_u16(base + p + 4);
        p += 6;
        if (p + len > strings_size || id >= rows)
            return "embedded model: bad vocabulary entry";
        const char *tok = (const char *)base + p;
        p += len;
        if (len == 3 && memcmp(tok, "OOV", 3) == 0) {
            model.oov_id = (int32_t)id;
            continue;
        }
        int32_t cp;
        if (len == 0 || utf8_decode(tok, len, &cp) != len || cp < 0)
            continue; /* multi-character tokens (OOV_NUM …) are never looked up */
        if (cp < 0x10000) {
            model.bmp_ids[cp] = (int32_t)id;
            continue;
        }
        if (model.astral_count == astral_cap) {
            astral_cap = astral_cap ? astral_cap * 2 : 64;
            model.astral = xrealloc(model.astral, astral_cap * sizeof *model.astral);
        }
        model.astral[model.astral_count++] = (struct lac_astral){cp, (int32_t)id};
    }
    if (model.oov_id < 0)
        return "embedded model: no OOV token";
    if (model.astral_count)
        qsort(model.astral, model.astral_count, sizeof *model.astral, compare_astral);

    const char **names = xcalloc(n_tags, sizeof *names);
    for (uint32_t i = 0; i < n_tags; i++) {
        if (p + 2 > strings_size)
            return "embedded model: truncated tag names";
        uint16_t len = read_u16(base + p);
        p += 2;
        if (p + len > strings_size)
            return "embedded model: truncated tag names";
        names[i] = xstrndup((const char *)base + p, len);
        p += len;
    }
    model.tag_names = names;

    size_t pos = pad64(strings_size);
    const size_t H = LAC_HIDDEN, G = (size_t)LAC_GATES;
    model.emb = take(base, body, &pos, (size_t)rows * LAC_EMB);
    bool ok = model.emb != NULL;
    for (int k = 0; k < 4 && ok; k++) {
        struct lac_gru_pair *l = &model.layer[k / 2];
        int dir = k % 2;
        size_t in = k < 2 ? LAC_EMB : 2 * H;
        ok = (l->fc_w[dir] = take(base, body, &pos, in * G)) != NULL
             && (l->fc_b[dir] = take(base, body, &pos, G)) != NULL
             && (l->gru_w[dir] = take(base, body, &pos, H * G)) != NULL
             && (l->gru_b[dir] = take(base, body, &pos, G)) != NULL;
    }
    ok = ok && (model.out_w = take(base, body, &pos, 2 * H * n_tags)) != NULL
         && (model.out_b = take(base, body, &pos, n_tags)) != NULL
         && (model.crf = take(base, body, &pos, (size_t)(n_tags + 2) * n_tags)) != NULL;
    if (!ok || pos != body)
        return "embedded model: tensor sizes do not match the file";
    return NULL;
}

static void load_once(void)
{
    model_error = load();
}

const struct lac_model *lac_model_get(const char **error)
{
    pthread_once(&model_once, load_once);
    if (model_error) {
        if (error)
            *error = model_error;
        return NULL;
    }
    return &model;
}

int32_t lac_model_id(const struct lac_model *m, int32_t cp)
{
    if (cp >= 0 && cp < 0x10000) {
        int32_t id = m->bmp_ids[cp];
        return id >= 0 ? id : m->oov_id;
    }
    size_t lo = 0, hi = m->astral_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->astral[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < m->astral_count && m->astral[lo].cp == cp ? m->astral[lo].id : m->oov_id;
}

int lac_model_tag(const struct lac_model *m, const char *name)
{
    for (uint32_t i = 0; i < m->n_tags; i++)
        if (strcmp(m->tag_names[i], name) == 0)
            return (int)i;
    return -1;
}

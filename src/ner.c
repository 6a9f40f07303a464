/* ner.c — forward pass of the LAC BiGRU-CRF (embedding, two bidirectional GRU layers, output
 * layer, Viterbi) over a sequence of vocabulary ids, and span decoding (see ner.h).
 * Hot loops are written as row-by-row multiply-adds over contiguous output columns so the
 * compiler vectorises them; buffers grow with the longest chunk and are reused. */
#include "ner.h"

#include <stdlib.h>
#include <string.h>

#include "ner_kernels.h"
#include "util.h"

#define H ((size_t)LAC_HIDDEN)
#define G ((size_t)LAC_GATES)

struct ner_tagger {
    const struct lac_model *m;
    size_t cap;        /* sequence length the buffers hold */
    float *proj;       /* [cap, G] input projection of the GRU being run */
    float *layer1;     /* [cap, 2H] forward | reverse states of layer 1 */
    float *layer2;     /* [cap, 2H] of layer 2 */
    float *emission;   /* [cap, n_tags] */
    uint8_t *back;     /* [cap, n_tags] Viterbi back-pointers */
    int32_t *ids;      /* [NER_CHUNK_MAX] */
    float *l1_proj[2]; /* [rows, G] layer-1 input projection of each vocabulary id, per
                        * direction, computed the first time the id is seen (calloc'd, so only
                        * the rows of characters actually met take memory) */
    uint8_t *l1_ready; /* [rows] */
    size_t out_cols;   /* n_tags rounded up to KERNEL_TILE */
    float *out_w;      /* [2H, out_cols] the output layer, zero-padded */
    float *out_b;      /* [out_cols] */
};

struct ner_tagger *ner_tagger_new(const struct lac_model *m)
{
    struct ner_tagger *t = xcalloc(1, sizeof *t);
    t->m = m;
    t->ids = xmalloc(NER_CHUNK_MAX * sizeof *t->ids);
    for (int dir = 0; dir < 2; dir++)
        t->l1_proj[dir] = xcalloc((size_t)m->rows * G, sizeof(float));
    t->l1_ready = xcalloc(m->rows, 1);
    t->out_cols = ((size_t)m->n_tags + KERNEL_TILE - 1) / KERNEL_TILE * KERNEL_TILE;
    t->out_w = xcalloc(2 * H * t->out_cols, sizeof *t->out_w);
    t->out_b = xcalloc(t->out_cols, sizeof *t->out_b);
    for (size_t i = 0; i < 2 * H; i++)
        memcpy(t->out_w + i * t->out_cols, m->out_w + i * m->n_tags, m->n_tags * sizeof(float));
    memcpy(t->out_b, m->out_b, m->n_tags * sizeof(float));
    return t;
}

void ner_tagger_free(struct ner_tagger *t)
{
    if (!t)
        return;
    free(t->proj);
    free(t->layer1);
    free(t->layer2);
    free(t->emission);
    free(t->back);
    free(t->ids);
    free(t->l1_proj[0]);
    free(t->l1_proj[1]);
    free(t->l1_ready);
    free(t->out_w);
    free(t->out_b);
    free(t);
}

static void reserve(struct ner_tagger *t, size_t n)
{
    if (n <= t->cap)
        return;
    size_t cap = t->cap ? t->cap : 64;
    while (cap < n)
        cap *= 2;
    size_t tags = t->m->n_tags;
    free(t->proj);
    free(t->layer1);
    free(t->layer2);
    free(t->emission);
    free(t->back);
    t->proj = xmalloc(cap * G * sizeof(float));
    t->layer1 = xmalloc(cap * 2 * H * sizeof(float));
    t->layer2 = xmalloc(cap * 2 * H * sizeof(float));
    t->emission = xmalloc(cap * t->out_cols * sizeof(float));
    t->back = xmalloc(cap * tags);
    t->cap = cap;
}

/* Both directions of layer 1 over ids[n] into out[n, 2H] (forward | reverse). The input
 * projection depends only on the character, so it comes from the per-id cache (the same
 * arithmetic as projecting the sentence, done once per character). */
static void first_layer(struct ner_tagger *t, const int32_t *ids, size_t n, float *out)
{
    const struct lac_gru_pair *l = &t->m->layer[0];
    for (size_t s = 0; s < n; s++) {
        size_t id = (size_t)ids[s];
        if (t->l1_ready[id])
            continue;
        for (int dir = 0; dir < 2; dir++)
            kernel_matmul_bias(t->m->emb + id * LAC_EMB, LAC_EMB, 1, LAC_EMB, l->fc_w[dir],
                               l->fc_b[dir], G, t->l1_proj[dir] + id * G);
        t->l1_ready[id] = 1;
    }
    for (int dir = 0; dir < 2; dir++) {
        for (size_t s = 0; s < n; s++)
            memcpy(t->proj + s * G, t->l1_proj[dir] + (size_t)ids[s] * G, G * sizeof(float));
        kernel_gru(t->proj, n, l->gru_w[dir], l->gru_b[dir], dir, out + dir * H, 2 * H);
    }
}

/* Both directions of layer 2 over input[n, 2H] into out[n, 2H] (forward | reverse). */
static void second_layer(struct ner_tagger *t, const float *input, size_t n, float *out)
{
    const struct lac_gru_pair *l = &t->m->layer[1];
    for (int dir = 0; dir < 2; dir++) {
        kernel_matmul_bias(input, 2 * H, n, 2 * H, l->fc_w[dir], l->fc_b[dir], G, t->proj);
        kernel_gru(t->proj, n, l->gru_w[dir], l->gru_b[dir], dir, out + dir * H, 2 * H);
    }
}

void ner_tag_ids(struct ner_tagger *t, const int32_t *ids, size_t n, uint8_t *tags)
{
    if (n == 0)
        return;
    reserve(t, n);
    first_layer(t, ids, n, t->layer1);
    second_layer(t, t->layer1, n, t->layer2);
    kernel_matmul_bias(t->layer2, 2 * H, n, 2 * H, t->out_w, t->out_b, t->out_cols, t->emission);
    const struct lac_model *m = t->m;
    kernel_viterbi(t->emission, t->out_cols, n, m->crf, m->n_tags, t->back, tags);
}

static int is_sentence_end(int32_t cp)
{
    return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B || cp == '!' || cp == '?'
           || cp == ';';
}

static int is_soft_break(int32_t cp)
{
    return cp == 0xFF0C || cp == ',' || cp == 0x3001 || cp == ' ';
}

void ner_tag_text(struct ner_tagger *t, const int32_t *cps, size_t n, uint8_t *tags)
{
    size_t start = 0;
    while (start < n) {
        size_t end = start, limit = n - start > NER_CHUNK_MAX ? start + NER_CHUNK_MAX : n;
        while (end < limit && !is_sentence_end(cps[end]))
            end++;
        if (end < limit) {
            end++; /* the terminator belongs to its sentence */
            while (end < limit && is_sentence_end(cps[end]))
                end++;
        } else if (limit < n) {
            /* too long without a sentence end: cut after the last comma, if any */
            size_t cut = limit;
            while (cut > start + NER_CHUNK_MAX / 2 && !is_soft_break(cps[cut - 1]))
                cut--;
            end = cut > start + NER_CHUNK_MAX / 2 ? cut : limit;
        }
        for (size_t i = start; i < end; i++)
            t->ids[i - start] = lac_model_id(t->m, cps[i]);
        ner_tag_ids(t, t->ids, end - start, tags + start);
        start = end;
    }
}

/* The entity type of a tag name's prefix, -1 for POS tags and O. */
static int entity_type(const char *name, int *begins)
{
    static const struct {
        const char *prefix;
        enum ner_type type;
    } types[] = {{"PER-", NER_PER}, {"LOC-", NER_LOC}, {"ORG-", NER_ORG}, {"TIME-", NER_TIME}};
    for (size_t i = 0; i < ARRAY_LEN(types); i++) {
        size_t len = strlen(types[i].prefix);
        if (strncmp(name, types[i].prefix, len) == 0) {
            *begins = name[len] == 'B';
            return (int)types[i].type;
        }
    }
    return -1;
}

size_t ner_spans(const struct lac_model *m, const uint8_t *tags, size_t n, struct ner_span *spans,
                 size_t max)
{
    size_t count = 0;
    int open = -1; /* type of the span being built */
    size_t open_start = 0;
    for (size_t i = 0; i <= n; i++) {
        int begins = 0;
        int type = i < n ? entity_type(m->tag_names[tags[i]], &begins) : -1;
        if (open >= 0 && (type != open || begins)) {
            if (count < max)
                spans[count] = (struct ner_span){(enum ner_type)open, open_start, i};
            count++;
            open = -1;
        }
        if (type >= 0 && open < 0) {
            open = type;
            open_start = i;
        }
    }
    return count;
}

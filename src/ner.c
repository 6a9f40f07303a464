/* ner.c — forward pass of the LAC BiGRU-CRF (embedding, two bidirectional GRU layers, output
 * layer, Viterbi) over a sequence of vocabulary ids, and span decoding (see ner.h).
 * Hot loops are written as row-by-row multiply-adds over contiguous output columns so the
 * compiler vectorises them; buffers grow with the largest group and are reused. Chunks of text
 * are tagged in groups of similar length that run through the network side by side. */
#include "ner.h"

#include <stdlib.h>
#include <string.h>

#include "ner_kernels.h"
#include "util.h"

#define H ((size_t)LAC_HIDDEN)
#define G ((size_t)LAC_GATES)

/* Sequences run through the network together, so each weight read serves several of them. */
#define GROUP_MAX 16

/* One sequence to tag: ids[0..len) → tags[0..len). */
struct ner_seq {
    const int32_t *ids;
    size_t len;
    uint8_t *tags;
};

struct ner_tagger {
    const struct lac_model *m;
    size_t cap;           /* characters the group buffers hold */
    float *proj;          /* [cap, G] input projection of the GRU being run */
    float *layer1;        /* [cap, 2H] forward | reverse states of layer 1 */
    float *layer2;        /* [cap, 2H] of layer 2 */
    float *emission;      /* [cap, out_cols] */
    uint8_t *back;        /* [cap, n_tags] Viterbi back-pointers */
    float *state;         /* [GROUP_MAX, H] GRU states */
    int32_t *ids;         /* [ids_cap] ids of the text being tagged */
    struct ner_seq *seqs; /* [ids_cap] its chunks */
    size_t ids_cap;
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
    t->state = xmalloc(GROUP_MAX * H * sizeof *t->state);
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
    free(t->state);
    free(t->ids);
    free(t->seqs);
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
    size_t cap = t->cap ? t->cap : 256;
    while (cap < n)
        cap *= 2;
    free(t->proj);
    free(t->layer1);
    free(t->layer2);
    free(t->emission);
    free(t->back);
    t->proj = xmalloc(cap * G * sizeof(float));
    t->layer1 = xmalloc(cap * 2 * H * sizeof(float));
    t->layer2 = xmalloc(cap * 2 * H * sizeof(float));
    t->emission = xmalloc(cap * t->out_cols * sizeof(float));
    t->back = xmalloc(cap * t->m->n_tags);
    t->cap = cap;
}

/* One bidirectional layer over the group's sequences, packed at off[k] in proj (input
 * projections already there for dir 0 … see callers) into out[·, 2H]. */
static void run_grus(struct ner_tagger *t, const struct lac_gru_pair *l, int dir,
                     const struct ner_seq *group, const size_t *off, size_t count, float *out)
{
    const float *proj[GROUP_MAX];
    float *dst[GROUP_MAX];
    size_t len[GROUP_MAX];
    for (size_t k = 0; k < count; k++) {
        proj[k] = t->proj + off[k] * G;
        dst[k] = out + off[k] * 2 * H + (size_t)dir * H;
        len[k] = group[k].len;
    }
    kernel_gru_batch(proj, len, count, l->gru_w[dir], l->gru_b[dir], dir, dst, 2 * H, t->state);
}

/* The whole network over up to GROUP_MAX sequences sorted by decreasing length. */
static void tag_group(struct ner_tagger *t, const struct ner_seq *group, size_t count)
{
    const struct lac_model *m = t->m;
    size_t off[GROUP_MAX], total = 0;
    for (size_t k = 0; k < count; k++) {
        off[k] = total;
        total += group[k].len;
    }
    reserve(t, total);

    /* layer 1: input projections from the per-character cache */
    const struct lac_gru_pair *l1 = &m->layer[0];
    for (size_t k = 0; k < count; k++) {
        for (size_t s = 0; s < group[k].len; s++) {
            size_t id = (size_t)group[k].ids[s];
            if (t->l1_ready[id])
                continue;
            for (int dir = 0; dir < 2; dir++)
                kernel_matmul_bias(m->emb + id * LAC_EMB, LAC_EMB, 1, LAC_EMB, l1->fc_w[dir],
                                   l1->fc_b[dir], G, t->l1_proj[dir] + id * G);
            t->l1_ready[id] = 1;
        }
    }
    for (int dir = 0; dir < 2; dir++) {
        for (size_t k = 0; k < count; k++)
            for (size_t s = 0; s < group[k].len; s++)
                memcpy(t->proj + (off[k] + s) * G, t->l1_proj[dir] + (size_t)group[k].ids[s] * G,
                       G * sizeof(float));
        run_grus(t, l1, dir, group, off, count, t->layer1);
    }

    /* layer 2: the input projection is one product over all the group's characters */
    const struct lac_gru_pair *l2 = &m->layer[1];
    for (int dir = 0; dir < 2; dir++) {
        kernel_matmul_bias(t->layer1, 2 * H, total, 2 * H, l2->fc_w[dir], l2->fc_b[dir], G,
                           t->proj);
        run_grus(t, l2, dir, group, off, count, t->layer2);
    }

    kernel_matmul_bias(t->layer2, 2 * H, total, 2 * H, t->out_w, t->out_b, t->out_cols,
                       t->emission);
    for (size_t k = 0; k < count; k++)
        kernel_viterbi(t->emission + off[k] * t->out_cols, t->out_cols, group[k].len, m->crf,
                       m->n_tags, t->back + off[k] * m->n_tags, group[k].tags);
}

static int longer_first(const void *a, const void *b)
{
    const struct ner_seq *x = a, *y = b;
    if (x->len != y->len)
        return x->len < y->len ? 1 : -1;
    return x->ids < y->ids ? -1 : x->ids > y->ids; /* stable: by position */
}

/* Tags every sequence, in groups of similar length. Reorders seqs. */
static void tag_sequences(struct ner_tagger *t, struct ner_seq *seqs, size_t count)
{
    size_t nonempty = 0;
    for (size_t k = 0; k < count; k++)
        if (seqs[k].len)
            seqs[nonempty++] = seqs[k];
    qsort(seqs, nonempty, sizeof *seqs, longer_first);
    for (size_t k = 0; k < nonempty; k += GROUP_MAX)
        tag_group(t, seqs + k, nonempty - k < GROUP_MAX ? nonempty - k : GROUP_MAX);
}

void ner_tag_ids(struct ner_tagger *t, const int32_t *ids, size_t n, uint8_t *tags)
{
    struct ner_seq seq = {ids, n, tags};
    tag_sequences(t, &seq, 1);
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

/* Length of the chunk starting at cps[0] (n > 0 code points left in its line). */
static size_t chunk_length(const int32_t *cps, size_t n)
{
    size_t end = 0, limit = n > NER_CHUNK_MAX ? NER_CHUNK_MAX : n;
    while (end < limit && !is_sentence_end(cps[end]))
        end++;
    if (end < limit) {
        end++; /* the terminator belongs to its sentence */
        while (end < limit && is_sentence_end(cps[end]))
            end++;
        return end;
    }
    if (limit == n)
        return n;
    /* too long without a sentence end: cut after the last comma in the second half, if any */
    size_t cut = limit;
    while (cut > NER_CHUNK_MAX / 2 && !is_soft_break(cps[cut - 1]))
        cut--;
    return cut > NER_CHUNK_MAX / 2 ? cut : limit;
}

void ner_tag_lines(struct ner_tagger *t, const int32_t *cps, size_t n, const size_t *line_start,
                   size_t lines, uint8_t *tags)
{
    if (n > t->ids_cap) {
        t->ids_cap = n;
        t->ids = xrealloc(t->ids, n * sizeof *t->ids);
        t->seqs = xrealloc(t->seqs, n * sizeof *t->seqs);
    }
    for (size_t i = 0; i < n; i++)
        t->ids[i] = lac_model_id(t->m, cps[i]);
    size_t count = 0;
    for (size_t l = 0; l < lines; l++) {
        size_t start = line_start[l], end = l + 1 < lines ? line_start[l + 1] : n;
        while (start < end) {
            size_t len = chunk_length(cps + start, end - start);
            t->seqs[count++] = (struct ner_seq){t->ids + start, len, tags + start};
            start += len;
        }
    }
    tag_sequences(t, t->seqs, count);
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

size_t ner_spans(const struct lac_model *m, const uint8_t *tags, size_t n, struct ner_span **spans,
                 size_t *cap)
{
    size_t count = 0;
    int open = -1; /* type of the span being built */
    size_t open_start = 0;
    for (size_t i = 0; i <= n; i++) {
        int begins = 0;
        int type = i < n ? entity_type(m->tag_names[tags[i]], &begins) : -1;
        if (open >= 0 && (type != open || begins)) {
            if (count == *cap) {
                *cap = *cap ? *cap * 2 : 64;
                *spans = xrealloc(*spans, *cap * sizeof **spans);
            }
            (*spans)[count++] = (struct ner_span){(enum ner_type)open, open_start, i};
            open = -1;
        }
        if (type >= 0 && open < 0) {
            open = type;
            open_start = i;
        }
    }
    return count;
}

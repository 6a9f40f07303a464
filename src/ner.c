/* ner.c — forward pass of the LAC BiGRU-CRF (embedding, two bidirectional GRU layers, output
 * layer, Viterbi) over a sequence of vocabulary ids, and span decoding (see ner.h).
 * Hot loops are written as row-by-row multiply-adds over contiguous output columns so the
 * compiler vectorises them; buffers grow with the longest chunk and are reused. */
#include "ner.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define H LAC_HIDDEN
#define G LAC_GATES

struct ner_tagger {
    const struct lac_model *m;
    size_t cap;      /* sequence length the buffers hold */
    float *emb;      /* [cap, LAC_EMB] gathered embedding rows */
    float *proj;     /* [cap, G] input projection of the GRU being run */
    float *layer1;   /* [cap, 2H] forward | reverse states of layer 1 */
    float *layer2;   /* [cap, 2H] of layer 2 */
    float *emission; /* [cap, n_tags] */
    uint8_t *back;   /* [cap, n_tags] Viterbi back-pointers */
    int32_t *ids;    /* [NER_CHUNK_MAX] */
};

struct ner_tagger *ner_tagger_new(const struct lac_model *m)
{
    struct ner_tagger *t = xcalloc(1, sizeof *t);
    t->m = m;
    t->ids = xmalloc(NER_CHUNK_MAX * sizeof *t->ids);
    return t;
}

void ner_tagger_free(struct ner_tagger *t)
{
    if (!t)
        return;
    free(t->emb);
    free(t->proj);
    free(t->layer1);
    free(t->layer2);
    free(t->emission);
    free(t->back);
    free(t->ids);
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
    free(t->emb);
    free(t->proj);
    free(t->layer1);
    free(t->layer2);
    free(t->emission);
    free(t->back);
    t->emb = xmalloc(cap * LAC_EMB * sizeof(float));
    t->proj = xmalloc(cap * G * sizeof(float));
    t->layer1 = xmalloc(cap * 2 * H * sizeof(float));
    t->layer2 = xmalloc(cap * 2 * H * sizeof(float));
    t->emission = xmalloc(cap * tags * sizeof(float));
    t->back = xmalloc(cap * tags);
    t->cap = cap;
}

/* Y[n, cols] = X[n, k] (row stride x_stride) · W[k, cols] + b. Four rows at a time, so each
 * row of W loaded serves four outputs. */
static void matmul_bias(const float *restrict X, size_t x_stride, size_t n, size_t k,
                        const float *restrict W, const float *restrict b, size_t cols,
                        float *restrict Y)
{
    size_t t = 0;
    for (; t + 4 <= n; t += 4) {
        float *y0 = Y + t * cols, *y1 = y0 + cols, *y2 = y1 + cols, *y3 = y2 + cols;
        const float *x0 = X + t * x_stride, *x1 = x0 + x_stride, *x2 = x1 + x_stride,
                    *x3 = x2 + x_stride;
        for (size_t j = 0; j < cols; j++)
            y0[j] = y1[j] = y2[j] = y3[j] = b[j];
        for (size_t i = 0; i < k; i++) {
            const float *w = W + i * cols;
            float a0 = x0[i], a1 = x1[i], a2 = x2[i], a3 = x3[i];
            for (size_t j = 0; j < cols; j++) {
                y0[j] += a0 * w[j];
                y1[j] += a1 * w[j];
                y2[j] += a2 * w[j];
                y3[j] += a3 * w[j];
            }
        }
    }
    for (; t < n; t++) {
        float *y = Y + t * cols;
        const float *x = X + t * x_stride;
        for (size_t j = 0; j < cols; j++)
            y[j] = b[j];
        for (size_t i = 0; i < k; i++) {
            const float *w = W + i * cols;
            float a = x[i];
            for (size_t j = 0; j < cols; j++)
                y[j] += a * w[j];
        }
    }
}

static float sigmoid(float x)
{
    return 1.0f / (1.0f + expf(-x));
}

/* Runs one GRU over proj[n, G] (forward, or from the last step back when reverse), writing
 * each state h_t (H floats) to out + t * out_stride. Paddle's dynamic_gru, origin_mode off:
 * u = σ(x_u + h·W_u + b_u), r = σ(x_r + h·W_r + b_r), c = tanh(x_c + (r⊙h)·W_c + b_c),
 * h' = (1 − u)⊙h + u⊙c, with W_u|W_r stored as one [H, 2H] matrix followed by W_c [H, H]. */
static void gru_run(const float *restrict proj, size_t n, const float *restrict W,
                    const float *restrict b, int reverse, float *restrict out, size_t out_stride)
{
    const float *W_ur = W, *W_c = W + H * 2 * H;
    float h[H], ur[2 * H], rh[H], c[H];
    memset(h, 0, sizeof h);
    for (size_t s = 0; s < n; s++) {
        size_t t = reverse ? n - 1 - s : s;
        const float *x = proj + t * G;
        for (size_t j = 0; j < 2 * H; j++)
            ur[j] = x[j] + b[j];
        for (size_t i = 0; i < H; i++) {
            const float *w = W_ur + i * 2 * H;
            float hi = h[i];
            for (size_t j = 0; j < 2 * H; j++)
                ur[j] += hi * w[j];
        }
        for (size_t j = 0; j < H; j++)
            rh[j] = sigmoid(ur[H + j]) * h[j];
        for (size_t j = 0; j < H; j++)
            c[j] = x[2 * H + j] + b[2 * H + j];
        for (size_t i = 0; i < H; i++) {
            const float *w = W_c + i * H;
            float ri = rh[i];
            for (size_t j = 0; j < H; j++)
                c[j] += ri * w[j];
        }
        float *o = out + t * out_stride;
        for (size_t j = 0; j < H; j++) {
            float u = sigmoid(ur[j]);
            h[j] = (1.0f - u) * h[j] + u * tanhf(c[j]);
            o[j] = h[j];
        }
    }
}

/* Both directions of one layer over input[n, in] into out[n, 2H] (forward | reverse). */
static void bigru_layer(struct ner_tagger *t, const struct lac_gru_pair *l, const float *input,
                        size_t in, size_t n, float *out)
{
    for (int dir = 0; dir < 2; dir++) {
        matmul_bias(input, in, n, in, l->fc_w[dir], l->fc_b[dir], G, t->proj);
        gru_run(t->proj, n, l->gru_w[dir], l->gru_b[dir], dir, out + dir * H, 2 * H);
    }
}

/* Linear-chain CRF decoding as Paddle's crf_decoding does it (first maximum wins). */
static void viterbi(struct ner_tagger *t, size_t n, uint8_t *tags)
{
    const struct lac_model *m = t->m;
    size_t T = m->n_tags;
    const float *start = m->crf, *end = m->crf + T, *trans = m->crf + 2 * T;
    float score[256], next[256];
    for (size_t j = 0; j < T; j++)
        score[j] = start[j] + t->emission[j];
    for (size_t s = 1; s < n; s++) {
        const float *e = t->emission + s * T;
        uint8_t *back = t->back + s * T;
        for (size_t j = 0; j < T; j++) {
            float best = score[0] + trans[j];
            size_t arg = 0;
            for (size_t i = 1; i < T; i++) {
                float v = score[i] + trans[i * T + j];
                if (v > best) {
                    best = v;
                    arg = i;
                }
            }
            next[j] = best + e[j];
            back[j] = (uint8_t)arg;
        }
        memcpy(score, next, T * sizeof *score);
    }
    size_t arg = 0;
    float best = score[0] + end[0];
    for (size_t j = 1; j < T; j++) {
        if (score[j] + end[j] > best) {
            best = score[j] + end[j];
            arg = j;
        }
    }
    for (size_t s = n; s-- > 0;) {
        tags[s] = (uint8_t)arg;
        if (s > 0)
            arg = t->back[s * T + arg];
    }
}

void ner_tag_ids(struct ner_tagger *t, const int32_t *ids, size_t n, uint8_t *tags)
{
    if (n == 0)
        return;
    const struct lac_model *m = t->m;
    reserve(t, n);
    for (size_t s = 0; s < n; s++)
        memcpy(t->emb + s * LAC_EMB, m->emb + (size_t)ids[s] * LAC_EMB, LAC_EMB * sizeof(float));
    bigru_layer(t, &m->layer[0], t->emb, LAC_EMB, n, t->layer1);
    bigru_layer(t, &m->layer[1], t->layer1, 2 * H, n, t->layer2);
    matmul_bias(t->layer2, 2 * H, n, 2 * H, m->out_w, m->out_b, m->n_tags, t->emission);
    viterbi(t, n, tags);
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

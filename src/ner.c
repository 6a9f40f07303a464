/* ner.c — forward pass of the LAC BiGRU-CRF (embedding, two bidirectional GRU layers, output
 * layer, Viterbi) over a sequence of vocabulary ids, and span decoding (see ner.h).
 * Hot loops are written as row-by-row multiply-adds over contiguous output columns so the
 * compiler vectorises them; buffers grow with the largest group and are reused. Chunks of text
 * are tagged in groups of similar length that run through the network side by side. */
#include "ner.h"

#include <stdlib.h>
#include <string.h>

#include "ner_kernels.h"
#include "ner_layer.h"
#include "util.h"

#define H ((size_t)LAC_HIDDEN)
#define G ((size_t)LAC_GATES)

/* Sequences run through the network together, so each weight read serves several of them. */
#define GROUP_MAX 16

/* One sequence to tag: ids[0..len), the characters at pos… of the text being tagged. */
struct ner_seq {
    const int32_t *ids;
    size_t len, pos;
};

/* Where a run of the network writes its results (NULL: not wanted), indexed by text position. */
struct ner_outputs {
    uint8_t *tags;  /* LAC tag ids */
    uint8_t *bio;   /* the trained layer's tags (needs tags and feat) */
    uint16_t *feat; /* [n, NER_SLOTS] the trained layer's sparse features: the text's
                     * filled in, the LAC tags' filled in by the run */
    float *states;  /* [n, NER_STATES] the GRU states */
};

struct ner_tagger {
    const struct lac_model *m;
    const struct ner_layer *layer; /* NULL: the LAC model's own entity tags only */
    const struct user_dict *user;
    size_t cap;      /* characters the group buffers hold */
    float *proj;     /* [cap, G] input projection of the GRU being run */
    float *states;   /* [cap, NER_STATES] layer 1 forward | reverse, layer 2 forward | reverse */
    float *emission; /* [cap, out_cols] */
    uint8_t *back;   /* [cap, n_tags] Viterbi back-pointers */
    float *hidden;   /* [cap, layer->hidden] the trained layer's hidden units */
    float *bio_emission;  /* [cap, KERNEL_TILE] the trained layer's emissions */
    uint8_t *bio_back;    /* [cap, NER_BIO_TAGS] */
    float *state;         /* [GROUP_MAX, H] GRU states */
    int32_t *ids;         /* [ids_cap] ids of the text being tagged */
    struct ner_seq *seqs; /* [ids_cap] its chunks */
    size_t ids_cap;
    uint16_t *feat;    /* [feat_cap, NER_SLOTS] sparse features of the text being tagged */
    uint8_t *lac_tags; /* [feat_cap] its LAC tags, when the caller wants only the layer's */
    size_t feat_cap;
    float *l1_proj[2]; /* [rows, G] layer-1 input projection of each vocabulary id, per
                        * direction, computed the first time the id is seen (calloc'd, so only
                        * the rows of characters actually met take memory) */
    uint8_t *l1_ready; /* [rows] */
    size_t out_cols;   /* n_tags rounded up to KERNEL_TILE */
    float *out_w;      /* [2H, out_cols] the output layer, zero-padded */
    float *out_b;      /* [out_cols] */
    float *bio_w;      /* [hidden or NER_DENSE, KERNEL_TILE] the trained output, zero-padded */
    float *bio_b;      /* [KERNEL_TILE] */
    struct ner_outputs out;
};

_Static_assert(NER_BIO_TAGS <= KERNEL_TILE, "the trained layer's tags fit one tile");

struct ner_tagger *ner_tagger_new(const struct lac_model *m, const struct ner_layer *layer,
                                  const struct user_dict *user)
{
    struct ner_tagger *t = xcalloc(1, sizeof *t);
    t->m = m;
    t->layer = layer;
    t->user = user;
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
    if (layer) {
        size_t in = layer->hidden ? layer->hidden : NER_DENSE;
        t->bio_w = xcalloc(in * KERNEL_TILE, sizeof *t->bio_w);
        t->bio_b = xcalloc(KERNEL_TILE, sizeof *t->bio_b);
        for (size_t i = 0; i < in; i++)
            memcpy(t->bio_w + i * KERNEL_TILE, layer->out_w + i * NER_BIO_TAGS,
                   NER_BIO_TAGS * sizeof(float));
        memcpy(t->bio_b, layer->out_b, NER_BIO_TAGS * sizeof(float));
    }
    return t;
}

void ner_tagger_free(struct ner_tagger *t)
{
    if (!t)
        return;
    free(t->proj);
    free(t->states);
    free(t->emission);
    free(t->back);
    free(t->hidden);
    free(t->bio_emission);
    free(t->bio_back);
    free(t->state);
    free(t->ids);
    free(t->seqs);
    free(t->feat);
    free(t->lac_tags);
    free(t->l1_proj[0]);
    free(t->l1_proj[1]);
    free(t->l1_ready);
    free(t->out_w);
    free(t->out_b);
    free(t->bio_w);
    free(t->bio_b);
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
    free(t->states);
    free(t->emission);
    free(t->back);
    free(t->hidden);
    free(t->bio_emission);
    free(t->bio_back);
    t->proj = xmalloc(cap * G * sizeof(float));
    t->states = xmalloc(cap * NER_STATES * sizeof(float));
    t->emission = xmalloc(cap * t->out_cols * sizeof(float));
    t->back = xmalloc(cap * t->m->n_tags);
    t->hidden =
        t->layer && t->layer->hidden ? xmalloc(cap * t->layer->hidden * sizeof(float)) : NULL;
    t->bio_emission = t->layer ? xmalloc(cap * KERNEL_TILE * sizeof(float)) : NULL;
    t->bio_back = t->layer ? xmalloc(cap * NER_BIO_TAGS) : NULL;
    t->cap = cap;
}

/* One direction of a bidirectional layer over the group's sequences, packed at off[k] in proj,
 * into the states at column first (layer 1: 0, layer 2: 2H) + dir · H. */
static void run_grus(struct ner_tagger *t, const struct lac_gru_pair *l, int dir,
                     const struct ner_seq *group, const size_t *off, size_t count, size_t first)
{
    const float *proj[GROUP_MAX];
    float *dst[GROUP_MAX];
    size_t len[GROUP_MAX];
    for (size_t k = 0; k < count; k++) {
        proj[k] = t->proj + off[k] * G;
        dst[k] = t->states + off[k] * NER_STATES + first + (size_t)dir * H;
        len[k] = group[k].len;
    }
    kernel_gru_batch(proj, len, count, l->gru_w[dir], l->gru_b[dir], dir, dst, NER_STATES,
                     t->state);
}

/* GRU layer 2 (weights l2) over the group's total characters, from layer 1's states into the
 * states' columns 2H…4H; the input projection is one product over all of them. */
static void run_layer2(struct ner_tagger *t, const struct lac_gru_pair *l2,
                       const struct ner_seq *group, const size_t *off, size_t count, size_t total)
{
    for (int dir = 0; dir < 2; dir++) {
        kernel_matmul_bias(t->states, NER_STATES, total, 2 * H, l2->fc_w[dir], l2->fc_b[dir], G,
                           t->proj);
        run_grus(t, l2, dir, group, off, count, 2 * H);
    }
}

/* The trained layer's tags for the group's total characters, whose states are in t->states. */
static void tag_group_bio(struct ner_tagger *t, const struct ner_seq *group, const size_t *off,
                          size_t count, size_t total)
{
    const struct ner_layer *l = t->layer;
    if (l->hidden) {
        kernel_matmul_bias(t->states + NER_DENSE_FROM, NER_STATES, total, NER_DENSE, l->hidden_w,
                           l->hidden_b, l->hidden, t->hidden);
        kernel_relu(t->hidden, total * l->hidden);
        kernel_matmul_bias(t->hidden, l->hidden, total, l->hidden, t->bio_w, t->bio_b, KERNEL_TILE,
                           t->bio_emission);
    } else {
        kernel_matmul_bias(t->states + NER_DENSE_FROM, NER_STATES, total, NER_DENSE, t->bio_w,
                           t->bio_b, KERNEL_TILE, t->bio_emission);
    }
    for (size_t k = 0; k < count; k++) {
        for (size_t s = 0; s < group[k].len; s++) {
            float *e = t->bio_emission + (off[k] + s) * KERNEL_TILE;
            const uint16_t *f = t->out.feat + (group[k].pos + s) * NER_SLOTS;
            for (size_t slot = 0; slot < NER_SLOTS; slot++) {
                const float *w = l->sparse_w + (size_t)f[slot] * NER_BIO_TAGS;
                for (size_t tag = 0; tag < NER_BIO_TAGS; tag++)
                    e[tag] += w[tag];
            }
        }
        kernel_viterbi(t->bio_emission + off[k] * KERNEL_TILE, KERNEL_TILE, group[k].len, l->crf,
                       NER_BIO_TAGS, t->bio_back + off[k] * NER_BIO_TAGS,
                       t->out.bio + group[k].pos);
    }
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
        run_grus(t, l1, dir, group, off, count, 0);
    }

    /* layer 2, LAC's own unless only a trained layer that retunes it is wanted */
    bool tuned = t->layer && t->layer->tuned;
    if (t->out.tags || t->out.states || (t->out.bio && !tuned))
        run_layer2(t, &m->layer[1], group, off, count, total);

    if (t->out.states)
        for (size_t k = 0; k < count; k++)
            memcpy(t->out.states + group[k].pos * NER_STATES, t->states + off[k] * NER_STATES,
                   group[k].len * NER_STATES * sizeof(float));
    if (t->out.tags) {
        kernel_matmul_bias(t->states + 2 * H, NER_STATES, total, 2 * H, t->out_w, t->out_b,
                           t->out_cols, t->emission);
        for (size_t k = 0; k < count; k++)
            kernel_viterbi(t->emission + off[k] * t->out_cols, t->out_cols, group[k].len, m->crf,
                           m->n_tags, t->back + off[k] * m->n_tags, t->out.tags + group[k].pos);
        if (t->out.feat && t->layer && !t->layer->no_lac_tags)
            for (size_t k = 0; k < count; k++)
                ner_layer_lac_features(t->out.tags + group[k].pos, group[k].len,
                                       t->out.feat + group[k].pos * NER_SLOTS);
    }
    if (t->out.bio && t->layer) {
        if (tuned)
            run_layer2(t, &t->layer->gru, group, off, count, total);
        tag_group_bio(t, group, off, count, total);
    }
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
    struct ner_seq seq = {ids, n, 0};
    t->out = (struct ner_outputs){.tags = tags};
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

size_t ner_chunk_length(const int32_t *cps, size_t n)
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

/* Runs the network over the chunks of n code points in lines into t->out. */
static void run_lines(struct ner_tagger *t, const int32_t *cps, size_t n, const size_t *line_start,
                      size_t lines)
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
            size_t len = ner_chunk_length(cps + start, end - start);
            t->seqs[count++] = (struct ner_seq){t->ids + start, len, start};
            start += len;
        }
    }
    tag_sequences(t, t->seqs, count);
}

void ner_tag_lines(struct ner_tagger *t, const int32_t *cps, size_t n, const size_t *line_start,
                   size_t lines, uint8_t *tags, uint8_t *bio)
{
    t->out = (struct ner_outputs){.tags = tags};
    if (bio && t->layer) {
        if (n > t->feat_cap) {
            t->feat_cap = n;
            t->feat = xrealloc(t->feat, n * NER_SLOTS * sizeof *t->feat);
            t->lac_tags = xrealloc(t->lac_tags, n);
        }
        ner_layer_features(t->user, cps, n, t->feat);
        t->out.bio = bio;
        t->out.feat = t->feat;
        if (t->layer->no_lac_tags) /* nor, unless asked for, are they decoded */
            ner_layer_lac_features(NULL, n, t->feat);
        else if (!tags)
            t->out.tags = t->lac_tags; /* the layer reads them */
    }
    run_lines(t, cps, n, line_start, lines);
}

void ner_states_lines(struct ner_tagger *t, const int32_t *cps, size_t n, const size_t *line_start,
                      size_t lines, float *states, uint8_t *tags)
{
    t->out = (struct ner_outputs){.states = states, .tags = tags};
    run_lines(t, cps, n, line_start, lines);
}

/* The entity type of a LAC tag name's prefix, -1 for POS tags and O; *begins set for B tags. */
static int lac_type(const char *name, int *begins)
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

/* The type of a trained-layer tag, -1 for O; *begins set for B tags. */
static int bio_type(uint8_t tag, int *begins)
{
    if (tag == NER_BIO_O || tag >= NER_BIO_TAGS)
        return -1;
    *begins = (tag - NER_BIO_B_PER) % 2 == 0;
    static const enum ner_type types[] = {NER_PER, NER_LOC, NER_ORG};
    return (int)types[(tag - NER_BIO_B_PER) / 2];
}

/* Spans being collected into a caller's growing array. */
struct span_list {
    struct ner_span **spans;
    size_t count, *cap;
};

static void add_span(struct span_list *list, struct ner_span span)
{
    if (list->count == *list->cap) {
        *list->cap = *list->cap ? *list->cap * 2 : 64;
        *list->spans = xrealloc(*list->spans, *list->cap * sizeof **list->spans);
    }
    (*list->spans)[list->count++] = span;
}

/* Appends the spans of n tags (trained-layer tags if bio, else LAC tags) whose types are in
 * mask: a B tag starts a span, I tags of the same type continue it. */
static void decode(const struct lac_model *m, const uint8_t *tags, bool bio, unsigned mask,
                   size_t n, struct span_list *list)
{
    int open = -1; /* type of the span being built */
    size_t open_start = 0;
    for (size_t i = 0; i <= n; i++) {
        int begins = 0, type = -1;
        if (i < n)
            type = bio ? bio_type(tags[i], &begins) : lac_type(m->tag_names[tags[i]], &begins);
        if (type >= 0 && !(mask & 1u << type))
            type = -1;
        if (open >= 0 && (type != open || begins)) {
            add_span(list, (struct ner_span){(enum ner_type)open, open_start, i});
            open = -1;
        }
        if (type >= 0 && open < 0) {
            open = type;
            open_start = i;
        }
    }
}

static int by_start(const void *a, const void *b)
{
    const struct ner_span *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

size_t ner_spans(const struct lac_model *m, const uint8_t *tags, const uint8_t *bio, size_t n,
                 struct ner_span **spans, size_t *cap)
{
    struct span_list list = {spans, 0, cap};
    unsigned all = 1u << NER_PER | 1u << NER_LOC | 1u << NER_ORG | 1u << NER_TIME;
    if (!bio) {
        decode(m, tags, false, all, n, &list);
        return list.count;
    }
    decode(m, bio, true, all, n, &list);
    size_t names = list.count;
    if (tags)
        decode(m, tags, false, 1u << NER_TIME, n, &list);
    /* LAC's times stay where the trained layer found no name in them */
    size_t kept = names, k = 0;
    for (size_t i = names; i < list.count; i++) {
        struct ner_span time = (*spans)[i];
        while (k < names && (*spans)[k].end <= time.start)
            k++;
        if (k == names || (*spans)[k].start >= time.end)
            (*spans)[kept++] = time;
    }
    if (kept > 1)
        qsort(*spans, kept, sizeof **spans, by_start);
    return kept;
}

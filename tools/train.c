/* train.c — tools/train: fits xinwen's NER output layer (include/ner_layer.h) on annotated
 * sentences and writes it for embedding (data/ner_layer.bin).
 *
 * The features are the ones the tagger computes at run time, by the same code: GRU layer 2's
 * states from ner_states_lines (layer 1's too, the input of a retuned layer 2) and the sparse
 * features from ner_layer_features and ner_layer_lac_features. Over them sits a linear (or
 * one ReLU hidden layer) emission and a linear-chain CRF over the seven BIO tags, trained on
 * the CRF's negative log-likelihood by minibatch stochastic gradient descent with Adam step
 * sizes and L2 weight decay, optionally scoring and keeping a moving average of the weights
 * (--average). Shuffling, initialisation and dropout use one seeded generator; the two
 * threads split each batch the same way every time and their gradients are summed in a fixed
 * order, so a seed gives the same file every time.
 * After each epoch it prints the training loss and the F1 on the dev sentences; the epoch with
 * the best dev F1 is written. Test sentences (--test) are scored once, at the end, through the
 * run-time tagger; no sentence serves in two roles (enum role).
 *
 * A data set is named as PATH or PATH@LO-HI: the sentences whose text hashes (FNV-1a 64
 * modulo 100) to a bucket from LO to HI — so a file splits into parts that never share a
 * sentence, and a sentence written twice lands in one part. Formats, by the file name:
 *   *.json   CLUENER2020 lines {"text", "label": {type: {surface: [[start, end_inclusive]]}}};
 *            name → person, address and scene → place, organization, government and company →
 *            org, other types are not names
 *   else     one character and its tag per line (separated by a tab or spaces), a blank line
 *            between sentences; tags O, B-X, I-X (E-, M-, S- read as I-, I-, B-) where X is
 *            PER/PERSON/NR, LOC/LOCATION/NS/GPE or ORG/ORGANIZATION/NT; other types are O.
 * A partially annotated training set (--train-partial), one whose annotators may have left
 * names out, is not taken at its word where it says O but LAC finds a name (that no annotated
 * name overlaps), nor inside its CLUENER spans of unscored types (enum unsure): the loss there
 * is that of all the tag paths that agree with the annotation elsewhere. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "json.h"
#include "lac_model.h"
#include "ner.h"
#include "ner_kernels.h"
#include "ner_layer.h"
#include "normalize.h"
#include "strmap.h"
#include "utf8.h"
#include "util.h"

#define T ((size_t)NER_BIO_TAGS)
#define S NER_STATES /* floats of a character's network states */
#define D NER_DENSE  /* the layer's dense input: states S - D … S-1 */
#define DF NER_DENSE_FROM
_Static_assert(DF == 2 * LAC_HIDDEN,
               "the dense input is GRU layer 2's states (what --tune retrains)");
#define NER_HIDDEN_MAX 512

__attribute__((format(printf, 1, 2), noreturn)) static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "train: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

/* ---- data ---- */

struct sentence {
    size_t at, n; /* its characters are the corpus's at … at+n-1 */
};

/* What a set's sentences are for. Sets are read in this order, so that no sentence is in two
 * roles: a training sentence that is also a test sentence is left out, and so is a dev
 * sentence that is also a test or training one (the same text after normalisation, from any
 * file) — no score then counts a sentence the layer learnt from or was chosen on. */
enum role { ROLE_TEST = 1, ROLE_TRAIN, ROLE_DEV };

/* Sentences of one role (train, dev or test): their characters, and the chunks the tagger
 * runs on its own (ner_chunk_length), each a sequence for the GRU and the CRF. */
struct corpus {
    enum role role;
    struct strmap *placed; /* every sentence read so far (normalised text) → its enum role */
    size_t left_out;       /* sentences not added: already read in an earlier role */
    struct sentence *lines, *chunks;
    size_t line_count, line_cap, chunk_count, chunk_cap;
    int32_t *cps;    /* [chars] normalised code points */
    uint8_t *gold;   /* [chars] enum ner_bio */
    uint8_t *unsure; /* [chars] enum unsure: whether a character's O is to be believed */
    size_t chars, chars_cap;
    float *states;  /* [chars, S] LAC's GRU states */
    uint16_t *feat; /* [chars, NER_SLOTS] */
};

static void add_sentence(struct sentence **list, size_t *count, size_t *cap, size_t at, size_t n)
{
    if (*count == *cap) {
        *cap = *cap ? 2 * *cap : 1024;
        *list = xrealloc(*list, *cap * sizeof **list);
    }
    (*list)[(*count)++] = (struct sentence){at, n};
}

/* What a character's O tag is worth in training. */
enum unsure {
    UNSURE_NO,   /* O as annotated */
    UNSURE_YES,  /* any tag: the annotation says nothing here */
    UNSURE_NAME, /* any tag if LAC finds a name here that no annotated name overlaps, else O */
};

static void corpus_add(struct corpus *c, const int32_t *cps, const uint8_t *gold,
                       const uint8_t *unsure, size_t n)
{
    if (n == 0)
        return;
    if (c->chars + n > c->chars_cap) {
        while (c->chars + n > c->chars_cap)
            c->chars_cap = c->chars_cap ? 2 * c->chars_cap : 65536;
        c->cps = xrealloc(c->cps, c->chars_cap * sizeof *c->cps);
        c->gold = xrealloc(c->gold, c->chars_cap);
        c->unsure = xrealloc(c->unsure, c->chars_cap);
    }
    int32_t *line = c->cps + c->chars;
    for (size_t i = 0; i < n; i++)
        line[i] = cps[i] == '\n' ? ' ' : normalize_cp(cps[i]);
    bool created;
    uint8_t *role = strmap_put(c->placed, (const char *)line, n * sizeof *line, 1, &created);
    if (created)
        *role = (uint8_t)c->role;
    else if (*role != c->role) {
        c->left_out++;
        return;
    }
    memcpy(c->gold + c->chars, gold, n);
    memcpy(c->unsure + c->chars, unsure, n);
    add_sentence(&c->lines, &c->line_count, &c->line_cap, c->chars, n);
    for (size_t at = 0; at < n;) {
        size_t len = ner_chunk_length(line + at, n - at);
        add_sentence(&c->chunks, &c->chunk_count, &c->chunk_cap, c->chars + at, len);
        at += len;
    }
    c->chars += n;
}

/* A data set argument: PATH[@LO-HI]. */
struct set_spec {
    char path[4096];
    int lo, hi;
    bool partial; /* its annotation may leave names out (--train-partial) */
};

static struct set_spec parse_spec(const char *arg)
{
    struct set_spec spec = {{0}, 0, 99, false};
    const char *at = strrchr(arg, '@');
    size_t len = at ? (size_t)(at - arg) : strlen(arg);
    if (len == 0 || len >= sizeof spec.path)
        die("bad data set '%s' (PATH or PATH@LO-HI)", arg);
    memcpy(spec.path, arg, len);
    if (at) {
        char lo[8], hi[8];
        long a, b;
        const char *dash = strchr(at + 1, '-');
        size_t la = dash ? (size_t)(dash - at - 1) : 0;
        if (!dash || la == 0 || la >= sizeof lo || strlen(dash + 1) >= sizeof hi)
            die("bad bucket range in '%s' (PATH@LO-HI, buckets 0-99)", arg);
        memcpy(lo, at + 1, la);
        lo[la] = 0;
        snprintf(hi, sizeof hi, "%s", dash + 1);
        if (!parse_long(lo, 0, 99, &a) || !parse_long(hi, a, 99, &b))
            die("bad bucket range in '%s' (PATH@LO-HI, buckets 0-99)", arg);
        spec.lo = (int)a;
        spec.hi = (int)b;
    }
    return spec;
}

static bool in_buckets(const struct set_spec *spec, const char *text, size_t len)
{
    int bucket = (int)(fnv1a64(text, len) % 100);
    return bucket >= spec->lo && bucket <= spec->hi;
}

/* Type names of the annotated formats and the B tag of their type. */
struct type_name {
    const char *name;
    enum ner_bio begin;
};

static const struct type_name bio_types[] = {{"PER", NER_BIO_B_PER},
                                             {"PERSON", NER_BIO_B_PER},
                                             {"NR", NER_BIO_B_PER},
                                             {"LOC", NER_BIO_B_LOC},
                                             {"LOCATION", NER_BIO_B_LOC},
                                             {"NS", NER_BIO_B_LOC},
                                             {"GPE", NER_BIO_B_LOC},
                                             {"ORG", NER_BIO_B_ORG},
                                             {"ORGANIZATION", NER_BIO_B_ORG},
                                             {"NT", NER_BIO_B_ORG},
                                             {NULL, NER_BIO_O}};

static const struct type_name cluener_types[] = {{"name", NER_BIO_B_PER},
                                                 {"address", NER_BIO_B_LOC},
                                                 {"scene", NER_BIO_B_LOC},
                                                 {"organization", NER_BIO_B_ORG},
                                                 {"government", NER_BIO_B_ORG},
                                                 {"company", NER_BIO_B_ORG},
                                                 {NULL, NER_BIO_O}};

/* The B tag of type in names (case-insensitively), or O: a type we do not score. */
static int type_begin(const struct type_name *names, const char *type)
{
    for (; names->name; names++)
        if (strcasecmp(type, names->name) == 0)
            return names->begin;
    return NER_BIO_O;
}

static uint8_t parse_tag(const char *tag, const char *path, size_t line_no)
{
    if (strcmp(tag, "O") == 0)
        return NER_BIO_O;
    if (strlen(tag) < 3 || (tag[1] != '-' && tag[1] != '_') || !strchr("BIEMS", tag[0])) {
        fprintf(stderr, "train: %s:%zu: unknown tag '%s'\n", path, line_no, tag);
        exit(2);
    }
    int begin = type_begin(bio_types, tag + 2);
    if (begin == NER_BIO_O)
        return NER_BIO_O;
    return (uint8_t)(tag[0] == 'B' || tag[0] == 'S' ? begin : begin + 1);
}

static FILE *open_data(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "train: %s: %s\n", path, strerror(errno));
        exit(2);
    }
    return f;
}

static void read_bio(const struct set_spec *spec, struct corpus *c)
{
    FILE *f = open_data(spec->path);
    char *line = NULL;
    size_t cap = 0, line_no = 0, n = 0, n_cap = 0;
    int32_t *cps = NULL;
    uint8_t *gold = NULL, *unsure = NULL;
    struct buf text;
    buf_init(&text, 0);
    ssize_t got;
    for (;;) {
        got = getline(&line, &cap, f);
        line_no++;
        size_t len = got > 0 ? (size_t)got : 0;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        if (len == 0) { /* a sentence ends */
            for (size_t i = 0; i < n; i++)
                unsure[i] = spec->partial && gold[i] == NER_BIO_O ? UNSURE_NAME : UNSURE_NO;
            if (n && in_buckets(spec, text.data, text.len))
                corpus_add(c, cps, gold, unsure, n);
            n = 0;
            buf_reset(&text);
            if (got < 0)
                break;
            continue;
        }
        line[len] = 0;
        int32_t cp;
        size_t cp_len = utf8_decode(line, len, &cp);
        const char *tag = line + len;
        while (tag > line + cp_len && tag[-1] != ' ' && tag[-1] != '\t')
            tag--;
        if (cp < 0 || tag == line + cp_len) {
            fprintf(stderr, "train: %s:%zu: expected a character and a tag\n", spec->path, line_no);
            exit(2);
        }
        if (n == n_cap) {
            n_cap = n_cap ? 2 * n_cap : 256;
            cps = xrealloc(cps, n_cap * sizeof *cps);
            gold = xrealloc(gold, n_cap);
            unsure = xrealloc(unsure, n_cap);
        }
        cps[n] = cp;
        gold[n++] = parse_tag(tag, spec->path, line_no);
        buf_put(&text, line, cp_len);
    }
    if (ferror(f))
        die("reading %s failed", spec->path);
    fclose(f);
    free(line);
    free(cps);
    free(gold);
    free(unsure);
    buf_free(&text);
}

static void read_cluener(const struct set_spec *spec, struct corpus *c)
{
    FILE *f = open_data(spec->path);
    char *line = NULL, err[128];
    size_t cap = 0, line_no = 0;
    struct arena arena;
    arena_init(&arena);
    ssize_t got;
    while ((got = getline(&line, &cap, f)) >= 0) {
        line_no++;
        struct json_value v;
        if (got <= 1 && (got == 0 || line[0] == '\n'))
            continue;
        arena_reset(&arena);
        if (!json_parse(line, (size_t)got, &arena, &v, err, sizeof err)) {
            fprintf(stderr, "train: %s:%zu: %s\n", spec->path, line_no, err);
            exit(2);
        }
        const struct json_value *text = json_get(&v, "text"), *label = json_get(&v, "label");
        if (!text || text->kind != JSON_STRING || (label && label->kind != JSON_OBJECT)) {
            fprintf(stderr, "train: %s:%zu: expected {\"text\": …, \"label\": {…}}\n", spec->path,
                    line_no);
            exit(2);
        }
        if (!in_buckets(spec, text->string, text->len))
            continue;
        int32_t *cps = xmalloc((text->len + 1) * sizeof *cps);
        size_t n = 0;
        for (size_t i = 0; i < text->len;) {
            int32_t cp;
            i += utf8_decode(text->string + i, text->len - i, &cp);
            cps[n++] = cp;
        }
        uint8_t *gold = xcalloc(n + 1, 1), *unsure = xcalloc(n + 1, 1);
        if (spec->partial)
            memset(unsure, UNSURE_NAME, n);
        /* the names first; then, in a partial set, the unscored types' spans where no name
         * is: 美国 of the position 美国总统 or 中国 of the book 《中国国家地理》 is a place in
         * People's Daily's and MSRA's annotation */
        for (size_t k = 0; label && k < 2 * label->count; k++) {
            bool names = k < label->count;
            int begin = type_begin(cluener_types, label->members[k % label->count].key);
            const struct json_value *surfaces = &label->members[k % label->count].value;
            if ((begin == NER_BIO_O) == names || surfaces->kind != JSON_OBJECT)
                continue;
            if (!names && !spec->partial)
                continue;
            for (size_t s = 0; s < surfaces->count; s++) {
                const struct json_value *places = &surfaces->members[s].value;
                for (size_t p = 0; places->kind == JSON_ARRAY && p < places->count; p++) {
                    const struct json_value *r = &places->members[p].value;
                    if (r->kind != JSON_ARRAY || r->count != 2
                        || r->members[0].value.kind != JSON_INTEGER
                        || r->members[1].value.kind != JSON_INTEGER)
                        continue;
                    long long a = r->members[0].value.integer, b = r->members[1].value.integer;
                    if (a < 0 || b < a || (size_t)b >= n)
                        continue;
                    bool free_span = true;
                    for (long long i = a; i <= b; i++)
                        free_span = free_span && gold[i] == NER_BIO_O;
                    for (long long i = a; free_span && i <= b; i++) {
                        if (names)
                            gold[i] = (uint8_t)(i == a ? begin : begin + 1);
                        unsure[i] = names ? UNSURE_NO : UNSURE_YES;
                    }
                }
            }
        }
        corpus_add(c, cps, gold, unsure, n);
        free(cps);
        free(gold);
        free(unsure);
    }
    if (ferror(f))
        die("reading %s failed", spec->path);
    fclose(f);
    free(line);
    arena_free(&arena);
}

static void read_set(const char *arg, bool partial, struct corpus *c)
{
    struct set_spec spec = parse_spec(arg);
    spec.partial = partial;
    size_t len = strlen(spec.path);
    size_t before = c->line_count, left_before = c->left_out;
    if (len > 5 && strcmp(spec.path + len - 5, ".json") == 0)
        read_cluener(&spec, c);
    else
        read_bio(&spec, c);
    size_t added = c->line_count - before;
    if (c->left_out == left_before)
        fprintf(stderr, "train: %s: %zu sentences\n", arg, added);
    else
        fprintf(stderr, "train: %s: %zu sentences, %zu left out (also %s sentences)\n", arg, added,
                c->left_out - left_before, c->role == ROLE_TRAIN ? "test" : "test or training");
}

/* The states and sparse features of every sentence, each tagged as one line; the LAC tags'
 * features per chunk, as the tagger runs them (or their constant: no_lac_tags). */
static void compute_features(const struct lac_model *m, struct corpus *c, bool no_lac_tags)
{
    c->states = xmalloc((c->chars ? c->chars : 1) * S * sizeof *c->states);
    c->feat = xmalloc((c->chars ? c->chars : 1) * NER_SLOTS * sizeof *c->feat);
    uint8_t *tags = xmalloc(c->chars ? c->chars : 1);
    struct ner_tagger *t = ner_tagger_new(m, NULL, NULL);
    /* many sentences per call: their chunks run through the network together */
    enum { LINES_PER_CALL = 1024 };
    size_t *line_start = xmalloc(LINES_PER_CALL * sizeof *line_start);
    for (size_t first = 0; first < c->line_count; first += LINES_PER_CALL) {
        size_t last =
            first + LINES_PER_CALL < c->line_count ? first + LINES_PER_CALL : c->line_count;
        size_t base = c->lines[first].at;
        for (size_t k = first; k < last; k++)
            line_start[k - first] = c->lines[k].at - base;
        size_t n = c->lines[last - 1].at + c->lines[last - 1].n - base;
        ner_states_lines(t, c->cps + base, n, line_start, last - first, c->states + base * S,
                         tags + base);
    }
    for (size_t k = 0; k < c->line_count; k++)
        ner_layer_features(NULL, c->cps + c->lines[k].at, c->lines[k].n,
                           c->feat + c->lines[k].at * NER_SLOTS);
    for (size_t k = 0; k < c->chunk_count; k++)
        ner_layer_lac_features(no_lac_tags ? NULL : tags + c->chunks[k].at, c->chunks[k].n,
                               c->feat + c->chunks[k].at * NER_SLOTS);
    /* UNSURE_NAME: any tag inside LAC's names that overlap no annotated name, else O */
    struct ner_span *spans = NULL;
    size_t spans_cap = 0;
    bool partial = c->chars && memchr(c->unsure, UNSURE_NAME, c->chars);
    for (size_t k = 0; partial && k < c->line_count; k++) {
        size_t at = c->lines[k].at, n = c->lines[k].n;
        size_t count = ner_spans(m, tags + at, NULL, n, &spans, &spans_cap);
        for (size_t j = 0; j < count; j++) {
            if (spans[j].type == NER_TIME)
                continue;
            bool annotated = false;
            for (size_t i = spans[j].start; i < spans[j].end; i++)
                annotated |= c->gold[at + i] != NER_BIO_O;
            for (size_t i = spans[j].start; i < spans[j].end && !annotated; i++)
                if (c->unsure[at + i] == UNSURE_NAME)
                    c->unsure[at + i] = UNSURE_YES;
        }
        for (size_t i = at; i < at + n; i++)
            if (c->unsure[i] == UNSURE_NAME)
                c->unsure[i] = UNSURE_NO;
    }
    free(spans);
    free(tags);
    free(line_start);
    ner_tagger_free(t);
}

/* ---- scoring ---- */

struct score {
    size_t gold, found, correct;
};

/* Adds the spans of gold and pred (BIO tags of n characters), decoded as the tagger decodes
 * them (ner_spans), to s: a predicted span is right when type, start and end all match. */
static void count_spans(const struct lac_model *m, const uint8_t *gold, const uint8_t *pred,
                        size_t n, struct score *s)
{
    struct ner_span *g = NULL, *p = NULL;
    size_t g_cap = 0, p_cap = 0;
    size_t gn = ner_spans(m, NULL, gold, n, &g, &g_cap);
    size_t pn = ner_spans(m, NULL, pred, n, &p, &p_cap);
    s->gold += gn;
    s->found += pn;
    for (size_t i = 0, k = 0; i < gn && k < pn;) {
        if (g[i].start == p[k].start && g[i].end == p[k].end && g[i].type == p[k].type)
            s->correct++;
        if (g[i].start <= p[k].start)
            i++;
        else
            k++;
    }
    free(g);
    free(p);
}

static double f1(const struct score *s)
{
    return s->gold + s->found ? 200.0 * (double)s->correct / (double)(s->gold + s->found) : 0;
}

/* ---- the model ---- */

#define H ((size_t)LAC_HIDDEN)
#define G ((size_t)LAC_GATES)

struct options {
    uint32_t hidden;
    bool tune;        /* retrain GRU layer 2 */
    bool no_lac_tags; /* the layer reads a constant in the LAC tags' slots */
    int epochs, patience, batch;
    double rate, gru_rate, l2, dropout;
    double average; /* the past's weight in the moving average of the parameters; 0: none */
    uint64_t seed;
};

static uint64_t splitmix(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double uniform(uint64_t *state)
{
    return (double)(splitmix(state) >> 11) * (1.0 / 9007199254740992.0);
}

/* A layer's arrays, writable: parameters, gradients and Adam's moments share one layout. */
struct arrays {
    float *hidden_w, *hidden_b, *out_w, *out_b, *sparse_w, *crf;
    float *fc_w[2], *fc_b[2], *gru_w[2], *gru_b[2];
};

/* The writable address of p, which points into base (NULL stays NULL). */
static float *writable(float *base, const float *p)
{
    return p ? base + (p - base) : NULL;
}

static struct arrays arrays_of(float *params, const struct options *o)
{
    struct ner_layer v;
    ner_layer_bind(&v, o->hidden, o->tune, params);
    struct arrays a = {writable(params, v.hidden_w),
                       writable(params, v.hidden_b),
                       writable(params, v.out_w),
                       writable(params, v.out_b),
                       writable(params, v.sparse_w),
                       writable(params, v.crf),
                       {NULL, NULL},
                       {NULL, NULL},
                       {NULL, NULL},
                       {NULL, NULL}};
    for (int dir = 0; dir < 2; dir++) {
        a.fc_w[dir] = writable(params, v.gru.fc_w[dir]);
        a.fc_b[dir] = writable(params, v.gru.fc_b[dir]);
        a.gru_w[dir] = writable(params, v.gru.gru_w[dir]);
        a.gru_b[dir] = writable(params, v.gru.gru_b[dir]);
    }
    return a;
}

/* Scratch space for one chunk (at most NER_CHUNK_MAX characters). */
struct work {
    float x[NER_CHUNK_MAX][S];    /* the states, whose last D are the dense input of the output
                                     layer (after dropout) */
    float keep[NER_CHUNK_MAX][S]; /* dropout's factors (0 or 1/(1-p)) of the dense input */
    float hid[NER_CHUNK_MAX][NER_HIDDEN_MAX];
    float u[2][NER_CHUNK_MAX][H], r[2][NER_CHUNK_MAX][H], c[2][NER_CHUNK_MAX][H];
    double e[NER_CHUNK_MAX][T], alpha[NER_CHUNK_MAX][T], beta[NER_CHUNK_MAX][T];
    double known_alpha[NER_CHUNK_MAX][T], known_beta[NER_CHUNK_MAX][T]; /* the annotated paths' */
    float de[NER_CHUNK_MAX][T];
    float dx[NER_CHUNK_MAX][S];
    float emission[NER_CHUNK_MAX][T];
    uint8_t back[NER_CHUNK_MAX * T], path[NER_CHUNK_MAX];
};

static float sigmoid(float x)
{
    return 1.0f / (1.0f + expf(-x));
}

/* The retuned GRU layer 2 over chunk s, from LAC's layer-1 states, into w->x's columns 2H…4H
 * (before dropout), keeping the gates for the backward pass. */
static void gru_forward(const struct arrays *p, const struct corpus *c, const struct sentence *s,
                        struct work *w)
{
    size_t n = s->n;
    for (int dir = 0; dir < 2; dir++) {
        const float *W_ur = p->gru_w[dir], *W_c = p->gru_w[dir] + H * 2 * H;
        for (size_t step = 0; step < n; step++) {
            size_t t = dir ? n - 1 - step : step;
            const float *in = c->states + (s->at + t) * S; /* layer 1: 2H */
            const float *hp = step ? w->x[dir ? t + 1 : t - 1] + 2 * H + dir * H : NULL;
            float a[3 * H];
            for (size_t j = 0; j < G; j++)
                a[j] = p->fc_b[dir][j] + p->gru_b[dir][j];
            for (size_t k = 0; k < 2 * H; k++) {
                const float *row = p->fc_w[dir] + k * G;
                float xk = in[k];
                for (size_t j = 0; j < G; j++)
                    a[j] += xk * row[j];
            }
            float rh[H];
            for (size_t k = 0; hp && k < H; k++) {
                const float *row = W_ur + k * 2 * H;
                float hk = hp[k];
                for (size_t j = 0; j < 2 * H; j++)
                    a[j] += hk * row[j];
            }
            for (size_t j = 0; j < H; j++) {
                w->u[dir][t][j] = sigmoid(a[j]);
                w->r[dir][t][j] = sigmoid(a[H + j]);
                rh[j] = hp ? w->r[dir][t][j] * hp[j] : 0;
            }
            for (size_t k = 0; hp && k < H; k++) {
                const float *row = W_c + k * H;
                float rk = rh[k];
                for (size_t j = 0; j < H; j++)
                    a[2 * H + j] += rk * row[j];
            }
            float *h = w->x[t] + 2 * H + dir * H;
            for (size_t j = 0; j < H; j++) {
                float cj = tanhf(a[2 * H + j]), u = w->u[dir][t][j];
                w->c[dir][t][j] = cj;
                h[j] = (1.0f - u) * (hp ? hp[j] : 0) + u * cj;
            }
        }
    }
}

/* Gradients of the retuned GRU from the loss's gradient on its states (w->dx columns 2H…4H,
 * already through dropout). The GRU states are in w->x before dropout (see forward). */
static void gru_backward(const struct arrays *p, const struct corpus *c, const struct sentence *s,
                         const float (*h_all)[S], struct work *w, const struct arrays *g)
{
    size_t n = s->n;
    for (int dir = 0; dir < 2; dir++) {
        const float *W_ur = p->gru_w[dir], *W_c = p->gru_w[dir] + H * 2 * H;
        float *gW_ur = g->gru_w[dir], *gW_c = g->gru_w[dir] + H * 2 * H;
        float dh_next[H] = {0};
        for (size_t step = n; step-- > 0;) {
            size_t t = dir ? n - 1 - step : step;
            const float *in = c->states + (s->at + t) * S;
            const float *hp = step ? h_all[dir ? t + 1 : t - 1] + 2 * H + dir * H : NULL;
            const float *u = w->u[dir][t], *r = w->r[dir][t], *cc = w->c[dir][t];
            float dh[H], dhp[H], da[3 * H], rh[H], drh[H];
            for (size_t j = 0; j < H; j++) {
                dh[j] = w->dx[t][2 * H + dir * H + j] + dh_next[j];
                float hpj = hp ? hp[j] : 0;
                float dc = dh[j] * u[j], du = dh[j] * (cc[j] - hpj);
                dhp[j] = dh[j] * (1.0f - u[j]);
                da[2 * H + j] = dc * (1.0f - cc[j] * cc[j]);
                da[j] = du * u[j] * (1.0f - u[j]);
                rh[j] = r[j] * hpj;
            }
            if (hp) {
                for (size_t k = 0; k < H; k++) {
                    const float *row = W_c + k * H;
                    float *grow = gW_c + k * H, acc = 0;
                    for (size_t j = 0; j < H; j++) {
                        grow[j] += rh[k] * da[2 * H + j];
                        acc += row[j] * da[2 * H + j];
                    }
                    drh[k] = acc;
                }
                for (size_t j = 0; j < H; j++) {
                    float dr = drh[j] * hp[j];
                    dhp[j] += drh[j] * r[j];
                    da[H + j] = dr * r[j] * (1.0f - r[j]);
                }
                for (size_t k = 0; k < H; k++) {
                    const float *row = W_ur + k * 2 * H;
                    float *grow = gW_ur + k * 2 * H, acc = 0;
                    for (size_t j = 0; j < 2 * H; j++) {
                        grow[j] += hp[k] * da[j];
                        acc += row[j] * da[j];
                    }
                    dhp[k] += acc;
                }
            } else {
                for (size_t j = 0; j < H; j++)
                    da[H + j] = 0; /* r multiplies a zero state */
            }
            for (size_t j = 0; j < G; j++) {
                g->fc_b[dir][j] += da[j];
                g->gru_b[dir][j] += da[j];
            }
            for (size_t k = 0; k < 2 * H; k++) {
                float *grow = g->fc_w[dir] + k * G, xk = in[k];
                for (size_t j = 0; j < G; j++)
                    grow[j] += xk * da[j];
            }
            memcpy(dh_next, dhp, sizeof dh_next);
        }
    }
}

/* The dense input of chunk s into w->x, with dropout (rng NULL: none). With a retuned GRU its
 * states are computed; h_all then keeps them before dropout. */
static void load_input(const struct arrays *p, const struct options *o, const struct corpus *c,
                       const struct sentence *s, uint64_t *rng, struct work *w, float (*h_all)[S])
{
    if (o->tune) {
        gru_forward(p, c, s, w);
        if (h_all)
            memcpy(h_all, w->x, s->n * sizeof *w->x);
    } else {
        for (size_t i = 0; i < s->n; i++)
            memcpy(w->x[i] + DF, c->states + (s->at + i) * S + DF, D * sizeof(float));
    }
    if (!rng)
        return;
    float keep = (float)(1.0 / (1.0 - o->dropout));
    for (size_t i = 0; i < s->n; i++)
        for (size_t j = DF; j < S; j++) {
            w->keep[i][j] = uniform(rng) < o->dropout ? 0 : keep;
            w->x[i][j] *= w->keep[i][j];
        }
}

/* Emissions of chunk s into w->e from w->x. */
static void emissions(const struct arrays *p, const struct options *o, const struct corpus *c,
                      const struct sentence *s, struct work *w)
{
    for (size_t i = 0; i < s->n; i++) {
        const float *x = w->x[i] + DF;
        double *e = w->e[i];
        float acc[T] = {0};
        if (o->hidden) {
            float *h = w->hid[i];
            memcpy(h, p->hidden_b, o->hidden * sizeof *h);
            for (size_t j = 0; j < D; j++) {
                const float *row = p->hidden_w + j * o->hidden;
                float xj = x[j];
                for (size_t k = 0; k < o->hidden; k++)
                    h[k] += xj * row[k];
            }
            for (size_t k = 0; k < o->hidden; k++) {
                h[k] = h[k] > 0 ? h[k] : 0;
                for (size_t t = 0; t < T; t++)
                    acc[t] += h[k] * p->out_w[k * T + t];
            }
        } else {
            for (size_t j = 0; j < D; j++)
                for (size_t t = 0; t < T; t++)
                    acc[t] += x[j] * p->out_w[j * T + t];
        }
        const uint16_t *f = c->feat + (s->at + i) * NER_SLOTS;
        for (size_t t = 0; t < T; t++) {
            e[t] = (double)p->out_b[t] + acc[t];
            for (size_t k = 0; k < NER_SLOTS; k++)
                e[t] += p->sparse_w[(size_t)f[k] * T + t];
        }
    }
}

static double log_sum_exp(const double *v, size_t n)
{
    double m = v[0];
    for (size_t i = 1; i < n; i++)
        m = v[i] > m ? v[i] : m;
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += exp(v[i] - m);
    return m + log(s);
}

/* Whether tag t is one the annotation allows at character i of a chunk (gold, unsure: its
 * arrays); every tag is where gold is NULL. */
static bool allowed(const uint8_t *gold, const uint8_t *unsure, size_t i, size_t t)
{
    return !gold || gold[i] == t || unsure[i] == UNSURE_YES;
}

/* The forward (alpha) and, when beta is not NULL, backward log scores of the CRF's lattice over
 * emissions e[n] (crf: start, end, transitions), counting only the paths the annotation allows
 * (see allowed); returns the log of their summed scores. */
static double lattice(const double (*e)[T], const float *crf, size_t n, const uint8_t *gold,
                      const uint8_t *unsure, double (*alpha)[T], double (*beta)[T])
{
    const float *start = crf, *end = crf + T, *trans = crf + 2 * T;
    double tmp[T];
    for (size_t t = 0; t < T; t++)
        alpha[0][t] = allowed(gold, unsure, 0, t) ? start[t] + e[0][t] : -INFINITY;
    for (size_t i = 1; i < n; i++)
        for (size_t b = 0; b < T; b++) {
            if (!allowed(gold, unsure, i, b)) {
                alpha[i][b] = -INFINITY;
                continue;
            }
            for (size_t a = 0; a < T; a++)
                tmp[a] = alpha[i - 1][a] + trans[a * T + b];
            alpha[i][b] = log_sum_exp(tmp, T) + e[i][b];
        }
    for (size_t t = 0; t < T; t++)
        tmp[t] = alpha[n - 1][t] + end[t];
    double log_z = log_sum_exp(tmp, T);
    if (!beta)
        return log_z;
    for (size_t t = 0; t < T; t++)
        beta[n - 1][t] = allowed(gold, unsure, n - 1, t) ? end[t] : -INFINITY;
    for (size_t i = n - 1; i-- > 0;)
        for (size_t a = 0; a < T; a++) {
            if (!allowed(gold, unsure, i, a)) {
                beta[i][a] = -INFINITY;
                continue;
            }
            for (size_t b = 0; b < T; b++)
                tmp[b] = trans[a * T + b] + e[i + 1][b] + beta[i + 1][b];
            beta[i][a] = log_sum_exp(tmp, T);
        }
    return log_z;
}

/* The CRF's negative log-likelihood of chunk s's annotation (emissions in w->e): of its gold
 * tags, or, where some characters are unsure (UNSURE_YES), of all the paths that agree with
 * the gold tags elsewhere. With g, adds scale × its gradient to g, back through the emissions
 * (and the retuned GRU, whose states before dropout are h_all). */
static double chunk_loss(const struct arrays *p, const struct options *o, const struct corpus *c,
                         const struct sentence *s, struct work *w, const float (*h_all)[S],
                         const struct arrays *g, double scale)
{
    size_t n = s->n;
    const float *start = p->crf, *end = p->crf + T, *trans = p->crf + 2 * T;
    const uint8_t *y = c->gold + s->at, *unsure = c->unsure + s->at;
    bool partial = memchr(unsure, UNSURE_YES, n) != NULL;
    double log_z =
        lattice((const double(*)[T])w->e, p->crf, n, NULL, NULL, w->alpha, g ? w->beta : NULL);
    double known; /* log of the summed scores of the paths the annotation allows */
    if (partial) {
        known = lattice((const double(*)[T])w->e, p->crf, n, y, unsure, w->known_alpha,
                        g ? w->known_beta : NULL);
    } else {
        known = start[y[0]] + end[y[n - 1]];
        for (size_t i = 0; i < n; i++)
            known += w->e[i][y[i]] + (i ? trans[y[i - 1] * T + y[i]] : 0);
    }
    if (!g)
        return log_z - known;

    float *gstart = g->crf, *gend = g->crf + T, *gtrans = g->crf + 2 * T;
    for (size_t i = 0; i < n; i++)
        for (size_t t = 0; t < T; t++) {
            double marginal = exp(w->alpha[i][t] + w->beta[i][t] - log_z);
            double annotated = partial ? exp(w->known_alpha[i][t] + w->known_beta[i][t] - known)
                                       : (double)(y[i] == t);
            w->de[i][t] = (float)(scale * (marginal - annotated));
        }
    for (size_t t = 0; t < T; t++) {
        gstart[t] += w->de[0][t];
        gend[t] += w->de[n - 1][t];
    }
    for (size_t i = 1; i < n; i++) {
        for (size_t a = 0; a < T; a++)
            for (size_t b = 0; b < T; b++) {
                double expected =
                    exp(w->alpha[i - 1][a] + trans[a * T + b] + w->e[i][b] + w->beta[i][b] - log_z);
                if (partial)
                    expected -= exp(w->known_alpha[i - 1][a] + trans[a * T + b] + w->e[i][b]
                                    + w->known_beta[i][b] - known);
                gtrans[a * T + b] += (float)(scale * expected);
            }
        if (!partial)
            gtrans[y[i - 1] * T + y[i]] -= (float)scale;
    }

    for (size_t i = 0; i < n; i++) {
        const float *de = w->de[i], *x = w->x[i] + DF;
        float *dx = w->dx[i] + DF;
        for (size_t t = 0; t < T; t++)
            g->out_b[t] += de[t];
        const uint16_t *f = c->feat + (s->at + i) * NER_SLOTS;
        for (size_t k = 0; k < NER_SLOTS; k++)
            for (size_t t = 0; t < T; t++)
                g->sparse_w[(size_t)f[k] * T + t] += de[t];
        if (!o->hidden) {
            for (size_t j = 0; j < D; j++) {
                float acc = 0;
                for (size_t t = 0; t < T; t++) {
                    g->out_w[j * T + t] += x[j] * de[t];
                    acc += p->out_w[j * T + t] * de[t];
                }
                dx[j] = acc;
            }
        } else {
            const float *h = w->hid[i];
            float dhid[NER_HIDDEN_MAX];
            for (size_t k = 0; k < o->hidden; k++) {
                float dh = 0;
                for (size_t t = 0; t < T; t++) {
                    g->out_w[k * T + t] += h[k] * de[t];
                    dh += p->out_w[k * T + t] * de[t];
                }
                dhid[k] = h[k] > 0 ? dh : 0;
                g->hidden_b[k] += dhid[k];
            }
            for (size_t j = 0; j < D; j++) {
                float *grow = g->hidden_w + j * o->hidden;
                const float *row = p->hidden_w + j * o->hidden;
                float xj = x[j], acc = 0;
                for (size_t k = 0; k < o->hidden; k++) {
                    grow[k] += xj * dhid[k];
                    acc += row[k] * dhid[k];
                }
                dx[j] = acc;
            }
        }
        if (o->dropout > 0)
            for (size_t j = 0; j < D; j++)
                dx[j] *= w->keep[i][DF + j];
    }
    if (o->tune)
        gru_backward(p, c, s, h_all, w, g);
    return log_z - known;
}

/* Scores the chunks of c with the layer in params, by the trainer's own forward pass. */
static struct score evaluate(const struct lac_model *m, float *params, const struct options *o,
                             const struct corpus *c, struct work *w)
{
    struct arrays p = arrays_of(params, o);
    struct score score = {0, 0, 0};
    for (size_t k = 0; k < c->chunk_count; k++) {
        const struct sentence *s = &c->chunks[k];
        load_input(&p, o, c, s, NULL, w, NULL);
        emissions(&p, o, c, s, w);
        for (size_t i = 0; i < s->n; i++)
            for (size_t t = 0; t < T; t++)
                w->emission[i][t] = (float)w->e[i][t];
        kernel_viterbi(w->emission[0], T, s->n, p.crf, T, w->back, w->path);
        count_spans(m, c->gold + s->at, w->path, s->n, &score);
    }
    return score;
}

/* The layer the options describe, over params: as the tagger runs it and as it is written. */
static struct ner_layer layer_of(const struct options *o, const float *params)
{
    struct ner_layer layer;
    ner_layer_bind(&layer, o->hidden, o->tune, params);
    layer.no_lac_tags = o->no_lac_tags;
    return layer;
}

/* Scores the sentences of c through the run-time tagger (ner_tag_lines) with the layer in
 * params. */
static struct score evaluate_runtime(const struct lac_model *m, const float *params,
                                     const struct options *o, const struct corpus *c)
{
    struct ner_layer layer = layer_of(o, params);
    struct ner_tagger *t = ner_tagger_new(m, &layer, NULL);
    uint8_t *bio = xmalloc(c->chars + 1);
    const size_t one_line[1] = {0};
    struct score score = {0, 0, 0};
    for (size_t k = 0; k < c->line_count; k++) {
        const struct sentence *s = &c->lines[k];
        ner_tag_lines(t, c->cps + s->at, s->n, one_line, 1, NULL, bio);
        count_spans(m, c->gold + s->at, bio, s->n, &score);
    }
    free(bio);
    ner_tagger_free(t);
    return score;
}

static void print_score(const char *what, const char *name, const struct score *s)
{
    double p = s->found ? 100.0 * (double)s->correct / (double)s->found : 0;
    double r = s->gold ? 100.0 * (double)s->correct / (double)s->gold : 0;
    printf("%s %s: P %.2f R %.2f F1 %.2f (%zu gold, %zu found, %zu right)\n", what, name, p, r,
           f1(s), s->gold, s->found, s->correct);
}

static void init_params(float *params, const struct options *o, const struct lac_model *m,
                        uint64_t *rng)
{
    memset(params, 0, ner_layer_params(o->hidden, o->tune) * sizeof *params);
    struct arrays p = arrays_of(params, o);
    if (o->hidden) {
        double a = sqrt(6.0 / (double)(D + o->hidden)), b = sqrt(6.0 / (double)(o->hidden + T));
        for (size_t i = 0; i < (size_t)D * o->hidden; i++)
            p.hidden_w[i] = (float)((2 * uniform(rng) - 1) * a);
        for (size_t i = 0; i < (size_t)o->hidden * T; i++)
            p.out_w[i] = (float)((2 * uniform(rng) - 1) * b);
    }
    if (o->tune) /* from LAC's own layer 2 */
        for (int dir = 0; dir < 2; dir++) {
            const struct lac_gru_pair *l2 = &m->layer[1];
            memcpy(p.fc_w[dir], l2->fc_w[dir], 2 * H * G * sizeof(float));
            memcpy(p.fc_b[dir], l2->fc_b[dir], G * sizeof(float));
            memcpy(p.gru_w[dir], l2->gru_w[dir], H * G * sizeof(float));
            memcpy(p.gru_b[dir], l2->gru_b[dir], G * sizeof(float));
        }
}

/* One thread's share of a minibatch: the gradient of chunks [first, last) of the order. */
struct share {
    const struct options *o;
    const struct corpus *c;
    const size_t *order;
    size_t first, last;
    uint64_t seed; /* dropout of chunk k uses seed + k */
    struct arrays p, g;
    double scale, loss;
    struct work *w;
    float (*h_all)[S];
};

static void *run_share(void *arg)
{
    struct share *sh = arg;
    sh->loss = 0;
    for (size_t k = sh->first; k < sh->last; k++) {
        const struct sentence *s = &sh->c->chunks[sh->order[k]];
        uint64_t rng = sh->seed + sh->order[k];
        load_input(&sh->p, sh->o, sh->c, s, sh->o->dropout > 0 ? &rng : NULL, sh->w, sh->h_all);
        emissions(&sh->p, sh->o, sh->c, s, sh->w);
        sh->loss += chunk_loss(&sh->p, sh->o, sh->c, s, sh->w, (const float(*)[S])sh->h_all, &sh->g,
                               sh->scale);
    }
    return NULL;
}

/* The summed loss of chunks [0, count) of c, without dropout; with g, their gradient too.
 * *active receives a hash of which hidden units are active at which character. */
static double chunks_loss(const struct arrays *p, const struct options *o, const struct corpus *c,
                          size_t count, struct work *w, float (*h_all)[S], const struct arrays *g,
                          uint64_t *active)
{
    double loss = 0;
    *active = 14695981039346656037ULL;
    for (size_t k = 0; k < count; k++) {
        const struct sentence *s = &c->chunks[k];
        load_input(p, o, c, s, NULL, w, h_all);
        emissions(p, o, c, s, w);
        for (size_t i = 0; i < s->n; i++)
            for (size_t j = 0; j < o->hidden; j++)
                *active = (*active ^ (w->hid[i][j] > 0)) * 1099511628211ULL;
        loss += chunk_loss(p, o, c, s, w, (const float(*)[S])h_all, g, 1.0);
    }
    return loss;
}

/* --check-gradient: the gradient chunk_loss computes, against central differences of the loss
 * over the first training chunks (no dropout), at freshly initialised weights with random CRF
 * weights: every CRF weight and output bias and an even sample of the other parameters.
 * Prints and returns the largest difference, relative to the larger of the two (or 0.1). */
static double check_gradient(const struct options *given, const struct lac_model *m,
                             const struct corpus *c)
{
    enum { CHUNKS = 16, SAMPLE = 300 };
    struct options o = *given;
    o.dropout = 0;
    uint64_t rng = o.seed;
    size_t np = ner_layer_params(o.hidden, o.tune);
    float *params = xmalloc(np * sizeof *params), *grad = xcalloc(np, sizeof *grad);
    init_params(params, &o, m, &rng);
    struct arrays p = arrays_of(params, &o), g = arrays_of(grad, &o);
    size_t crf = (T + 2) * T;
    for (size_t i = 0; i < crf; i++)
        p.crf[i] = (float)(2 * uniform(&rng) - 1);
    struct work *w = xcalloc(1, sizeof *w);
    float(*h_all)[S] = xcalloc(NER_CHUNK_MAX, sizeof *h_all);
    size_t count = c->chunk_count < CHUNKS ? c->chunk_count : CHUNKS;
    uint64_t active, up_active, down_active;
    chunks_loss(&p, &o, c, count, w, h_all, &g, &active);
    double worst = 0;
    size_t step = np / SAMPLE ? np / SAMPLE : 1, checked = 0, kinked = 0;
    for (size_t i = 0; i < np; i++) {
        float *q = params + i;
        bool always = (q >= p.crf && q < p.crf + crf) || (q >= p.out_b && q < p.out_b + T);
        if (!always && i % step)
            continue;
        float v = *q, eps = 1e-3f;
        *q = v + eps;
        double up = chunks_loss(&p, &o, c, count, w, h_all, NULL, &up_active);
        *q = v - eps;
        double down = chunks_loss(&p, &o, c, count, w, h_all, NULL, &down_active);
        *q = v;
        if (up_active != active || down_active != active) {
            kinked++; /* a hidden unit's ReLU turns within ±eps: no derivative to compare */
            continue;
        }
        double numeric = (up - down) / (2.0 * eps), analytic = grad[i];
        double size = fmax(fmax(fabs(numeric), fabs(analytic)), 0.1);
        worst = fmax(worst, fabs(numeric - analytic) / size);
        checked++;
    }
    printf("gradient check: %zu parameters over %zu chunks (%zu more where a ReLU turns), "
           "largest relative difference %.6f\n",
           checked, count, kinked, worst);
    free(params);
    free(grad);
    free(w);
    free(h_all);
    return worst;
}

#define THREADS 2

/* Trains on train_set, choosing the epoch by dev F1; the best parameters end in best. */
static double train(const struct options *o, const struct lac_model *m,
                    const struct corpus *train_set, const struct corpus *dev, float *best,
                    int *best_epoch)
{
    uint64_t rng = o->seed;
    size_t np = ner_layer_params(o->hidden, o->tune);
    float *params = xmalloc(np * sizeof *params);
    float *grads[THREADS], *m1 = xcalloc(np, sizeof *m1), *m2 = xcalloc(np, sizeof *m2);
    for (int k = 0; k < THREADS; k++)
        grads[k] = xcalloc(np, sizeof *grads[k]);
    init_params(params, o, m, &rng);
    struct arrays p = arrays_of(params, o);
    /* with --average, the moving average of the parameters is what is scored and kept */
    float *kept = params;
    if (o->average > 0) {
        kept = xmalloc(np * sizeof *kept);
        memcpy(kept, params, np * sizeof *kept);
    }
    /* each parameter's step size and decay: weights decay, biases and transitions do not;
     * the retuned GRU moves at its own rate and decays not at all */
    float *rate = xmalloc(np * sizeof *rate);
    uint8_t *decays = xcalloc(np, 1);
    for (size_t i = 0; i < np; i++)
        rate[i] = (float)o->rate;
    if (o->tune)
        for (float *q = p.fc_w[0]; q < params + np; q++)
            rate[q - params] = (float)o->gru_rate;
    for (float *q = p.hidden_w; o->hidden && q < p.hidden_w + (size_t)D * o->hidden; q++)
        decays[q - params] = 1;
    for (float *q = p.out_w; q < p.out_w + (size_t)(o->hidden ? o->hidden : D) * T; q++)
        decays[q - params] = 1;
    for (float *q = p.sparse_w; q < p.sparse_w + (size_t)NER_SPARSE * T; q++)
        decays[q - params] = 1;

    size_t *order = xmalloc(train_set->chunk_count * sizeof *order);
    for (size_t k = 0; k < train_set->chunk_count; k++)
        order[k] = k;
    struct work *w[THREADS];
    float(*h_all[THREADS])[S];
    for (int k = 0; k < THREADS; k++) {
        w[k] = xcalloc(1, sizeof *w[k]);
        h_all[k] = xcalloc(NER_CHUNK_MAX, sizeof *h_all[k]);
    }
    double best_f1 = -1;
    long step = 0;
    for (int epoch = 1; epoch <= o->epochs; epoch++) {
        for (size_t k = train_set->chunk_count; k > 1; k--) {
            size_t j = (size_t)(splitmix(&rng) % k);
            size_t tmp = order[k - 1];
            order[k - 1] = order[j];
            order[j] = tmp;
        }
        uint64_t epoch_seed = splitmix(&rng);
        double loss = 0;
        for (size_t first = 0; first < train_set->chunk_count; first += (size_t)o->batch) {
            size_t last = first + (size_t)o->batch;
            if (last > train_set->chunk_count)
                last = train_set->chunk_count;
            struct share sh[THREADS];
            pthread_t thread[THREADS];
            size_t half = first + (last - first) / 2;
            for (int k = 0; k < THREADS; k++) {
                memset(grads[k], 0, np * sizeof *grads[k]);
                sh[k] = (struct share){o,
                                       train_set,
                                       order,
                                       k ? half : first,
                                       k ? last : half,
                                       epoch_seed,
                                       p,
                                       arrays_of(grads[k], o),
                                       1.0 / (double)(last - first),
                                       0,
                                       w[k],
                                       h_all[k]};
            }
            for (int k = 1; k < THREADS; k++)
                if (pthread_create(&thread[k], NULL, run_share, &sh[k]) != 0)
                    die("%s", "cannot start a thread");
            run_share(&sh[0]);
            for (int k = 1; k < THREADS; k++)
                pthread_join(thread[k], NULL);
            for (int k = 0; k < THREADS; k++)
                loss += sh[k].loss;
            step++;
            double c1 = 1 - pow(0.9, (double)step), c2 = 1 - pow(0.999, (double)step);
            for (size_t i = 0; i < np; i++) {
                float gi = grads[0][i];
                for (int k = 1; k < THREADS; k++)
                    gi += grads[k][i];
                m1[i] = 0.9f * m1[i] + 0.1f * gi;
                m2[i] = 0.999f * m2[i] + 0.001f * gi * gi;
                double update = rate[i] * (m1[i] / c1) / (sqrt(m2[i] / c2) + 1e-8);
                if (decays[i])
                    update += rate[i] * o->l2 * params[i];
                params[i] -= (float)update;
            }
            if (kept != params)
                for (size_t i = 0; i < np; i++)
                    kept[i] += (float)(1 - o->average) * (params[i] - kept[i]);
        }
        struct score s = evaluate(m, kept, o, dev, w[0]);
        double f = f1(&s);
        printf("epoch %d  loss %.4f  dev F1 %.2f%s\n", epoch, loss / (double)train_set->line_count,
               f, f > best_f1 ? "  (best)" : "");
        fflush(stdout);
        if (f > best_f1) {
            best_f1 = f;
            *best_epoch = epoch;
            memcpy(best, kept, np * sizeof *best);
        } else if (epoch - *best_epoch >= o->patience) {
            printf("no better dev F1 in %d epochs: stopping\n", o->patience);
            break;
        }
    }
    if (kept != params)
        free(kept);
    free(params);
    for (int k = 0; k < THREADS; k++) {
        free(grads[k]);
        free(w[k]);
        free(h_all[k]);
    }
    free(m1);
    free(m2);
    free(rate);
    free(decays);
    free(order);
    return best_f1;
}

static const char usage[] =
    "usage: tools/train --train SET… --dev SET… [--test SET…] [-o FILE] [options]\n"
    "  SET is PATH or PATH@LO-HI (the sentences whose text hash falls in buckets LO…HI of 100);\n"
    "  *.json is CLUENER2020, anything else character/tag lines (BIO). A sentence is used in\n"
    "  one role only: training sentences that are also test sentences are left out, and dev\n"
    "  sentences that are also test or training sentences. Options:\n"
    "  --train-partial SET  training sentences whose annotation may leave names out: where\n"
    "                 LAC finds a name that no annotated name overlaps, and inside CLUENER\n"
    "                 spans of the types not scored (position, book …), any tag may be right\n"
    "  --tune         also retrain GRU layer 2 (starting from LAC's)\n"
    "  --no-lac-tags  read no features from LAC's own tags: the tagger then does not decode\n"
    "                 them (nor, with --tune, run LAC's own GRU layer 2), which is faster\n"
    "  --hidden N     ReLU hidden units, a multiple of 64 up to 512; 0: linear (default 0)\n"
    "  --epochs N     at most N passes over the training sentences (default 30)\n"
    "  --patience N   stop after N epochs without a better dev F1 (default 5)\n"
    "  --batch N      sentence chunks per step (default 32)\n"
    "  --rate X       Adam step size (default 0.002)\n"
    "  --gru-rate X   Adam step size of the retuned GRU (default 0.0002)\n"
    "  --l2 X         weight decay of the output weights (default 0.0001)\n"
    "  --dropout X    drop each dense input with probability X in training (default 0.2)\n"
    "  --average X    score and keep a moving average of the weights, the past weighing X\n"
    "                 against 1 - X for each step's (e.g. 0.999; default 0: the weights)\n"
    "  --seed N       the generator's seed (default 1)\n"
    "  --check-gradient  only compare the gradient with central differences of the loss on\n"
    "                 the first training chunks; exit 0 when within 1%\n"
    "  -o FILE        where to write the layer (default: write nothing); xinwen --model FILE\n"
    "                 tags with it, or build it in as data/ner_layer.bin\n";

static bool numeric_arg(int argc, char **argv, int *i, const char *name, double lo, double hi,
                        double *out)
{
    if (strcmp(argv[*i], name) != 0)
        return false;
    if (*i + 1 >= argc)
        die("%s needs a value", name);
    char *end;
    errno = 0;
    double v = strtod(argv[++*i], &end);
    if (errno || *end || end == argv[*i] || v < lo || v > hi)
        die("bad value for %s", name);
    *out = v;
    return true;
}

#define MAX_SETS 16

int main(int argc, char **argv)
{
    struct options o = {0, false, false, 30, 5, 32, 0.002, 0.0002, 1e-4, 0.2, 0, 1};
    const char *out_path = NULL;
    bool check = false;
    struct arena placed_arena;
    arena_init(&placed_arena);
    struct strmap placed;
    strmap_init(&placed, &placed_arena);
    struct corpus train_set = {.role = ROLE_TRAIN, .placed = &placed},
                  dev = {.role = ROLE_DEV, .placed = &placed}, tests[MAX_SETS] = {{0}};
    const char *set_args[3][MAX_SETS]; /* by enum role - 1 */
    size_t set_count[3] = {0, 0, 0};
    bool set_partial[MAX_SETS] = {false}; /* by training set: given as --train-partial */
    for (int i = 1; i < argc; i++) {
        double v;
        bool partial = strcmp(argv[i], "--train-partial") == 0;
        enum role role = strcmp(argv[i], "--train") == 0 || partial ? ROLE_TRAIN
                         : strcmp(argv[i], "--dev") == 0            ? ROLE_DEV
                         : strcmp(argv[i], "--test") == 0           ? ROLE_TEST
                                                                    : 0;
        if (role) {
            if (i + 1 >= argc)
                die("%s needs a data set", argv[i]);
            if (set_count[role - 1] == MAX_SETS)
                die("at most %d sets of each kind", MAX_SETS);
            if (role == ROLE_TRAIN)
                set_partial[set_count[role - 1]] = partial;
            set_args[role - 1][set_count[role - 1]++] = argv[++i];
        } else if (strcmp(argv[i], "--tune") == 0) {
            o.tune = true;
        } else if (strcmp(argv[i], "--no-lac-tags") == 0) {
            o.no_lac_tags = true;
        } else if (strcmp(argv[i], "--check-gradient") == 0) {
            check = true;
        } else if (numeric_arg(argc, argv, &i, "--hidden", 0, NER_HIDDEN_MAX, &v)) {
            o.hidden = (uint32_t)v;
            if (o.hidden % NER_HIDDEN_STEP)
                die("--hidden must be a multiple of %d", NER_HIDDEN_STEP);
        } else if (numeric_arg(argc, argv, &i, "--epochs", 1, 10000, &v)) {
            o.epochs = (int)v;
        } else if (numeric_arg(argc, argv, &i, "--patience", 1, 10000, &v)) {
            o.patience = (int)v;
        } else if (numeric_arg(argc, argv, &i, "--batch", 1, 100000, &v)) {
            o.batch = (int)v;
        } else if (numeric_arg(argc, argv, &i, "--rate", 1e-9, 10, &v)) {
            o.rate = v;
        } else if (numeric_arg(argc, argv, &i, "--gru-rate", 0, 10, &v)) {
            o.gru_rate = v;
        } else if (numeric_arg(argc, argv, &i, "--l2", 0, 10, &v)) {
            o.l2 = v;
        } else if (numeric_arg(argc, argv, &i, "--dropout", 0, 0.95, &v)) {
            o.dropout = v;
        } else if (numeric_arg(argc, argv, &i, "--average", 0, 0.999999, &v)) {
            o.average = v;
        } else if (numeric_arg(argc, argv, &i, "--seed", 0, 1e15, &v)) {
            o.seed = (uint64_t)v;
        } else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            out_path = argv[++i];
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            exit(0);
        } else {
            fprintf(stderr, "train: unknown argument '%s'\n%s", argv[i], usage);
            exit(2); /* exit, not return: what main holds stays reachable */
        }
    }
    if (!set_count[ROLE_TRAIN - 1] || !set_count[ROLE_DEV - 1]) {
        fprintf(stderr, "train: give training and dev sentences\n%s", usage);
        exit(2);
    }
    size_t test_count = set_count[ROLE_TEST - 1];
    const char *const *test_names = set_args[ROLE_TEST - 1];
    for (size_t k = 0; k < test_count; k++) {
        tests[k] = (struct corpus){.role = ROLE_TEST, .placed = &placed};
        read_set(test_names[k], false, &tests[k]);
    }
    struct buf names[2]; /* of the training and of the dev sets, for the layer's note */
    for (enum role role = ROLE_TRAIN; role <= ROLE_DEV; role++) {
        struct buf *b = &names[role - ROLE_TRAIN];
        buf_init(b, 0);
        for (size_t k = 0; k < set_count[role - 1]; k++) {
            const char *arg = set_args[role - 1][k], *base = strrchr(arg, '/');
            bool partial = role == ROLE_TRAIN && set_partial[k];
            read_set(arg, partial, role == ROLE_TRAIN ? &train_set : &dev);
            buf_printf(b, "%s%s%s", b->len ? " " : "", base ? base + 1 : arg,
                       partial ? " (partial)" : "");
        }
    }
    strmap_free(&placed);
    arena_free(&placed_arena);
    if (!train_set.line_count)
        die("no training sentences%s", train_set.left_out ? " left: all are test sentences" : "");
    if (!dev.line_count)
        die("no dev sentences%s", dev.left_out ? " left: all are test or training sentences" : "");
    const char *error = NULL;
    const struct lac_model *m = lac_model_get(&error);
    if (!m)
        die("%s", error);
    if ((error = ner_layer_misfit(m)) != NULL)
        die("%s", error);
    compute_features(m, &train_set, o.no_lac_tags);
    compute_features(m, &dev, o.no_lac_tags);
    for (size_t k = 0; k < test_count; k++)
        compute_features(m, &tests[k], o.no_lac_tags);
    fprintf(stderr, "train: %zu training, %zu dev characters\n", train_set.chars, dev.chars);
    size_t unsure = 0;
    for (size_t i = 0; i < train_set.chars; i++)
        unsure += train_set.unsure[i] == UNSURE_YES;
    if (unsure)
        fprintf(stderr, "train: %zu characters of partially annotated sentences may take any tag\n",
                unsure);
    if (check)
        exit(check_gradient(&o, m, &train_set) < 0.01 ? 0 : 1);

    size_t np = ner_layer_params(o.hidden, o.tune);
    float *best = xcalloc(np, sizeof *best);
    int best_epoch = 0;
    double dev_f1 = train(&o, m, &train_set, &dev, best, &best_epoch);
    printf("chosen: epoch %d, dev F1 %.2f\n", best_epoch, dev_f1);
    struct score runtime_dev = evaluate_runtime(m, best, &o, &dev);
    print_score("run-time tagger,", "dev", &runtime_dev);
    for (size_t k = 0; k < test_count; k++) {
        struct score test = evaluate_runtime(m, best, &o, &tests[k]);
        print_score("run-time tagger, test", test_names[k], &test);
    }

    if (out_path) {
        struct buf about;
        buf_init(&about, 0);
        buf_printf(&about,
                   "tools/train: train %s; dev %s; %s%s, hidden %u, epochs %d of %d, batch %d, "
                   "rate %g, gru-rate %g, l2 %g, dropout %g, average %g, seed %llu; dev F1 %.2f",
                   names[0].data, names[1].data, o.tune ? "GRU layer 2 retuned" : "LAC's GRUs",
                   o.no_lac_tags ? ", no LAC tags" : "", o.hidden, best_epoch, o.epochs, o.batch,
                   o.rate, o.gru_rate, o.l2, o.dropout, o.average, (unsigned long long)o.seed,
                   f1(&runtime_dev));
        struct ner_layer layer = layer_of(&o, best);
        layer.about = about.data;
        layer.about_len = about.len;
        FILE *f = fopen(out_path, "wb");
        if (!f || !ner_layer_write(&layer, f) || fclose(f) != 0)
            die("writing %s failed", out_path);
        printf("wrote %s\n", out_path);
        buf_free(&about);
    }
    free(best);
    struct corpus *all[MAX_SETS + 2] = {&train_set, &dev};
    for (size_t k = 0; k < test_count; k++)
        all[2 + k] = &tests[k];
    for (size_t k = 0; k < test_count + 2; k++) {
        free(all[k]->lines);
        free(all[k]->chunks);
        free(all[k]->cps);
        free(all[k]->gold);
        free(all[k]->unsure);
        free(all[k]->states);
        free(all[k]->feat);
    }
    for (int k = 0; k < 2; k++)
        buf_free(&names[k]);
    return 0;
}

/* tag.c — the `tag` command: stdin lines → normalised code points → tags → entity spans →
 * one JSON object per line, offsets in code points of the line as given. */
#include "tag.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "dates.h"
#include "gazetteer.h"
#include "json.h"
#include "ner.h"
#include "normalize.h"
#include "pool.h"
#include "recognize.h"
#include "resolve.h"
#include "utf8.h"
#include "util.h"

/* Scratch space for one batch of lines, sized to the largest batch so far. */
struct batch_state {
    size_t cap;      /* code points */
    int32_t *cps;    /* the batch's normalised code points, line after line */
    size_t *byte_at; /* byte offset of each code point within its line, then the line end */
    uint8_t *tags;
    uint8_t *bio; /* the trained layer's tags */
    size_t line_cap;
    size_t *line_start; /* first code point of each line */
    const char **line_text;
    struct ner_span *spans;
    size_t span_cap;
};

static void batch_reserve(struct batch_state *s, size_t n, size_t lines)
{
    if (n > s->cap) {
        s->cap = n;
        s->cps = xrealloc(s->cps, n * sizeof *s->cps);
        s->byte_at = xrealloc(s->byte_at, (2 * n + 1) * sizeof *s->byte_at); /* lines ≤ n */
        s->tags = xrealloc(s->tags, n);
        s->bio = xrealloc(s->bio, n);
    }
    if (lines > s->line_cap) {
        s->line_cap = lines;
        s->line_start = xrealloc(s->line_start, (lines + 1) * sizeof *s->line_start);
        s->line_text = xrealloc(s->line_text, lines * sizeof *s->line_text);
    }
}

static void batch_free(struct batch_state *s)
{
    free(s->cps);
    free(s->byte_at);
    free(s->tags);
    free(s->bio);
    free(s->line_start);
    free(s->line_text);
    free(s->spans);
}

struct tag_worker {
    const struct lac_model *model;
    const struct ner_layer *layer; /* NULL: --model raw */
    struct date_ref ref;
    struct ner_tagger *tagger;
    struct resolver *resolver;
    struct batch_state batch;
};

/* Appends the JSON record of one line: its n code points are cps[0..n) with LAC's tags[0..n)
 * or the trained layer's bio[0..n) (the other NULL), and byte_at[0..n] their byte offsets in
 * line. The line is one document for the resolver. */
static void emit_line(const struct tag_worker *w, struct batch_state *s, const char *line,
                      const int32_t *cps, const size_t *byte_at, const uint8_t *tags,
                      const uint8_t *bio, size_t n, struct buf *out)
{
    size_t count = ner_spans(w->model, tags, bio, n, &s->spans, &s->span_cap);
    const struct resolved *entities;
    size_t found = resolve_document(w->resolver, cps, n, s->spans, count, &w->ref, &entities);
    buf_puts(out, "{\"entities\":[");
    for (size_t i = 0; i < found; i++) {
        const struct resolved *e = &entities[i];
        bool first;
        if (i)
            buf_putc(out, ',');
        json_object_begin(out, &first);
        json_member_str(out, &first, "type", entity_type_name(e->type));
        json_member_strn(out, &first, "text", line + byte_at[e->start],
                         byte_at[e->end] - byte_at[e->start]);
        json_member_long(out, &first, "start", (long)e->start);
        json_member_long(out, &first, "end", (long)e->end);
        if (e->type == ENTITY_COUNTRY) {
            json_member_str(out, &first, "code", e->country->code);
            json_member_str(out, &first, "canonical", e->country->canonical);
        } else if (e->country) {
            json_member_str(out, &first, "country", e->country->code);
        }
        if (e->role_end > e->role_start)
            json_member_strn(out, &first, "role", line + byte_at[e->role_start],
                             byte_at[e->role_end] - byte_at[e->role_start]);
        if (e->date)
            json_date_members(out, &first, e->date->value, date_grain_name(e->date->grain),
                              e->date->relative);
        json_object_end(out);
    }
    buf_puts(out, "]}\n");
}

/* Lines are handed to workers in batches of about this many bytes (whole lines). */
#define BATCH_BYTES ((size_t)64 * 1024)

/* What every tag worker shares. */
struct tag_context {
    const struct lac_model *model;
    const struct ner_layer *layer;
    const struct user_dict *dict;
    struct date_ref ref; /* --ref, or not known */
};

static void *tag_worker_new(const void *context)
{
    const struct tag_context *c = context;
    struct tag_worker *w = xcalloc(1, sizeof *w);
    w->model = c->model;
    w->layer = c->layer;
    w->ref = c->ref;
    w->tagger = ner_tagger_new(w->model, w->layer, c->dict);
    w->resolver = resolver_new(c->dict);
    return w;
}

static void tag_worker_free(void *worker)
{
    struct tag_worker *w = worker;
    batch_free(&w->batch);
    ner_tagger_free(w->tagger);
    resolver_free(w->resolver);
    free(w);
}

/* Reads whole lines from stdin until a batch is full; the batch is a NUL-terminated string of
 * lines each ending in '\n'. */
struct line_reader {
    char *line;
    size_t cap;
    bool failed;
};

static bool produce_batch(void *producer, void **input, struct buf *err)
{
    (void)err;
    struct line_reader *r = producer;
    struct buf batch;
    buf_init(&batch, 0);
    ssize_t got;
    while (batch.len < BATCH_BYTES && (got = getline(&r->line, &r->cap, stdin)) >= 0) {
        buf_put(&batch, r->line, (size_t)got);
        if (r->line[got - 1] != '\n')
            buf_putc(&batch, '\n');
    }
    if (ferror(stdin))
        r->failed = true;
    if (batch.len == 0) {
        buf_free(&batch);
        return false;
    }
    *input = buf_steal(&batch);
    return true;
}

/* Tags a batch of lines ("…\n…\n", NUL-terminated) in one call to the tagger, so the
 * sentences of all its lines run through the network together, then writes a record per line. */
static bool process_batch(void *worker, void *input, struct buf *out, struct buf *err,
                          size_t *bytes)
{
    (void)err;
    struct tag_worker *w = worker;
    struct batch_state *s = &w->batch;
    char *text = input;
    size_t text_len = strlen(text), lines = 0;
    *bytes = text_len;
    for (size_t i = 0; i < text_len; i++)
        lines += text[i] == '\n';
    batch_reserve(s, text_len, lines);

    size_t n = 0, l = 0;
    for (char *line = text; *line; l++) {
        char *nl = strchr(line, '\n');
        size_t len = (size_t)(nl - line);
        if (len && line[len - 1] == '\r')
            len--;
        s->line_text[l] = line;
        s->line_start[l] = n;
        /* byte_at has one extra entry per line (its end), so line l's offsets start at n + l */
        n += normalize_text(line, len, s->cps + n, s->byte_at + n + l);
        line = nl + 1;
    }
    s->line_start[lines] = n;
    /* trained: the layer's names only (LAC's times are not used: dates come from dates.c) */
    uint8_t *tags = w->layer ? NULL : s->tags, *bio = w->layer ? s->bio : NULL;
    ner_tag_lines(w->tagger, s->cps, n, s->line_start, lines, tags, bio);
    for (l = 0; l < lines; l++) {
        size_t start = s->line_start[l], count = s->line_start[l + 1] - start;
        emit_line(w, s, s->line_text[l], s->cps + start, s->byte_at + start + l,
                  tags ? tags + start : NULL, bio ? bio + start : NULL, count, out);
    }
    return true;
}

enum exit_status tag_run(const struct config *config)
{
    const char *error = NULL;
    const struct lac_model *m;
    const struct ner_layer *layer;
    if (!tagger_models_get(config->model == MODEL_TRAINED, config->layer, &m, &layer, &error)) {
        fprintf(stderr, "xinwen: %s\n", error);
        return EXIT_USAGE;
    }
    static const struct pool_ops ops = {tag_worker_new, tag_worker_free, produce_batch,
                                        process_batch, free};
    struct line_reader reader = {0};
    struct pool_result r;
    struct tag_context context = {m, layer, config->dict, {0}};
    if (config->ref)
        date_ref_set(&context.ref, &config->ref_time, config->ref_time.offset_minutes);
    static const struct pool_output output = {{"", "", ""}, NULL, NULL};
    pool_map(config->jobs, &ops, &context, &reader, &output, (struct pool_progress){0}, &r);
    free(reader.line);
    if (reader.failed) {
        fprintf(stderr, "xinwen: reading standard input failed: %s\n", strerror(errno));
        return EXIT_USAGE;
    }
    if (r.output_failed) {
        fprintf(stderr, "xinwen: writing output failed: %s\n", strerror(r.output_errno));
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

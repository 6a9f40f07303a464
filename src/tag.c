/* tag.c — the `tag` command: stdin lines → normalised code points → tags → entity spans →
 * one JSON object per line, offsets in code points of the line as given. */
#include "tag.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "gazetteer.h"
#include "json.h"
#include "ner.h"
#include "normalize.h"
#include "pool.h"
#include "utf8.h"
#include "util.h"

/* Scratch space sized to the longest line so far. */
struct line_state {
    size_t cap;
    int32_t *cps;
    size_t *byte_at;
    uint8_t *tags;
    struct ner_span *spans;
    size_t span_cap;
};

static void line_reserve(struct line_state *s, size_t n)
{
    if (n <= s->cap)
        return;
    s->cap = n;
    s->cps = xrealloc(s->cps, n * sizeof *s->cps);
    s->byte_at = xrealloc(s->byte_at, (n + 1) * sizeof *s->byte_at);
    s->tags = xrealloc(s->tags, n);
}

static const char *const type_names[] = {
    [NER_PER] = "person", [NER_LOC] = "place", [NER_ORG] = "org", [NER_TIME] = "date"};

/* Appends the JSON record for one line (without its newline). */
static void tag_line(struct ner_tagger *tagger, const struct lac_model *m, struct line_state *s,
                     const char *line, size_t len, struct buf *out, struct buf *scratch)
{
    line_reserve(s, len + 1);
    size_t n = normalize_text(line, len, s->cps, s->byte_at);
    ner_tag_text(tagger, s->cps, n, s->tags);
    size_t count = ner_spans(m, s->tags, n, s->spans, s->span_cap);
    if (count > s->span_cap) {
        s->span_cap = count;
        s->spans = xrealloc(s->spans, count * sizeof *s->spans);
        ner_spans(m, s->tags, n, s->spans, s->span_cap);
    }
    buf_puts(out, "{\"entities\":[");
    for (size_t i = 0; i < count; i++) {
        const struct ner_span *sp = &s->spans[i];
        const struct country *country = NULL;
        if (sp->type == NER_LOC) {
            buf_reset(scratch);
            for (size_t k = sp->start; k < sp->end; k++)
                utf8_put(scratch, s->cps[k]);
            country = gazetteer_country(scratch->data, scratch->len);
        }
        bool first;
        if (i)
            buf_putc(out, ',');
        json_object_begin(out, &first);
        json_member_str(out, &first, "type", country ? "country" : type_names[sp->type]);
        json_member_strn(out, &first, "text", line + s->byte_at[sp->start],
                         s->byte_at[sp->end] - s->byte_at[sp->start]);
        json_member_long(out, &first, "start", (long)sp->start);
        json_member_long(out, &first, "end", (long)sp->end);
        if (country) {
            json_member_str(out, &first, "code", country->code);
            json_member_str(out, &first, "canonical", country->canonical);
        }
        json_object_end(out);
    }
    buf_puts(out, "]}\n");
}

/* Lines are handed to workers in batches of about this many bytes (whole lines). */
#define BATCH_BYTES ((size_t)64 * 1024)

struct tag_worker {
    const struct lac_model *model;
    struct ner_tagger *tagger;
    struct line_state lines;
    struct buf scratch;
};

static void *tag_worker_new(const void *context)
{
    struct tag_worker *w = xcalloc(1, sizeof *w);
    w->model = context;
    w->tagger = ner_tagger_new(w->model);
    buf_init(&w->scratch, 0);
    return w;
}

static void tag_worker_free(void *worker)
{
    struct tag_worker *w = worker;
    free(w->lines.cps);
    free(w->lines.byte_at);
    free(w->lines.tags);
    free(w->lines.spans);
    buf_free(&w->scratch);
    ner_tagger_free(w->tagger);
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

static bool process_batch(void *worker, void *input, struct buf *out, struct buf *err)
{
    (void)err;
    struct tag_worker *w = worker;
    for (char *line = input; *line;) {
        char *nl = strchr(line, '\n');
        size_t len = (size_t)(nl - line);
        char *next = nl + 1;
        if (len && line[len - 1] == '\r')
            len--;
        tag_line(w->tagger, w->model, &w->lines, line, len, out, &w->scratch);
        line = next;
    }
    return true;
}

enum exit_status tag_run(const struct config *config)
{
    const char *error = NULL;
    const struct lac_model *m = lac_model_get(&error);
    if (!m) {
        fprintf(stderr, "xinwen: %s\n", error);
        return EXIT_USAGE;
    }
    static const struct pool_ops ops = {tag_worker_new, tag_worker_free, produce_batch,
                                        process_batch, free};
    struct line_reader reader = {0};
    struct pool_result r;
    pool_map(config->jobs, &ops, m, &reader, (struct framing){"", "", ""}, &r);
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

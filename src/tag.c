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

enum exit_status tag_run(const struct config *config)
{
    (void)config;
    const char *error = NULL;
    const struct lac_model *m = lac_model_get(&error);
    if (!m) {
        fprintf(stderr, "xinwen: %s\n", error);
        return EXIT_USAGE;
    }
    struct ner_tagger *tagger = ner_tagger_new(m);
    struct line_state s = {0};
    struct buf out, scratch;
    buf_init(&out, 0);
    buf_init(&scratch, 0);
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t got;
    enum exit_status status = EXIT_OK;
    while ((got = getline(&line, &line_cap, stdin)) >= 0) {
        size_t len = (size_t)got;
        if (len && line[len - 1] == '\n')
            len--;
        if (len && line[len - 1] == '\r')
            len--;
        buf_reset(&out);
        tag_line(tagger, m, &s, line, len, &out, &scratch);
        if (fwrite(out.data, 1, out.len, stdout) != out.len)
            break;
    }
    if (ferror(stdin)) {
        fprintf(stderr, "xinwen: reading standard input failed: %s\n", strerror(errno));
        status = EXIT_USAGE;
    }
    if ((fflush(stdout) != 0 || ferror(stdout)) && errno != EPIPE) {
        fprintf(stderr, "xinwen: writing output failed: %s\n", strerror(errno));
        status = EXIT_USAGE;
    }
    free(line);
    free(s.cps);
    free(s.byte_at);
    free(s.tags);
    free(s.spans);
    buf_free(&out);
    buf_free(&scratch);
    ner_tagger_free(tagger);
    return status;
}

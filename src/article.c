/* article.c — the per-article pipeline: read → decode → split → front matter → body text. */
#include "article.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dates.h"
#include "html_text.h"
#include "utf8.h"

void article_reader_init(struct article_reader *r, const struct config *config)
{
    r->config = config;
    r->recognizer = NULL;
    arena_init(&r->arena);
    buf_init(&r->raw, config->max_size + 1);
    buf_init(&r->utf8, 0);
    buf_init(&r->text, 0);
}

void article_reader_free(struct article_reader *r)
{
    arena_free(&r->arena);
    buf_free(&r->raw);
    buf_free(&r->utf8);
    buf_free(&r->text);
    recognizer_free(r->recognizer);
}

static void size_text(char *out, size_t len, size_t bytes)
{
    if (bytes >= (size_t)1 << 30 && bytes % ((size_t)1 << 30) == 0)
        snprintf(out, len, "%zuG", bytes >> 30);
    else if (bytes >= (size_t)1 << 20 && bytes % ((size_t)1 << 20) == 0)
        snprintf(out, len, "%zuM", bytes >> 20);
    else if (bytes >= 1024 && bytes % 1024 == 0)
        snprintf(out, len, "%zuK", bytes >> 10);
    else
        snprintf(out, len, "%zu bytes", bytes);
}

/* Reads the whole file into r->raw, refusing more than max_size bytes. */
static bool read_file(struct article_reader *r, const char *path, char *err, size_t err_len)
{
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, err_len, "cannot open: %s", strerror(errno));
        return false;
    }
    struct stat st;
    if (!is_stdin && fstat(fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            snprintf(err, err_len, "is a folder");
            close(fd);
            return false;
        }
        if (S_ISREG(st.st_mode) && (size_t)st.st_size > r->config->max_size) {
            char limit[32];
            size_text(limit, sizeof limit, r->config->max_size);
            snprintf(err, err_len, "file too large (%lld bytes; the limit is %s, see --max-size)",
                     (long long)st.st_size, limit);
            close(fd);
            return false;
        }
    }
    buf_reset(&r->raw);
    char chunk[65536];
    for (;;) {
        ssize_t got = read(fd, chunk, sizeof chunk);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            snprintf(err, err_len, "read error: %s", strerror(errno));
            if (!is_stdin)
                close(fd);
            return false;
        }
        if (got == 0)
            break;
        buf_put(&r->raw, chunk, (size_t)got);
        if (r->raw.overflow || r->raw.len > r->config->max_size) {
            char limit[32];
            size_text(limit, sizeof limit, r->config->max_size);
            snprintf(err, err_len, "file too large (more than %s, see --max-size)", limit);
            if (!is_stdin)
                close(fd);
            return false;
        }
    }
    if (!is_stdin)
        close(fd);
    return true;
}

/* CRLF and lone CR (old Mac files) become LF, in place, so every later stage sees one kind of
 * line end. */
static void normalize_line_ends(struct buf *b)
{
    char *p = memchr(b->data, '\r', b->len);
    if (!p)
        return;
    size_t w = (size_t)(p - b->data);
    for (size_t i = w; i < b->len; i++) {
        char c = b->data[i];
        if (c == '\r') {
            if (i + 1 < b->len && b->data[i + 1] == '\n')
                continue; /* the LF is kept */
            c = '\n';
        }
        b->data[w++] = c;
    }
    buf_truncate(b, w);
}

bool article_load(struct article_reader *r, const char *path, struct article *a, char *err,
                  size_t err_len)
{
    memset(a, 0, sizeof *a);
    arena_reset(&r->arena);
    a->path = path;
    if (!read_file(r, path, err, err_len))
        return false;

    buf_reset(&r->utf8);
    const char *problem = encoding_to_utf8(r->raw.data, r->raw.len, &r->utf8, &a->decoded);
    if (problem) {
        snprintf(err, err_len, "%s", problem);
        return false;
    }

    normalize_line_ends(&r->utf8);

    struct fm_split split;
    problem = frontmatter_split(r->utf8.data, r->utf8.len, &split);
    if (problem) {
        snprintf(err, err_len, "%s", problem);
        return false;
    }
    char yaml_err[512];
    if (!frontmatter_parse(&split, r->config->tz_offset, &r->arena, &a->meta, yaml_err,
                           sizeof yaml_err)) {
        snprintf(err, err_len, "front matter: %s", yaml_err);
        return false;
    }

    struct date_ref ref = {0}; /* an article without a date keeps relative dates open */
    if (a->meta.has_date) {
        date_ref_set(&ref, &a->meta.date, r->config->tz_offset);
        snprintf(a->day, sizeof a->day, "%04d-%02d-%02d", ref.year, ref.month, ref.day);
    }
    a->selected = cli_date_selected(r->config, a->meta.has_date ? a->day : NULL);
    a->text = "";
    if (!a->selected)
        return true;

    buf_reset(&r->text);
    enum body_format format =
        body_format_guess(split.body, split.body_len, strcmp(path, "-") == 0 ? NULL : path);
    const char *page_title = NULL;
    html_text_extract(split.body, split.body_len, format, &r->arena, &r->text, &page_title);
    if (!a->meta.title && page_title)
        a->meta.title = page_title;
    a->text = r->text.data;
    a->text_len = r->text.len;
    a->chars = utf8_length(r->text.data, r->text.len);

    if (cli_needs_entities(r->config)) {
        if (!r->recognizer) {
            const char *problem_model = NULL;
            const struct lac_model *m;
            const struct ner_layer *layer;
            if (!tagger_models_get(r->config->model == MODEL_TRAINED, r->config->layer, &m, &layer,
                                   &problem_model)) {
                snprintf(err, err_len, "%s", problem_model);
                return false;
            }
            r->recognizer = recognizer_new(m, layer, r->config->dict);
        }
        a->mention_count =
            recognize_text(r->recognizer, a->text, a->text_len, &ref, &r->arena, &a->mentions);
    }
    return true;
}

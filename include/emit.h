/* emit.h — rendering records: the per-command renderers and the framing of each format. */
#ifndef XINWEN_EMIT_H
#define XINWEN_EMIT_H

#include "article.h"
#include "buf.h"
#include "cli.h"

/* Appends one record for a (in config->format) to out. */
typedef void (*record_renderer)(const struct config *config, const struct article *a,
                                struct buf *out);

/* What goes around and between records in a format. */
struct framing {
    const char *header;  /* before the first record (also when there is none) */
    const char *between; /* between two records */
    const char *footer;  /* after the last record */
};

void emit_meta(const struct config *config, const struct article *a, struct buf *out);
void emit_articles(const struct config *config, const struct article *a, struct buf *out);
void emit_mentions(const struct config *config, const struct article *a, struct buf *out);

/* Appends the meta record's members (path … chars) to an open JSON object. */
void emit_meta_members(const struct article *a, struct buf *out, bool *first);
void emit_text(const struct config *config, const struct article *a, struct buf *out);

/* The framing for config->format and command, e.g. "[\n" ",\n" "\n]\n" for json and the
 * column-name line for tsv. */
struct framing emit_framing(const struct config *config);

/* Appends s as one TSV field: backslash, tab, newline and carriage return written as \\ \t \n
 * \r, other control characters dropped, invalid UTF-8 replaced, so a record stays one line
 * with a fixed number of fields. NULL is an empty field. */
void tsv_put_field(struct buf *b, const char *s, size_t n);
void tsv_put_cstr(struct buf *b, const char *s);

/* Appends s for a terminal: control characters (ESC sequences from articles among them)
 * dropped, tabs and newlines kept, invalid UTF-8 replaced. */
void text_put_safe(struct buf *b, const char *s, size_t n);

#endif

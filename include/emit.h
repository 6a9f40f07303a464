/* emit.h — rendering records: the per-command renderers and the framing of each format. */
#ifndef XINWEN_EMIT_H
#define XINWEN_EMIT_H

#include <stdio.h>

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

/* One mention as an article's entities group them. */
struct entity_item {
    enum entity_type type;
    const char *name; /* canonical */
    size_t start;
    const struct mention *m;
};

/* One entity of an article: items[from..to) share its type and canonical name. */
struct entity_group {
    enum entity_type type;
    size_t from, to;
    size_t first; /* offset of its first mention */
};

/* The article's entities of the types in config->types, by type, then most mentioned first.
 * Returns the count; *items and *groups are allocated (the caller frees both). */
size_t entity_groups(const struct config *config, const struct article *a,
                     struct entity_item **items, struct entity_group **groups);

/* A person's title and country, a place's or org's country: each from the first mention
 * that has it (王毅 after 国务委员兼外长王毅 is the same person); NULL when none has. */
void entity_group_attributes(const struct entity_item *items, const struct entity_group *g,
                             const char **role, const char **country);

/* Appends the meta record's members (path … chars) to an open JSON object. */
void emit_meta_members(const struct article *a, struct buf *out, bool *first);
void emit_text(const struct config *config, const struct article *a, struct buf *out);

/* The framing for config->format and command, e.g. "[\n" ",\n" "\n]\n" for json and the
 * column-name line for tsv. */
struct framing emit_framing(const struct config *config);

struct summary_report;

/* Writes the summary report r to out in config->format: one JSON document (json and jsonl), TSV
 * rows (one per table and key), or aligned text tables fitted to the terminal's width (colour
 * per --color and NO_COLOR). Returns false when writing failed. */
bool emit_summary(const struct config *config, const struct summary_report *r, FILE *out);

/* Appends s as one TSV field: backslash, tab, newline and carriage return written as \\ \t \n
 * \r, other control characters dropped, invalid UTF-8 replaced, so a record stays one line
 * with a fixed number of fields. NULL is an empty field. */
void tsv_put_field(struct buf *b, const char *s, size_t n);
void tsv_put_cstr(struct buf *b, const char *s);

/* Appends s for a terminal: control characters (ESC sequences from articles among them)
 * dropped, tabs and newlines kept, invalid UTF-8 replaced. */
void text_put_safe(struct buf *b, const char *s, size_t n);

/* The same for a value shown on one line (a path, a title, a name): tabs and newlines written
 * as \t and \n, so that a path with a newline in it cannot break the layout. */
void text_put_line(struct buf *b, const char *s, size_t n);

#endif

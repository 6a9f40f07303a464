/* frontmatter.h — splitting an article into YAML front matter and body, and reading the
 * front matter into normalised metadata with libyaml. */
#ifndef XINWEN_FRONTMATTER_H
#define XINWEN_FRONTMATTER_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "datetime.h"

/* Where the front matter and the body are inside the article text. */
struct fm_split {
    bool has_front_matter;
    const char *yaml; /* between the delimiter lines (excluding them) */
    size_t yaml_len;
    size_t yaml_line; /* 1-based line of the file where yaml starts */
    const char *body;
    size_t body_len;
};

/* Finds front matter: after optional blank lines, a line "---", then YAML, then a line "---" or
 * "...". Without an opening "---" the whole text is the body. Returns NULL, or a static message
 * when the opening line has no closing line. */
const char *frontmatter_split(const char *text, size_t n, struct fm_split *out);

struct string_list {
    const char **items;
    size_t count;
};

struct meta_extra {
    const char *key;
    const char *value;
};

/* Normalised front matter. Strings are UTF-8, allocated in the arena given to frontmatter_parse;
 * NULL means the key was absent (or empty, for title, author, source, url and date). */
struct meta {
    const char *title;
    const char *author;
    const char *source;
    const char *url;
    const char *date_raw; /* the date value as written, when there is one */
    bool has_date;        /* date_raw parsed into date */
    struct datetime date;
    struct string_list tags;
    struct string_list categories;
    struct meta_extra *extra; /* every other key, in file order, values as strings */
    size_t extra_count;
};

/* Parses the YAML of a split article into *out (zeroed first). default_offset (minutes east of
 * UTC) applies to dates written without a zone. Control characters that YAML forbids are replaced
 * by U+FFFD first, and tab-indented YAML is retried with spaces. Returns true on success; on a
 * YAML error returns false and writes "YAML error at line L, column C: problem" into err. */
bool frontmatter_parse(const struct fm_split *split, int default_offset, struct arena *arena,
                       struct meta *out, char *err, size_t err_len);

/* The host of an http(s) URL without a leading "www.", in the arena; NULL if url is not one. */
const char *url_host(struct arena *arena, const char *url);

#endif

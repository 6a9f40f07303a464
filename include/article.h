/* article.h — one article through the pipeline: read, decode, split, front matter, body text.
 * Each worker owns one article_reader and reuses it for every file. */
#ifndef XINWEN_ARTICLE_H
#define XINWEN_ARTICLE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "cli.h"
#include "encoding.h"
#include "frontmatter.h"
#include "recognize.h"

/* A loaded article. Its strings live in the reader's arena and buffers and are valid until the
 * next article_load on the same reader. */
struct article {
    const char *path;
    struct decoded_info decoded; /* encoding and replaced bytes */
    struct meta meta;
    char day[11];     /* the date's day in --tz, YYYY-MM-DD, or "" when the article has none */
    bool selected;    /* its date passes --since and --until; when false, nothing after the front
                       * matter is read (text is empty, no mentions) */
    const char *text; /* clean body text, lines joined by "\n" */
    size_t text_len;  /* bytes */
    size_t chars;     /* code points */
    struct mention *mentions; /* entities in text, in order (articles and mentions only) */
    size_t mention_count;
};

struct article_reader {
    const struct config *config;
    struct arena arena;
    struct buf raw;                /* the file's bytes */
    struct buf utf8;               /* the file as UTF-8 */
    struct buf text;               /* the clean body */
    struct recognizer *recognizer; /* created on first use, when the command needs entities */
};

void article_reader_init(struct article_reader *r, const struct config *config);
void article_reader_free(struct article_reader *r);

/* Reads and processes the file at path ("-": standard input) into *a. On failure returns false
 * with a one-line reason in err ("cannot open: Permission denied", "binary file (PNG image)",
 * "YAML error at line 3, column 5: ..."), and *a is not valid. */
bool article_load(struct article_reader *r, const char *path, struct article *a, char *err,
                  size_t err_len);

#endif

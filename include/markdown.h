/* markdown.h — reducing Markdown (and Hugo shortcodes) in article bodies to plain text. */
#ifndef XINWEN_MARKDOWN_H
#define XINWEN_MARKDOWN_H

#include <stddef.h>

#include "buf.h"

/* Appends body to out with its block syntax rewritten, line by line, so that the HTML-to-text
 * step sees paragraphs: ATX headings ("# T") and setext underlines ("T\n------") become the
 * heading text between blank lines; thematic breaks, code fences and reference definitions
 * become blank lines; bullet markers ("- ", "* ", "+ ") and blockquote markers ("> ") are
 * removed, each item starting its own paragraph; Hugo shortcodes ({{< … >}}, {{% … %}}) are
 * removed, keeping any text between an opening and a closing shortcode. Lines that start with
 * an HTML tag are copied unchanged. */
void markdown_blocks(const char *body, size_t n, struct buf *out);

/* Appends one line of text to out with inline Markdown reduced: ![alt](url) → alt,
 * [text](url) and [text][ref] → text, **x** __x__ *x* _x_ ~~x~~ `x` → x, and "\*" → "*".
 * Delimiters that do not pair up within the line are kept as written. */
void markdown_inline(const char *line, size_t n, struct buf *out);

#endif

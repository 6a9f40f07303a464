/* html_text.h — an article body (HTML fragment, Markdown, bare HTML page or plain text) turned
 * into clean text: one paragraph per line, boilerplate dropped. */
#ifndef XINWEN_HTML_TEXT_H
#define XINWEN_HTML_TEXT_H

#include <stddef.h>

#include "arena.h"
#include "buf.h"

enum body_format {
    BODY_FRAGMENT, /* HTML fragment, Markdown, or Markdown with inline HTML */
    BODY_DOCUMENT, /* a whole HTML page (<!DOCTYPE or <html first) */
    BODY_PLAIN,    /* plain text (.txt without tags): every line is a paragraph */
};

/* Chooses how to read a body: a page if it starts with <!DOCTYPE or <html, a fragment if it has
 * any tag or is not a .txt file, plain text otherwise. path may be NULL. */
enum body_format body_format_guess(const char *body, size_t n, const char *path);

/* Appends the clean text of body (valid UTF-8, n bytes) to out: paragraphs and other blocks as
 * lines joined by "\n" (no trailing newline); <script>, <style>, comments, forms, navigation,
 * embedded media, ad/subscription/related-article blocks and paywall links dropped; image
 * captions kept as their own lines; Markdown syntax reduced to text; entities decoded; runs of
 * white space collapsed to one space, and a source line break between Chinese characters
 * dropped, so Chinese text is never split. For a BODY_DOCUMENT, *title receives the page's
 * <title> (in arena) when it has one; otherwise *title is left unchanged. */
void html_text_extract(const char *body, size_t n, enum body_format format, struct arena *arena,
                       struct buf *out, const char **title);

#endif

/* utf8.h — UTF-8 decoding, validation and repair on top of utf8proc. */
#ifndef XINWEN_UTF8_H
#define XINWEN_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define UTF8_REPLACEMENT 0xFFFD

/* Decodes one code point at s (n bytes available). Returns its byte length (1..4) and sets *cp;
 * on an invalid or truncated sequence returns 1 and sets *cp to -1. n must be > 0. */
size_t utf8_decode(const char *s, size_t n, int32_t *cp);

/* Appends the UTF-8 encoding of cp (a valid scalar value) to b. */
void utf8_put(struct buf *b, int32_t cp);

/* How far s is from valid UTF-8. */
struct utf8_tally {
    size_t high;    /* bytes 0x80–0xFF */
    size_t chars;   /* valid multi-byte characters */
    size_t invalid; /* bytes in no valid character */
};
struct utf8_tally utf8_tally(const char *s, size_t n);

/* Number of bytes of s that are not part of a valid UTF-8 sequence (0: s is valid UTF-8). */
size_t utf8_invalid_bytes(const char *s, size_t n);

/* Appends s to b with every invalid byte replaced by U+FFFD. Returns the count replaced. */
size_t utf8_repair(struct buf *b, const char *s, size_t n);

/* Decodes NUL-terminated UTF-8 s into at most max code points in out (an invalid byte
 * becomes U+FFFD); returns how many, or max + 1 when s has more than max. */
size_t utf8_to_cps(const char *s, int32_t *out, size_t max);

/* The length of the first of words (UTF-8, each of at most 8 code points) that starts at
 * cps[at] (n code points available), or 0; with backwards, that ends just before cps[at]. */
size_t utf8_word_at(const int32_t *cps, size_t n, size_t at, const char *const *words, size_t count,
                    bool backwards);

/* Number of code points in s; each invalid byte counts as one (as utf8_repair would make it). */
size_t utf8_length(const char *s, size_t n);

/* Han ideographs, CJK punctuation and full-width forms: text where words are not separated by
 * spaces, so a source line break between two of them is dropped rather than made a space. */
bool utf8_is_cjk(int32_t cp);

/* White space as HTML and Markdown sources use it: ASCII space, tab, CR, LF, FF and U+00A0. */
bool utf8_is_source_space(int32_t cp);

/* White space in text: the above and every space separator (U+3000 …). */
bool utf8_is_blank(int32_t cp);

/* Punctuation: Unicode's categories P* (quotes, brackets, dashes, 、。·). */
bool utf8_is_punct(int32_t cp);

#endif

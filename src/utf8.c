/* utf8.c — UTF-8 decoding, validation and repair (see utf8.h). */
#include "utf8.h"

#include <string.h>
#include <utf8proc.h>

size_t utf8_decode(const char *s, size_t n, int32_t *cp)
{
    utf8proc_int32_t c;
    utf8proc_ssize_t len =
        utf8proc_iterate((const utf8proc_uint8_t *)s, n > 4 ? 4 : (utf8proc_ssize_t)n, &c);
    if (len <= 0) {
        *cp = -1;
        return 1;
    }
    *cp = c;
    return (size_t)len;
}

void utf8_put(struct buf *b, int32_t cp)
{
    utf8proc_uint8_t tmp[4];
    utf8proc_ssize_t len = utf8proc_encode_char(cp, tmp);
    buf_put(b, tmp, (size_t)len);
}

struct utf8_tally utf8_tally(const char *s, size_t n)
{
    struct utf8_tally t = {0, 0, 0};
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        t.high += len;
        if (cp < 0)
            t.invalid++;
        else
            t.chars++;
        i += len;
    }
    return t;
}

size_t utf8_invalid_bytes(const char *s, size_t n)
{
    return utf8_tally(s, n).invalid;
}

size_t utf8_repair(struct buf *b, const char *s, size_t n)
{
    size_t bad = 0, run = 0;
    for (size_t i = 0; i < n;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            run++;
            continue;
        }
        int32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (cp < 0) {
            buf_put(b, s + i - run, run);
            run = 0;
            utf8_put(b, UTF8_REPLACEMENT);
            bad++;
            i += len;
            continue;
        }
        i += len;
        run += len;
    }
    buf_put(b, s + n - run, run);
    return bad;
}

size_t utf8_length(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; count++) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
    }
    return count;
}

bool utf8_is_cjk(int32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF)       /* radicals, CJK punctuation, kana, Han */
           || (cp >= 0xF900 && cp <= 0xFAFF)    /* compatibility ideographs */
           || (cp >= 0xFE30 && cp <= 0xFE4F)    /* vertical forms */
           || (cp >= 0xFF00 && cp <= 0xFFEF)    /* full-width and half-width forms */
           || (cp >= 0x20000 && cp <= 0x3FFFF); /* Han extensions */
}

bool utf8_is_source_space(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0;
}

bool utf8_is_blank(int32_t cp)
{
    return utf8_is_source_space(cp) || utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
}

bool utf8_is_punct(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO;
}

size_t utf8_to_cps(const char *s, int32_t *out, size_t max)
{
    size_t n = strlen(s), count = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        if (count == max)
            return max + 1;
        out[count++] = cp < 0 ? UTF8_REPLACEMENT : cp;
    }
    return count;
}

size_t utf8_word_at(const int32_t *cps, size_t n, size_t at, const char *const *words, size_t count,
                    bool backwards)
{
    for (size_t i = 0; i < count; i++) {
        int32_t w[9];
        size_t len = utf8_to_cps(words[i], w, 8);
        if (len > 8 || len == 0)
            continue;
        if (backwards ? len > at : at + len > n)
            continue;
        if (memcmp(cps + (backwards ? at - len : at), w, len * sizeof *cps) == 0)
            return len;
    }
    return 0;
}

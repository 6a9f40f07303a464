/* encoding.c — detection and conversion of article bytes to UTF-8 (see encoding.h). */
#include "encoding.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "utf8.h"

static const struct {
    const char *magic;
    size_t len;
    const char *what;
} binary_magic[] = {
    {"\x89PNG", 4, "binary file (PNG image)"},
    {"\xFF\xD8\xFF", 3, "binary file (JPEG image)"},
    {"GIF8", 4, "binary file (GIF image)"},
    {"%PDF", 4, "binary file (PDF document)"},
    {"PK\x03\x04", 4, "binary file (ZIP archive)"},
    {"\x1F\x8B", 2, "binary file (gzip data)"},
    {"\x7F"
     "ELF",
     4, "binary file (ELF executable)"},
    {"BZh", 3, "binary file (bzip2 data)"},
    {"\xFD"
     "7zXZ",
     5, "binary file (xz data)"},
    {"7z\xBC\xAF", 4, "binary file (7-Zip archive)"},
    {"RIFF", 4, "binary file (RIFF media)"},
    {"OggS", 4, "binary file (Ogg media)"},
    {"ID3", 3, "binary file (MP3 audio)"},
    {"\x00\x00\x00\x18"
     "ftyp",
     8, "binary file (MP4 media)"},
    {"\x00\x00\x00\x20"
     "ftyp",
     8, "binary file (MP4 media)"},
    {"SQLite format 3", 15, "binary file (SQLite database)"},
};

#define SNIFF_BYTES ((size_t)64 * 1024)
/* Fewer high bytes than this, none valid UTF-8, are taken as stray bytes in ASCII text. */
#define STRAY_BYTES_MAX 8
/* Damage a decoding may show and still be believed (see damage_is_slight): in a short text, at
 * most DAMAGE_FEW_MAX bad places, each outweighed by this many good characters. GB18030 and Big5
 * take almost any pair of high bytes for a character, so their good characters prove less. */
#define DAMAGE_FEW_MAX 2
#define UTF8_GOOD_PER_BAD 3
#define LEGACY_GOOD_PER_BAD 6
/* A legacy decoding is kept only when at least this share (per mille) of its double-byte
 * characters are common ones; Chinese text scores above 900. */
#define LEGACY_COMMON_MIN 500
#define BINARY_NUL_MIN 8

/* Whether bad places of damage are few enough to believe a decoding: under 1 in 20 of all (UTF-8:
 * of the high bytes; GB18030, Big5: of the double-byte characters) or, as a short text cannot
 * meet that with even one, at most DAMAGE_FEW_MAX among at least good_per_bad times as many good
 * (multi-byte) characters. */
static bool damage_is_slight(size_t bad, size_t all, size_t good, size_t good_per_bad)
{
    return bad * 20 < all || (bad <= DAMAGE_FEW_MAX && good >= bad * good_per_bad);
}

/* Converts with iconv into out, replacing what cannot be converted rather than giving up: a byte
 * that starts no character becomes U+FFFD and decoding goes on at the next byte; a character the
 * file ends in the middle of (a cut download) becomes one U+FFFD. Sets *replaced to the number of
 * U+FFFD so written. False (out unchanged) when iconv lacks the charset or out overflows. */
static bool iconv_convert(const char *from, const char *data, size_t n, struct buf *out,
                          size_t *replaced)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) // NOLINT(performance-no-int-to-ptr): iconv's failure value
        return false;
    size_t start_len = out->len;
    char chunk[16384];
    char *in = (char *)data;
    size_t in_left = n;
    *replaced = 0;
    while (in_left > 0) {
        char *o = chunk;
        size_t o_left = sizeof chunk;
        size_t r = iconv(cd, &in, &in_left, &o, &o_left);
        int err = errno;
        buf_put(out, chunk, sizeof chunk - o_left);
        if (r != (size_t)-1 || err == E2BIG)
            continue;
        utf8_put(out, UTF8_REPLACEMENT);
        (*replaced)++;
        if (err == EINVAL) /* only at the end, as all the input is given at once */
            break;
        in++; /* EILSEQ */
        in_left--;
    }
    /* the end of the input, as iconv(3) asks: a stateful decoder (BIG5-HKSCS has characters that
     * combine with the next) may still hold one back */
    char *o = chunk;
    size_t o_left = sizeof chunk;
    iconv(cd, NULL, NULL, &o, &o_left);
    buf_put(out, chunk, sizeof chunk - o_left);
    iconv_close(cd);
    if (out->overflow)
        buf_truncate(out, start_len);
    return !out->overflow;
}

/* The double-byte characters of a legacy decoding, and how many are common Chinese ones. */
struct legacy_tally {
    size_t pairs;
    size_t common;
};

/* For GB18030: common means in GB2312's level-1 block (the 3,755 most common Han characters: lead
 * 0xB0–0xD7, trail 0xA1–0xFE). Four-byte sequences count as uncommon characters. */
static struct legacy_tally tally_gb(const char *data, size_t n)
{
    struct legacy_tally t = {0, 0};
    for (size_t i = 0; i + 1 < n;) {
        unsigned char a = (unsigned char)data[i], b = (unsigned char)data[i + 1];
        if (a < 0x80) {
            i++;
            continue;
        }
        t.pairs++;
        if (b >= 0x30 && b <= 0x39) { /* GB18030 four-byte sequence */
            i += 4;
            continue;
        }
        if (a >= 0xB0 && a <= 0xD7 && b >= 0xA1)
            t.common++;
        i += 2;
    }
    return t;
}

/* For Big5: common means in its frequently-used block (lead 0xA4–0xC6). */
static struct legacy_tally tally_big5(const char *data, size_t n)
{
    struct legacy_tally t = {0, 0};
    for (size_t i = 0; i + 1 < n;) {
        unsigned char a = (unsigned char)data[i];
        if (a < 0x80) {
            i++;
            continue;
        }
        t.pairs++;
        if (a >= 0xA4 && a <= 0xC6)
            t.common++;
        i += 2;
    }
    return t;
}

/* In thousandths: how many of the double-byte characters are common ones. */
static size_t legacy_common_share(struct legacy_tally t)
{
    return t.pairs ? t.common * 1000 / t.pairs : 0;
}

/* UTF-16 without a BOM: NUL bytes at most odd (LE) or most even (BE) positions.
 * Returns "UTF-16LE", "UTF-16BE" or NULL. */
static const char *sniff_utf16(const char *data, size_t n)
{
    size_t len = n < SNIFF_BYTES ? n : SNIFF_BYTES;
    size_t even_nul = 0, odd_nul = 0;
    for (size_t i = 0; i + 1 < len; i += 2) {
        even_nul += data[i] == 0;
        odd_nul += data[i + 1] == 0;
    }
    size_t units = len / 2;
    if (units < 2)
        return NULL;
    if (odd_nul * 10 >= units * 3 && even_nul * 20 < units)
        return "UTF-16LE";
    if (even_nul * 10 >= units * 3 && odd_nul * 20 < units)
        return "UTF-16BE";
    return NULL;
}

/* Binary: NUL bytes over 1% of the first 64 KiB (and at least BINARY_NUL_MIN of them), or
 * NULs and control bytes that do not occur in text (all but tab, LF, CR, FF, ESC) over 10%. */
static bool looks_binary(const char *data, size_t n)
{
    size_t len = n < SNIFF_BYTES ? n : SNIFF_BYTES;
    size_t nul = 0, ctl = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == 0)
            nul++;
        else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B)
            ctl++;
    }
    /* a stray NUL or two is damage in a text file; many are a binary file */
    return (nul * 100 > len && nul >= BINARY_NUL_MIN) || (nul + ctl) * 10 > len;
}

/* Appends s to out with NUL bytes replaced by U+FFFD; returns how many. */
static size_t put_without_nul(struct buf *out, const char *s, size_t n)
{
    size_t replaced = 0;
    const char *end = s + n;
    while (s < end) {
        const char *nul = memchr(s, '\0', (size_t)(end - s));
        if (!nul) {
            buf_put(out, s, (size_t)(end - s));
            break;
        }
        buf_put(out, s, (size_t)(nul - s));
        utf8_put(out, UTF8_REPLACEMENT);
        replaced++;
        s = nul + 1;
    }
    return replaced;
}

/* The 16-bit code unit at p. */
static unsigned utf16_unit(const char *p, bool big_endian)
{
    unsigned hi = (unsigned char)p[big_endian ? 0 : 1], lo = (unsigned char)p[big_endian ? 1 : 0];
    return hi << 8 | lo;
}

/* Appends UTF-16 text (after any BOM) to out as UTF-8. Damage is replaced, never refused, as in
 * UTF-8 text: an unpaired surrogate, U+0000 and an odd last byte (a file cut short) each become
 * one U+FFFD. Returns how many. Done here rather than with iconv, which stops at the first. */
static size_t utf16_to_utf8(const char *data, size_t n, bool big_endian, struct buf *out)
{
    size_t replaced = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        int32_t cp = (int32_t)utf16_unit(data + i, big_endian);
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < n) {
            int32_t low = (int32_t)utf16_unit(data + i + 2, big_endian);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 2;
            }
        }
        if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
            cp = UTF8_REPLACEMENT;
            replaced++;
        }
        utf8_put(out, cp);
    }
    if (n % 2) {
        utf8_put(out, UTF8_REPLACEMENT);
        replaced++;
    }
    return replaced;
}

/* How many bytes (0–3) at the end of data begin a UTF-8 character that the file ends before
 * finishing, as a download cut short does: a lead byte and continuation bytes valid so far. */
static size_t utf8_cut_tail(const char *data, size_t n)
{
    size_t cont = 0;
    while (cont < 3 && cont < n && ((unsigned char)data[n - 1 - cont] & 0xC0) == 0x80)
        cont++;
    if (cont == n)
        return 0;
    unsigned char lead = (unsigned char)data[n - 1 - cont];
    size_t len = lead >= 0xC2 && lead <= 0xDF   ? 2
                 : lead >= 0xE0 && lead <= 0xEF ? 3
                 : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                : 0;
    if (len <= cont + 1)
        return 0; /* not a lead byte, or the character is complete (or has too many bytes) */
    if (cont > 0) {
        /* the second byte's range is narrower after these leads (no overlong forms, no
         * surrogates, nothing past U+10FFFF) */
        unsigned char second = (unsigned char)data[n - cont];
        unsigned char lo = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
        unsigned char hi = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
        if (second < lo || second > hi)
            return 0;
    }
    return cont + 1;
}

/* Tries GB18030 and Big5, the more likely first (by their common-character shares), and keeps a
 * decoding into mostly common characters with slight damage, the less damaged when both are. */
static const char *from_legacy(const char *data, size_t n, struct buf *out,
                               struct decoded_info *info)
{
    static const char *const charsets[2] = {"GB18030", "BIG5-HKSCS"};
    static const char *const names[2] = {"GB18030", "BIG5"};
    struct legacy_tally tally[2] = {tally_gb(data, n), tally_big5(data, n)};
    size_t share[2] = {legacy_common_share(tally[0]), legacy_common_share(tally[1])};
    int order[2] = {0, 1};
    if (share[1] > share[0]) {
        order[0] = 1;
        order[1] = 0;
    }

    struct buf kept; /* the best decoding so far, of charsets[kept_i] */
    buf_init(&kept, out->max);
    int kept_i = -1;
    size_t kept_replaced = 0;
    for (int k = 0; k < 2; k++) {
        int i = order[k];
        if (share[i] < LEGACY_COMMON_MIN)
            continue; /* decodes, perhaps, but not into ordinary Chinese */
        if (kept_i >= 0 && kept_replaced == 0)
            break; /* a clean decoding cannot be bettered */
        struct buf tmp;
        buf_init(&tmp, out->max);
        size_t replaced;
        if (iconv_convert(charsets[i], data, n, &tmp, &replaced)
            && damage_is_slight(replaced, tally[i].pairs, tally[i].pairs, LEGACY_GOOD_PER_BAD)
            && (kept_i < 0 || replaced < kept_replaced)) {
            buf_free(&kept);
            kept = tmp;
            kept_i = i;
            kept_replaced = replaced;
        } else {
            buf_free(&tmp);
        }
    }
    if (kept_i >= 0) {
        info->encoding = names[kept_i];
        info->replaced = kept_replaced + put_without_nul(out, kept.data, kept.len);
    }
    buf_free(&kept);
    return kept_i >= 0 ? NULL : "not UTF-8, GB18030 or Big5 text";
}

const char *encoding_to_utf8(const char *data, size_t n, struct buf *out, struct decoded_info *info)
{
    info->encoding = "UTF-8";
    info->replaced = 0;

    if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        n -= 3;
    } else if (n >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 || memcmp(data, "\xFE\xFF", 2) == 0)) {
        bool big_endian = data[0] == '\xFE';
        info->encoding = big_endian ? "UTF-16BE" : "UTF-16LE";
        info->replaced = utf16_to_utf8(data + 2, n - 2, big_endian, out);
        return NULL;
    } else {
        for (size_t i = 0; i < sizeof binary_magic / sizeof binary_magic[0]; i++)
            if (n >= binary_magic[i].len
                && memcmp(data, binary_magic[i].magic, binary_magic[i].len) == 0)
                return binary_magic[i].what;
        const char *utf16 = sniff_utf16(data, n);
        if (utf16) {
            info->encoding = utf16;
            info->replaced = utf16_to_utf8(data, n, strcmp(utf16, "UTF-16BE") == 0, out);
            return NULL;
        }
    }
    if (looks_binary(data, n))
        return "binary file (control bytes), not an article";

    /* A character cut off at the very end (a truncated download) is damage, but says nothing
     * about the encoding: it does not count against UTF-8. */
    size_t cut = utf8_cut_tail(data, n);
    struct utf8_tally t = utf8_tally(data, n - cut);
    t.high += cut; /* high bytes all the same, for the stray-byte rule */
    if (t.invalid == 0 && cut == 0) {
        info->replaced = put_without_nul(out, data, n);
        return NULL;
    }

    /* Not clean UTF-8. If well-formed multi-byte sequences dominate (by far, or in a short text
     * clearly), or there are only a few stray high bytes in ASCII text (too few to be Chinese in a
     * legacy encoding), it is UTF-8 with damage. */
    if (damage_is_slight(t.invalid, t.high, t.chars, UTF8_GOOD_PER_BAD)
        || t.high < STRAY_BYTES_MAX) {
        struct buf tmp;
        buf_init(&tmp, out->max);
        info->replaced = utf8_repair(&tmp, data, n);
        info->replaced += put_without_nul(out, tmp.data, tmp.len);
        buf_free(&tmp);
        return NULL;
    }
    return from_legacy(data, n, out, info);
}

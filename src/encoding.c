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
/* A legacy decoding is kept only when at least this share (per mille) of its double-byte
 * characters are common ones; Chinese text scores above 900. */
#define LEGACY_COMMON_MIN 500
#define BINARY_NUL_MIN 8

/* Converts with iconv; false (out unchanged) on any invalid or incomplete sequence. */
static bool iconv_convert(const char *from, const char *data, size_t n, struct buf *out)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) // NOLINT(performance-no-int-to-ptr): iconv's failure value
        return false;
    size_t start_len = out->len;
    char chunk[16384];
    char *in = (char *)data;
    size_t in_left = n;
    bool ok = true;
    while (in_left > 0) {
        char *o = chunk;
        size_t o_left = sizeof chunk;
        size_t r = iconv(cd, &in, &in_left, &o, &o_left);
        buf_put(out, chunk, sizeof chunk - o_left);
        if (r == (size_t)-1 && errno != E2BIG) {
            ok = false;
            break;
        }
    }
    iconv_close(cd);
    if (!ok || out->overflow)
        buf_truncate(out, start_len);
    return ok && !out->overflow;
}

/* Share of double-byte characters that fall in GB2312's level-1 block (the 3,755 most common
 * Han characters: lead 0xB0–0xD7, trail 0xA1–0xFE), in thousandths. */
static int gb_common_share(const char *data, size_t n)
{
    size_t pairs = 0, common = 0;
    for (size_t i = 0; i + 1 < n;) {
        unsigned char a = (unsigned char)data[i], b = (unsigned char)data[i + 1];
        if (a < 0x80) {
            i++;
            continue;
        }
        if (b >= 0x30 && b <= 0x39) { /* GB18030 four-byte sequence */
            pairs++;
            i += 4;
            continue;
        }
        pairs++;
        if (a >= 0xB0 && a <= 0xD7 && b >= 0xA1)
            common++;
        i += 2;
    }
    return pairs ? (int)(common * 1000 / pairs) : 0;
}

/* Share of double-byte characters in Big5's frequently-used block (lead 0xA4–0xC6). */
static int big5_common_share(const char *data, size_t n)
{
    size_t pairs = 0, common = 0;
    for (size_t i = 0; i + 1 < n;) {
        unsigned char a = (unsigned char)data[i];
        if (a < 0x80) {
            i++;
            continue;
        }
        pairs++;
        if (a >= 0xA4 && a <= 0xC6)
            common++;
        i += 2;
    }
    return pairs ? (int)(common * 1000 / pairs) : 0;
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

/* Converts UTF-16 (after any BOM) and then cleans NULs. */
static const char *from_utf16(const char *name, const char *data, size_t n, struct buf *out,
                              struct decoded_info *info)
{
    struct buf tmp;
    buf_init(&tmp, out->max);
    if (!iconv_convert(name, data, n, &tmp)) {
        buf_free(&tmp);
        return "invalid UTF-16 text";
    }
    info->encoding = name;
    info->replaced = put_without_nul(out, tmp.data, tmp.len);
    buf_free(&tmp);
    return NULL;
}

const char *encoding_to_utf8(const char *data, size_t n, struct buf *out, struct decoded_info *info)
{
    info->encoding = "UTF-8";
    info->replaced = 0;

    if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        n -= 3;
    } else if (n >= 2 && memcmp(data, "\xFF\xFE", 2) == 0) {
        return from_utf16("UTF-16LE", data + 2, n - 2, out, info);
    } else if (n >= 2 && memcmp(data, "\xFE\xFF", 2) == 0) {
        return from_utf16("UTF-16BE", data + 2, n - 2, out, info);
    } else {
        for (size_t i = 0; i < sizeof binary_magic / sizeof binary_magic[0]; i++)
            if (n >= binary_magic[i].len
                && memcmp(data, binary_magic[i].magic, binary_magic[i].len) == 0)
                return binary_magic[i].what;
        const char *utf16 = sniff_utf16(data, n);
        if (utf16)
            return from_utf16(utf16, data, n, out, info);
    }
    if (looks_binary(data, n))
        return "binary file (control bytes), not an article";

    size_t invalid = utf8_invalid_bytes(data, n);
    if (invalid == 0) {
        info->replaced = put_without_nul(out, data, n);
        return NULL;
    }

    /* Not clean UTF-8. If well-formed multi-byte sequences dominate, or there are only a few
     * stray high bytes in ASCII text (too few to be Chinese in a legacy encoding), it is UTF-8
     * with damage. */
    size_t non_ascii = 0;
    for (size_t i = 0; i < n; i++)
        non_ascii += (unsigned char)data[i] >= 0x80;
    if (invalid * 20 < non_ascii || non_ascii < STRAY_BYTES_MAX) {
        struct buf tmp;
        buf_init(&tmp, out->max);
        info->replaced = utf8_repair(&tmp, data, n);
        info->replaced += put_without_nul(out, tmp.data, tmp.len);
        buf_free(&tmp);
        return NULL;
    }

    int gb = gb_common_share(data, n), big5 = big5_common_share(data, n);
    const char *order[2] = {"GB18030", "BIG5-HKSCS"};
    int share[2] = {gb, big5};
    if (big5 > gb) {
        order[0] = "BIG5-HKSCS";
        order[1] = "GB18030";
        share[0] = big5;
        share[1] = gb;
    }
    for (int i = 0; i < 2; i++) {
        if (share[i] < LEGACY_COMMON_MIN)
            continue; /* decodes, perhaps, but not into ordinary Chinese */
        struct buf tmp;
        buf_init(&tmp, out->max);
        if (iconv_convert(order[i], data, n, &tmp)) {
            info->encoding = strcmp(order[i], "GB18030") == 0 ? "GB18030" : "BIG5";
            info->replaced = put_without_nul(out, tmp.data, tmp.len);
            buf_free(&tmp);
            return NULL;
        }
        buf_free(&tmp);
    }
    return "not UTF-8, GB18030 or Big5 text";
}

/* test_buf_json.c — unit tests for buf.h (capped buffer), json.h (JSON writing) and utf8.h. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "check.h"
#include "json.h"
#include "utf8.h"

/* ---- a small JSON checker, so "valid JSON" is tested rather than assumed ---- */

struct jp {
    const char *p, *end;
};

static void jp_ws(struct jp *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* A JSON string: no raw control characters, only the escapes JSON defines, valid UTF-8, and no
 * lone surrogate escapes. */
static bool jp_string(struct jp *j)
{
    if (j->p >= j->end || *j->p != '"')
        return false;
    j->p++;
    while (j->p < j->end) {
        unsigned char c = (unsigned char)*j->p;
        if (c == '"') {
            j->p++;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c == '\\') {
            j->p++;
            if (j->p >= j->end)
                return false;
            char e = *j->p++;
            if (e == 'u') {
                if (j->end - j->p < 4)
                    return false;
                int v = 0;
                for (int k = 0; k < 4; k++) {
                    int h = hexval(j->p[k]);
                    if (h < 0)
                        return false;
                    v = v * 16 + h;
                }
                j->p += 4;
                if (v >= 0xD800 && v <= 0xDFFF)
                    return false; /* json.c never needs surrogate escapes */
            } else if (!strchr("\"\\/bfnrt", e) || e == '\0') {
                return false;
            }
            continue;
        }
        if (c >= 0x80) {
            int32_t cp;
            size_t len = utf8_decode(j->p, (size_t)(j->end - j->p), &cp);
            if (cp < 0)
                return false;
            j->p += len;
            continue;
        }
        j->p++;
    }
    return false;
}

static bool jp_value(struct jp *j, int depth);

static bool jp_number(struct jp *j)
{
    const char *start = j->p;
    if (j->p < j->end && *j->p == '-')
        j->p++;
    size_t digits = 0;
    while (j->p < j->end && *j->p >= '0' && *j->p <= '9') {
        j->p++;
        digits++;
    }
    if (!digits)
        return false;
    if (digits > 1 && start[*start == '-'] == '0')
        return false;
    return true;
}

static bool jp_value(struct jp *j, int depth)
{
    if (depth > 32)
        return false;
    jp_ws(j);
    if (j->p >= j->end)
        return false;
    char c = *j->p;
    if (c == '"')
        return jp_string(j);
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        j->p++;
        jp_ws(j);
        if (j->p < j->end && *j->p == close) {
            j->p++;
            return true;
        }
        for (;;) {
            jp_ws(j);
            if (c == '{') {
                if (!jp_string(j))
                    return false;
                jp_ws(j);
                if (j->p >= j->end || *j->p != ':')
                    return false;
                j->p++;
            }
            if (!jp_value(j, depth + 1))
                return false;
            jp_ws(j);
            if (j->p >= j->end)
                return false;
            if (*j->p == ',') {
                j->p++;
                continue;
            }
            if (*j->p == close) {
                j->p++;
                return true;
            }
            return false;
        }
    }
    if (c == '-' || (c >= '0' && c <= '9'))
        return jp_number(j);
    static const char *const words[] = {"null", "true", "false"};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(words[i]);
        if ((size_t)(j->end - j->p) >= n && memcmp(j->p, words[i], n) == 0) {
            j->p += n;
            return true;
        }
    }
    return false;
}

static bool json_valid(const char *s, size_t n)
{
    struct jp j = {s, s + n};
    if (!jp_value(&j, 0))
        return false;
    jp_ws(&j);
    return j.p == j.end;
}

/* json_put_string of n bytes at s, copied to a heap block of exactly n bytes so that ASan catches
 * any read past the end; the result is a malloc'd string the caller frees. */
static char *escape(const char *s, size_t n)
{
    char *copy = malloc(n ? n : 1);
    if (n)
        memcpy(copy, s, n);
    struct buf b;
    buf_init(&b, BUF_DEFAULT_MAX);
    json_put_string(&b, copy, n);
    free(copy);
    return buf_steal(&b);
}

#define CHECK_ESCAPE(lit, want)                                                                    \
    do {                                                                                           \
        char *got_ = escape(lit, sizeof(lit) - 1);                                                 \
        CHECK_STR(got_, want);                                                                     \
        CHECK(json_valid(got_, strlen(got_)));                                                     \
        free(got_);                                                                                \
    } while (0)

/* Same, hex digits compared without regard to case (the contract says \u00XX, not which case). */
#define CHECK_ESCAPE_CI(lit, want)                                                                 \
    do {                                                                                           \
        char *got_ = escape(lit, sizeof(lit) - 1);                                                 \
        CHECK(strcasecmp(got_, want) == 0);                                                        \
        if (strcasecmp(got_, want) != 0)                                                           \
            fprintf(stderr, "  got:  %s\n  want: %s\n", got_, want);                               \
        CHECK(json_valid(got_, strlen(got_)));                                                     \
        free(got_);                                                                                \
    } while (0)

static void test_buf(void)
{
    struct buf b;

    /* A fresh buffer is an empty C string. */
    buf_init(&b, 100);
    CHECK(b.data != NULL);
    CHECK(b.len == 0);
    CHECK_STR(b.data, "");
    CHECK(!b.overflow);
    CHECK(b.max == 100);
    buf_free(&b);

    /* Growth far past the initial capacity, one byte at a time and in blocks. */
    buf_init(&b, BUF_DEFAULT_MAX);
    bool same = true;
    for (size_t i = 0; i < 100000; i++)
        buf_putc(&b, (char)('a' + i % 26));
    CHECK(b.len == 100000);
    CHECK(b.cap > b.len);
    CHECK(b.data[b.len] == '\0');
    for (size_t i = 0; i < 100000; i++)
        same = same && b.data[i] == (char)('a' + i % 26);
    CHECK(same);
    CHECK(!b.overflow);
    char block[3000];
    memset(block, 'Z', sizeof block);
    buf_put(&b, block, sizeof block);
    CHECK(b.len == 103000);
    CHECK(b.data[100000] == 'Z' && b.data[102999] == 'Z' && b.data[103000] == '\0');
    buf_put(&b, block, 0); /* nothing */
    CHECK(b.len == 103000);
    buf_free(&b);

    /* buf_puts, and NUL termination after every kind of append. */
    buf_init(&b, BUF_DEFAULT_MAX);
    buf_puts(&b, "新华社");
    buf_putc(&b, ' ');
    buf_put(&b, "北京电xxx", strlen("北京电"));
    CHECK_STR(b.data, "新华社 北京电");
    CHECK(b.len == strlen("新华社 北京电"));
    buf_puts(&b, "");
    CHECK(b.len == strlen("新华社 北京电"));
    buf_free(&b);

    /* The cap: filling up to max exactly is fine; one byte more sets overflow and is dropped. */
    buf_init(&b, 10);
    buf_puts(&b, "12345678");
    CHECK(!b.overflow);
    buf_puts(&b, "90");
    CHECK(!b.overflow);
    CHECK(b.len == 10);
    CHECK_STR(b.data, "1234567890");
    buf_putc(&b, 'x');
    CHECK(b.overflow);
    CHECK(b.len == 10);
    CHECK_STR(b.data, "1234567890");
    size_t cap_before = b.cap;
    buf_puts(&b, "more");
    CHECK(b.overflow);
    CHECK(b.len <= 10);
    CHECK(b.cap == cap_before); /* did not grow for the dropped bytes */
    CHECK(strlen(b.data) == b.len);
    /* reset clears the data and the overflow flag */
    buf_reset(&b);
    CHECK(b.len == 0);
    CHECK_STR(b.data, "");
    CHECK(!b.overflow);
    buf_puts(&b, "abc");
    CHECK_STR(b.data, "abc");
    /* one append larger than the cap: dropped, buffer stays what it was */
    buf_put(&b, "0123456789ABCDEF", 16);
    CHECK(b.overflow);
    CHECK(b.len <= 10);
    CHECK(strncmp(b.data, "abc", 3) == 0);
    CHECK(strlen(b.data) == b.len);
    buf_free(&b);

    /* An append past the cap is refused without allocating for it. */
    buf_init(&b, 1000);
    cap_before = b.cap;
    char *big = malloc(5000);
    memset(big, 'q', 5000);
    buf_put(&b, big, 5000);
    CHECK(b.overflow);
    CHECK(b.len == 0);
    CHECK(b.cap == cap_before);
    free(big);
    buf_free(&b);

    /* buf_printf: short, exactly at the internal boundaries, and long strings. */
    buf_init(&b, BUF_DEFAULT_MAX);
    buf_printf(&b, "%d-%s-%05.1f", 42, "新闻", 3.14159);
    CHECK_STR(b.data, "42-新闻-003.1");
    buf_free(&b);
    for (size_t len = 250; len <= 262; len++) {
        char *s = malloc(len + 1);
        for (size_t i = 0; i < len; i++)
            s[i] = (char)('A' + i % 26);
        s[len] = '\0';
        buf_init(&b, BUF_DEFAULT_MAX);
        buf_puts(&b, "<");
        buf_printf(&b, "%s>", s);
        CHECK(b.len == len + 2);
        CHECK(b.data[0] == '<' && memcmp(b.data + 1, s, len) == 0 && b.data[len + 1] == '>');
        CHECK(b.data[len + 2] == '\0');
        buf_free(&b);
        free(s);
    }
    {
        size_t len = 100000;
        char *s = malloc(len + 1);
        for (size_t i = 0; i < len; i++)
            s[i] = (char)('a' + i % 26);
        s[len] = '\0';
        buf_init(&b, BUF_DEFAULT_MAX);
        buf_puts(&b, "head:");
        buf_printf(&b, "%s|%d", s, 7);
        CHECK(b.len == 5 + len + 2);
        CHECK(strncmp(b.data, "head:", 5) == 0);
        CHECK(memcmp(b.data + 5, s, len) == 0);
        CHECK_STR(b.data + 5 + len, "|7");
        buf_free(&b);
        /* a long printf past the cap is dropped and flags overflow */
        buf_init(&b, 1000);
        buf_puts(&b, "keep");
        buf_printf(&b, "%s", s);
        CHECK(b.overflow);
        CHECK(b.len <= 1000);
        CHECK(strncmp(b.data, "keep", 4) == 0);
        CHECK(strlen(b.data) == b.len);
        buf_free(&b);
        free(s);
    }
    /* a short printf past the cap likewise */
    buf_init(&b, 5);
    buf_printf(&b, "%s", "abcdef");
    CHECK(b.overflow);
    CHECK(b.len <= 5);
    CHECK(strlen(b.data) == b.len);
    buf_free(&b);

    /* buf_truncate */
    buf_init(&b, BUF_DEFAULT_MAX);
    buf_puts(&b, "hello, world");
    buf_truncate(&b, 5);
    CHECK(b.len == 5);
    CHECK_STR(b.data, "hello");
    buf_truncate(&b, 5); /* same length: no change */
    CHECK(b.len == 5);
    CHECK_STR(b.data, "hello");
    buf_puts(&b, "!");
    CHECK_STR(b.data, "hello!");
    buf_truncate(&b, 0);
    CHECK(b.len == 0);
    CHECK_STR(b.data, "");
    buf_free(&b);

    /* buf_steal hands over the data and leaves the buffer empty. */
    buf_init(&b, BUF_DEFAULT_MAX);
    buf_puts(&b, "外交部发言人");
    size_t stolen_len = b.len;
    char *s = buf_steal(&b);
    CHECK_STR(s, "外交部发言人");
    CHECK(strlen(s) == stolen_len);
    CHECK(b.len == 0);
    CHECK(b.data == NULL || b.data[0] == '\0');
    free(s);
    buf_free(&b); /* safe on a stolen-from buffer */
    buf_init(&b, BUF_DEFAULT_MAX);
    buf_puts(&b, "again");
    CHECK_STR(b.data, "again");
    buf_free(&b);
    /* stealing an empty buffer gives an empty string */
    buf_init(&b, BUF_DEFAULT_MAX);
    s = buf_steal(&b);
    CHECK(s != NULL && s[0] == '\0');
    free(s);

    /* a whole file, appended; an error as its errno value */
    char path[] = "/tmp/xinwen-buf-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, "0123456789", 10) == 10);
    if (fd >= 0)
        close(fd);
    buf_init(&b, 15);
    buf_puts(&b, "ab");
    CHECK(buf_read_file(&b, path) == 0);
    CHECK_STR(b.data, "ab0123456789");
    CHECK(buf_read_file(&b, path) == EFBIG); /* past the cap */
    buf_free(&b);
    unlink(path);
    buf_init(&b, 0);
    CHECK(buf_read_file(&b, "/nonexistent/file") == ENOENT);
    CHECK(buf_read_file(&b, "/") == EISDIR);
    CHECK(b.len == 0);
    buf_free(&b);
}

static void test_json_strings(void)
{
    CHECK_ESCAPE("", "\"\"");
    CHECK_ESCAPE("plain text 123", "\"plain text 123\"");
    CHECK_ESCAPE("say \"hi\"", "\"say \\\"hi\\\"\"");
    CHECK_ESCAPE("C:\\path\\file", "\"C:\\\\path\\\\file\"");
    CHECK_ESCAPE("/slash/", "\"/slash/\"");
    CHECK_ESCAPE("a\bb\tc\nd\fe\rf", "\"a\\bb\\tc\\nd\\fe\\rf\"");
    CHECK_ESCAPE("\"\\\"", "\"\\\"\\\\\\\"\"");

    /* other controls as \u00XX, including NUL (inside n) and DEL */
    CHECK_ESCAPE_CI("\x01", "\"\\u0001\"");
    CHECK_ESCAPE_CI("a\x00z", "\"a\\u0000z\"");
    CHECK_ESCAPE_CI("\x0b", "\"\\u000b\"");
    CHECK_ESCAPE_CI("\x1b[0m", "\"\\u001b[0m\"");
    CHECK_ESCAPE_CI("\x1f", "\"\\u001f\"");
    CHECK_ESCAPE_CI("x\x7fy", "\"x\\u007fy\"");
    CHECK_ESCAPE(" ~", "\" ~\""); /* 0x20 and 0x7E are printable */
    {
        /* every byte below 0x20 gives valid JSON with no raw control left */
        char all[32];
        for (int i = 0; i < 32; i++)
            all[i] = (char)i;
        char *got = escape(all, sizeof all);
        bool raw = false;
        for (const char *p = got; *p; p++)
            raw = raw || (unsigned char)*p < 0x20;
        CHECK(!raw);
        CHECK(json_valid(got, strlen(got)));
        free(got);
    }

    /* U+2028 and U+2029 escaped (they end lines in JavaScript) */
    CHECK_ESCAPE_CI("a\xE2\x80\xA8"
                    "b",
                    "\"a\\u2028b\"");
    CHECK_ESCAPE_CI("\xE2\x80\xA9", "\"\\u2029\"");
    CHECK_ESCAPE("\xE2\x80\xA7", "\"\xE2\x80\xA7\""); /* U+2027 is left alone */

    /* valid CJK and other non-ASCII passes through unchanged */
    CHECK_ESCAPE("中文新闻：外交部发言人。", "\"中文新闻：外交部发言人。\"");
    CHECK_ESCAPE("聯合國「秘書長」", "\"聯合國「秘書長」\"");
    CHECK_ESCAPE("café 😀 \xF0\xA0\x80\x80", "\"café 😀 \xF0\xA0\x80\x80\"");

    /* invalid UTF-8 bytes become U+FFFD, one per byte */
    CHECK_ESCAPE("a\xFF"
                 "b",
                 "\"a\xEF\xBF\xBD"
                 "b\"");
    CHECK_ESCAPE("\x80", "\"\xEF\xBF\xBD\"");
    CHECK_ESCAPE("\xC0\xAF", "\"\xEF\xBF\xBD\xEF\xBF\xBD\""); /* overlong '/' */
    CHECK_ESCAPE("\xC3\x28", "\"\xEF\xBF\xBD(\"");            /* bad trail */
    /* GBK 国家 */
    CHECK_ESCAPE("\xB9\xFA\xBC\xD2", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
    {
        /* a surrogate encoded in UTF-8 and a code point above U+10FFFF are not valid */
        char *got = escape("\xED\xA0\x80", 3);
        CHECK(json_valid(got, strlen(got)));
        CHECK(strstr(got, "\xEF\xBF\xBD") != NULL);
        CHECK(strchr(got, '\xED') == NULL);
        free(got);
        got = escape("\xF4\x90\x80\x80", 4);
        CHECK(json_valid(got, strlen(got)));
        CHECK(strstr(got, "\xEF\xBF\xBD") != NULL);
        CHECK(strchr(got, '\xF4') == NULL);
        free(got);
    }
    /* truncated sequences at the end of the input (escape() copies exactly n bytes) */
    CHECK_ESCAPE("ab\xE4\xB8", "\"ab\xEF\xBF\xBD\xEF\xBF\xBD\""); /* 中 cut after 2 */
    CHECK_ESCAPE("\xE4", "\"\xEF\xBF\xBD\"");
    CHECK_ESCAPE("x\xF0\x9F\x98", "\"x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""); /* 😀 cut */
    {
        /* n stops in the middle of 中: the bytes after n must not be used */
        const char *s = "新闻中";
        char *got = escape(s, strlen(s) - 1);
        CHECK_STR(got, "\"新闻\xEF\xBF\xBD\xEF\xBF\xBD\"");
        free(got);
    }

    /* mixed: escapes, CJK and bad bytes together still give valid JSON */
    {
        const char mix[] = "标题\t\"引号\"\n\x01\xFF\\ end\xE2\x80\xA8\xE4";
        char *got = escape(mix, sizeof mix - 1);
        CHECK(json_valid(got, strlen(got)));
        CHECK(strstr(got, "标题\\t\\\"引号\\\"\\n") != NULL);
        free(got);
    }

    /* json_put_cstr */
    struct buf b;
    buf_init(&b, BUF_DEFAULT_MAX);
    json_put_cstr(&b, NULL);
    CHECK_STR(b.data, "null");
    buf_reset(&b);
    json_put_cstr(&b, "");
    CHECK_STR(b.data, "\"\"");
    buf_reset(&b);
    json_put_cstr(&b, "王毅\n\"说\"");
    CHECK_STR(b.data, "\"王毅\\n\\\"说\\\"\"");
    buf_reset(&b);
    /* appends after what is there */
    buf_puts(&b, "[");
    json_put_cstr(&b, "a");
    buf_puts(&b, ",");
    json_put_cstr(&b, NULL);
    buf_puts(&b, "]");
    CHECK_STR(b.data, "[\"a\",null]");
    CHECK(json_valid(b.data, b.len));
    buf_free(&b);
}

static void test_json_objects(void)
{
    struct buf b;
    bool first = false;

    buf_init(&b, BUF_DEFAULT_MAX);
    json_object_begin(&b, &first);
    CHECK(first);
    json_object_end(&b);
    CHECK_STR(b.data, "{}");
    CHECK(json_valid(b.data, b.len));
    buf_free(&b);

    buf_init(&b, BUF_DEFAULT_MAX);
    json_object_begin(&b, &first);
    json_member_str(&b, &first, "title", "外交部：王毅将出席\"联合国大会\"");
    CHECK(!first);
    json_member_str(&b, &first, "author", NULL);
    json_member_strn(&b, &first, "body", "line1\nline2\x00tail", 16);
    json_member_long(&b, &first, "words", 1234);
    json_member_long(&b, &first, "neg", -5);
    json_member_long(&b, &first, "min", LONG_MIN);
    json_member_long(&b, &first, "max", LONG_MAX);
    json_member_str(&b, &first, "key \"q\"\t", "v");
    json_key(&b, &first, "tags");
    buf_puts(&b, "[");
    json_put_cstr(&b, "外交");
    buf_puts(&b, ",");
    json_put_cstr(&b, "bad\xFF");
    buf_puts(&b, "]");
    json_object_end(&b);
    CHECK(json_valid(b.data, b.len));
    {
        struct buf want;
        buf_init(&want, BUF_DEFAULT_MAX);
        buf_printf(&want,
                   "{\"title\":\"外交部：王毅将出席\\\"联合国大会\\\"\",\"author\":null,"
                   "\"body\":\"line1\\nline2\\u0000tail\",\"words\":1234,\"neg\":-5,"
                   "\"min\":%ld,\"max\":%ld,\"key \\\"q\\\"\\t\":\"v\","
                   "\"tags\":[\"外交\",\"bad\xEF\xBF\xBD\"]}",
                   LONG_MIN, LONG_MAX);
        CHECK_STR(b.data, want.data);
        buf_free(&want);
    }
    buf_free(&b);

    /* two objects in a row: begin resets the comma state */
    buf_init(&b, BUF_DEFAULT_MAX);
    buf_puts(&b, "[");
    json_object_begin(&b, &first);
    json_member_long(&b, &first, "a", 1);
    json_object_end(&b);
    buf_puts(&b, ",");
    json_object_begin(&b, &first);
    json_member_long(&b, &first, "b", 2);
    json_member_strn(&b, &first, "c", "\xE4\xB8\xAD\xE4", 4);
    json_object_end(&b);
    buf_puts(&b, "]");
    CHECK_STR(b.data, "[{\"a\":1},{\"b\":2,\"c\":\"中\xEF\xBF\xBD\"}]");
    CHECK(json_valid(b.data, b.len));
    buf_free(&b);

    /* the checker itself rejects what it should */
    CHECK(!json_valid("{\"a\":1,}", 8));
    CHECK(!json_valid("\"a\nb\"", 5));
    CHECK(!json_valid("\"\\x\"", 4));
    CHECK(!json_valid("\"\xFF\"", 3));
}

static void test_utf8(void)
{
    /* utf8_invalid_bytes */
    CHECK(utf8_invalid_bytes("", 0) == 0);
    CHECK(utf8_invalid_bytes("ascii only", 10) == 0);
    const char *cjk = "中文新闻，外交部。😀";
    CHECK(utf8_invalid_bytes(cjk, strlen(cjk)) == 0);
    CHECK(utf8_invalid_bytes("a\xFF"
                             "b",
                             3)
          == 1);
    CHECK(utf8_invalid_bytes("\x80\x80", 2) == 2);
    CHECK(utf8_invalid_bytes("\xC0\x80", 2) == 2);         /* overlong NUL */
    CHECK(utf8_invalid_bytes("\xE0\x80\xAF", 3) == 3);     /* overlong '/' */
    CHECK(utf8_invalid_bytes("\xED\xA0\x80", 3) == 3);     /* surrogate */
    CHECK(utf8_invalid_bytes("\xF4\x90\x80\x80", 4) == 4); /* above U+10FFFF */
    CHECK(utf8_invalid_bytes("ok\xE4\xB8", 4) == 2);       /* truncated at the end */
    CHECK(utf8_invalid_bytes("\xE4\xB8"
                             "a\xE4\xB8\xAD",
                             6)
          == 2); /* truncated, then valid 中 */
    CHECK(utf8_invalid_bytes("新闻中", strlen("新闻中") - 1) == 2);

    /* utf8_repair */
    struct buf b;
    buf_init(&b, BUF_DEFAULT_MAX);
    CHECK(utf8_repair(&b, cjk, strlen(cjk)) == 0);
    CHECK_STR(b.data, cjk);
    buf_reset(&b);
    buf_puts(&b, ">");
    CHECK(utf8_repair(&b,
                      "a\xFF"
                      "b\xE4\xB8\xAD\x80",
                      7)
          == 2);
    CHECK_STR(b.data, ">a\xEF\xBF\xBD"
                      "b中\xEF\xBF\xBD");
    buf_reset(&b);
    CHECK(utf8_repair(&b, "x\xE4\xB8", 3) == 2);
    CHECK_STR(b.data, "x\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(utf8_invalid_bytes(b.data, b.len) == 0);
    buf_reset(&b);
    CHECK(utf8_repair(&b, "", 0) == 0);
    CHECK_STR(b.data, "");
    buf_free(&b);

    /* utf8_length */
    CHECK(utf8_length("", 0) == 0);
    CHECK(utf8_length("abc", 3) == 3);
    CHECK(utf8_length("中文abc", strlen("中文abc")) == 5);
    CHECK(utf8_length("😀x", strlen("😀x")) == 2);
    CHECK(utf8_length("\xFF", 1) == 1);
    CHECK(utf8_length("a\xFF"
                      "b",
                      3)
          == 3);
    CHECK(utf8_length("a\x80"
                      "b",
                      3)
          == 3);                             /* a stray continuation byte counts as one */
    CHECK(utf8_length("x\xE4\xB8", 3) == 3); /* two invalid bytes: two */

    /* utf8_is_cjk */
    CHECK(utf8_is_cjk(0x4E2D));  /* 中 */
    CHECK(utf8_is_cjk(0x9F8D));  /* 龍 */
    CHECK(utf8_is_cjk(0x3400));  /* extension A */
    CHECK(utf8_is_cjk(0x20000)); /* extension B */
    CHECK(utf8_is_cjk(0xF900));  /* compatibility ideograph */
    CHECK(utf8_is_cjk(0x3002));  /* 。 */
    CHECK(utf8_is_cjk(0x3001));  /* 、 */
    CHECK(utf8_is_cjk(0x300C));  /* 「 */
    CHECK(utf8_is_cjk(0xFF0C));  /* ， */
    CHECK(utf8_is_cjk(0xFF1A));  /* ： */
    CHECK(utf8_is_cjk(0xFF01));  /* ！ */
    CHECK(!utf8_is_cjk('A'));
    CHECK(!utf8_is_cjk(' '));
    CHECK(!utf8_is_cjk('1'));
    CHECK(!utf8_is_cjk(0xE9));    /* é */
    CHECK(!utf8_is_cjk(0x416));   /* Ж */
    CHECK(!utf8_is_cjk(0x2014));  /* — */
    CHECK(!utf8_is_cjk(0x1F600)); /* 😀 */
    CHECK(!utf8_is_cjk(-1));

    /* utf8_decode / utf8_put agree */
    int32_t cp;
    CHECK(utf8_decode("\xE4\xB8\xAD", 3, &cp) == 3 && cp == 0x4E2D);
    CHECK(utf8_decode("A", 1, &cp) == 1 && cp == 'A');
    CHECK(utf8_decode("\xF0\x9F\x98\x80", 4, &cp) == 4 && cp == 0x1F600);
    CHECK(utf8_decode("\xE4\xB8\xAD", 2, &cp) == 1 && cp == -1);
    CHECK(utf8_decode("\xFF", 1, &cp) == 1 && cp == -1);
    buf_init(&b, BUF_DEFAULT_MAX);
    utf8_put(&b, 0x4E2D);
    utf8_put(&b, 'x');
    utf8_put(&b, 0x1F600);
    utf8_put(&b, UTF8_REPLACEMENT);
    CHECK_STR(b.data, "中x😀\xEF\xBF\xBD");
    buf_free(&b);
}

void test_buf_json(void)
{
    test_buf();
    test_json_strings();
    test_json_objects();
    test_utf8();
}

/* json.c — JSON writing (string escaping, object helpers) and a strict reader (see json.h). */
#include "json.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "util.h"

void json_put_string(struct buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    buf_putc(b, '"');
    size_t run = 0; /* bytes copied through unchanged, flushed lazily */
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char ctl[7];
        size_t len = 1;
        if (c >= 0x80) {
            int32_t cp;
            len = utf8_decode(s + i, n - i, &cp);
            if (cp >= 0 && cp != 0x2028 && cp != 0x2029) {
                i += len;
                run += len;
                continue;
            }
            if (cp < 0) {
                esc = "\xEF\xBF\xBD"; /* U+FFFD */
            } else {
                ctl[0] = '\\', ctl[1] = 'u', ctl[2] = '2', ctl[3] = '0', ctl[4] = '2';
                ctl[5] = cp == 0x2028 ? '8' : '9', ctl[6] = '\0';
                esc = ctl;
            }
        } else if (c == '"') {
            esc = "\\\"";
        } else if (c == '\\') {
            esc = "\\\\";
        } else if (c == '\n') {
            esc = "\\n";
        } else if (c == '\t') {
            esc = "\\t";
        } else if (c == '\r') {
            esc = "\\r";
        } else if (c == '\b') {
            esc = "\\b";
        } else if (c == '\f') {
            esc = "\\f";
        } else if (c < 0x20 || c == 0x7F) {
            ctl[0] = '\\', ctl[1] = 'u', ctl[2] = '0', ctl[3] = '0';
            ctl[4] = hex[c >> 4], ctl[5] = hex[c & 15], ctl[6] = '\0';
            esc = ctl;
        }
        if (!esc) {
            i++;
            run++;
            continue;
        }
        buf_put(b, s + i - run, run);
        run = 0;
        buf_puts(b, esc);
        i += len;
    }
    buf_put(b, s + n - run, run);
    buf_putc(b, '"');
}

void json_put_cstr(struct buf *b, const char *s)
{
    if (!s) {
        buf_puts(b, "null");
        return;
    }
    size_t n = 0;
    while (s[n])
        n++;
    json_put_string(b, s, n);
}

void json_object_begin(struct buf *b, bool *first)
{
    buf_putc(b, '{');
    *first = true;
}

void json_object_end(struct buf *b)
{
    buf_putc(b, '}');
}

void json_key(struct buf *b, bool *first, const char *key)
{
    if (!*first)
        buf_putc(b, ',');
    *first = false;
    json_put_cstr(b, key);
    buf_putc(b, ':');
}

void json_member_str(struct buf *b, bool *first, const char *key, const char *value)
{
    json_key(b, first, key);
    json_put_cstr(b, value);
}

void json_member_strn(struct buf *b, bool *first, const char *key, const char *value, size_t n)
{
    json_key(b, first, key);
    json_put_string(b, value, n);
}

void json_member_long(struct buf *b, bool *first, const char *key, long value)
{
    json_key(b, first, key);
    buf_printf(b, "%ld", value);
}

void json_member_bool(struct buf *b, bool *first, const char *key, bool value)
{
    json_key(b, first, key);
    buf_puts(b, value ? "true" : "false");
}

/* ---- reading ---- */

#define JSON_DEPTH_MAX 32

struct json_parser {
    const char *s;
    size_t n, at;
    struct arena *arena;
    const char *problem; /* set on the first error */
    size_t problem_at;
};

static bool parse_fail(struct json_parser *p, const char *problem)
{
    if (!p->problem) {
        p->problem = problem;
        p->problem_at = p->at;
    }
    return false;
}

static void skip_space(struct json_parser *p)
{
    while (p->at < p->n
           && (p->s[p->at] == ' ' || p->s[p->at] == '\t' || p->s[p->at] == '\n'
               || p->s[p->at] == '\r'))
        p->at++;
}

static bool parse_literal(struct json_parser *p, const char *word)
{
    size_t len = strlen(word);
    if (p->n - p->at < len || memcmp(p->s + p->at, word, len) != 0)
        return parse_fail(p, "unexpected character");
    p->at += len;
    return true;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Four hex digits at p->at into *unit. */
static bool parse_hex4(struct json_parser *p, int32_t *unit)
{
    if (p->n - p->at < 4)
        return parse_fail(p, "invalid \\u escape");
    int32_t v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hex_value(p->s[p->at + (size_t)i]);
        if (h < 0)
            return parse_fail(p, "invalid \\u escape");
        v = v * 16 + h;
    }
    p->at += 4;
    *unit = v;
    return true;
}

static bool parse_string(struct json_parser *p, struct buf *scratch, const char **out,
                         size_t *out_len)
{
    p->at++; /* the opening quote */
    buf_reset(scratch);
    for (;;) {
        if (p->at >= p->n)
            return parse_fail(p, "unterminated string");
        unsigned char c = (unsigned char)p->s[p->at];
        if (c == '"') {
            p->at++;
            break;
        }
        if (c < 0x20)
            return parse_fail(p, "control character in a string");
        if (c >= 0x80) {
            int32_t cp;
            size_t len = utf8_decode(p->s + p->at, p->n - p->at, &cp);
            if (cp < 0)
                return parse_fail(p, "invalid UTF-8");
            buf_put(scratch, p->s + p->at, len);
            p->at += len;
            continue;
        }
        if (c != '\\') {
            buf_putc(scratch, (char)c);
            p->at++;
            continue;
        }
        if (++p->at >= p->n)
            return parse_fail(p, "unterminated string");
        char e = p->s[p->at++];
        int32_t cp = 0;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            buf_putc(scratch, e);
            continue;
        case 'b':
            buf_putc(scratch, '\b');
            continue;
        case 'f':
            buf_putc(scratch, '\f');
            continue;
        case 'n':
            buf_putc(scratch, '\n');
            continue;
        case 'r':
            buf_putc(scratch, '\r');
            continue;
        case 't':
            buf_putc(scratch, '\t');
            continue;
        case 'u':
            if (!parse_hex4(p, &cp))
                return false;
            if (cp >= 0xD800 && cp < 0xDC00) {
                int32_t low = 0;
                if (p->n - p->at < 6 || p->s[p->at] != '\\' || p->s[p->at + 1] != 'u')
                    return parse_fail(p, "unpaired surrogate");
                p->at += 2;
                if (!parse_hex4(p, &low))
                    return false;
                if (low < 0xDC00 || low > 0xDFFF)
                    return parse_fail(p, "unpaired surrogate");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return parse_fail(p, "unpaired surrogate");
            }
            if (cp == 0)
                return parse_fail(p, "\\u0000 in a string");
            utf8_put(scratch, cp);
            continue;
        default:
            p->at--;
            return parse_fail(p, "invalid escape");
        }
    }
    if (scratch->overflow)
        return parse_fail(p, "string too long");
    *out = arena_strndup(p->arena, scratch->data ? scratch->data : "", scratch->len);
    *out_len = scratch->len;
    return true;
}

static bool parse_integer(struct json_parser *p, long long *out)
{
    size_t start = p->at;
    bool negative = p->s[p->at] == '-';
    if (negative)
        p->at++;
    if (p->at >= p->n || p->s[p->at] < '0' || p->s[p->at] > '9')
        return parse_fail(p, "invalid number");
    if (p->s[p->at] == '0' && p->at + 1 < p->n && p->s[p->at + 1] >= '0' && p->s[p->at + 1] <= '9')
        return parse_fail(p, "invalid number");
    unsigned long long v = 0;
    while (p->at < p->n && p->s[p->at] >= '0' && p->s[p->at] <= '9') {
        unsigned d = (unsigned)(p->s[p->at] - '0');
        if (v > (ULLONG_MAX - d) / 10)
            return parse_fail(p, "number out of range");
        v = v * 10 + d;
        p->at++;
    }
    if (p->at < p->n && (p->s[p->at] == '.' || p->s[p->at] == 'e' || p->s[p->at] == 'E'))
        return parse_fail(p, "not an integer");
    unsigned long long limit = negative ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
    if (v > limit) {
        p->at = start;
        return parse_fail(p, "number out of range");
    }
    *out = negative ? (long long)(0 - v) : (long long)v;
    return true;
}

static bool parse_value(struct json_parser *p, struct buf *scratch, struct json_value *v,
                        int depth);

/* An object or array: members gathered in a growing array, then copied into the arena. */
static bool parse_container(struct json_parser *p, struct buf *scratch, struct json_value *v,
                            int depth)
{
    bool object = p->s[p->at] == '{';
    char close = object ? '}' : ']';
    if (depth >= JSON_DEPTH_MAX)
        return parse_fail(p, "nesting too deep");
    v->kind = object ? JSON_OBJECT : JSON_ARRAY;
    p->at++;
    struct json_member *members = NULL;
    size_t count = 0, cap = 0;
    bool ok = false;
    skip_space(p);
    if (p->at < p->n && p->s[p->at] == close) {
        p->at++;
        ok = true;
    }
    while (!ok) {
        if (count == cap) {
            cap = cap ? cap * 2 : 8;
            members = xrealloc(members, cap * sizeof *members);
        }
        struct json_member *m = &members[count++];
        memset(m, 0, sizeof *m);
        skip_space(p);
        if (object) {
            size_t key_len;
            if (p->at >= p->n || p->s[p->at] != '"') {
                parse_fail(p, "expected a member name");
                break;
            }
            if (!parse_string(p, scratch, &m->key, &key_len))
                break;
            skip_space(p);
            if (p->at >= p->n || p->s[p->at] != ':') {
                parse_fail(p, "expected ':'");
                break;
            }
            p->at++;
        }
        if (!parse_value(p, scratch, &m->value, depth + 1))
            break;
        skip_space(p);
        if (p->at < p->n && p->s[p->at] == ',') {
            p->at++;
            continue;
        }
        if (p->at < p->n && p->s[p->at] == close) {
            p->at++;
            ok = true;
            break;
        }
        parse_fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
        break;
    }
    if (ok && count) {
        v->members = arena_alloc(p->arena, count * sizeof *members);
        memcpy(v->members, members, count * sizeof *members);
    }
    v->count = count;
    free(members);
    return ok;
}

static bool parse_value(struct json_parser *p, struct buf *scratch, struct json_value *v, int depth)
{
    memset(v, 0, sizeof *v);
    skip_space(p);
    if (p->at >= p->n)
        return parse_fail(p, "unexpected end");
    switch (p->s[p->at]) {
    case '{':
    case '[':
        return parse_container(p, scratch, v, depth);
    case '"':
        v->kind = JSON_STRING;
        return parse_string(p, scratch, &v->string, &v->len);
    case 't':
        v->kind = JSON_BOOL;
        v->boolean = true;
        return parse_literal(p, "true");
    case 'f':
        v->kind = JSON_BOOL;
        return parse_literal(p, "false");
    case 'n':
        v->kind = JSON_NULL;
        return parse_literal(p, "null");
    default:
        v->kind = JSON_INTEGER;
        return parse_integer(p, &v->integer);
    }
}

bool json_parse(const char *s, size_t n, struct arena *arena, struct json_value *out, char *err,
                size_t err_len)
{
    struct json_parser p = {.s = s, .n = n, .arena = arena};
    struct buf scratch;
    buf_init(&scratch, n + 1);
    bool ok = parse_value(&p, &scratch, out, 0);
    if (ok) {
        skip_space(&p);
        if (p.at < p.n)
            ok = parse_fail(&p, "text after the value");
    }
    buf_free(&scratch);
    if (!ok)
        snprintf(err, err_len, "%s at byte %zu", p.problem, p.problem_at + 1);
    return ok;
}

const struct json_value *json_get(const struct json_value *v, const char *key)
{
    if (v->kind != JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < v->count; i++)
        if (strcmp(v->members[i].key, key) == 0)
            return &v->members[i].value;
    return NULL;
}

/* json.c — JSON string escaping and object helpers (see json.h). */
#include "json.h"

#include "utf8.h"

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

/* json.h — the one place JSON text is written (string escaping, small object helpers) and read
 * (a strict parser for the summary's partial states). */
#ifndef XINWEN_JSON_H
#define XINWEN_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"

/* Appends s (n bytes) as a quoted JSON string: quote, backslash and \b \t \n \f \r escaped,
 * other control characters as \u00XX, U+2028/U+2029 escaped, invalid UTF-8 bytes replaced by
 * U+FFFD, so the output is always valid JSON whatever the input bytes. */
void json_put_string(struct buf *b, const char *s, size_t n);
/* Same for a NUL-terminated string; NULL is written as null. */
void json_put_cstr(struct buf *b, const char *s);

/* Writers for one flat object at a time. Each member helper writes the separating comma itself,
 * based on *first, which json_object_begin sets. */
void json_object_begin(struct buf *b, bool *first);
void json_object_end(struct buf *b);
void json_key(struct buf *b, bool *first, const char *key);
void json_member_str(struct buf *b, bool *first, const char *key, const char *value);
void json_member_strn(struct buf *b, bool *first, const char *key, const char *value, size_t n);
void json_member_long(struct buf *b, bool *first, const char *key, long value);
void json_member_bool(struct buf *b, bool *first, const char *key, bool value);

/* A parsed JSON value. Numbers are integers only (what xinwen writes): a fraction or an
 * exponent is a parse error. */
enum json_kind { JSON_NULL, JSON_BOOL, JSON_INTEGER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json_member;

struct json_value {
    enum json_kind kind;
    bool boolean;
    long long integer;
    const char *string; /* NUL-terminated UTF-8 without NUL inside */
    size_t len;
    struct json_member *members; /* object members, or array elements (key NULL) */
    size_t count;
};

struct json_member {
    const char *key;
    struct json_value value;
};

/* Parses all of s (n bytes; white space around the value allowed) into *out, every part
 * allocated in arena. Returns true, or false with a one-line reason and its byte offset in err
 * ("invalid escape at byte 12"). Rejects invalid UTF-8, \u0000, nesting deeper than 32 and
 * integers outside the range of long long. */
bool json_parse(const char *s, size_t n, struct arena *arena, struct json_value *out, char *err,
                size_t err_len);

/* The member of object named key, or NULL (also when v is not an object). */
const struct json_value *json_get(const struct json_value *v, const char *key);

#endif

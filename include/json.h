/* json.h — the one place JSON text is written: string escaping and small object helpers. */
#ifndef XINWEN_JSON_H
#define XINWEN_JSON_H

#include <stdbool.h>
#include <stddef.h>

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

#endif

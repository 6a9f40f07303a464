/* datetime.h — front-matter dates: parsing the forms feeds and static-site generators write,
 * time-zone offsets, and ISO 8601 output. */
#ifndef XINWEN_DATETIME_H
#define XINWEN_DATETIME_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

/* A calendar date-time with its UTC offset, as parsed. */
struct datetime {
    int year, month, day;
    int hour, minute, second;
    int millis;         /* 0..999; shown only when has_fraction */
    int offset_minutes; /* east of UTC */
    bool has_time;      /* false for a date-only value such as 2021-10-01 */
    bool has_fraction;
    bool has_offset; /* false when the text named no zone and the default was applied */
};

/* Parses a time-zone option value: "+08:00", "+0800", "-05", "UTC", "GMT", "Z".
 * Returns false for anything else (IANA names are not supported). */
bool tz_parse(const char *s, int *offset_minutes);

/* Parses one front-matter date string (surrounding spaces ignored). Accepted forms:
 *   ISO 8601 / RFC 3339: 2021-10-26T02:46:19.525Z, 2021-10-01 16:31:03.000000000 +08:00,
 *     2021-10-01T16:31:03+0800, 2021-10-01 16:31, 2021-10-01, 2021/10/01 (and with time);
 *   RFC 2822: [Fri, ]03 Sep 2021 19:09:30 GMT|UT|UTC|Z|+0800|EST|EDT|CST|CDT|MST|MDT|PST|PDT;
 *   Chinese: 2021年10月1日[ 16:31[:03]];
 *   Unix time: 10 digits (seconds) or 13 digits (milliseconds).
 * A value without a zone takes default_offset (minutes east of UTC). Out-of-range fields
 * (month 13, 31 September, hour 25) are rejected. Returns false when s is none of these. */
bool datetime_parse(const char *s, int default_offset, struct datetime *out);

/* Seconds since 1970-01-01T00:00:00Z of dt (its offset applied). */
int64_t datetime_to_unix(const struct datetime *dt);

/* The UTC date-time for a Unix time, offset 0. */
void datetime_from_unix(int64_t t, int millis, struct datetime *out);

/* Appends dt as ISO 8601 in its own offset: "2021-10-01T16:31:03+08:00" (".525" when it has a
 * fraction), or "2021-10-01" for a date-only value. */
void datetime_format(struct buf *b, const struct datetime *dt);

/* Appends the UTC instant of dt: "2021-10-01T08:31:03Z" (with ".525" when it has a fraction).
 * A date-only value means midnight at its offset. */
void datetime_format_utc(struct buf *b, const struct datetime *dt);

/* Days from 1970-01-01 to the given proleptic Gregorian date (negative before). */
int64_t days_from_civil(int year, int month, int day);
int days_in_month(int year, int month);

#endif

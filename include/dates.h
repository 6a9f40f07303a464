/* dates.h — date and time expressions in Chinese news text, and their values against a
 * reference date (the article's own date, or tag's --ref): 2021 年 9 月 3 日, 二〇二一年九月三日,
 * 昨天（25日）, 上周三, 本月底, 去年, 三天前, 6月以来, 9月1日至3日, 第三季度, 上午10时, 近日.
 * Values follow DESIGN.md 2.1: ISO 8601 at the expression's own grain (2021, 2021-09,
 * 2021-09-03, 2021-W36, 2021-09-03T10:00), intervals A/B with both ends inclusive, durations
 * P3Y, XXXX where a field cannot be resolved; fuzzy words (近日, 目前) have no value. */
#ifndef XINWEN_DATES_H
#define XINWEN_DATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum date_grain {
    GRAIN_NONE, /* fuzzy words */
    GRAIN_YEAR,
    GRAIN_QUARTER,
    GRAIN_MONTH,
    GRAIN_WEEK,
    GRAIN_DAY,
    GRAIN_HOUR,
    GRAIN_MINUTE,
    GRAIN_DURATION,
};

/* "year", "quarter", "month", "week", "day", "hour", "minute", "duration", or "fuzzy" (none). */
const char *date_grain_name(enum date_grain grain);

/* The reference date-time relative expressions are resolved against; known is false when
 * there is none (relative values then keep X for what they cannot know). */
struct date_ref {
    int year, month, day, hour, minute;
    bool known;
};

struct datetime;

/* The reference for a date-time: its day and time at offset_minutes east of UTC (an article's
 * date in --tz: 2021-10-26T02:46:19Z is the 26th in Beijing); a date-only value as it is. */
void date_ref_set(struct date_ref *ref, const struct datetime *dt, int offset_minutes);

/* One date expression found in a text. */
struct date_found {
    size_t start, end;     /* code points, end exclusive */
    char value[64];        /* ISO 8601 as above; "" for a fuzzy word */
    enum date_grain grain; /* of the value (of its start, for an interval) */
    bool relative;         /* the value depends on the reference date (昨天, 25日, 上个月) */
};

/* Per-thread matching state; the patterns behind it are compiled once per process (pcre2,
 * JIT where available) and shared. */
struct date_scanner;
struct date_scanner *date_scanner_new(void);
void date_scanner_free(struct date_scanner *s);

/* The date expressions in cps[0..n) (normalised code points: traditional→simplified and
 * full-width folded), longest first where they overlap, in text order, into *out (grown as
 * needed, *cap its capacity). Returns how many. */
size_t dates_find(struct date_scanner *s, const int32_t *cps, size_t n, const struct date_ref *ref,
                  struct date_found **out, size_t *cap);

#endif

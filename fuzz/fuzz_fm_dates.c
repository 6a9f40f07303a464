/* fuzz_fm_dates.c — libFuzzer target: front-matter date strings and time-zone values
 * (datetime.h), and the ISO 8601 text of every date that parses. */
#include "fuzz.h"

#include <string.h>

#include "buf.h"
#include "dates.h"
#include "datetime.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct config *config = fuzz_config("meta");
    /* the parsers take NUL-terminated strings: a NUL in the input ends the value there */
    char *s = xmalloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';

    int offset;
    if (tz_parse(s, &offset)) {
        /* a zone the parser accepts is written back in the form it reads */
        struct datetime dt = {.year = 2021, .month = 10, .day = 1, .has_time = true};
        dt.offset_minutes = offset;
        struct buf b;
        buf_init(&b, 0);
        datetime_format(&b, &dt);
        datetime_format_utc(&b, &dt);
        buf_free(&b);
    }

    struct datetime dt;
    if (datetime_parse(s, config->tz_offset, &dt)) {
        FUZZ_CHECK(dt.year >= 1 && dt.year <= 9999 && dt.month >= 1 && dt.month <= 12);
        FUZZ_CHECK(dt.day >= 1 && dt.day <= days_in_month(dt.year, dt.month));
        FUZZ_CHECK(dt.hour >= 0 && dt.hour <= 23 && dt.minute >= 0 && dt.minute <= 59
                   && dt.second >= 0 && dt.second <= 59 && dt.millis >= 0 && dt.millis <= 999);
        struct buf iso, again, utc;
        buf_init(&iso, 0);
        buf_init(&again, 0);
        buf_init(&utc, 0);
        datetime_format(&iso, &dt);
        datetime_format_utc(&utc, &dt);
        /* what datetime_format writes reads back as the same date-time */
        struct datetime back;
        FUZZ_CHECK(datetime_parse(iso.data, config->tz_offset, &back));
        datetime_format(&again, &back);
        FUZZ_CHECK(strcmp(iso.data, again.data) == 0);
        FUZZ_CHECK(datetime_to_unix(&back) == datetime_to_unix(&dt));
        struct date_ref ref;
        date_ref_set(&ref, &dt, config->tz_offset);
        FUZZ_CHECK(ref.known && ref.month >= 1 && ref.month <= 12 && ref.day >= 1
                   && ref.day <= days_in_month(ref.year, ref.month));
        buf_free(&iso);
        buf_free(&again);
        buf_free(&utc);
    }
    free(s);
    return 0;
}

/* test_datetime.c — unit tests for datetime.h: date parsing, offsets, calendar, ISO 8601 output. */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "datetime.h"

/* Formats dt both ways into fixed arrays. */
static void format_both(const struct datetime *dt, char *local, char *utc, size_t size)
{
    struct buf b;
    buf_init(&b, BUF_DEFAULT_MAX);
    datetime_format(&b, dt);
    snprintf(local, size, "%s", b.data);
    buf_reset(&b);
    datetime_format_utc(&b, dt);
    snprintf(utc, size, "%s", b.data);
    buf_free(&b);
}

/* Parses s with the default offset and checks both formatted forms. The input appears in the
 * failure message through CHECK's stringised condition. */
#define EXPECT_DATE(s, def, want_local, want_utc)                                                  \
    do {                                                                                           \
        struct datetime dt_;                                                                       \
        bool ok_ = datetime_parse(s, def, &dt_);                                                   \
        CHECK(ok_ || !s); /* "!s" only puts the input into the failure message */                  \
        if (ok_) {                                                                                 \
            char l_[80], u_[80];                                                                   \
            format_both(&dt_, l_, u_, sizeof l_);                                                  \
            CHECK_STR(l_, want_local);                                                             \
            CHECK_STR(u_, want_utc);                                                               \
        }                                                                                          \
    } while (0)

#define EXPECT_REJECT(s)                                                                           \
    do {                                                                                           \
        struct datetime dt_;                                                                       \
        CHECK(!datetime_parse(s, 480, &dt_));                                                      \
    } while (0)

static void test_parse_rfc2822(void)
{
    EXPECT_DATE("Fri, 03 Sep 2021 19:09:30 GMT", 480, "2021-09-03T19:09:30+00:00",
                "2021-09-03T19:09:30Z");
    EXPECT_DATE("03 Sep 2021 19:09:30 GMT", 480, "2021-09-03T19:09:30+00:00",
                "2021-09-03T19:09:30Z");
    EXPECT_DATE("Fri, 03 Sep 2021 19:09:30 +0800", 0, "2021-09-03T19:09:30+08:00",
                "2021-09-03T11:09:30Z");
    EXPECT_DATE("Fri, 3 Sep 2021 19:09:30 -0530", 480, "2021-09-03T19:09:30-05:30",
                "2021-09-04T00:39:30Z");

    static const struct {
        const char *zone;
        const char *local, *utc;
    } zones[] = {
        {"GMT", "2021-09-03T19:09:30+00:00", "2021-09-03T19:09:30Z"},
        {"UT", "2021-09-03T19:09:30+00:00", "2021-09-03T19:09:30Z"},
        {"UTC", "2021-09-03T19:09:30+00:00", "2021-09-03T19:09:30Z"},
        {"Z", "2021-09-03T19:09:30+00:00", "2021-09-03T19:09:30Z"},
        {"+0800", "2021-09-03T19:09:30+08:00", "2021-09-03T11:09:30Z"},
        {"EST", "2021-09-03T19:09:30-05:00", "2021-09-04T00:09:30Z"},
        {"EDT", "2021-09-03T19:09:30-04:00", "2021-09-03T23:09:30Z"},
        {"CST", "2021-09-03T19:09:30-06:00", "2021-09-04T01:09:30Z"},
        {"CDT", "2021-09-03T19:09:30-05:00", "2021-09-04T00:09:30Z"},
        {"MST", "2021-09-03T19:09:30-07:00", "2021-09-04T02:09:30Z"},
        {"MDT", "2021-09-03T19:09:30-06:00", "2021-09-04T01:09:30Z"},
        {"PST", "2021-09-03T19:09:30-08:00", "2021-09-04T03:09:30Z"},
        {"PDT", "2021-09-03T19:09:30-07:00", "2021-09-04T02:09:30Z"},
    };
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
        char in[64];
        snprintf(in, sizeof in, "Fri, 03 Sep 2021 19:09:30 %s", zones[i].zone);
        struct datetime dt;
        bool ok = datetime_parse(in, 480, &dt);
        CHECK(ok);
        if (!ok) {
            fprintf(stderr, "  input: %s\n", in);
            continue;
        }
        CHECK(dt.has_offset);
        char l[80], u[80];
        format_both(&dt, l, u, sizeof l);
        CHECK_STR(l, zones[i].local);
        CHECK_STR(u, zones[i].utc);
    }

    /* the fields, not only the text */
    struct datetime dt;
    CHECK(datetime_parse("Fri, 03 Sep 2021 19:09:30 GMT", 480, &dt));
    CHECK(dt.year == 2021 && dt.month == 9 && dt.day == 3);
    CHECK(dt.hour == 19 && dt.minute == 9 && dt.second == 30);
    CHECK(dt.offset_minutes == 0 && dt.has_offset && dt.has_time && !dt.has_fraction);
}

static void test_parse_iso(void)
{
    EXPECT_DATE("2021-10-26T02:46:19.525Z", 480, "2021-10-26T02:46:19.525+00:00",
                "2021-10-26T02:46:19.525Z");
    EXPECT_DATE("2021-10-01 16:31:03.000000000 +08:00", 0, "2021-10-01T16:31:03+08:00",
                "2021-10-01T08:31:03Z");
    EXPECT_DATE("2021-10-01T16:31:03+08:00", 0, "2021-10-01T16:31:03+08:00",
                "2021-10-01T08:31:03Z");
    EXPECT_DATE("2021-10-01T16:31:03+0800", 0, "2021-10-01T16:31:03+08:00", "2021-10-01T08:31:03Z");
    EXPECT_DATE("2021-10-01T16:31:03-05:30", 480, "2021-10-01T16:31:03-05:30",
                "2021-10-01T22:01:03Z");
    EXPECT_DATE("2021-10-01T16:31:03Z", 480, "2021-10-01T16:31:03+00:00", "2021-10-01T16:31:03Z");
    EXPECT_DATE("2021-10-01T16:31:03.5+08:00", 0, "2021-10-01T16:31:03.500+08:00",
                "2021-10-01T08:31:03.500Z");
    EXPECT_DATE("2021-10-01T16:31:03.123456Z", 480, "2021-10-01T16:31:03.123+00:00",
                "2021-10-01T16:31:03.123Z");

    /* without a zone: the default offset applies */
    EXPECT_DATE("2021-10-01 16:31", 480, "2021-10-01T16:31:00+08:00", "2021-10-01T08:31:00Z");
    EXPECT_DATE("2021-10-01 16:31", -300, "2021-10-01T16:31:00-05:00", "2021-10-01T21:31:00Z");
    EXPECT_DATE("2021-10-01 16:31", 0, "2021-10-01T16:31:00+00:00", "2021-10-01T16:31:00Z");
    EXPECT_DATE("2021-10-01T16:31:03", 480, "2021-10-01T16:31:03+08:00", "2021-10-01T08:31:03Z");
    EXPECT_DATE("2021-10-01 00:30", 480, "2021-10-01T00:30:00+08:00", "2021-09-30T16:30:00Z");
    struct datetime dt;
    CHECK(datetime_parse("2021-10-01 16:31", 480, &dt));
    CHECK(!dt.has_offset && dt.has_time && dt.offset_minutes == 480);
    CHECK(dt.hour == 16 && dt.minute == 31 && dt.second == 0);

    /* date only */
    EXPECT_DATE("2021-10-01", 480, "2021-10-01", "2021-09-30T16:00:00Z");
    EXPECT_DATE("2021-10-01", 0, "2021-10-01", "2021-10-01T00:00:00Z");
    EXPECT_DATE("2021-10-01", -300, "2021-10-01", "2021-10-01T05:00:00Z");
    CHECK(datetime_parse("2021-10-01", 480, &dt));
    CHECK(!dt.has_time && !dt.has_offset && dt.offset_minutes == 480);
    CHECK(dt.year == 2021 && dt.month == 10 && dt.day == 1);

    /* slashes */
    EXPECT_DATE("2021/10/01", 480, "2021-10-01", "2021-09-30T16:00:00Z");
    EXPECT_DATE("2021/10/01 16:31:03", 480, "2021-10-01T16:31:03+08:00", "2021-10-01T08:31:03Z");
    EXPECT_DATE("2021/10/01 16:31", 480, "2021-10-01T16:31:00+08:00", "2021-10-01T08:31:00Z");

    /* surrounding spaces are ignored */
    EXPECT_DATE("  2021-10-01 16:31  ", 480, "2021-10-01T16:31:00+08:00", "2021-10-01T08:31:00Z");
    EXPECT_DATE("\t2021-10-01\t", 480, "2021-10-01", "2021-09-30T16:00:00Z");

    /* year ends, both directions */
    EXPECT_DATE("2021-12-31T23:30:00-01:00", 480, "2021-12-31T23:30:00-01:00",
                "2022-01-01T00:30:00Z");
    EXPECT_DATE("2022-01-01T07:00:00+08:00", 0, "2022-01-01T07:00:00+08:00",
                "2021-12-31T23:00:00Z");
    EXPECT_DATE("2022-01-01", 480, "2022-01-01", "2021-12-31T16:00:00Z");

    /* leap years */
    EXPECT_DATE("2024-02-29", 480, "2024-02-29", "2024-02-28T16:00:00Z");
    EXPECT_DATE("2000-02-29 12:00", 0, "2000-02-29T12:00:00+00:00", "2000-02-29T12:00:00Z");
    EXPECT_DATE("2024-03-01 07:00", 480, "2024-03-01T07:00:00+08:00", "2024-02-29T23:00:00Z");
}

static void test_parse_chinese_and_unix(void)
{
    EXPECT_DATE("2021年10月1日 16:31", 480, "2021-10-01T16:31:00+08:00", "2021-10-01T08:31:00Z");
    EXPECT_DATE("2021年10月1日 16:31:03", 480, "2021-10-01T16:31:03+08:00", "2021-10-01T08:31:03Z");
    EXPECT_DATE("2021年10月1日", 480, "2021-10-01", "2021-09-30T16:00:00Z");
    EXPECT_DATE("2021年1月31日 9:05", 480, "2021-01-31T09:05:00+08:00", "2021-01-31T01:05:00Z");
    EXPECT_DATE("2021年10月01日 16:31", 0, "2021-10-01T16:31:00+00:00", "2021-10-01T16:31:00Z");

    /* Unix seconds and milliseconds are UTC instants */
    EXPECT_DATE("1633077063", 480, "2021-10-01T08:31:03+00:00", "2021-10-01T08:31:03Z");
    EXPECT_DATE("1633077063525", 480, "2021-10-01T08:31:03.525+00:00", "2021-10-01T08:31:03.525Z");
    EXPECT_DATE("1640995199", 480, "2021-12-31T23:59:59+00:00", "2021-12-31T23:59:59Z");
    EXPECT_DATE("1640995200000", 480, "2022-01-01T00:00:00+00:00", "2022-01-01T00:00:00Z");
    struct datetime dt;
    CHECK(datetime_parse("1633077063", 480, &dt));
    CHECK(datetime_to_unix(&dt) == 1633077063);
    CHECK(datetime_parse("1633077063525", 480, &dt));
    CHECK(datetime_to_unix(&dt) == 1633077063 && dt.millis == 525 && dt.has_fraction);
}

static void test_parse_rejections(void)
{
    EXPECT_REJECT("");
    EXPECT_REJECT("   ");
    EXPECT_REJECT("garbage");
    EXPECT_REJECT("昨天");
    EXPECT_REJECT("2021-13-01");
    EXPECT_REJECT("2021-00-10");
    EXPECT_REJECT("2021-10-00");
    EXPECT_REJECT("2021-10-32");
    EXPECT_REJECT("2021-02-29"); /* 2021 is not a leap year */
    EXPECT_REJECT("1900-02-29"); /* nor is 1900 */
    EXPECT_REJECT("2021-09-31");
    EXPECT_REJECT("2021-04-31 10:00");
    EXPECT_REJECT("25:00");
    EXPECT_REJECT("2021-10-01 24:00");
    EXPECT_REJECT("2021-10-01 25:00");
    EXPECT_REJECT("2021-10-01 16:60");
    EXPECT_REJECT("2021-10-01T16:31:03+25:00");
    EXPECT_REJECT("2021-10-01 16:31 Asia/Shanghai");
    EXPECT_REJECT("2021-10-01 trailing");
    EXPECT_REJECT("2021-10-01T"); /* a time separator with no time */
    EXPECT_REJECT("2021-10-01T16");
    EXPECT_REJECT("2021-10-01 16:31:");
    EXPECT_REJECT("2021-10-01 +08:00"); /* a zone needs a time */
    EXPECT_REJECT("2021年13月1日");
    EXPECT_REJECT("2021年2月30日 10:00");
    EXPECT_REJECT("Fri, 31 Sep 2021 19:09:30 GMT");
    EXPECT_REJECT("Fri, 03 Foo 2021 19:09:30 GMT");
    EXPECT_REJECT("Fri, 03 Sep 2021 25:09:30 GMT");
    EXPECT_REJECT("163307706");       /* 9 digits */
    EXPECT_REJECT("16330770631");     /* 11 digits */
    EXPECT_REJECT("163307706352512"); /* 15 digits */

    /* accepted counterparts of the boundary rejections */
    struct datetime dt;
    CHECK(datetime_parse("2024-02-29", 480, &dt));
    CHECK(datetime_parse("2000-02-29", 480, &dt));
    CHECK(datetime_parse("2021-09-30", 480, &dt));
    CHECK(datetime_parse("2021-12-01", 480, &dt));
    CHECK(datetime_parse("2021-10-01 23:59", 480, &dt));
    CHECK(datetime_parse("2021-10-01 00:00", 480, &dt));
    CHECK(datetime_parse("2021-10-01T16:31:03+14:00", 480, &dt));
}

static void test_tz_parse(void)
{
    int m = 12345;
    CHECK(tz_parse("+08:00", &m) && m == 480);
    m = 12345;
    CHECK(tz_parse("+0800", &m) && m == 480);
    m = 12345;
    CHECK(tz_parse("-05", &m) && m == -300);
    m = 12345;
    CHECK(tz_parse("-05:30", &m) && m == -330);
    m = 12345;
    CHECK(tz_parse("+05:45", &m) && m == 345);
    m = 12345;
    CHECK(tz_parse("+00:00", &m) && m == 0);
    m = 12345;
    CHECK(tz_parse("UTC", &m) && m == 0);
    m = 12345;
    CHECK(tz_parse("Z", &m) && m == 0);
    m = 12345;
    CHECK(tz_parse("GMT", &m) && m == 0);

    CHECK(!tz_parse("Asia/Shanghai", &m));
    CHECK(!tz_parse("+25:00", &m));
    CHECK(!tz_parse("", &m));
    CHECK(!tz_parse("+08:00 extra", &m));
    CHECK(!tz_parse("+08:60", &m));
    CHECK(!tz_parse("UTCX", &m));
    CHECK(!tz_parse("Beijing", &m));
}

static void test_calendar(void)
{
    CHECK(days_from_civil(1970, 1, 1) == 0);
    CHECK(days_from_civil(1970, 1, 2) == 1);
    CHECK(days_from_civil(2000, 3, 1) == 11017);
    CHECK(days_from_civil(2000, 2, 29) == 11016);
    CHECK(days_from_civil(2021, 10, 1) == 18901);
    CHECK(days_from_civil(1969, 12, 31) == -1);
    CHECK(days_from_civil(1900, 1, 1) == -25567);
    CHECK(days_from_civil(1600, 3, 1) == -135080);
    CHECK(days_from_civil(1, 1, 1) == -719162);
    /* consecutive days are consecutive numbers across month and year ends */
    bool consecutive = true;
    int64_t prev = days_from_civil(1899, 12, 31);
    for (int y = 1900; y <= 2100; y++)
        for (int mo = 1; mo <= 12; mo++)
            for (int d = 1; d <= days_in_month(y, mo); d++) {
                int64_t n = days_from_civil(y, mo, d);
                consecutive = consecutive && n == prev + 1;
                prev = n;
            }
    CHECK(consecutive);

    CHECK(days_in_month(2021, 2) == 28);
    CHECK(days_in_month(2024, 2) == 29);
    CHECK(days_in_month(1900, 2) == 28);
    CHECK(days_in_month(2000, 2) == 29);
    CHECK(days_in_month(2100, 2) == 28);
    CHECK(days_in_month(2021, 1) == 31);
    CHECK(days_in_month(2021, 4) == 30);
    CHECK(days_in_month(2021, 9) == 30);
    CHECK(days_in_month(2021, 12) == 31);
}

static void test_unix_round_trips(void)
{
    static const struct {
        int64_t t;
        int y, mo, d, h, mi, s;
    } cases[] = {
        {0, 1970, 1, 1, 0, 0, 0},
        {-1, 1969, 12, 31, 23, 59, 59},
        {-86400, 1969, 12, 31, 0, 0, 0},
        {-86401, 1969, 12, 30, 23, 59, 59},
        {946684799, 1999, 12, 31, 23, 59, 59},
        {946684800, 2000, 1, 1, 0, 0, 0},
        {951782400, 2000, 2, 29, 0, 0, 0},
        {951868800, 2000, 3, 1, 0, 0, 0},
        {1640995199, 2021, 12, 31, 23, 59, 59},
        {1640995200, 2022, 1, 1, 0, 0, 0},
        {1709208000, 2024, 2, 29, 12, 0, 0},
        {-2208988800, 1900, 1, 1, 0, 0, 0},
        {253402300799, 9999, 12, 31, 23, 59, 59},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct datetime dt;
        datetime_from_unix(cases[i].t, 0, &dt);
        bool fields = dt.year == cases[i].y && dt.month == cases[i].mo && dt.day == cases[i].d
                      && dt.hour == cases[i].h && dt.minute == cases[i].mi
                      && dt.second == cases[i].s && dt.offset_minutes == 0;
        CHECK(fields);
        if (!fields)
            fprintf(stderr, "  t=%lld gave %04d-%02d-%02dT%02d:%02d:%02d%+d\n",
                    (long long)cases[i].t, dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second,
                    dt.offset_minutes);
        CHECK(datetime_to_unix(&dt) == cases[i].t);
    }

    /* every hour-and-a-bit step over several year ends round-trips */
    bool all = true;
    for (int64_t t = 1577750400 - 86400 * 3; t < 1704067200 + 86400 * 3; t += 3607) {
        struct datetime dt;
        datetime_from_unix(t, 0, &dt);
        all = all && datetime_to_unix(&dt) == t;
    }
    CHECK(all);
    all = true;
    for (int64_t t = -4000000000; t < 0; t += 999983) {
        struct datetime dt;
        datetime_from_unix(t, 0, &dt);
        all = all && datetime_to_unix(&dt) == t;
    }
    CHECK(all);

    /* milliseconds are carried and shown */
    struct datetime dt;
    datetime_from_unix(1640995199, 999, &dt);
    CHECK(dt.millis == 999);
    dt.has_fraction = true;
    char l[80], u[80];
    format_both(&dt, l, u, sizeof l);
    CHECK_STR(l, "2021-12-31T23:59:59.999+00:00");
    CHECK_STR(u, "2021-12-31T23:59:59.999Z");

    /* an offset is applied by datetime_to_unix */
    CHECK(datetime_parse("2022-01-01T07:59:59+08:00", 0, &dt));
    CHECK(datetime_to_unix(&dt) == 1640995199);
    CHECK(datetime_parse("2021-12-31T18:29:59-05:30", 0, &dt));
    CHECK(datetime_to_unix(&dt) == 1640995199);
}

void test_datetime(void)
{
    test_parse_rfc2822();
    test_parse_iso();
    test_parse_chinese_and_unix();
    test_parse_rejections();
    test_tz_parse();
    test_calendar();
    test_unix_round_trips();
}

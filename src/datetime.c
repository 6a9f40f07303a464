/* datetime.c — parsing front-matter date strings and formatting ISO 8601 (see datetime.h).
 * The arithmetic is done here (days_from_civil) so nothing depends on the process's TZ. */
#include "datetime.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

/* Howard Hinnant's days_from_civil algorithm. */
int64_t days_from_civil(int year, int month, int day)
{
    int64_t y = year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *year, int *month, int *day)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(y + (m <= 2));
    *month = m;
    *day = d;
}

int64_t datetime_to_unix(const struct datetime *dt)
{
    int64_t days = days_from_civil(dt->year, dt->month, dt->day);
    return days * 86400 + (int64_t)dt->hour * 3600 + (int64_t)dt->minute * 60 + dt->second
           - (int64_t)dt->offset_minutes * 60;
}

void datetime_from_unix(int64_t t, int millis, struct datetime *out)
{
    memset(out, 0, sizeof *out);
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t secs = t - days * 86400;
    civil_from_days(days, &out->year, &out->month, &out->day);
    out->hour = (int)(secs / 3600);
    out->minute = (int)(secs / 60 % 60);
    out->second = (int)(secs % 60);
    out->millis = millis;
    out->has_time = true;
    out->has_offset = true;
}

/* A tiny cursor over the string being parsed. */
struct scan {
    const char *p;
};

static void skip_spaces(struct scan *sc)
{
    while (*sc->p == ' ' || *sc->p == '\t')
        sc->p++;
}

/* Reads 1..max digits; false when there is none. */
static bool read_int(struct scan *sc, int min_digits, int max_digits, int *out)
{
    int n = 0, v = 0;
    while (n < max_digits && isdigit((unsigned char)sc->p[n])) {
        v = v * 10 + (sc->p[n] - '0');
        n++;
    }
    if (n < min_digits)
        return false;
    sc->p += n;
    *out = v;
    return true;
}

static bool accept(struct scan *sc, const char *lit)
{
    size_t n = strlen(lit);
    if (strncmp(sc->p, lit, n) != 0)
        return false;
    sc->p += n;
    return true;
}

/* "+08:00", "+0800", "+08", "-05:30"; sign required. */
static bool read_numeric_offset(struct scan *sc, int *minutes)
{
    char sign = *sc->p;
    if (sign != '+' && sign != '-')
        return false;
    struct scan save = *sc;
    sc->p++;
    int h, m = 0;
    if (!read_int(sc, 2, 2, &h)) {
        *sc = save;
        return false;
    }
    if (accept(sc, ":")) {
        if (!read_int(sc, 2, 2, &m)) {
            *sc = save;
            return false;
        }
    } else {
        read_int(sc, 2, 2, &m);
    }
    if (h > 14 || m > 59) {
        *sc = save;
        return false;
    }
    *minutes = (sign == '-' ? -1 : 1) * (h * 60 + m);
    return true;
}

static const struct {
    const char *name;
    int minutes;
} zone_names[] = {
    {"UTC", 0},    {"GMT", 0},    {"UT", 0},     {"Z", 0},      {"EST", -300}, {"EDT", -240},
    {"CST", -360}, {"CDT", -300}, {"MST", -420}, {"MDT", -360}, {"PST", -480}, {"PDT", -420},
};

/* A zone as the rest of the string: a numeric offset or one of zone_names, optionally a name
 * followed by an offset ("GMT+8" is not accepted: it is ambiguous in practice). */
static bool read_zone(struct scan *sc, int *minutes)
{
    if (read_numeric_offset(sc, minutes))
        return true;
    for (size_t i = 0; i < ARRAY_LEN(zone_names); i++) {
        size_t n = strlen(zone_names[i].name);
        if (strncmp(sc->p, zone_names[i].name, n) == 0 && !isalpha((unsigned char)sc->p[n])) {
            sc->p += n;
            *minutes = zone_names[i].minutes;
            return true;
        }
    }
    return false;
}

bool tz_parse(const char *s, int *offset_minutes)
{
    struct scan sc = {s};
    int m;
    if (!read_zone(&sc, &m) || *sc.p != '\0')
        return false;
    *offset_minutes = m;
    return true;
}

static bool valid_fields(const struct datetime *dt)
{
    if (dt->year < 1 || dt->year > 9999 || dt->month < 1 || dt->month > 12)
        return false;
    if (dt->day < 1 || dt->day > days_in_month(dt->year, dt->month))
        return false;
    return dt->hour <= 23 && dt->minute <= 59 && dt->second <= 60;
}

/* "HH:MM[:SS[.fraction]]" */
static bool read_time(struct scan *sc, struct datetime *dt)
{
    if (!read_int(sc, 1, 2, &dt->hour) || !accept(sc, ":") || !read_int(sc, 2, 2, &dt->minute))
        return false;
    if (accept(sc, ":")) {
        if (!read_int(sc, 2, 2, &dt->second))
            return false;
        if (*sc->p == '.' || *sc->p == ',') {
            sc->p++;
            int digits = 0, ms = 0;
            while (isdigit((unsigned char)*sc->p)) {
                if (digits < 3)
                    ms = ms * 10 + (*sc->p - '0');
                digits++;
                sc->p++;
            }
            if (!digits)
                return false;
            for (int d = digits; d < 3; d++)
                ms *= 10;
            dt->millis = ms;
            dt->has_fraction = ms != 0;
        }
    }
    if (dt->second == 60)
        dt->second = 59; /* a leap second is kept within its minute */
    dt->has_time = true;
    return true;
}

/* Optional time and zone after a date, then the end of the string. */
static bool read_time_and_zone(struct scan *sc, struct datetime *dt, int default_offset)
{
    if (*sc->p == 'T' || *sc->p == 't') {
        sc->p++; /* a 'T' promises a time */
        if (!read_time(sc, dt))
            return false;
        skip_spaces(sc);
    } else if (*sc->p == ' ' || *sc->p == '\t') {
        skip_spaces(sc);
        if (isdigit((unsigned char)*sc->p) && !read_time(sc, dt))
            return false;
        skip_spaces(sc);
    }
    if (dt->has_time && *sc->p) {
        if (!read_zone(sc, &dt->offset_minutes))
            return false;
        dt->has_offset = true;
        skip_spaces(sc);
    }
    if (*sc->p)
        return false;
    if (!dt->has_offset)
        dt->offset_minutes = default_offset;
    return true;
}

static bool parse_iso(struct scan *sc, struct datetime *dt, int default_offset)
{
    if (!read_int(sc, 4, 4, &dt->year))
        return false;
    char sep = *sc->p;
    if (sep != '-' && sep != '/' && sep != '.')
        return false;
    sc->p++;
    if (!read_int(sc, 1, 2, &dt->month) || *sc->p != sep)
        return false;
    sc->p++;
    if (!read_int(sc, 1, 2, &dt->day))
        return false;
    return read_time_and_zone(sc, dt, default_offset);
}

static bool parse_chinese(struct scan *sc, struct datetime *dt, int default_offset)
{
    if (!read_int(sc, 4, 4, &dt->year) || !accept(sc, "年") || !read_int(sc, 1, 2, &dt->month)
        || !accept(sc, "月") || !read_int(sc, 1, 2, &dt->day))
        return false;
    if (!accept(sc, "日"))
        accept(sc, "号");
    if (isdigit((unsigned char)*sc->p)) { /* "2021年10月1日16:31": no space before the time */
        if (!read_time(sc, dt))
            return false;
        skip_spaces(sc);
    }
    return read_time_and_zone(sc, dt, default_offset);
}

static bool parse_rfc2822(struct scan *sc, struct datetime *dt, int default_offset)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    /* optional day name */
    if (isalpha((unsigned char)*sc->p)) {
        while (isalpha((unsigned char)*sc->p))
            sc->p++;
        if (!accept(sc, ","))
            return false;
        skip_spaces(sc);
    }
    if (!read_int(sc, 1, 2, &dt->day))
        return false;
    skip_spaces(sc);
    dt->month = 0;
    for (int i = 0; i < 12; i++) {
        if (strncasecmp(sc->p, months[i], 3) == 0) {
            dt->month = i + 1;
            sc->p += 3;
            while (isalpha((unsigned char)*sc->p)) /* "September" */
                sc->p++;
            break;
        }
    }
    if (!dt->month)
        return false;
    skip_spaces(sc);
    if (!read_int(sc, 4, 4, &dt->year))
        return false;
    skip_spaces(sc);
    if (*sc->p && !read_time(sc, dt))
        return false;
    skip_spaces(sc);
    if (*sc->p) {
        if (!read_zone(sc, &dt->offset_minutes))
            return false;
        dt->has_offset = true;
        skip_spaces(sc);
        if (*sc->p == '(') { /* "+0000 (UTC)" comment */
            const char *close = strchr(sc->p, ')');
            if (!close)
                return false;
            sc->p = close + 1;
            skip_spaces(sc);
        }
    }
    if (*sc->p)
        return false;
    if (!dt->has_offset)
        dt->offset_minutes = default_offset;
    return true;
}

static bool parse_unix(const char *s, struct datetime *dt)
{
    size_t n = strlen(s);
    if (n != 10 && n != 13)
        return false;
    long long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    int ms = 0;
    if (n == 13) {
        ms = (int)(v % 1000);
        v /= 1000;
    }
    datetime_from_unix(v, ms, dt);
    dt->has_fraction = ms != 0;
    return true;
}

bool datetime_parse(const char *s, int default_offset, struct datetime *out)
{
    char trimmed[128];
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    if (n == 0 || n >= sizeof trimmed)
        return false;
    memcpy(trimmed, s, n);
    trimmed[n] = '\0';

    struct datetime dt;
    bool (*const parsers[])(struct scan *, struct datetime *, int) = {parse_iso, parse_chinese,
                                                                      parse_rfc2822};
    for (size_t i = 0; i < ARRAY_LEN(parsers); i++) {
        memset(&dt, 0, sizeof dt);
        struct scan sc = {trimmed};
        if (parsers[i](&sc, &dt, default_offset) && valid_fields(&dt)) {
            *out = dt;
            return true;
        }
    }
    memset(&dt, 0, sizeof dt);
    if (parse_unix(trimmed, &dt)) {
        *out = dt;
        return true;
    }
    return false;
}

static void format_offset(struct buf *b, int minutes)
{
    char sign = minutes < 0 ? '-' : '+';
    if (minutes < 0)
        minutes = -minutes;
    buf_printf(b, "%c%02d:%02d", sign, minutes / 60, minutes % 60);
}

void datetime_format(struct buf *b, const struct datetime *dt)
{
    buf_printf(b, "%04d-%02d-%02d", dt->year, dt->month, dt->day);
    if (!dt->has_time)
        return;
    buf_printf(b, "T%02d:%02d:%02d", dt->hour, dt->minute, dt->second);
    if (dt->has_fraction)
        buf_printf(b, ".%03d", dt->millis);
    format_offset(b, dt->offset_minutes);
}

void datetime_format_utc(struct buf *b, const struct datetime *dt)
{
    struct datetime utc;
    datetime_from_unix(datetime_to_unix(dt), dt->millis, &utc);
    buf_printf(b, "%04d-%02d-%02dT%02d:%02d:%02d", utc.year, utc.month, utc.day, utc.hour,
               utc.minute, utc.second);
    if (dt->has_fraction)
        buf_printf(b, ".%03d", dt->millis);
    buf_putc(b, 'Z');
}

/* dates.c — date expressions by pcre2 patterns over code points, then combined (date + time,
 * ranges, 以来, appositives) and given values (see dates.h). */
#define PCRE2_CODE_UNIT_WIDTH 32
#include "dates.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datetime.h"
#include "utf8.h"
#include "util.h"

/* ---- patterns ---------------------------------------------------------------------------- */

/* Building blocks (UTF-8 here, compiled as UTF-32). NUM: Arabic or Chinese numerals; YEAR:
 * four digits either way (一九九0 mixes them), '21, 06 or two Chinese digits (九八年: 五六年 is
 * "five or six years", left to group_year), a year of the Republic after 民国 (民国95年);
 * YEAR_M, before a month, also 18 and 110 (18年10月, Taiwan's 110年10月1日); SMALL: up to
 * three digits, for counts. */
#define NUM "([0-9]{1,4}|[〇零一二两三四五六七八九十廿卅]{1,4})"
#define ROC_YEAR "(?<=民国)(?:[0-9]{1,3}|[〇零一二三四五六七八九十百]{1,4})"
#define YEAR                                                                                       \
    "([〇零一二三四五六七八九0-9]{4}|['’][0-9]{2}|0[0-9]|[〇零一二三四五六七八九]{2}|" ROC_YEAR ")"
#define YEAR_M                                                                                     \
    "([〇零一二三四五六七八九0-9]{4}|['’]?[0-9]{2,3}|[〇零一二三四五六七八九]{2}|" ROC_YEAR ")"
#define SMALL "([0-9]{1,3}|[〇零一二两三四五六七八九十百]{1,4}|半|几|数)"
/* An amount of time, one or more parts from the largest unit down (两年零三个月, 一个半小时,
 * 1.5小时, 3小时05分); read by read_amount. */
#define AMOUNT_NUM                                                                                 \
    "(?:[0-9]{1,3}(?:\\.[0-9]{1,2})?|[〇零一二两三四五六七八九十百千]{1,5}(?:点["  \
    "〇零一二三四五六七八九]{1,2})?|"                                                   \
    "半|几|数)"
#define AMOUNT_PART                                                                                \
    AMOUNT_NUM "多?(?:个半|个)?(?:年|月|星期|礼拜|周|天|小时|钟头|分钟|分|刻钟|季度)半?多?"
#define AMOUNT AMOUNT_PART "(?:(?:零|又|加上|外加|加)?" AMOUNT_PART ")*"
#define SP "\\s*"
/* The mark between a range's ends, in a pattern (combine has the same list, range_marks). */
#define RANGE_MARK "(?:至|到|—|–|-|~|～|－|ー)"
/* A day written without 日 ends the text or a clause: 2013年2月2, 十二月十五。 */
#define DAY_END "(?=$|[\\s，。、；：,.;!?！？）)」”])"
#define NOT_AFTER_NUM "(?<![0-9〇零一二两三四五六七八九十廿卅百])"
/* A part of the day before a time (下午3点, 下午的三点一刻); 晚 and 早 alone only after a day
 * (13号晚12点). */
#define DAY_PART                                                                                                              \
    "(?:(凌晨|清晨|早上|早晨|上午|中午|午间|下午|傍晚|晚上|晚间|夜间|夜里|深夜|(?<=[号日天])[" \
    "晚早])的?" SP ")?"
#define MONTH_PART "(上旬|中旬|下旬|初|底|末)?"
#define YEAR_PART "(初|底|末|上半年|下半年)?"

enum pattern_id {
    P_ISO,            /* 2021-09-03, 2021/9/3 */
    P_YEAR_RANGE,     /* 一九九一至一九九五年 */
    P_MONTH_RANGE,    /* 一至十一月份 */
    P_DECADE,         /* 九十年代, 上世纪80年代末 */
    P_CENTURY,        /* 本世纪末, 21世纪 */
    P_YMD,            /* 2021 年 9 月 3 日 */
    P_YM,             /* 2021年9月, 2021年9月底 */
    P_MD,             /* 9月3日 */
    P_Y,              /* 2021年, 2021年底 */
    P_M,              /* 9月, 9月上旬 */
    P_D,              /* 25日 */
    P_DAY_PAIR,       /* 今明两天, 明后天 */
    P_REL_DAY,        /* 昨天 */
    P_WEEK,           /* 上周三, 本周, 周五 */
    P_REL_MONTH,      /* 上个月, 本月底 */
    P_MONTH_PART,     /* 月底 (this month) */
    P_REL_YEAR,       /* 去年, 今年上半年 */
    P_HALF_YEAR,      /* 上半年 (this year) */
    P_N_REL,          /* 三天前, 两年后, 三年来, 五天内 */
    P_DURATION,       /* 两天, 三个月, 过去一年 */
    P_QUARTER,        /* 第三季度, 2021年第一季度 */
    P_REL_QUARTER,    /* 上季度 */
    P_TIME,           /* 上午10时, 晚上8点半 */
    P_CLOCK,          /* 14:30, 下午3:15 */
    P_LAST_N,         /* 前两天, 下三个月: the N units before or after the reference's */
    P_FIRST_QUARTERS, /* 前三季度, 首3季: of this year */
    P_SEASON,         /* 冬季, 今年夏天 */
    P_ORDINAL, /* 第二天, 最后一天, 第一个星期一: of the year or month before them */
    P_FUZZY,   /* 近日, 目前, 当天 */
    P_COUNT
};

/* Earlier patterns win over later ones matching the same text. */
static const char *const pattern_text[P_COUNT] = {
    [P_ISO] =
        "(?<![0-9])([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})(?:[Tt]([01][0-9]|2[0-3]):([0-5]["
        "0-9])(?::[0-5][0-9](?:\\.[0-9]+)?)?(?:[Zz]|[+-][0-9]{2}:?[0-9]{2})?)?(?![0-9])",
    [P_YEAR_RANGE] =
        "(?<![0-9〇零一二三四五六七八九])([〇零一二三四五六七八九0-9]{4})" SP RANGE_MARK SP
        "([〇零一二三四五六七八九0-9]{4})" SP "年(?![代级龄])(?!" SP
        "[0-9〇零一二两三四五六七八九十]{1,3}" SP "月)",
    [P_MONTH_RANGE] = NOT_AFTER_NUM NUM SP RANGE_MARK SP NUM SP "月份?",
    [P_DECADE] = "(?:(上|本|这|下)个?世纪|" NUM SP "世纪)?" SP
                 "([0-9]{4}|[0-9]0|[〇零一二三四五六七八九]{3}[〇零]|[二三四五六七八九]十)" SP
                 "年代(初期|初|前期|中期|中|末期|末|后期)?",
    [P_CENTURY] =
        "(?:(上|本|这|下)个?世纪|" NUM SP "世纪)(初期|初|中叶|中期|末期|末|上半叶|下半叶)?",
    [P_YMD] = NOT_AFTER_NUM YEAR_M SP "年" SP NUM SP "月" SP NUM SP "(?:[日号]|" DAY_END ")",
    [P_YM] = NOT_AFTER_NUM YEAR_M SP "年" SP NUM SP "月份?" MONTH_PART,
    [P_MD] = NOT_AFTER_NUM NUM SP "月" SP NUM SP
                                  "(?:[日号](?![线楼机院文房馆门车台舱位码字])|" DAY_END ")",
    [P_Y] = NOT_AFTER_NUM YEAR SP "年(?![代级龄])" YEAR_PART,
    [P_M] = NOT_AFTER_NUM NUM SP "月份?" MONTH_PART,
    [P_D] = "(?<![0-9〇零一二两三四五六七八九十廿卅百第])([0-9]{1,2}|[十廿卅二三]["
            "〇零一二三四五六七八九十]{1,2}|[一二三四五六七八九十廿卅](?=号))" SP
            "(?:日|号(?=[，。、；：,.;:!?！？）)\\s]|$|前|后|"
            "以|起|至|到|晚|早|上午|下午|凌晨|中午|傍晚|夜))",
    [P_DAY_PAIR] = "(今明后|明后大后|今明|明后)[两三]?(天|日|年)",
    [P_REL_DAY] =
        "(大前天|前天|昨天|昨日|今天|今日|明天|明日|后天|后日|大后天|大后日|前日|今晨|今早|"
        "昨晚|昨夜|今晚|明晚|明早|寻日|听日)",
    [P_WEEK] = "(上上上|下下下|上上|下下|上个|下个|这个|这一|今个|上|下|本|这)?(?:周|星期|礼拜)(["
               "一二三四五六日天1-7]|末)?",
    [P_REL_MONTH] = "(上上个|上个|下个|这个|今个|本|上|下)月(初|中|底|末|上旬|中旬|下旬)?",
    [P_MONTH_PART] = "(?<![0-9〇零一二两三四五六七八九十月个本上下这])月(初|中|底|末)",
    [P_REL_YEAR] = "(大前|前|去|今|明|后|上|下|这一|本)年(?!代|级)度?" YEAR_PART,
    [P_HALF_YEAR] = "(?<![0-9〇零一二两三四五六七八九十去今明前后上下本])(上半年|下半年|年初|年底|"
                    "年末|年内|全年)",
    [P_N_REL] = NOT_AFTER_NUM "(" AMOUNT ")(以前|以后|之前|之后|以来|之内|前|后|来|内)",
    [P_DURATION] =
        NOT_AFTER_NUM "(过去|近|最近|未来|今后)?(" AMOUNT ")(?![前后以来内之代级龄度年初底末])",
    [P_QUARTER] = "(?:" YEAR SP "年" SP ")?(?:第|(?=[一二三四1-4]季度))([一二三四1-4])季度?",
    [P_REL_QUARTER] = "(上|下|本|这)个?季度",
    [P_TIME] = DAY_PART NUM SP "(?:时|点)(?:" SP "(半|一刻|三刻|" NUM SP "分?))?",
    [P_CLOCK] =
        DAY_PART "(?<![0-9:])([01]?[0-9]|2[0-3]):([0-5][0-9])(?::[0-5][0-9])?(?![0-9:])(?:" SP
                 "([aApP])\\.?[mM]?\\.?)?",
    [P_LAST_N] = "(上|前|下|后)" SMALL "(?:个)?(天|周|星期|月|年|小时|分钟)(?![前后以来内之里])",
    [P_FIRST_QUARTERS] = "(?:前|首)([1-3一二三两])个?季度?",
    [P_SEASON] = "(?<![四])(春|夏|秋|冬)(季|天)(?!下|然)",
    [P_ORDINAL] = "(?:(第|倒数第)" SMALL "天|(最后)一天|(第)" SMALL
                  "个?(?:星期|周|礼拜)([一二三四五六日天1-7])|(最后)一个?(?:星期|周|礼拜)(["
                  "一二三四五六日天1-7]))",
    [P_FUZZY] =
        "(近日|日前|目前|近期|最近|此前|当前|现在|如今|眼下|早前|稍早|近年来|近年|当时|届时|"
        "今后|未来|(?<![超经通越])过去|当今|现今|近几年|前不久|近来|以往|当天|当日|当晚|同日|同年|"
        "次日|翌日|即日)",
};

/* The compiled patterns, built once per process. */
static pcre2_code *compiled[P_COUNT];
static pthread_once_t compiled_once = PTHREAD_ONCE_INIT;

struct date_scanner {
    pcre2_match_data *match;
    struct atom *atoms;
    size_t atom_cap;
};

const char *date_grain_name(enum date_grain grain)
{
    static const char *const names[] = {
        [GRAIN_NONE] = "fuzzy",  [GRAIN_YEAR] = "year",     [GRAIN_QUARTER] = "quarter",
        [GRAIN_MONTH] = "month", [GRAIN_WEEK] = "week",     [GRAIN_DAY] = "day",
        [GRAIN_HOUR] = "hour",   [GRAIN_MINUTE] = "minute", [GRAIN_DURATION] = "duration",
    };
    return names[grain];
}

static void compile_patterns(void)
{
    for (int p = 0; p < P_COUNT; p++) {
        size_t len = strlen(pattern_text[p]);
        PCRE2_UCHAR32 *pattern = xmalloc((len + 1) * sizeof *pattern);
        size_t n = utf8_to_cps(pattern_text[p], (int32_t *)pattern, len);
        int err;
        PCRE2_SIZE at;
        compiled[p] = pcre2_compile(pattern, n, PCRE2_UTF | PCRE2_UCP, &err, &at, NULL);
        free(pattern);
        if (!compiled[p]) { /* a bug in pattern_text: tests catch it */
            fprintf(stderr, "xinwen: date pattern %d does not compile (error %d at %zu)\n", p, err,
                    (size_t)at);
            abort();
        }
#ifndef XINWEN_NO_PCRE2_JIT /* the valgrind build: JIT code is opaque to valgrind */
        pcre2_jit_compile(compiled[p], PCRE2_JIT_COMPLETE); /* else the interpreter runs it */
#endif
    }
}

void date_ref_set(struct date_ref *ref, const struct datetime *dt, int offset_minutes)
{
    struct datetime local = *dt;
    if (dt->has_time) {
        datetime_from_unix(datetime_to_unix(dt) + (int64_t)offset_minutes * 60, 0, &local);
    } else {
        local.hour = local.minute = 0;
    }
    *ref = (struct date_ref){local.year, local.month, local.day, local.hour, local.minute, true};
}

/* ---- numbers ----------------------------------------------------------------------------- */

static int digit_value(int32_t c)
{
    static const int32_t digits[] = {0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB,
                                     0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D}; /* 〇一…九 */
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c == 0x96F6) /* 零 */
        return 0;
    if (c == 0x4E24) /* 两 */
        return 2;
    for (int i = 0; i < 10; i++)
        if (digits[i] == c)
            return i;
    return -1;
}

/* The value of a numeral (Arabic digits, 二〇二一 digit by digit, 二十三, 廿三, 卅一, 一百二十),
 * or -1. 半 is -2, 几 and 数 are -3. */
static int numeral(const int32_t *s, size_t n)
{
    if (n == 0)
        return -1;
    if (n == 1 && s[0] == 0x534A) /* 半 */
        return -2;
    if (n == 1 && (s[0] == 0x51E0 || s[0] == 0x6570)) /* 几 数 */
        return -3;
    bool positional = true;
    for (size_t i = 0; i < n; i++)
        positional &= digit_value(s[i]) >= 0;
    if (positional) {
        int v = 0;
        for (size_t i = 0; i < n; i++) {
            v = v * 10 + digit_value(s[i]);
            if (v > 100000)
                return -1;
        }
        return v;
    }
    int total = 0, current = -1;
    for (size_t i = 0; i < n; i++) {
        int d = digit_value(s[i]);
        if (d >= 0) {
            current = d;
            continue;
        }
        int unit = s[i] == 0x5341 ? 10 : s[i] == 0x767E ? 100 : s[i] == 0x5343 ? 1000 : 0;
        int tens = s[i] == 0x5EFF ? 20 : s[i] == 0x5345 ? 30 : 0; /* 廿 卅 */
        if (tens) {
            total += tens;
            current = -1;
        } else if (unit) {
            total += (current < 0 ? 1 : current) * unit;
            current = -1;
        } else {
            return -1;
        }
    }
    return total + (current > 0 ? current : 0);
}

/* ---- amounts of time ----------------------------------------------------------------------- */

/* Units of an amount, largest first; a part's fraction passes to the next smaller unit. */
enum unit { U_YEAR, U_MONTH, U_WEEK, U_DAY, U_HOUR, U_MINUTE, U_SECOND, U_COUNT };

/* An amount as written: 两年零三个月 is 2 years and 3 months, 1.5小时 1 hour and 30 minutes. */
struct amount {
    int field[U_COUNT];
    enum unit first; /* the largest unit written: 三年前 lands in a year, 三天前 in a day */
};

/* The unit a fraction of each passes to, and how many of it make one (a month as 30 days). */
static const struct {
    enum unit unit;
    int count;
} smaller[U_COUNT] = {
    [U_YEAR] = {U_MONTH, 12}, [U_MONTH] = {U_DAY, 30},   [U_WEEK] = {U_DAY, 7},
    [U_DAY] = {U_HOUR, 24},   [U_HOUR] = {U_MINUTE, 60}, [U_MINUTE] = {U_SECOND, 60},
};

/* Adds num/den of unit u, the fraction carried down (a week and a half: 10 days 12 hours). */
static void amount_add(struct amount *am, enum unit u, int64_t num, int64_t den)
{
    am->field[u] += (int)(num / den);
    int64_t rest = num % den;
    if (rest && smaller[u].count)
        amount_add(am, smaller[u].unit, rest * smaller[u].count, den);
}

struct unit_word {
    const char *word;
    enum unit unit;
    int times; /* a quarter is 3 months, 刻钟 15 minutes */
};

static const struct unit_word unit_words[] = {
    {"年", U_YEAR, 1},   {"季度", U_MONTH, 3},  {"月", U_MONTH, 1},     {"星期", U_WEEK, 1},
    {"礼拜", U_WEEK, 1}, {"周", U_WEEK, 1},     {"天", U_DAY, 1},       {"小时", U_HOUR, 1},
    {"钟头", U_HOUR, 1}, {"分钟", U_MINUTE, 1}, {"刻钟", U_MINUTE, 15}, {"分", U_MINUTE, 1},
};

static bool word_at(const int32_t *s, size_t n, size_t i, const char *word, size_t *len)
{
    const char *const words[] = {word};
    *len = utf8_word_at(s, n, i, words, 1, false);
    return *len > 0;
}

/* Reads a number of an amount at s[*i]: 3, 1.5, 一点五, 二十, 两千, 半 (1/2). Its value is
 * num/den; false for 几 and 数 (a few: no count) or no number. */
static bool amount_number(const int32_t *s, size_t n, size_t *i, int64_t *num, int64_t *den)
{
    size_t k = *i;
    if (k < n && s[k] == 0x534A) { /* 半 */
        *num = 1;
        *den = 2;
        *i = k + 1;
        return true;
    }
    while (k < n && (digit_value(s[k]) >= 0 || s[k] == 0x5341 || s[k] == 0x767E || s[k] == 0x5343))
        k++; /* digits, 十 百 千 */
    int whole = numeral(s + *i, k - *i);
    bool positional = true;
    for (size_t j = *i; j < k; j++)
        positional &= digit_value(s[j]) >= 0;
    if (k == *i || whole < 0 || (positional && k - *i >= 2 && s[*i] > '9'))
        return false; /* 五六年: five or six, a guess; 一九九三年 is a year */
    *num = whole;
    *den = 1;
    if (k + 1 < n && (s[k] == '.' || s[k] == 0x70B9) && digit_value(s[k + 1]) >= 0) { /* . 点 */
        k++;
        while (k < n && digit_value(s[k]) >= 0 && *den < 100) {
            *num = *num * 10 + digit_value(s[k]);
            *den *= 10;
            k++;
        }
    }
    *i = k;
    return true;
}

/* The weekday after 周 or 星期: 一 or 1 is Monday (1) … 日, 天 or 7 Sunday (7). */
static int weekday_number(int32_t c)
{
    return c == 0x65E5 || c == 0x5929 ? 7 : c >= '1' && c <= '7' ? c - '0' : digit_value(c);
}

/* 一 … 六, 日 and 天 (Sunday) after 周: a weekday named in words (两 is no weekday) */
static bool weekday_char(int32_t c)
{
    int day = weekday_number(c);
    return c > '9' && c != 0x4E24 && day >= 1 && day <= 7;
}

/* Reads the amount matched in s[0..n) (the AMOUNT pattern); false when it is no amount: 几天
 * (no count), 三月 (a month's name: an amount of months says 个), 十分 (very). */
static bool read_amount(const int32_t *s, size_t n, struct amount *am)
{
    static const char *const joins[] = {"零", "又", "加上", "外加", "加"};
    memset(am, 0, sizeof *am);
    size_t i = 0;
    int parts = 0;
    bool years_last = false;
    while (i < n) {
        size_t len;
        if (parts && (len = utf8_word_at(s, n, i, joins, ARRAY_LEN(joins), false))
            && (i + len >= n || s[i] != 0x96F6 || digit_value(s[i + len]) >= 0))
            i += len; /* 零 joins (两年零三个月) unless it is the first digit of 零五分 */
        int64_t num, den;
        if (!amount_number(s, n, &i, &num, &den))
            return false;
        bool more = i < n && s[i] == 0x591A; /* 十多年 */
        i += more;
        bool ge = i < n && s[i] == 0x4E2A; /* 个 */
        i += ge;
        bool and_half = ge && i < n && s[i] == 0x534A; /* 一个半月 */
        i += and_half;
        const struct unit_word *unit = NULL;
        for (size_t k = 0; k < ARRAY_LEN(unit_words) && !unit; k++)
            if (word_at(s, n, i, unit_words[k].word, &len))
                unit = &unit_words[k];
        if (!unit)
            return false;
        i += len;
        bool half_after = i < n && s[i] == 0x534A; /* 1分半 */
        i += half_after;
        i += i < n && s[i] == 0x591A; /* 三年多 */
        if (unit->unit == U_WEEK && i < n && (s[i] == 0x672B || weekday_char(s[i])))
            return false; /* 一个周末, 两个周六: weekends and weekdays, not weeks */
        if (unit->unit == U_MONTH && !ge && !(unit->times == 1 && parts && years_last))
            return false; /* 三月 is March, 三季度 the third quarter: amounts say 个 (but 10年4月)
                           */
        years_last = unit->unit == U_YEAR && num < 100 * den; /* 110年10月 is a date (民国) */
        if (unit->unit == U_MINUTE && unit->times == 1 && word_at(s, n, i - len, "分", &len)
            && !word_at(s, n, i - 1, "钟", &len) && !parts && !half_after)
            return false; /* 十分: very; 分 alone counts only after hours (3小时05分) */
        if (and_half || half_after) {
            num = num * 2 + 1;
            den *= 2;
        }
        if (!parts)
            am->first = unit->unit;
        amount_add(am, unit->unit, num * unit->times, den);
        parts++;
    }
    return parts > 0;
}

/* The ISO 8601 duration of an amount: P2Y3M, PT1H30M, P2W (weeks alone), P3DT12H. */
static void amount_format(const struct amount *am, char *out, size_t cap)
{
    static const char letters[U_COUNT] = {'Y', 'M', 'W', 'D', 'H', 'M', 'S'};
    int field[U_COUNT];
    memcpy(field, am->field, sizeof field);
    bool weeks_alone = true;
    for (int u = 0; u < U_COUNT; u++)
        weeks_alone &= u == U_WEEK || !field[u];
    if (!weeks_alone) {
        field[U_DAY] += 7 * field[U_WEEK];
        field[U_WEEK] = 0;
    }
    size_t len = (size_t)snprintf(out, cap, "P");
    for (int u = 0; u < U_COUNT && len < cap; u++) {
        if (u == U_HOUR && (field[U_HOUR] || field[U_MINUTE] || field[U_SECOND]))
            len += (size_t)snprintf(out + len, cap - len, "T");
        if (field[u] && len < cap)
            len += (size_t)snprintf(out + len, cap - len, "%d%c", field[u], letters[u]);
    }
    if (len == 1)
        snprintf(out, cap, "P0D");
}

/* ---- points in time ---------------------------------------------------------------------- */

/* A point at some grain; 0 in y, m or d means not known (X in the value). */
struct when {
    int y, m, d, h, mi; /* h < 0: no time of day */
    enum date_grain grain;
};

/* A_ORDINAL: 第二天, 最后一个星期五, a day only of the year or month before it */
enum atom_kind { A_POINT, A_INTERVAL, A_DURATION, A_FUZZY, A_TIME, A_ORDINAL };

struct atom {
    size_t start, end;
    enum pattern_id pattern;
    enum atom_kind kind;
    struct when a, b; /* a: the point, or an interval's start; b: its end */
    char duration[24];
    bool relative;
    bool weak;       /* 3点 alone may be "three points": kept only next to a date */
    bool evening;    /* 今晚, 昨晚: a time of day after it is in the evening */
    bool time_only;  /* a time of day that took the reference's day (14:30 alone) */
    bool open_start; /* an interval with no start: ../2022-10-01 (之前) */
    bool used;       /* merged into another atom */
    int nth;         /* A_ORDINAL: the Nth day or weekday, counted from the end when < 0 */
    int count;       /* P_LAST_N: N, and months: whether its unit is the month */
    bool months;
    int nth_weekday; /* A_ORDINAL: 1 (Monday) … 7, or 0 for days */
    bool anchored;   /* a chain (去年的今天): anchor is the day its parts count from */
    struct date_ref anchor;
};

static void from_day_number(int64_t days, int *y, int *m, int *d)
{
    struct datetime dt;
    datetime_from_unix(days * 86400, 0, &dt);
    *y = dt.year;
    *m = dt.month;
    *d = dt.day;
}

/* Monday 1 … Sunday 7 */
static int weekday(int64_t days)
{
    return (int)(((days + 3) % 7 + 7) % 7) + 1;
}

static struct when day_when(int64_t days)
{
    struct when w = {.h = -1, .grain = GRAIN_DAY};
    from_day_number(days, &w.y, &w.m, &w.d);
    return w;
}

/* The minute `t` (counted from 1970-01-01 00:00) at an hour or minute grain. */
static struct when minute_when(int64_t t, enum date_grain grain)
{
    int64_t day = t >= 0 ? t / 1440 : -((-t + 1439) / 1440);
    struct when w = day_when(day);
    w.h = (int)((t - day * 1440) / 60);
    w.mi = (int)((t - day * 1440) % 60);
    w.grain = grain;
    return w;
}

static int64_t ref_days(const struct date_ref *ref)
{
    return days_from_civil(ref->year, ref->month, ref->day);
}

static void add_months(int *y, int *m, int k)
{
    int total = *y * 12 + (*m - 1) + k;
    *y = total / 12;
    *m = total % 12 + 1;
}

static void clip_day(struct when *w)
{
    if (w->y && w->m && w->d > days_in_month(w->y, w->m))
        w->d = days_in_month(w->y, w->m);
}

/* The week (grain week) of the day `days`: its Monday as the point. */
static struct when week_when(int64_t days)
{
    struct when w = day_when(days - (weekday(days) - 1));
    w.grain = GRAIN_WEEK;
    return w;
}

/* ---- formatting -------------------------------------------------------------------------- */

static void put_field(char *out, size_t cap, size_t *len, int value, int width)
{
    if (*len >= cap)
        return;
    int k = value > 0 ? snprintf(out + *len, cap - *len, "%0*d", width, value)
                      : snprintf(out + *len, cap - *len, "%.*s", width, "XXXX");
    if (k > 0)
        *len += (size_t)k;
}

static void format_when(const struct when *w, char *out, size_t cap, size_t *len)
{
    if (w->grain == GRAIN_WEEK && w->y > 0) {
        /* ISO week: the Thursday of the week decides its year */
        int64_t monday = days_from_civil(w->y, w->m, w->d);
        int ty, tm, td;
        from_day_number(monday + 3, &ty, &tm, &td);
        int64_t week = (monday + 3 - days_from_civil(ty, 1, 1)) / 7 + 1;
        int k = snprintf(out + *len, cap - *len, "%04d-W%02d", ty, (int)week);
        if (k > 0)
            *len += (size_t)k;
        return;
    }
    if (w->grain == GRAIN_WEEK) {
        int k = snprintf(out + *len, cap - *len, "XXXX-WXX");
        if (k > 0)
            *len += (size_t)k;
        return;
    }
    put_field(out, cap, len, w->y, 4);
    if (w->grain == GRAIN_YEAR)
        return;
    out[(*len)++] = '-';
    put_field(out, cap, len, w->m, 2);
    if (w->grain == GRAIN_MONTH || w->grain == GRAIN_QUARTER)
        return;
    out[(*len)++] = '-';
    put_field(out, cap, len, w->d, 2);
    if (w->grain == GRAIN_HOUR || w->grain == GRAIN_MINUTE) {
        int k = snprintf(out + *len, cap - *len, "T%02d:%02d", w->h, w->mi > 0 ? w->mi : 0);
        if (k > 0)
            *len += (size_t)k;
    }
    out[*len] = '\0';
}

static void atom_value(const struct atom *a, char *out, size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    switch (a->kind) {
    case A_POINT:
        format_when(&a->a, out, cap - 1, &len);
        break;
    case A_INTERVAL:
        if (a->open_start) {
            memcpy(out, "..", 2);
            len = 2;
        } else {
            format_when(&a->a, out, cap - 1, &len);
        }
        out[len++] = '/';
        if (a->b.grain == GRAIN_NONE) {
            memcpy(out + len, "..", 2);
            len += 2;
        } else {
            format_when(&a->b, out, cap - 1, &len);
        }
        break;
    case A_DURATION:
        len = (size_t)snprintf(out, cap, "%s", a->duration);
        break;
    case A_FUZZY:
    case A_TIME:
    case A_ORDINAL:
        break;
    }
    out[len < cap ? len : cap - 1] = '\0';
}

/* Marks between the ends of a range: 9月1日至3日, 9:00~11:30. */
static const char *const range_marks[] = {"至", "到", "—", "–", "-", "~", "～", "－", "ー"};

/* ---- one pattern match to an atom ---------------------------------------------------------- */

struct groups {
    const int32_t *cps;
    size_t n; /* of cps */
    PCRE2_SIZE *ov;
    int count;
};

static bool has(const struct groups *g, int i)
{
    size_t k = 2 * (size_t)i;
    return i < g->count && g->ov[k] != PCRE2_UNSET && g->ov[k + 1] > g->ov[k];
}

static const int32_t *at(const struct groups *g, int i)
{
    return g->cps + g->ov[2 * (size_t)i];
}

static size_t glen(const struct groups *g, int i)
{
    size_t k = 2 * (size_t)i;
    return g->ov[k + 1] - g->ov[k];
}

static bool group_is(const struct groups *g, int i, const char *text)
{
    int32_t want[8];
    size_t n = utf8_to_cps(text, want, 8);
    return has(g, i) && glen(g, i) == n && memcmp(at(g, i), want, n * sizeof *want) == 0;
}

static int group_number(const struct groups *g, int i)
{
    return has(g, i) ? numeral(at(g, i), glen(g, i)) : -1;
}

/* A year group: 2021, 二〇二一, and two digits '21, 06, 九八 (→ 2000–2049, 1950–1999); -1 for
 * 五六 (five or six: two digits in a row are a guess at a count, not a year). Years of the
 * Republic (Taiwan's calendar) count from 1912: 民国95年 and the three-digit 110年 are 2006 and
 * 2021. */
static int group_year(const struct groups *g, int i)
{
    if (!has(g, i))
        return -1;
    const int32_t *s = at(g, i);
    size_t n = glen(g, i);
    size_t from = g->ov[2 * (size_t)i];
    if (from >= 2 && g->cps[from - 2] == 0x6C11 && g->cps[from - 1] == 0x56FD) { /* 民国 */
        int v = numeral(s, n);
        return v > 0 && v < 200 ? 1911 + v : -1;
    }
    if (s[0] == '\'' || s[0] == 0x2019) {
        s++;
        n--;
    }
    int v = numeral(s, n);
    if (n == 3)
        return v >= 100 && v < 200 ? 1911 + v : -1;
    if (n != 2 || v < 0)
        return v;
    if (s[0] > '9' && digit_value(s[0]) > 0 && digit_value(s[1]) == digit_value(s[0]) + 1)
        return -1;
    return v < 50 ? 2000 + v : 1900 + v;
}

/* Minutes written without 分 that read as a clock's (11点03, 十六点四十, 六点一十) rather than
 * decimals (十点六亿, 三点零五倍): two Arabic digits, 零X or a tens numeral, then the end of
 * the text or a clause, a range mark, or 前/后/起/左右. */
static bool clock_minutes(const struct groups *g, int i)
{
    const int32_t *s = at(g, i);
    size_t n = glen(g, i);
    bool arabic = s[0] >= '0' && s[0] <= '9';
    bool shaped =
        arabic ? n == 2 : n >= 2 && (digit_value(s[0]) == 0 || s[0] == 0x5341 || s[1] == 0x5341);
    size_t end = g->ov[2 * (size_t)i + 1];
    if (!shaped)
        return false;
    if (end == g->n)
        return true;
    static const char follow[] = " \t，。、；：,;!?！？）)到至-~—～－前后起左的";
    int32_t next = g->cps[end];
    int32_t cps[64];
    size_t count = utf8_to_cps(follow, cps, ARRAY_LEN(cps));
    for (size_t k = 0; k < count; k++)
        if (cps[k] == next)
            return true;
    return false;
}

/* 18年10月 is a month when 份 or a range is next to it (18年10月至11月, 2018年10月到18年11月);
 * else two Arabic digits and 年 may count years: 判处10年4月 (ten years and four months). */
static bool year_month_written(const struct groups *g)
{
    const int32_t *y = at(g, 1);
    size_t start = g->ov[0], end = g->ov[1];
    if (glen(g, 1) != 2 || y[0] > '9' || y[0] == '0')
        return true;
    if (g->cps[end - 1] == 0x4EFD) /* 份 */
        return true;
    while (start > 0 && g->cps[start - 1] == ' ')
        start--;
    if (start > 0 && utf8_word_at(g->cps, g->n, start, range_marks, ARRAY_LEN(range_marks), true))
        return true;
    while (end < g->n && g->cps[end] == ' ')
        end++;
    return end < g->n
           && utf8_word_at(g->cps, g->n, end, range_marks, ARRAY_LEN(range_marks), false);
}

/* Month parts: 上旬 1–10, 中旬 11–20, 下旬 and 底/末 21–end, 初 1–10 (as 上旬). */
static void month_part(struct atom *a, const struct groups *g, int i)
{
    if (!has(g, i))
        return;
    int from = 1, to = 10;
    if (group_is(g, i, "中旬") || group_is(g, i, "中")) {
        from = 11;
        to = 20;
    } else if (group_is(g, i, "下旬") || group_is(g, i, "底") || group_is(g, i, "末")) {
        from = 21;
        to = 31;
    }
    a->kind = A_INTERVAL;
    a->b = a->a;
    a->a.d = from;
    a->b.d = to; /* clipped to the month's length when resolved */
    a->a.grain = a->b.grain = GRAIN_DAY;
}

/* Year parts: 初 January, 底/末 December, 上半年 January–June, 下半年 July–December. */
static void year_part(struct atom *a, const struct groups *g, int i)
{
    if (!has(g, i))
        return;
    a->a.grain = GRAIN_MONTH;
    if (group_is(g, i, "初")) {
        a->a.m = 1;
    } else if (group_is(g, i, "底") || group_is(g, i, "末")) {
        a->a.m = 12;
    } else {
        bool first = group_is(g, i, "上半年");
        a->kind = A_INTERVAL;
        a->b = a->a;
        a->a.m = first ? 1 : 7;
        a->b.m = first ? 6 : 12;
    }
}

static int offset_of(const struct groups *g, int i, const char *const *words, const int *offsets,
                     size_t count)
{
    for (size_t k = 0; k < count; k++)
        if (group_is(g, i, words[k]))
            return offsets[k];
    return 0;
}

/* ---- decades and centuries --------------------------------------------------------------------
 */

/* The first year of the century a P_DECADE or P_CENTURY match names in groups 1 (本, 上, 下)
 * and 2 (21世纪), counted by hundreds as news does (20世纪 is 1900–1999); the reference's
 * century for neither; 0 when unknown. */
static int century_start(const struct groups *g, const struct date_ref *ref, bool *relative)
{
    if (has(g, 2)) {
        int c = group_number(g, 2);
        return c >= 1 && c <= 30 ? (c - 1) * 100 : -1;
    }
    *relative = true;
    if (!ref->known)
        return 0;
    int off = group_is(g, 1, "上") ? -1 : group_is(g, 1, "下") ? 1 : 0;
    return (ref->year / 100 + off) * 100;
}

/* 九十年代 (1990/1999), 上世纪80年代末, 21世纪, 本世纪末: intervals of years. Parts of a decade:
 * 初 its first four years, 中 the next three, 末 the last three; of a century: 初 and 末 its first
 * and last decades, 中叶 40–59, 上半叶 and 下半叶 its halves. */
static bool decade_or_century(struct atom *a, enum pattern_id p, const struct groups *g,
                              const struct date_ref *ref)
{
    bool relative = false;
    bool century_written = has(g, 1) || has(g, 2);
    int century = century_written ? century_start(g, ref, &relative) : 0;
    if (century < 0)
        return false;
    int from, to;
    int part = p == P_DECADE ? 4 : 3;
    if (p == P_DECADE) {
        const int32_t *d = at(g, 3);
        size_t dn = glen(g, 3);
        int v = d[dn - 1] == 0x5341 ? 10 * digit_value(d[0]) : numeral(d, dn); /* 九十 */
        if (v < 0 || v % 10)
            return false;
        if (v >= 1000) {
            from = v;
        } else if (century_written) {
            from = century ? century + v : 0;
        } else if (ref->known) { /* the latest such decade begun by the reference year */
            relative = true;
            from = ref->year / 100 * 100 + v;
            if (from > ref->year)
                from -= 100;
        } else {
            from = 1900 + v;
        }
        to = from + 9;
        if (from && has(g, part)) {
            int32_t c = at(g, part)[0];
            if (c == 0x521D || c == 0x524D) /* 初 前期 */
                to = from + 3;
            else if (c == 0x4E2D) /* 中 */
                from += 4, to = from + 2;
            else /* 末 后期 */
                from += 7;
        }
    } else {
        from = century;
        to = century ? century + 99 : 0;
        if (century && has(g, part)) {
            if (group_is(g, part, "初") || group_is(g, part, "初期"))
                to = from + 9;
            else if (group_is(g, part, "末") || group_is(g, part, "末期"))
                from += 90;
            else if (group_is(g, part, "上半叶"))
                to = from + 49;
            else if (group_is(g, part, "下半叶"))
                from += 50;
            else /* 中叶 中期 */
                from += 40, to = from + 19;
        }
    }
    a->kind = A_INTERVAL;
    a->relative = relative;
    a->a = (struct when){.y = from, .h = -1, .grain = GRAIN_YEAR};
    a->b = (struct when){.y = to, .h = -1, .grain = GRAIN_YEAR};
    return true;
}

/* Fills atom a from a match of pattern p; false when the match is no date after all. */
static bool make_atom(struct atom *a, enum pattern_id p, const struct groups *g,
                      const struct date_ref *ref)
{
    struct when w = {.h = -1};
    a->kind = A_POINT;
    a->relative = false;
    int64_t today = ref->known ? ref_days(ref) : 0;
    switch (p) {
    case P_ISO:
    case P_YMD: {
        w.y = p == P_ISO ? group_number(g, 1) : group_year(g, 1);
        w.m = group_number(g, 2);
        w.d = group_number(g, 3);
        if (w.y < 1000 || w.m < 1 || w.m > 12 || w.d < 1 || w.d > days_in_month(w.y, w.m))
            return false;
        w.grain = GRAIN_DAY;
        if (p == P_ISO && has(g, 4)) { /* 1994-11-05T08:15:30-05:30: the time as written */
            w.h = group_number(g, 4);
            w.mi = group_number(g, 5);
            w.grain = GRAIN_MINUTE;
        }
        break;
    }
    case P_YEAR_RANGE:
    case P_MONTH_RANGE: { /* 一九九一至一九九五年, 一至十一月份 */
        bool years = p == P_YEAR_RANGE;
        int from = years ? group_year(g, 1) : group_number(g, 1);
        int to = years ? group_year(g, 2) : group_number(g, 2);
        if (years ? from < 1000 || to < from : from < 1 || to > 12 || to < from)
            return false;
        a->kind = A_INTERVAL;
        a->relative = !years;
        a->a = (struct when){.y = years ? from : 0,
                             .m = years ? 0 : from,
                             .h = -1,
                             .grain = years ? GRAIN_YEAR : GRAIN_MONTH};
        a->b = a->a;
        if (years)
            a->b.y = to;
        else
            a->b.m = to;
        return true;
    }
    case P_DECADE:
    case P_CENTURY:
        return decade_or_century(a, p, g, ref);
    case P_YM:
        w.y = group_year(g, 1);
        w.m = group_number(g, 2);
        if (w.y < 1000 || w.m < 1 || w.m > 12 || !year_month_written(g))
            return false;
        w.grain = GRAIN_MONTH;
        a->a = w;
        month_part(a, g, 3);
        return true;
    case P_MD:
        w.m = group_number(g, 1);
        w.d = group_number(g, 2);
        if (w.m < 1 || w.m > 12 || w.d < 1 || w.d > 31)
            return false;
        w.grain = GRAIN_DAY;
        a->relative = true; /* the year is the reference's */
        break;
    case P_Y:
        w.y = group_year(g, 1);
        if (w.y < 1000)
            return false;
        w.grain = GRAIN_YEAR;
        a->a = w;
        year_part(a, g, 2);
        return true;
    case P_M:
        w.m = group_number(g, 1);
        if (w.m < 1 || w.m > 12)
            return false;
        w.grain = GRAIN_MONTH;
        a->relative = true;
        a->a = w;
        month_part(a, g, 2);
        return true;
    case P_D:
        w.d = group_number(g, 1);
        if (w.d < 1 || w.d > 31)
            return false;
        w.grain = GRAIN_DAY;
        a->relative = true;
        break;
    case P_REL_DAY: {
        static const char *const words[] = {"大前天", "前天", "前日",   "昨天",  "昨日", "昨晚",
                                            "昨夜",   "寻日", "今天",   "今日",  "今晨", "今早",
                                            "今晚",   "明天", "明日",   "明晚",  "明早", "听日",
                                            "后天",   "后日", "大后天", "大后日"};
        static const int offsets[] = {-3, -2, -2, -1, -1, -1, -1, -1, 0, 0, 0,
                                      0,  0,  1,  1,  1,  1,  1,  2,  2, 3, 3};
        int off = offset_of(g, 1, words, offsets, ARRAY_LEN(words));
        w = ref->known ? day_when(today + off) : (struct when){.h = -1, .grain = GRAIN_DAY};
        a->relative = true;
        int32_t last = at(g, 1)[glen(g, 1) - 1];
        a->evening = last == 0x665A || last == 0x591C; /* 今晚, 昨夜: a time after is p.m. */
        break;
    }
    case P_WEEK: {
        static const char *const words[] = {"上上上", "上上", "上",   "上个",
                                            "下",     "下个", "下下", "下下下"};
        static const int offsets[] = {-3, -2, -1, -1, 1, 1, 2, 3};
        if (!has(g, 1) && !has(g, 2))
            return false; /* 周 alone: 周边, 周年 */
        int off = offset_of(g, 1, words, offsets, ARRAY_LEN(words));
        a->relative = true;
        if (!ref->known) {
            w = (struct when){.h = -1, .grain = has(g, 2) ? GRAIN_DAY : GRAIN_WEEK};
            break;
        }
        int64_t monday = today - (weekday(today) - 1) + 7 * (int64_t)off;
        if (!has(g, 2)) {
            w = week_when(monday);
        } else if (group_is(g, 2, "末")) {
            a->kind = A_INTERVAL;
            a->a = day_when(monday + 5);
            a->b = day_when(monday + 6);
            return true;
        } else {
            w = day_when(monday + weekday_number(at(g, 2)[0]) - 1);
        }
        break;
    }
    case P_REL_MONTH:
    case P_MONTH_PART: {
        static const char *const words[] = {"上上个", "上个", "上", "下个", "下"};
        static const int offsets[] = {-2, -1, -1, 1, 1};
        int off = p == P_REL_MONTH ? offset_of(g, 1, words, offsets, ARRAY_LEN(words)) : 0;
        w.grain = GRAIN_MONTH;
        if (ref->known) {
            w.y = ref->year;
            w.m = ref->month;
            add_months(&w.y, &w.m, off);
        }
        a->relative = true;
        a->a = w;
        month_part(a, g, p == P_REL_MONTH ? 2 : 1);
        return true;
    }
    case P_REL_YEAR:
    case P_HALF_YEAR: {
        static const char *const words[] = {"大前", "前", "去", "上", "今", "明", "下", "后"};
        static const int offsets[] = {-3, -2, -1, -1, 0, 1, 1, 2};
        int off = p == P_REL_YEAR ? offset_of(g, 1, words, offsets, ARRAY_LEN(words)) : 0;
        w.grain = GRAIN_YEAR;
        w.y = ref->known ? ref->year + off : 0;
        a->relative = true;
        a->a = w;
        if (p == P_HALF_YEAR && (group_is(g, 1, "年内") || group_is(g, 1, "全年")))
            return true;                                 /* this year */
        if (p == P_HALF_YEAR && at(g, 1)[0] == 0x5E74) { /* 年初, 年底: the part after 年 */
            PCRE2_SIZE part[4] = {g->ov[2] + 1, g->ov[3], g->ov[2] + 1, g->ov[3]};
            struct groups sub = {g->cps, g->n, part, 2};
            year_part(a, &sub, 1);
            return true;
        }
        year_part(a, g, p == P_REL_YEAR ? 2 : 1);
        return true;
    }
    case P_N_REL:
    case P_DURATION: {
        int g_amount = p == P_N_REL ? 1 : 2;
        struct amount am;
        int32_t first = at(g, g_amount)[0];
        if (first == 0x51E0 || first == 0x6570) { /* 几天前, 数年: a few, no count */
            a->kind = A_FUZZY;
            w.grain = GRAIN_NONE;
            break;
        }
        if (!read_amount(at(g, g_amount), glen(g, g_amount), &am))
            return false; /* 三月 (March), 十分 (very) */
        bool before = false, after = false;
        if (p == P_N_REL) {
            const int32_t *s = at(g, 2);
            before = s[0] == 0x524D || (glen(g, 2) == 2 && s[1] == 0x524D); /* 前 以前 之前 */
            after = s[0] == 0x540E || (glen(g, 2) == 2 && s[1] == 0x540E);  /* 后 以后 之后 */
        }
        if (a->start >= 2 && g->cps[a->start - 2] == 0x65F6 && g->cps[a->start - 1] == 0x9694)
            before = after = false; /* 时隔三个月后: an interval, not a date */
        if (!before && !after) {    /* a duration: 两天, 三年来, 五天内 */
            a->kind = A_DURATION;
            amount_format(&am, a->duration, sizeof a->duration);
            w.grain = GRAIN_DURATION;
            a->a = w;
            return true;
        }
        int sign = before ? -1 : 1;
        int months = 12 * am.field[U_YEAR] + am.field[U_MONTH];
        int days = 7 * am.field[U_WEEK] + am.field[U_DAY];
        int64_t minutes = 60 * (int64_t)am.field[U_HOUR] + am.field[U_MINUTE];
        a->relative = true;
        if (!ref->known) {
            w.grain = am.first == U_YEAR    ? GRAIN_YEAR
                      : am.first == U_MONTH ? GRAIN_MONTH
                      : am.first == U_WEEK  ? GRAIN_WEEK
                      : am.first == U_DAY   ? GRAIN_DAY
                                            : GRAIN_MINUTE;
            break;
        }
        if (minutes || am.field[U_SECOND]) { /* from the reference's time */
            int64_t t = (today * 24 + ref->hour) * 60 + ref->minute
                        + sign * (minutes + (int64_t)days * 1440);
            w = minute_when(t, GRAIN_MINUTE);
            if (months) { /* 一年零三小时后: seldom, the months first */
                add_months(&w.y, &w.m, sign * months);
                clip_day(&w);
            }
        } else if (!days) { /* N年前 is that year, N个月前 that month */
            w.y = ref->year;
            w.m = ref->month;
            add_months(&w.y, &w.m, sign * months);
            w.grain = am.first == U_YEAR ? GRAIN_YEAR : GRAIN_MONTH;
        } else {
            struct when base = {.y = ref->year, .m = ref->month, .d = ref->day};
            add_months(&base.y, &base.m, sign * months); /* 一个半月前: a month, then 15 days */
            clip_day(&base);
            int64_t shifted = days_from_civil(base.y, base.m, base.d) + (int64_t)sign * days;
            w = am.first == U_WEEK ? week_when(shifted) : day_when(shifted);
        }
        break;
    }
    case P_QUARTER:
    case P_REL_QUARTER: {
        int q, y;
        if (p == P_QUARTER) {
            q = group_number(g, 2);
            y = has(g, 1) ? group_year(g, 1) : ref->known ? ref->year : 0;
            a->relative = !has(g, 1);
        } else {
            int off = group_is(g, 1, "上") ? -1 : group_is(g, 1, "下") ? 1 : 0;
            if (!ref->known) {
                q = 0;
                y = 0;
            } else {
                int m = ref->month, yy = ref->year;
                add_months(&yy, &m, 3 * off);
                q = (m - 1) / 3 + 1;
                y = yy;
            }
            a->relative = true;
        }
        if (q > 4)
            return false;
        a->kind = A_INTERVAL;
        a->a = (struct when){.y = y, .m = q ? 3 * q - 2 : 0, .h = -1, .grain = GRAIN_QUARTER};
        a->b = a->a;
        a->b.m = q ? 3 * q : 0;
        return true;
    }
    case P_TIME:
    case P_CLOCK: {
        int h = group_number(g, 2);
        int mi = 0;
        if (p == P_CLOCK) {
            mi = group_number(g, 3);
        } else if (has(g, 3)) {
            mi = group_is(g, 3, "半")     ? 30
                 : group_is(g, 3, "一刻") ? 15
                 : group_is(g, 3, "三刻") ? 45
                                          : group_number(g, 4);
            const int32_t *end = at(g, 3) + glen(g, 3);
            if (has(g, 4) && end[-1] != 0x5206 && !has(g, 1) && !clock_minutes(g, 4))
                return false; /* 十点六亿, 三点五倍: a decimal point, not a time */
        }
        if (h < 0 || h > 24 || mi < 0 || mi > 59)
            return false;
        bool night = group_is(g, 1, "晚上") || group_is(g, 1, "晚间") || group_is(g, 1, "夜间")
                     || group_is(g, 1, "夜里") || group_is(g, 1, "深夜") || group_is(g, 1, "晚");
        bool pm = night || group_is(g, 1, "下午") || group_is(g, 1, "傍晚")
                  || (p == P_CLOCK && has(g, 4) && (at(g, 4)[0] == 'p' || at(g, 4)[0] == 'P'));
        if (group_is(g, 1, "凌晨") && h == 12)
            h = 0; /* 凌晨12点: the midnight that starts the day */
        else if (night && h < 5)
            h += 24; /* 晚上两点: 2 a.m., the next day */
        else if ((pm && h < 12) || (group_is(g, 1, "中午") && h < 6))
            h += 12;
        else if (pm && h == 12 && !group_is(g, 1, "下午"))
            h = 24; /* 晚上12点: midnight, the start of the next day */
        a->kind = A_TIME;
        a->weak = p == P_TIME && !has(g, 1) && !has(g, 3);
        w.h = h;
        w.mi = mi;
        w.grain = mi ? GRAIN_MINUTE : GRAIN_HOUR;
        break;
    }
    case P_LAST_N: { /* 前两天: the two days before today; 下三个月: the three after this one */
        int count = group_number(g, 2);
        if (count <= 0)
            return false;
        bool back = group_is(g, 1, "上") || group_is(g, 1, "前");
        int32_t u = at(g, 3)[glen(g, 3) - 1];
        a->count = count;
        a->months = u == 0x6708;
        a->relative = true;
        a->kind = A_INTERVAL;
        if (!ref->known) {
            a->a = a->b = (struct when){.h = -1, .grain = GRAIN_DAY};
            return true;
        }
        int from = back ? -count : 1, to = back ? -1 : count;
        if (u == 0x5E74 || u == 0x6708) { /* 年 月 */
            bool year = u == 0x5E74;
            a->a = a->b = (struct when){
                .y = ref->year, .m = ref->month, .h = -1, .grain = year ? GRAIN_YEAR : GRAIN_MONTH};
            if (year) {
                a->a.y += from;
                a->b.y += to;
            } else {
                add_months(&a->a.y, &a->a.m, from);
                add_months(&a->b.y, &a->b.m, to);
            }
        } else if (u == 0x5929) { /* 天 */
            a->a = day_when(today + from);
            a->b = day_when(today + to);
        } else if (u == 0x5468 || u == 0x671F) { /* 周 星期 */
            a->a = week_when(today + 7 * (int64_t)from);
            a->b = week_when(today + 7 * (int64_t)to);
        } else { /* 小时, 分钟: whole hours or minutes around the reference's */
            bool hours = u == 0x65F6;
            int64_t unit = hours ? 60 : 1;
            int64_t now = (today * 24 + ref->hour) * 60 + (hours ? 0 : ref->minute);
            for (int k = 0; k < 2; k++) {
                int64_t t = now + (k ? to : from) * unit;
                *(k ? &a->b : &a->a) = minute_when(t, hours ? GRAIN_HOUR : GRAIN_MINUTE);
            }
        }
        return true;
    }
    case P_FIRST_QUARTERS: /* 前三季度: January to September of the year */
        a->kind = A_INTERVAL;
        a->relative = true;
        a->a =
            (struct when){.y = ref->known ? ref->year : 0, .m = 1, .h = -1, .grain = GRAIN_QUARTER};
        a->b = a->a;
        a->b.m = 3 * group_number(g, 1);
        return true;
    case P_SEASON: { /* meteorological: 春 March–May … 冬 December–February */
        static const char *const names[] = {"春", "夏", "秋", "冬"};
        int season = 0;
        for (int k = 0; k < 4; k++)
            if (group_is(g, 1, names[k]))
                season = k;
        a->kind = A_INTERVAL;
        a->relative = true;
        a->a = (struct when){.m = 3 + 3 * season, .h = -1, .grain = GRAIN_MONTH};
        a->b = a->a;
        a->b.m = season == 3 ? 2 : a->a.m + 2;
        if (season == 3 && ref->known && ref->month <= 2) /* this winter began last year */
            a->a.y = ref->year - 1;
        return true;
    }
    case P_DAY_PAIR: { /* 今明两天: today and tomorrow; 明后年: the next two years */
        static const char *const words[] = {"今明", "明后", "今明后", "明后大后"};
        static const int first[] = {0, 1, 0, 1}, last[] = {1, 2, 2, 3};
        int k = 0;
        while (k < 3 && !group_is(g, 1, words[k]))
            k++;
        a->kind = A_INTERVAL;
        a->relative = true;
        if (group_is(g, 2, "年")) {
            a->a = (struct when){
                .y = ref->known ? ref->year + first[k] : 0, .h = -1, .grain = GRAIN_YEAR};
            a->b = a->a;
            a->b.y = ref->known ? ref->year + last[k] : 0;
        } else if (ref->known) {
            a->a = day_when(today + first[k]);
            a->b = day_when(today + last[k]);
        } else {
            a->a = a->b = (struct when){.h = -1, .grain = GRAIN_DAY};
        }
        return true;
    }
    case P_ORDINAL: /* resolved against the year or month before it, in combine */
        a->kind = A_ORDINAL;
        if (has(g, 1) || has(g, 3)) {
            int k = has(g, 1) ? group_number(g, 2) : 1;
            if (k <= 0 || k > 366)
                return false;
            a->nth = has(g, 3) || group_is(g, 1, "倒数第") ? -k : k;
        } else {
            int k = has(g, 4) ? group_number(g, 5) : 1;
            if (k <= 0 || k > 5)
                return false;
            a->nth = has(g, 4) ? k : -1;
            a->nth_weekday = weekday_number(at(g, has(g, 4) ? 6 : 8)[0]);
        }
        break;
    case P_FUZZY:
        a->kind = A_FUZZY;
        w.grain = GRAIN_NONE;
        break;
    case P_COUNT:
        return false;
    }
    a->a = w;
    return true;
}

/* ---- combining atoms ----------------------------------------------------------------------- */

static bool only_spaces(const int32_t *cps, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (cps[i] != ' ' && cps[i] != 0x3000 && cps[i] != '\t')
            return false;
    return true;
}

/* Nothing but a comma (and spaces) between from and to. */
static bool one_comma(const int32_t *cps, size_t from, size_t to)
{
    while (from < to && cps[from] == ' ')
        from++;
    return from < to && (cps[from] == ',' || cps[from] == 0xFF0C) && only_spaces(cps, from + 1, to);
}

static bool is_date(const struct atom *a)
{
    return (a->kind == A_POINT || a->kind == A_INTERVAL) && a->a.grain != GRAIN_NONE;
}

/* b's unknown year and month come from a (9月1日至3日, 去年9月). */
static void inherit(struct when *b, const struct when *a)
{
    if (!b->y && a->y) {
        b->y = a->y;
        if (!b->m && a->m && b->grain >= GRAIN_DAY)
            b->m = a->m;
    }
}

/* Year and month from the reference for dates written without them (25日, 9月3日): the
 * reference's month and year. */
static void fill_from_ref(struct when *w, const struct date_ref *ref, bool *relative)
{
    if (!ref->known || w->grain == GRAIN_WEEK || w->grain == GRAIN_DURATION
        || w->grain == GRAIN_NONE)
        return;
    if (!w->y && (w->m || w->grain >= GRAIN_DAY || w->grain == GRAIN_MONTH)) {
        w->y = ref->year;
        *relative = true;
    }
    if (!w->m && w->grain >= GRAIN_DAY) {
        w->m = ref->month;
        *relative = true;
        if (w->d > days_in_month(w->y, w->m))
            add_months(&w->y, &w->m, -1); /* 31日 on 1 September: 31 August */
    }
}

/* False for a day its month does not have (30 February); unknown fields pass. */
static bool valid_day(const struct when *w)
{
    if (w->grain < GRAIN_DAY || w->grain == GRAIN_DURATION || !w->d || !w->m)
        return true;
    return w->d <= days_in_month(w->y ? w->y : 2000, w->m);
}

static const char *const since_marks[] = {"以来", "来"};
static const char *const before_marks[] = {"之前", "以前"};
static const char *const after_marks[] = {"之后", "以后"};
static const char *const from_marks[] = {"起", "开始"};
static const char *const lead_marks[] = {"从", "自", "由"};

/* ---- chains: 去年的今天, 2月13号的3天后, 今年的第二天 ------------------------------------------
 */

/* The day a chain counts from: a's own fields over the reference's (去年 of 2013-02-12 is
 * 2012-02-12; 2月13号 is that day), or over a's anchor when a is a chain itself. False when a
 * is no single point or leaves the day unknown. */
static bool anchor_of(const struct atom *a, const struct date_ref *ref, struct date_ref *out)
{
    *out = a->anchored ? a->anchor : *ref;
    if (a->kind != A_POINT || a->a.grain == GRAIN_WEEK || a->a.grain == GRAIN_QUARTER
        || (!a->a.y && !out->known))
        return false;
    if (a->a.y) /* else the reference's: 2月13号 */
        out->year = a->a.y;
    if (a->a.grain >= GRAIN_MONTH && a->a.m)
        out->month = a->a.m;
    if (a->a.grain >= GRAIN_DAY)
        out->day = a->a.d;
    if (a->a.grain >= GRAIN_HOUR) {
        out->hour = a->a.h;
        out->minute = a->a.mi;
    }
    if (a->a.grain < GRAIN_DAY && !out->known)
        return false; /* 一九五六年的昨天 needs the reference's month and day */
    if (out->month < 1 || out->day < 1)
        return false;
    if (out->day > days_in_month(out->year, out->month))
        out->day = days_in_month(out->year, out->month);
    out->known = true;
    return true;
}

/* b again, from the anchor instead of the reference: its pattern matched anew at its place. */
static bool remake(struct date_scanner *s, struct atom *b, const int32_t *cps, size_t n,
                   const struct date_ref *anchor)
{
    int rc = pcre2_match(compiled[b->pattern], (PCRE2_SPTR32)cps, n, b->start, PCRE2_ANCHORED,
                         s->match, NULL);
    if (rc <= 0)
        return false;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->match);
    if (ov[1] != b->end)
        return false;
    struct atom fresh = {.start = b->start, .end = b->end, .pattern = b->pattern};
    struct groups g = {cps, n, ov, rc};
    if (!make_atom(&fresh, b->pattern, &g, anchor))
        return false;
    *b = fresh;
    return true;
}

/* The day an ordinal b names in the year or month a (anchored at `in`): 第二天, 倒数第364天,
 * 最后一天, 第一个星期一 (of a month); false when a is no year or month, or the day falls
 * outside it. */
static bool ordinal_day(const struct atom *a, const struct date_ref *in, const struct atom *b,
                        struct when *out)
{
    bool year = a->a.grain == GRAIN_YEAR;
    if (!year && a->a.grain != GRAIN_MONTH)
        return false;
    int64_t first = days_from_civil(in->year, year ? 1 : in->month, 1);
    int64_t last =
        year ? days_from_civil(in->year, 12, 31) : first + days_in_month(in->year, in->month) - 1;
    int64_t day;
    if (!b->nth_weekday)
        day = b->nth > 0 ? first + b->nth - 1 : last + b->nth + 1;
    else if (year)
        return false;
    else if (b->nth > 0)
        day = first + (b->nth_weekday - weekday(first) + 7) % 7 + 7 * (int64_t)(b->nth - 1);
    else
        day = last - (weekday(last) - b->nth_weekday + 7) % 7;
    if (day < first || day > last)
        return false;
    *out = day_when(day);
    return true;
}

/* Whether b continues a chain after a: an ordinal; N units before or after (2月13号3天后);
 * a relative day, month or year after 的, or after a coarser a (去年今天). */
static bool chains(const struct atom *a, const struct atom *b, bool de)
{
    if (b->kind == A_ORDINAL || b->pattern == P_FIRST_QUARTERS)
        return true;
    if (b->pattern == P_LAST_N) /* 今年前五个月: its first five */
        return b->months && a->a.grain == GRAIN_YEAR && b->count <= 12;
    if (b->pattern == P_N_REL)
        return b->kind == A_POINT;
    bool relative_word =
        b->pattern == P_REL_DAY || b->pattern == P_REL_MONTH || b->pattern == P_REL_YEAR;
    return relative_word && b->kind == A_POINT && (de || a->a.grain < b->a.grain);
}

/* Merges atoms in text order: year or month words with what follows (去年9月, 本月15日), a
 * date with a time (昨天上午10时), 昨天（25日）, chains (去年的今天), ranges (9月1日至3日,
 * 从…到…), A以来 and 自A起. */
static size_t combine(struct date_scanner *s, size_t count, const int32_t *cps, size_t n,
                      const struct date_ref *ref)
{
    struct atom *atoms = s->atoms;
    for (size_t i = 0; i + 1 < count; i++) {
        struct atom *a = &atoms[i], *b = &atoms[i + 1];
        if (a->used || b->used)
            continue;
        bool adjacent = only_spaces(cps, a->end, b->start);
        /* 去年9月, 今年上半年 (already one pattern), 本月15日, 二〇一六年，九月三号 */
        if ((adjacent || (a->pattern == P_Y && one_comma(cps, a->end, b->start)))
            && a->kind == A_POINT && b->kind != A_DURATION && b->kind != A_FUZZY
            && b->kind != A_TIME
            && ((a->a.grain == GRAIN_YEAR && ((!b->a.y && b->a.m) || b->pattern == P_HALF_YEAR))
                || (a->a.grain == GRAIN_MONTH && !b->a.m && b->a.grain == GRAIN_DAY && !b->a.y))) {
            if (b->pattern == P_HALF_YEAR) /* 今年年初, 去年全年: the year written */
                b->a.y = b->b.y = a->a.y;
            inherit(&b->a, &a->a);
            if (b->kind == A_INTERVAL)
                inherit(&b->b, &a->a);
            if (a->a.grain == GRAIN_MONTH) {
                b->a.y = a->a.y;
                b->a.m = a->a.m;
            }
            b->start = a->start;
            b->relative = a->relative;
            a->used = true;
            continue;
        }
        /* 昨天（25日）, 今天（10月11日）, 星期三（七月九日） */
        if ((a->pattern == P_REL_DAY || (a->pattern == P_WEEK && a->a.grain == GRAIN_DAY))
            && b->kind == A_POINT && b->a.grain == GRAIN_DAY && b->start == a->end + 1
            && (cps[a->end] == 0xFF08 || cps[a->end] == '(') && b->end < n
            && (cps[b->end] == 0xFF09 || cps[b->end] == ')')) {
            struct when explicit = b->a;
            bool rel = true;
            fill_from_ref(&explicit, ref, &rel);
            if (!a->a.y
                || (explicit.y
                    && days_from_civil(explicit.y, explicit.m, explicit.d)
                           != days_from_civil(a->a.y, a->a.m, a->a.d)))
                a->a = explicit; /* the text's own day wins over the reference's arithmetic */
            a->end = b->end + 1;
            *b = *a; /* the next atom pairs with the whole: 星期三（七月九日）上午八时 */
            a->used = true;
            continue;
        }
        /* a date and a time of day: 昨天上午10时, 9月3日14:30 */
        if (adjacent && b->kind == A_TIME && a->kind == A_POINT && a->a.grain == GRAIN_DAY) {
            if (a->evening && b->a.h < 5)
                b->a.h += 24; /* 今晚2点: 2 a.m., the next day */
            else if (a->evening && b->a.h < 12)
                b->a.h += 12; /* 今晚8点 */
            else if (a->evening && b->a.h == 12)
                b->a.h = 24; /* 今晚12点: midnight */
            a->a.h = b->a.h;
            a->a.mi = b->a.mi;
            a->a.grain = b->a.grain;
            a->end = b->end;
            b->used = true;
            continue;
        }
        /* chains: 去年的今天, 明天的后天, 2月13号的3天后, 今年的第二天, 5月最后一天 */
        bool de = b->start == a->end + 1 && cps[a->end] == 0x7684; /* 的 */
        struct date_ref anchor;
        if ((adjacent || de) && a->kind == A_POINT && chains(a, b, de)
            && anchor_of(a, ref, &anchor)) {
            struct when day;
            bool ordinal =
                b->kind == A_ORDINAL || b->pattern == P_FIRST_QUARTERS || b->pattern == P_LAST_N;
            if (b->kind == A_ORDINAL) {
                if (!ordinal_day(a, &anchor, b, &day))
                    continue;
                b->a = day;
                b->kind = A_POINT;
            } else if (b->pattern == P_LAST_N) {
                if (b->a.grain != GRAIN_MONTH && b->a.grain != GRAIN_DAY)
                    continue;
                b->a = (struct when){.y = anchor.year, .m = 1, .h = -1, .grain = GRAIN_MONTH};
                b->b = b->a;
                b->b.m = b->count;
            } else {
                int grain = a->a.grain;
                if (!remake(s, b, cps, n, &anchor))
                    continue;
                if (b->pattern == P_N_REL && grain >= GRAIN_DAY && b->a.grain < GRAIN_DAY
                    && b->a.grain != GRAIN_WEEK) { /* 2月13号的一个月以前: that day a month back */
                    b->a.m = b->a.grain == GRAIN_YEAR ? anchor.month : b->a.m;
                    b->a.d = anchor.day;
                    b->a.grain = GRAIN_DAY;
                    clip_day(&b->a);
                }
            }
            /* relative when a is, or when b took the reference's month and day (去年的今天) */
            bool whole_period = ordinal || (b->kind == A_POINT && b->a.grain <= GRAIN_MONTH);
            b->relative = a->relative || (a->a.grain < GRAIN_DAY && !whole_period);
            b->anchored = true;
            b->anchor = anchor;
            b->start = a->start;
            a->used = true;
            continue;
        }
    }
    /* drop what was merged, and lone weak times (3点 may be three points) unless they end a
     * range that starts with a time (下午三点到6点); times alone take the reference's day */
    size_t kept = 0;
    for (size_t i = 0; i < count; i++) {
        struct atom *a = &atoms[i];
        if (a->kind == A_ORDINAL && a->nth == 2 && !a->nth_weekday)
            a->kind = A_FUZZY; /* 第二天 alone: the narrative's next day, as 次日 */
        if (a->used || a->kind == A_ORDINAL) /* 第三天 of what? */
            continue;
        if (a->kind == A_TIME && a->weak) {
            const struct atom *prev = kept ? &atoms[kept - 1] : NULL;
            size_t gap = prev ? prev->end : 0;
            while (prev && gap < a->start && cps[gap] == ' ')
                gap++;
            size_t mark =
                prev ? utf8_word_at(cps, n, gap, range_marks, ARRAY_LEN(range_marks), false) : 0;
            if (!prev || !mark || prev->a.h < 0 || !only_spaces(cps, gap + mark, a->start))
                continue;
            if (a->a.h < prev->a.h && a->a.h < 12 && prev->a.h >= 12 && a->a.h + 12 > prev->a.h)
                a->a.h += 12; /* 下午三点到6点; 晚上10点到2点 ends the next day */
        }
        if (a->kind == A_TIME) {
            a->kind = A_POINT;
            a->time_only = true;
            a->relative = true;
            if (ref->known) {
                struct when d = day_when(ref_days(ref));
                a->a.y = d.y;
                a->a.m = d.m;
                a->a.d = d.d;
            }
        }
        atoms[kept++] = *a;
    }
    count = kept;

    for (size_t i = 0; i < count; i++) {
        struct atom *a = &atoms[i];
        if (!is_date(a))
            continue;
        size_t lead = a->start > 0
                          ? utf8_word_at(cps, n, a->start, lead_marks, ARRAY_LEN(lead_marks), true)
                          : 0;
        /* ranges: A至B */
        size_t gap = 0; /* spaces around the mark: 今晚10点 - 明早6点 */
        while (a->end + gap < n && cps[a->end + gap] == ' ')
            gap++;
        size_t mark =
            utf8_word_at(cps, n, a->end + gap, range_marks, ARRAY_LEN(range_marks), false);
        size_t after = a->end + gap + mark;
        while (mark && after < n && cps[after] == ' ')
            after++;
        if (mark && i + 1 < count && is_date(&atoms[i + 1]) && atoms[i + 1].start == after
            && a->kind == A_POINT) {
            struct atom *b = &atoms[i + 1];
            struct when end = b->kind == A_INTERVAL ? b->b : b->a;
            if (b->time_only && a->a.grain >= GRAIN_DAY) {
                end.y = a->a.y;
                end.m = a->a.m;
                end.d = a->a.d;
                if (a->a.h >= 0 && end.h >= 0 && end.h < a->a.h)
                    end.h += 24; /* 晚上10点到2点: the next day's */
            }
            if (b->pattern == P_WEEK && end.grain == GRAIN_DAY && end.y && a->a.y
                && a->a.grain == GRAIN_DAY
                && days_from_civil(end.y, end.m, end.d) < days_from_civil(a->a.y, a->a.m, a->a.d))
                end = day_when(days_from_civil(end.y, end.m, end.d) + 7); /* 周六至周一 */
            if (!end.y && !end.m && end.grain == GRAIN_DAY && a->a.m) {
                end.m = a->a.m;
                end.y = a->a.y;
            }
            inherit(&end, &a->a);
            a->kind = A_INTERVAL;
            a->b = end;
            a->relative |= b->relative && b->a.y; /* 至11月 takes the start's year */
            a->start -= lead;
            a->end = b->end;
            memmove(b, b + 1, (count - i - 2) * sizeof *b);
            count--;
            continue;
        }
        /* A以来: up to the reference date; 自A起: open */
        size_t since = utf8_word_at(cps, n, a->end, since_marks, ARRAY_LEN(since_marks), false);
        if (since == 1 && a->a.grain >= GRAIN_WEEK)
            since = 0; /* 今年来 is since this year; 29日来京 is came to Beijing */
        size_t from =
            since ? 0 : utf8_word_at(cps, n, a->end, from_marks, ARRAY_LEN(from_marks), false);
        if ((since || (from && lead)) && a->kind == A_POINT) {
            a->kind = A_INTERVAL;
            if (since && ref->known) {
                a->b = day_when(ref_days(ref));
                a->relative = true;
            } else if (since) {
                a->b = (struct when){.h = -1, .grain = GRAIN_DAY};
                a->relative = true;
            } else {
                a->b = (struct when){.h = -1, .grain = GRAIN_NONE};
            }
            a->start -= lead;
            a->end += since + from;
            continue;
        }
        /* A之前: up to A; A之后: from A on (2022年10月1号之前) */
        size_t before = utf8_word_at(cps, n, a->end, before_marks, ARRAY_LEN(before_marks), false);
        size_t later =
            before ? 0 : utf8_word_at(cps, n, a->end, after_marks, ARRAY_LEN(after_marks), false);
        if ((before || later) && a->kind == A_POINT && a->a.grain <= GRAIN_DAY) {
            a->kind = A_INTERVAL;
            a->b = before ? a->a : (struct when){.h = -1, .grain = GRAIN_NONE};
            a->open_start = before;
            a->end += before + later;
        }
    }
    return count;
}

/* ---- scanning ----------------------------------------------------------------------------- */

struct date_scanner *date_scanner_new(void)
{
    pthread_once(&compiled_once, compile_patterns);
    struct date_scanner *s = xcalloc(1, sizeof *s);
    s->match = pcre2_match_data_create(16, NULL);
    return s;
}

void date_scanner_free(struct date_scanner *s)
{
    if (!s)
        return;
    pcre2_match_data_free(s->match);
    free(s->atoms);
    free(s);
}

static int by_start_longest(const void *x, const void *y)
{
    const struct atom *a = x, *b = y;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end > b->end ? -1 : 1;
    return (a->pattern > b->pattern) - (a->pattern < b->pattern);
}

size_t dates_find(struct date_scanner *s, const int32_t *cps, size_t n, const struct date_ref *ref,
                  struct date_found **out, size_t *cap)
{
    size_t count = 0;
    for (int p = 0; p < P_COUNT; p++) {
        PCRE2_SIZE from = 0;
        while (from < n) {
            int rc = pcre2_match(compiled[p], (PCRE2_SPTR32)cps, n, from, 0, s->match, NULL);
            if (rc <= 0)
                break;
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->match);
            if (ov[1] <= ov[0]) {
                from = ov[0] + 1;
                continue;
            }
            if (count == s->atom_cap) {
                s->atom_cap = s->atom_cap ? 2 * s->atom_cap : 32;
                s->atoms = xrealloc(s->atoms, s->atom_cap * sizeof *s->atoms);
            }
            struct atom *a = &s->atoms[count];
            memset(a, 0, sizeof *a);
            a->start = ov[0];
            a->end = ov[1];
            a->pattern = (enum pattern_id)p;
            struct groups g = {cps, n, ov, rc};
            if (make_atom(a, (enum pattern_id)p, &g, ref))
                count++;
            from = ov[1];
        }
    }
    if (count > 1)
        qsort(s->atoms, count, sizeof *s->atoms, by_start_longest);
    /* longest first, then earlier pattern; no overlaps */
    size_t kept = 0, reach = 0;
    for (size_t i = 0; i < count; i++) {
        if (kept && s->atoms[i].start < reach)
            continue;
        s->atoms[kept++] = s->atoms[i];
        reach = s->atoms[i].end;
    }
    count = combine(s, kept, cps, n, ref);

    size_t found = 0;
    for (size_t i = 0; i < count; i++) {
        struct atom *a = &s->atoms[i];
        if (a->kind == A_TIME) { /* a time alone: today's, at the reference */
            struct when t = a->a;
            if (ref->known) {
                struct when d = day_when(ref_days(ref));
                t.y = d.y;
                t.m = d.m;
                t.d = d.d;
            }
            a->a = t;
            a->kind = A_POINT;
            a->relative = true;
        }
        if ((a->kind == A_POINT || a->kind == A_INTERVAL) && !valid_day(&a->a))
            continue; /* 2021年2月30日 */
        if (a->kind == A_POINT || a->kind == A_INTERVAL) {
            fill_from_ref(&a->a, ref, &a->relative);
            if (a->kind == A_INTERVAL && a->b.grain != GRAIN_NONE) {
                if (!a->b.y && a->a.y)
                    a->b.y = a->a.y;
                fill_from_ref(&a->b, ref, &a->relative);
                if (a->b.y == a->a.y && a->b.grain == GRAIN_MONTH && a->a.grain == GRAIN_MONTH
                    && a->b.m < a->a.m)
                    a->b.y++; /* 冬季: December to February */
                clip_day(&a->b);
            }
        }
        for (int k = 0; k < 2; k++) { /* 24:00 is 00:00 of the next day, 26:00 its 2 a.m. */
            struct when *w = k ? &a->b : &a->a;
            if (w->h >= 24 && w->y && w->m && w->d) {
                struct when next = day_when(days_from_civil(w->y, w->m, w->d) + 1);
                next.h = w->h - 24;
                next.mi = w->mi;
                next.grain = w->grain;
                *w = next;
            }
        }
        if (found == *cap) {
            *cap = *cap ? 2 * *cap : 16;
            *out = xrealloc(*out, *cap * sizeof **out);
        }
        struct date_found *d = &(*out)[found++];
        d->start = a->start;
        d->end = a->end;
        d->grain = a->kind == A_DURATION ? GRAIN_DURATION : a->a.grain;
        d->relative = a->relative;
        atom_value(a, d->value, sizeof d->value);
    }
    return found;
}

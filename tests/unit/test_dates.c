/* test_dates.c — date expressions and their values against a reference date (dates.h), for
 * every category: absolute, partial, relative days, weeks, months, years, N units before and
 * after, durations, quarters, times of day, ranges, 以来, appositives, fuzzy words; and the
 * boundaries (去年 on 1 January, 月底 in a leap February, 上周 across a year end). */
#include "check.h"

#include <stdlib.h>

#include "buf.h"
#include "dates.h"
#include "normalize.h"

/* Renders the dates found in text against ref ("YYYY-MM-DD[THH:MM]" or NULL) as
 * "surface=value[~];" items (~ marks a relative value) and compares with want. */
static void check_dates(struct date_scanner *s, const char *text, const char *ref_text,
                        const char *want)
{
    struct date_ref ref = {0};
    if (ref_text) {
        ref.known = sscanf(ref_text, "%d-%d-%dT%d:%d", &ref.year, &ref.month, &ref.day, &ref.hour,
                           &ref.minute)
                    >= 3;
    }
    int32_t cps[256];
    size_t at[257];
    size_t n = normalize_text(text, strlen(text), cps, at);
    struct date_found *found = NULL;
    size_t cap = 0;
    size_t count = dates_find(s, cps, n, &ref, &found, &cap);
    struct buf b;
    buf_init(&b, 0);
    for (size_t i = 0; i < count; i++) {
        buf_put(&b, text + at[found[i].start], at[found[i].end] - at[found[i].start]);
        buf_printf(&b, "=%s%s;", found[i].value, found[i].relative ? "~" : "");
    }
    CHECK_STR(b.data ? b.data : "", want);
    buf_free(&b);
    free(found);
}

void test_dates(void)
{
    struct date_scanner *s = date_scanner_new();
    const char *ref = "2021-10-26T10:30";
    /* absolute dates, numerals of every kind, spaces */
    check_dates(s, "2021 年 9 月 3 日", ref, "2021 年 9 月 3 日=2021-09-03;");
    check_dates(s, "二〇二一年九月三日", ref, "二〇二一年九月三日=2021-09-03;");
    check_dates(s, "２０２１年１０月１日", ref, "２０２１年１０月１日=2021-10-01;");
    check_dates(s, "2021-09-03", ref, "2021-09-03=2021-09-03;");
    check_dates(s, "2021年", ref, "2021年=2021;");
    check_dates(s, "2021年9月", ref, "2021年9月=2021-09;");
    check_dates(s, "'21年", ref, "'21年=2021;");
    /* two-digit years: '21, 06, 九八 and before a month; 15年 alone is a duration, 五六年 a guess
     */
    check_dates(s, "06年，零六年，九八年", ref, "06年=2006;零六年=2006;九八年=1998;");
    check_dates(s, "18年10月至11月，零一年五月", ref,
                "18年10月至11月=2018-10/2018-11;零一年五月=2001-05;");
    check_dates(s, "服刑15年", ref, "15年=P15Y;");
    check_dates(s, "五六年前", ref, "");
    check_dates(s, "一九九0年", ref, "一九九0年=1990;"); /* digits mixed */
    /* years of the Republic (Taiwan): 民国95年, and three digits before a month */
    check_dates(s, "民国95年6月30日，110年10月1日", ref,
                "95年6月30日=2006-06-30;110年10月1日=2021-10-01;");
    check_dates(s, "判处10年4月徒刑，一个周末", ref, "10年4月=P10Y4M;周末=2021-10-30/2021-10-31~;");
    check_dates(s, "2013年2月2，十二月十五。", ref,
                "2013年2月2=2013-02-02;十二月十五=2021-12-15~;");
    check_dates(s, "2021年2月30日", ref, ""); /* no such day */
    /* partial dates take the reference's year and month */
    check_dates(s, "9月3日", ref, "9月3日=2021-09-03~;");
    check_dates(s, "廿三日", ref, "廿三日=2021-10-23~;");
    check_dates(s, "三十一日", ref, "三十一日=2021-10-31~;");
    check_dates(s, "6月", ref, "6月=2021-06~;");
    check_dates(s, "25日", NULL, "25日=XXXX-XX-25~;");
    check_dates(s, "31日", "1994-09-01", "31日=1994-08-31~;"); /* September has none */
    /* the first months or quarters of a year */
    check_dates(s, "今年前五个月，前三季度", ref,
                "今年前五个月=2021-01/2021-05~;前三季度=2021-01/2021-09~;");
    check_dates(s, "2020年前两个季度", ref, "2020年前两个季度=2020-01/2020-06;");
    check_dates(s, "首3季", ref, "首3季=2021-01/2021-09~;");
    check_dates(s, "9月3日", NULL, "9月3日=XXXX-09-03~;");
    /* relative days */
    check_dates(s, "昨天", ref, "昨天=2021-10-25~;");
    check_dates(s, "今天", ref, "今天=2021-10-26~;");
    check_dates(s, "前天和大后天", ref, "前天=2021-10-24~;大后天=2021-10-29~;");
    check_dates(s, "昨天", NULL, "昨天=XXXX-XX-XX~;");
    check_dates(s, "昨天", "2021-03-01", "昨天=2021-02-28~;");
    check_dates(s, "昨天", "2024-03-01", "昨天=2024-02-29~;");
    /* weeks: Monday to Sunday, ISO week numbers */
    check_dates(s, "上周", ref, "上周=2021-W42~;");
    check_dates(s, "本周", ref, "本周=2021-W43~;");
    check_dates(s, "上周三", ref, "上周三=2021-10-20~;");
    check_dates(s, "下星期一", ref, "下星期一=2021-11-01~;");
    check_dates(s, "周五", ref, "周五=2021-10-29~;");
    check_dates(s, "礼拜天", ref, "礼拜天=2021-10-31~;");
    check_dates(s, "周末", ref, "周末=2021-10-30/2021-10-31~;");
    check_dates(s, "上周", "2021-01-04", "上周=2020-W53~;");
    check_dates(s, "周边国家和50周年", ref, "");
    /* months */
    check_dates(s, "上个月", ref, "上个月=2021-09~;");
    check_dates(s, "下月", ref, "下月=2021-11~;");
    check_dates(s, "本月底", ref, "本月底=2021-10-21/2021-10-31~;");
    check_dates(s, "月底", "2024-02-10", "月底=2024-02-21/2024-02-29~;");
    check_dates(s, "月底", "2023-02-10", "月底=2023-02-21/2023-02-28~;");
    check_dates(s, "上个月", "2021-01-15", "上个月=2020-12~;");
    check_dates(s, "9月上旬", ref, "9月上旬=2021-09-01/2021-09-10~;");
    check_dates(s, "2021年9月下旬", ref, "2021年9月下旬=2021-09-21/2021-09-30;");
    /* years */
    check_dates(s, "去年", ref, "去年=2020~;");
    check_dates(s, "去年", "2021-01-01", "去年=2020~;");
    check_dates(s, "今年", ref, "今年=2021~;");
    check_dates(s, "明年和前年", ref, "明年=2022~;前年=2019~;");
    check_dates(s, "今年上半年", ref, "今年上半年=2021-01/2021-06~;");
    check_dates(s, "下半年", ref, "下半年=2021-07/2021-12~;");
    check_dates(s, "去年底", ref, "去年底=2020-12~;");
    check_dates(s, "年初", ref, "年初=2021-01~;");
    check_dates(s, "年底前和全年", ref, "年底=2021-12~;全年=2021~;");
    check_dates(s, "三季度和第4季", ref, "三季度=2021-07/2021-09~;第4季=2021-10/2021-12~;");
    check_dates(s, "2021年初", ref, "2021年初=2021-01;");
    check_dates(s, "去年9月", ref, "去年9月=2020-09~;");
    check_dates(s, "今年7月", ref, "今年7月=2021-07~;");
    check_dates(s, "本月15日", ref, "本月15日=2021-10-15~;");
    /* N units before and after: the day, week, month or year it lands in */
    check_dates(s, "三天前", ref, "三天前=2021-10-23~;");
    check_dates(s, "两周后", ref, "两周后=2021-W45~;");
    check_dates(s, "5个月前", ref, "5个月前=2021-05~;");
    check_dates(s, "两年前", ref, "两年前=2019~;");
    check_dates(s, "三小时前", ref, "三小时前=2021-10-26T07:30~;");
    check_dates(s, "半小时后", ref, "半小时后=2021-10-26T11:00~;");
    check_dates(s, "10天后", "2021-12-25", "10天后=2022-01-04~;");
    check_dates(s, "时隔三个月后", ref, "三个月后=P3M;"); /* after an interval: a duration */
    /* durations */
    check_dates(s, "三年来", ref, "三年来=P3Y;");
    check_dates(s, "今后三年里", ref, "今后三年=P3Y;");
    check_dates(s, "今年来，比超过去年", ref, "今年来=2021/2021-10-26~;去年=2020~;");
    check_dates(s, "25日来京", ref, "25日=2021-10-25~;"); /* came, not since */
    check_dates(s, "一九九三年一年", ref, "一九九三年=1993;");
    check_dates(s, "过去一年", ref, "过去一年=P1Y;");
    check_dates(s, "两天", ref, "两天=P2D;");
    check_dates(s, "三个月", ref, "三个月=P3M;");
    check_dates(s, "五天内", ref, "五天内=P5D;");
    check_dates(s, "半年", ref, "半年=P6M;");
    /* amounts of several parts, halves and decimals */
    check_dates(s, "两年零三个月", ref, "两年零三个月=P2Y3M;");
    check_dates(s, "一个半小时", ref, "一个半小时=PT1H30M;");
    check_dates(s, "1.5小时和一点五小时", ref, "1.5小时=PT1H30M;一点五小时=PT1H30M;");
    check_dates(s, "3小时05分", ref, "3小时05分=PT3H5M;");
    check_dates(s, "一个半月", ref, "一个半月=P1M15D;");
    check_dates(s, "半天", ref, "半天=PT12H;");
    check_dates(s, "三个季度", ref, "三个季度=P9M;");
    check_dates(s, "两千年来", ref, "两千年来=P2000Y;");
    check_dates(s, "一个半月前", ref, "一个半月前=2021-09-11~;");
    check_dates(s, "十分重要，三分之一", ref, "");         /* very, a third */
    check_dates(s, "几天前，数年", ref, "几天前=;数年=;"); /* a few: fuzzy */
    check_dates(s, "今年年初，本年度，上年度", ref, "今年年初=2021-01~;本年度=2021~;上年度=2020~;");
    /* quarters */
    check_dates(s, "第三季度", ref, "第三季度=2021-07/2021-09~;");
    check_dates(s, "2020年第一季度", ref, "2020年第一季度=2020-01/2020-03;");
    check_dates(s, "上季度", ref, "上季度=2021-07/2021-09~;");
    check_dates(s, "6个月以来", ref, "6个月以来=P6M;");
    /* times of day */
    check_dates(s, "上午10时", ref, "上午10时=2021-10-26T10:00~;");
    check_dates(s, "晚上8点半", ref, "晚上8点半=2021-10-26T20:30~;");
    check_dates(s, "昨天下午3点15分", ref, "昨天下午3点15分=2021-10-25T15:15~;");
    check_dates(s, "9月3日14:30", ref, "9月3日14:30=2021-09-03T14:30~;");
    check_dates(s, "提出3点建议", ref, ""); /* three points, not three o'clock */
    /* ranges, 以来, 自…起 */
    check_dates(s, "9月1日至3日", ref, "9月1日至3日=2021-09-01/2021-09-03~;");
    check_dates(s, "从2020年到2021年", ref, "从2020年到2021年=2020/2021;");
    check_dates(s, "6月以来", ref, "6月以来=2021-06/2021-10-26~;");
    check_dates(s, "自2019年起", ref, "自2019年起=2019/..;");
    check_dates(s, "周一至周五", ref, "周一至周五=2021-10-25/2021-10-29~;");
    /* appositives: the relative day and the explicit one, one entity */
    check_dates(s, "王毅昨天（25日）在卡塔尔", ref, "昨天（25日）=2021-10-25~;");
    check_dates(s, "昨天（24日）", ref, "昨天（24日）=2021-10-24~;"); /* the text's day wins */
    check_dates(s, "今天（10月26日）17时59分", ref, "今天（10月26日）17时59分=2021-10-26T17:59~;");
    check_dates(s, "星期三（10月27日）上午八时", ref,
                "星期三（10月27日）上午八时=2021-10-27T08:00~;");
    check_dates(s, "今晚8点", ref, "今晚8点=2021-10-26T20:00~;");
    check_dates(s, "下午3:15和9:05pm", ref, "下午3:15=2021-10-26T15:15~;9:05pm=2021-10-26T21:05~;");
    check_dates(s, "增长十点六亿元，三点五倍", ref, ""); /* decimal points */
    check_dates(s, "第九号彗星，地铁3号线", ref, "");    /* ordinals and numbers */
    check_dates(s, "13号晚上", ref, "13号=2021-10-13~;");
    /* the N units before or after the reference's */
    check_dates(s, "前两天", ref, "前两天=2021-10-24/2021-10-25~;");
    check_dates(s, "下三个月", ref, "下三个月=2021-11/2022-01~;");
    check_dates(s, "今晚10点 - 明早6点", ref,
                "今晚10点 - 明早6点=2021-10-26T22:00/2021-10-27T06:00~;");
    check_dates(s, "下午三点到6点", ref, "下午三点到6点=2021-10-26T15:00/2021-10-26T18:00~;");
    check_dates(s, "明天上午9:00~11:30", ref,
                "明天上午9:00~11:30=2021-10-27T09:00/2021-10-27T11:30~;");
    check_dates(s, "2022年10月1号之前", ref, "2022年10月1号之前=../2022-10-01;");
    check_dates(s, "2022年10月1号之后", ref, "2022年10月1号之后=2022-10-01/..;");
    check_dates(s, "今晚12点", ref, "今晚12点=2021-10-27T00:00~;");
    check_dates(s, "本月三号", ref, "本月三号=2021-10-03~;");
    check_dates(s, "本月廿号", ref, "本月廿号=2021-10-20~;");
    check_dates(s, "下午的三点一刻", ref, "下午的三点一刻=2021-10-26T15:15~;");
    check_dates(s, "晚上两点和今晚1点", ref,
                "晚上两点=2021-10-27T02:00~;今晚1点=2021-10-27T01:00~;"); /* after midnight */
    check_dates(s, "凌晨12点", ref, "凌晨12点=2021-10-26T00:00~;");
    check_dates(s, "13号晚12点，12号早6点", ref,
                "13号晚12点=2021-10-14T00:00~;12号早6点=2021-10-12T06:00~;");
    check_dates(s, "十六点四十，11点05到15点08", ref,
                "十六点四十=2021-10-26T16:40~;11点05到15点08=2021-10-26T11:05/2021-10-26T15:08~;");
    check_dates(s, "增长十二点三四，为三点零五%，二十二点九八万个", ref, ""); /* decimals */
    check_dates(s, "1994-11-05T08:15:30-05:30", ref, "1994-11-05T08:15:30-05:30=1994-11-05T08:15;");
    check_dates(s, "上上上周", ref, "上上上周=2021-W40~;");
    /* chains: counted from the date before them */
    check_dates(s, "去年的今天", ref, "去年的今天=2020-10-26~;");
    check_dates(s, "去年的前年的今天", ref, "去年的前年的今天=2018-10-26~;");
    check_dates(s, "一九五六年的昨天", ref, "一九五六年的昨天=1956-10-25~;");
    check_dates(s, "2月13号的3天后", ref, "2月13号的3天后=2021-02-16~;");
    check_dates(s, "3月31日一个月前", ref, "3月31日一个月前=2021-02-28~;"); /* the month's end */
    check_dates(s, "昨天今天", ref, "昨天=2021-10-25~;今天=2021-10-26~;");  /* two days */
    /* ordinal days of the year or month before them; alone they name no date */
    check_dates(s, "今年的第二天", ref, "今年的第二天=2021-01-02~;");
    check_dates(s, "2024年2月最后一天", ref, "2024年2月最后一天=2024-02-29;");
    check_dates(s, "今年倒数第3天", ref, "今年倒数第3天=2021-12-29~;");
    check_dates(s, "十月第一个星期一", ref, "十月第一个星期一=2021-10-04~;");
    check_dates(s, "本月最后一个星期五", ref, "本月最后一个星期五=2021-10-29~;");
    check_dates(s, "会议第三天，最后一天", ref, "");
    check_dates(s, "第二天", NULL, "第二天=;"); /* the narrative's next day: fuzzy, as 次日 */
    /* pairs of days and years */
    check_dates(s, "今明两天，明后天", ref,
                "今明两天=2021-10-26/2021-10-27~;明后天=2021-10-27/2021-10-28~;");
    check_dates(s, "今明两年", ref, "今明两年=2021/2022~;");
    /* ranges that wrap: a week, a night */
    check_dates(s, "周六至周一", ref, "周六至周一=2021-10-30/2021-11-01~;");
    check_dates(s, "晚上10点到2点", ref, "晚上10点到2点=2021-10-26T22:00/2021-10-27T02:00~;");
    check_dates(s, "二〇一六年，九月三号", ref, "二〇一六年，九月三号=2016-09-03;");
    /* decades and centuries, by hundreds (20世纪 is 1900–1999) */
    check_dates(s, "九十年代，20年代", ref, "九十年代=1990/1999~;20年代=2020/2029~;");
    check_dates(s, "九十年代", NULL, "九十年代=1990/1999;");
    check_dates(s, "上世纪80年代末", ref, "上世纪80年代末=1987/1989~;");
    check_dates(s, "二十世纪九十年代初", ref, "二十世纪九十年代初=1990/1993;");
    check_dates(s, "1990年代", ref, "1990年代=1990/1999;");
    check_dates(s, "21世纪，本世纪末", ref, "21世纪=2000/2099;本世纪末=2090/2099~;");
    /* ranges with the first year or month bare */
    check_dates(s, "一九九一至一九九五年", ref, "一九九一至一九九五年=1991/1995;");
    check_dates(s, "今年一至十一月份", ref, "今年一至十一月份=2021-01/2021-11~;");
    /* seasons, meteorological */
    check_dates(s, "冬季", ref, "冬季=2021-12/2022-02~;");
    check_dates(s, "冬天", "2022-01-15", "冬天=2021-12/2022-02~;");
    check_dates(s, "去年夏天", ref, "去年夏天=2020-06/2020-08~;");
    check_dates(s, "四季如春", ref, "");
    /* fuzzy words: dates with no value */
    check_dates(s, "近日和目前", ref, "近日=;目前=;");
    check_dates(s, "当天", ref, "当天=;"); /* the narrative's day, not the reference */
    date_scanner_free(s);
}

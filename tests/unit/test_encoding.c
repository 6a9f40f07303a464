/* test_encoding.c — unit tests for encoding.h: detecting a file's encoding, converting to UTF-8. */
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "encoding.h"
#include "utf8.h"

/* Converts NUL-terminated UTF-8 text to charset `to` with iconv into out; false on failure. */
static bool iconv_from_utf8(const char *to, const char *utf8, struct buf *out)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    if (cd == (iconv_t)-1)
        return false;
    size_t in_left = strlen(utf8);
    char *in = (char *)utf8;
    size_t cap = in_left * 4 + 16;
    char *tmp = malloc(cap);
    char *o = tmp;
    size_t o_left = cap;
    size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    size_t r2 = iconv(cd, NULL, NULL, &o, &o_left);
    iconv_close(cd);
    bool ok = r != (size_t)-1 && r2 != (size_t)-1 && in_left == 0;
    if (ok)
        buf_put(out, tmp, cap - o_left);
    free(tmp);
    return ok;
}

/* Runs encoding_to_utf8 on n bytes copied into a heap block of exactly that size (so ASan sees
 * any over-read), appending to out. */
static const char *decode(const char *data, size_t n, struct buf *out, struct decoded_info *info)
{
    char *copy = malloc(n ? n : 1);
    if (n)
        memcpy(copy, data, n);
    info->encoding = NULL;
    info->replaced = 12345;
    const char *msg = encoding_to_utf8(copy, n, out, info);
    free(copy);
    return msg;
}

static bool same_bytes(const struct buf *b, const char *want, size_t n)
{
    return b->len == n && memcmp(b->data, want, n) == 0 && b->data[n] == '\0';
}

/* U+FFFD in UTF-8, the replacement for damage */
#define FFFD "\xEF\xBF\xBD"

/* Checks that n bytes decode as want_encoding to exactly want_text with want_replaced
 * replacements; line is the caller's, for the message. */
static void check_decoded_at(int line, const char *data, size_t n, const char *want_encoding,
                             const char *want_text, size_t want_replaced)
{
    struct buf out;
    struct decoded_info info;
    buf_init(&out, BUF_DEFAULT_MAX);
    const char *msg = decode(data, n, &out, &info);
    CHECK(msg == NULL);
    if (msg) {
        fprintf(stderr, "  line %d: refused: %s\n", line, msg);
    } else {
        CHECK_STR(info.encoding, want_encoding);
        CHECK_STR(out.data, want_text);
        CHECK(info.replaced == want_replaced);
        if (info.replaced != want_replaced)
            fprintf(stderr, "  line %d: replaced %zu, want %zu\n", line, info.replaced,
                    want_replaced);
    }
    buf_free(&out);
}
#define check_decoded(data, n, encoding, text, replaced)                                           \
    check_decoded_at(__LINE__, data, n, encoding, text, replaced)

/* Checks that n bytes are refused as text, leaving out empty. */
static void check_refused_at(int line, const char *data, size_t n)
{
    struct buf out;
    struct decoded_info info;
    buf_init(&out, BUF_DEFAULT_MAX);
    const char *msg = decode(data, n, &out, &info);
    CHECK(msg != NULL);
    CHECK(out.len == 0);
    if (!msg)
        fprintf(stderr, "  line %d: taken for %s text: %.60s\n", line, info.encoding, out.data);
    buf_free(&out);
}
#define check_refused(data, n) check_refused_at(__LINE__, data, n)

static void test_utf8_input(void)
{
    struct buf out;
    struct decoded_info info;
    const char *text = "---\ntitle: 中文新闻\ndate: 2021-10-01\n---\n\n"
                       "外交部发言人表示，中方欢迎各方参与。\n";

    /* plain UTF-8 passes through unchanged */
    buf_init(&out, BUF_DEFAULT_MAX);
    CHECK(decode(text, strlen(text), &out, &info) == NULL);
    CHECK(same_bytes(&out, text, strlen(text)));
    CHECK_STR(info.encoding, "UTF-8");
    CHECK(info.replaced == 0);
    buf_free(&out);

    /* pure ASCII is UTF-8 */
    buf_init(&out, BUF_DEFAULT_MAX);
    CHECK(decode("# Title\n\nPlain text.\n", 21, &out, &info) == NULL);
    CHECK_STR(out.data, "# Title\n\nPlain text.\n");
    CHECK_STR(info.encoding, "UTF-8");
    CHECK(info.replaced == 0);
    buf_free(&out);

    /* an empty file is empty UTF-8 text */
    buf_init(&out, BUF_DEFAULT_MAX);
    CHECK(decode("", 0, &out, &info) == NULL);
    CHECK(out.len == 0);
    CHECK_STR(info.encoding, "UTF-8");
    CHECK(info.replaced == 0);
    buf_free(&out);

    /* the result is appended to what out holds */
    buf_init(&out, BUF_DEFAULT_MAX);
    buf_puts(&out, "前缀|");
    CHECK(decode("新闻", strlen("新闻"), &out, &info) == NULL);
    CHECK_STR(out.data, "前缀|新闻");
    buf_free(&out);

    /* a UTF-8 BOM is dropped */
    buf_init(&out, BUF_DEFAULT_MAX);
    struct buf in;
    buf_init(&in, BUF_DEFAULT_MAX);
    buf_puts(&in, "\xEF\xBB\xBF");
    buf_puts(&in, text);
    CHECK(decode(in.data, in.len, &out, &info) == NULL);
    CHECK(same_bytes(&out, text, strlen(text)));
    CHECK_STR(info.encoding, "UTF-8");
    CHECK(info.replaced == 0);
    buf_free(&in);
    buf_free(&out);

    /* a BOM alone gives empty text */
    buf_init(&out, BUF_DEFAULT_MAX);
    CHECK(decode("\xEF\xBB\xBF", 3, &out, &info) == NULL);
    CHECK(out.len == 0);
    buf_free(&out);
}

static void test_utf16(void)
{
    struct buf out;
    struct decoded_info info;
    /* 中文新闻: U+4E2D U+6587 U+65B0 U+95FB */
    static const char le_bom[] = "\xFF\xFE"
                                 "\x2D\x4E"
                                 "\x87\x65"
                                 "\xB0\x65"
                                 "\xFB\x95";
    static const char be_bom[] = "\xFE\xFF"
                                 "\x4E\x2D"
                                 "\x65\x87"
                                 "\x65\xB0"
                                 "\x95\xFB";

    buf_init(&out, BUF_DEFAULT_MAX);
    CHECK(decode(le_bom, sizeof le_bom - 1, &out, &info) == NULL);
    CHECK_STR(out.data, "中文新闻");
    CHECK_STR(info.encoding, "UTF-16LE");
    CHECK(info.replaced == 0);
    buf_free(&out);

    buf_init(&out, BUF_DEFAULT_MAX);
    CHECK(decode(be_bom, sizeof be_bom - 1, &out, &info) == NULL);
    CHECK_STR(out.data, "中文新闻");
    CHECK_STR(info.encoding, "UTF-16BE");
    CHECK(info.replaced == 0);
    buf_free(&out);

    /* with ASCII and a line break, by hand: "A\n中" */
    static const char le_mixed[] = "\xFF\xFE"
                                   "A\0"
                                   "\n\0"
                                   "\x2D\x4E";
    buf_init(&out, BUF_DEFAULT_MAX);
    CHECK(decode(le_mixed, sizeof le_mixed - 1, &out, &info) == NULL);
    CHECK_STR(out.data, "A\n中");
    CHECK_STR(info.encoding, "UTF-16LE");
    buf_free(&out);

    /* a surrogate pair: U+1F600 */
    static const char be_pair[] = "\xFE\xFF"
                                  "\xD8\x3D\xDE\x00"
                                  "\x00!";
    buf_init(&out, BUF_DEFAULT_MAX);
    CHECK(decode(be_pair, sizeof be_pair - 1, &out, &info) == NULL);
    CHECK_STR(out.data, "😀!");
    buf_free(&out);

    /* UTF-16LE without a BOM, recognised by its NUL bytes in every other position */
    const char *article = "---\ntitle: 中文新闻\nauthor: Xinhua\n---\n\nBeijing, Oct. 1 -- 外交部 "
                          "spokesperson said on Friday that the talks went well.\n";
    struct buf in;
    buf_init(&in, BUF_DEFAULT_MAX);
    CHECK(iconv_from_utf8("UTF-16LE", article, &in));
    CHECK(in.len >= 2 && !(in.data[0] == '\xFF' && in.data[1] == '\xFE')); /* no BOM */
    buf_init(&out, BUF_DEFAULT_MAX);
    CHECK(decode(in.data, in.len, &out, &info) == NULL);
    CHECK_STR(out.data, article);
    CHECK_STR(info.encoding, "UTF-16LE");
    CHECK(info.replaced == 0);
    buf_free(&out);
    buf_free(&in);

    /* and UTF-16BE without a BOM */
    buf_init(&in, BUF_DEFAULT_MAX);
    CHECK(iconv_from_utf8("UTF-16BE", article, &in));
    buf_init(&out, BUF_DEFAULT_MAX);
    CHECK(decode(in.data, in.len, &out, &info) == NULL);
    CHECK_STR(out.data, article);
    CHECK_STR(info.encoding, "UTF-16BE");
    buf_free(&out);
    buf_free(&in);

    /* a U+0000 inside UTF-16 becomes U+FFFD and is counted */
    static const char le_nul[] = "\xFF\xFE"
                                 "a\0"
                                 "\0\0"
                                 "b\0";
    buf_init(&out, BUF_DEFAULT_MAX);
    CHECK(decode(le_nul, sizeof le_nul - 1, &out, &info) == NULL);
    CHECK_STR(out.data, "a\xEF\xBF\xBD"
                        "b");
    CHECK(info.replaced == 1);
    buf_free(&out);
}

/* Encodes sentence to charset, checks that encoding_to_utf8 names it want_name and gives the
 * sentence back exactly. */
static void check_legacy(const char *charset, const char *sentence, const char *want_name)
{
    struct buf in, out;
    struct decoded_info info;
    buf_init(&in, BUF_DEFAULT_MAX);
    bool encoded = iconv_from_utf8(charset, sentence, &in);
    CHECK(encoded);
    if (!encoded) {
        fprintf(stderr, "  iconv to %s failed for: %s\n", charset, sentence);
        buf_free(&in);
        return;
    }
    CHECK(utf8_invalid_bytes(in.data, in.len) > 0); /* really not UTF-8 */
    buf_init(&out, BUF_DEFAULT_MAX);
    const char *msg = decode(in.data, in.len, &out, &info);
    CHECK(msg == NULL);
    if (msg)
        fprintf(stderr, "  %s input refused: %s\n", charset, msg);
    CHECK_STR(info.encoding, want_name);
    CHECK_STR(out.data, sentence);
    CHECK(info.replaced == 0);
    buf_free(&out);
    buf_free(&in);
}

static void test_chinese_legacy(void)
{
    /* GB18030 (GBK, GB2312) simplified Chinese */
    check_legacy("GB18030",
                 "外交部发言人汪文斌在例行记者会上表示，国务委员兼外长王毅将于下周出席联合国大会"
                 "一般性辩论，并就当前国际形势和中方立场发表讲话。",
                 "GB18030");
    check_legacy("GBK",
                 "新华社北京10月1日电 国务委员兼外交部长王毅当天在北京会见来访的外国客人，"
                 "双方就两国关系和共同关心的国际地区问题深入交换了意见。",
                 "GB18030");
    check_legacy("GB18030",
                 "---\ntitle: 王毅会见联合国秘书长\ndate: 2021-10-01\n---\n\n"
                 "外交部发言人在例行记者会上表示，中方愿同各方一道，"
                 "推动国际社会共同应对全球性挑战。\n",
                 "GB18030");

    /* Big5 traditional Chinese */
    check_legacy("BIG5",
                 "聯合國秘書長古特雷斯發表聲明，對埃塞俄比亞政府驅逐7名聯合國駐當地人員表示震驚。",
                 "BIG5");
    check_legacy("BIG5",
                 "---\ntitle: 聯合國秘書長發表聲明\n---\n\n"
                 "聯合國秘書長古特雷斯發表聲明，對埃塞俄比亞政府驅逐7名聯合國駐當地人員表示震驚，"
                 "並呼籲當局允許人道主義工作者繼續開展工作。\n",
                 "BIG5");
}

static void test_damaged_utf8(void)
{
    struct buf out;
    struct decoded_info info;

    /* a Chinese UTF-8 article with one stray byte */
    const char *before = "外交部发言人汪文斌在例行记者会上表示，";
    const char *after = "国务委员兼外长王毅将出席联合国大会。\n";
    struct buf in;
    buf_init(&in, BUF_DEFAULT_MAX);
    buf_puts(&in, before);
    buf_putc(&in, '\xB5'); /* e.g. a Latin-1 µ */
    buf_puts(&in, after);
    buf_init(&out, BUF_DEFAULT_MAX);
    CHECK(decode(in.data, in.len, &out, &info) == NULL);
    CHECK_STR(info.encoding, "UTF-8");
    CHECK(info.replaced == 1);
    {
        struct buf want;
        buf_init(&want, BUF_DEFAULT_MAX);
        buf_puts(&want, before);
        buf_puts(&want, "\xEF\xBF\xBD");
        buf_puts(&want, after);
        CHECK_STR(out.data, want.data);
        buf_free(&want);
    }
    buf_free(&out);
    buf_free(&in);

    /* the same with a truncated sequence at the very end of the file */
    buf_init(&in, BUF_DEFAULT_MAX);
    buf_puts(&in, before);
    buf_puts(&in, after);
    buf_put(&in, "\xE4\xB8", 2);
    buf_init(&out, BUF_DEFAULT_MAX);
    CHECK(decode(in.data, in.len, &out, &info) == NULL);
    CHECK_STR(info.encoding, "UTF-8");
    CHECK(info.replaced == 2);
    CHECK(utf8_invalid_bytes(out.data, out.len) == 0);
    buf_free(&out);
    buf_free(&in);

    /* mostly-ASCII UTF-8 (an English wire story) with one stray byte */
    const char *en = "BEIJING, Oct. 1 (Xinhua) -- Chinese State Councilor and Foreign Minister "
                     "Wang Yi said on Friday\xA0that China is ready to work with all parties.\n";
    buf_init(&out, BUF_DEFAULT_MAX);
    const char *msg = decode(en, strlen(en), &out, &info);
    CHECK(msg == NULL);
    if (msg)
        fprintf(stderr, "  ASCII text with one stray byte refused: %s\n", msg);
    CHECK_STR(info.encoding, "UTF-8");
    CHECK(info.replaced == 1);
    CHECK(out.len > 0 && strstr(out.data, "Friday\xEF\xBF\xBDthat") != NULL);
    buf_free(&out);

    /* and with a stray 0xFF, which no legacy Chinese encoding accepts either */
    const char *en_ff = "The spokesperson said the talks were \"candid and constructive\"\xFF and "
                        "that both sides agreed to keep in close contact.\n";
    buf_init(&out, BUF_DEFAULT_MAX);
    msg = decode(en_ff, strlen(en_ff), &out, &info);
    CHECK(msg == NULL);
    if (msg)
        fprintf(stderr, "  ASCII text with one 0xFF byte refused: %s\n", msg);
    CHECK(info.replaced == 1);
    CHECK(out.len > 0 && strstr(out.data, "\"\xEF\xBF\xBD and") != NULL);
    buf_free(&out);

    /* the boundaries of "a few stray bytes": 7 high bytes in ASCII text ... */
    buf_init(&in, BUF_DEFAULT_MAX);
    for (int i = 0; i < 7; i++) {
        buf_puts(&in, "Reuters reported the statement on Friday");
        buf_putc(&in, (char)(0xE9 - i)); /* Latin-1 letters, none forming UTF-8 */
        buf_puts(&in, " in full.\n");
    }
    buf_init(&out, BUF_DEFAULT_MAX);
    msg = decode(in.data, in.len, &out, &info);
    CHECK(msg == NULL);
    CHECK_STR(info.encoding, "UTF-8");
    CHECK(info.replaced == 7);
    CHECK(out.len == in.len + 7 * 2);
    CHECK(utf8_invalid_bytes(out.data, out.len) == 0);
    buf_free(&out);
    buf_free(&in);
    /* with 8 such bytes it is no longer "a few": the legacy encodings are tried, and a Latin-1
     * letter followed by a space is neither GB18030 nor Big5 */
    buf_init(&in, BUF_DEFAULT_MAX);
    for (int i = 0; i < 8; i++) {
        buf_puts(&in, "Reuters reported the statement on Friday");
        buf_putc(&in, (char)(0xE9 - i));
        buf_puts(&in, " in full.\n");
    }
    buf_init(&out, BUF_DEFAULT_MAX);
    msg = decode(in.data, in.len, &out, &info);
    CHECK(msg != NULL);
    CHECK(out.len == 0);
    buf_free(&out);
    buf_free(&in);
    /* but ASCII text whose stray bytes happen to pair up as GBK/Big5 codes must not be taken for
     * Chinese: none of those "characters" is in either common-character block, so neither
     * encoding "mostly" fits (Windows-1252 no-break spaces before letters: A0 4D is GBK 燤) */
    buf_init(&in, BUF_DEFAULT_MAX);
    for (int i = 0; i < 8; i++)
        buf_puts(&in, "Paris\xA0"
                      "Match reported the statement in full.\n");
    buf_init(&out, BUF_DEFAULT_MAX);
    msg = decode(in.data, in.len, &out, &info);
    CHECK(msg != NULL || strcmp(info.encoding, "UTF-8") == 0);
    if (msg == NULL && strcmp(info.encoding, "UTF-8") != 0)
        fprintf(stderr, "  ASCII with 8 stray 0xA0 bytes taken for %s: %.40s\n", info.encoding,
                out.data);
    buf_free(&out);
    buf_free(&in);
    /* ... and 4 stray bytes among 81 non-ASCII bytes (4.9%) is damaged UTF-8, while 4 among 80
     * (exactly 5%) is not: then GB18030 and Big5 are tried, and 0xFF is neither */
    for (int side = 0; side < 2; side++) {
        buf_init(&in, BUF_DEFAULT_MAX);
        buf_puts(&in, "title: news\n");
        for (int i = 0; i < 25 - side; i++) {
            buf_puts(&in, "中");
            if (i % 6 == 5) {
                buf_putc(&in, '\xFF');
                buf_puts(&in, " ok\n");
            }
        }
        buf_puts(&in, side == 0 ? "caf\xC3\xA9\n" : "caf\xC3\xA9 caf\xC3\xA9\n");
        size_t high = 0, ff = 0;
        for (size_t i = 0; i < in.len; i++) {
            high += (unsigned char)in.data[i] >= 0x80;
            ff += in.data[i] == '\xFF';
        }
        CHECK(ff == 4);
        CHECK(high == (side == 0 ? 81u : 80u));
        buf_init(&out, BUF_DEFAULT_MAX);
        msg = decode(in.data, in.len, &out, &info);
        if (side == 0) {
            CHECK(msg == NULL);
            CHECK_STR(info.encoding, "UTF-8");
            CHECK(info.replaced == 4);
        } else {
            CHECK(msg != NULL);
            CHECK(out.len == 0);
        }
        buf_free(&out);
        buf_free(&in);
    }

    /* NUL bytes in otherwise UTF-8 text become U+FFFD and are counted */
    buf_init(&in, BUF_DEFAULT_MAX);
    buf_puts(&in, "title: 新闻\n");
    buf_putc(&in, '\0');
    for (int i = 0; i < 4; i++)
        buf_puts(&in, "外交部发言人汪文斌在例行记者会上表示，中方欢迎各方参与。\n");
    size_t second_nul = in.len;
    buf_putc(&in, '\0');
    buf_puts(&in, "end\n");
    buf_init(&out, BUF_DEFAULT_MAX);
    CHECK(decode(in.data, in.len, &out, &info) == NULL);
    CHECK_STR(info.encoding, "UTF-8");
    CHECK(info.replaced == 2);
    CHECK(out.len == in.len + 2 * 2);   /* each NUL (1 byte) became U+FFFD (3 bytes) */
    CHECK(strlen(out.data) == out.len); /* no NUL left */
    {
        const char *head = "title: 新闻\n\xEF\xBF\xBD外交部";
        CHECK(strncmp(out.data, head, strlen(head)) == 0);
    }
    CHECK(out.len > second_nul + 2
          && strcmp(out.data + second_nul + 2, "\xEF\xBF\xBD"
                                               "end\n")
                 == 0);
    buf_free(&out);
    buf_free(&in);
}

/* Short UTF-8 texts with one or two bad bytes are UTF-8 with those bytes replaced, as long ones
 * are; a character cut off at the end of the file never counts against UTF-8. */
static void test_damaged_utf8_short(void)
{
    /* a short article cut in its last character (a truncated download): kept */
    static const char cut[] = "---\ntitle: 标题\n---\n正文内容。\n\xE4\xB8";
    check_decoded(cut, sizeof cut - 1, "UTF-8", "---\ntitle: 标题\n---\n正文内容。\n" FFFD FFFD, 2);
    /* even when it is all there is: one character and the start of the next */
    check_decoded("中\xE6\x96", 5, "UTF-8", "中" FFFD FFFD, 2);
    /* the four-byte form cut after three bytes (😀 is F0 9F 98 80) */
    static const char cut4[] = "正文内容。\xF0\x9F\x98";
    check_decoded(cut4, sizeof cut4 - 1, "UTF-8", "正文内容。" FFFD FFFD FFFD, 3);

    /* only a start that could still become a character is a cut: E0 80 (an overlong form) and
     * F4 90 (past U+10FFFF) at the end are two bad bytes, too many for five characters ... */
    static const char overlong[] = "正文内容。\xE0\x80";
    check_refused(overlong, sizeof overlong - 1);
    static const char too_big[] = "正文内容。\xF4\x90";
    check_refused(too_big, sizeof too_big - 1);
    /* ... while E0 A0 and F4 8F could be finished, so they are a cut */
    static const char e0_cut[] = "正文内容。\xE0\xA0";
    check_decoded(e0_cut, sizeof e0_cut - 1, "UTF-8", "正文内容。" FFFD FFFD, 2);
    static const char f4_cut[] = "正文内容。\xF4\x8F";
    check_decoded(f4_cut, sizeof f4_cut - 1, "UTF-8", "正文内容。" FFFD FFFD, 2);

    /* one stray byte in seven characters */
    static const char stray[] = "标题\n正文\xFF内容。";
    check_decoded(stray, sizeof stray - 1, "UTF-8", "标题\n正文" FFFD "内容。", 1);
    /* a character cut in the middle of the text (内 is E5 86 85): two bad bytes, kept when three
     * good characters stand for each: six here ... */
    static const char mid6[] = "标题\n正文\xE5\x86容。";
    check_decoded(mid6, sizeof mid6 - 1, "UTF-8", "标题\n正文" FFFD FFFD "容。", 2);
    /* ... but not five */
    static const char mid5[] = "标题\n正\xE5\x86容。";
    check_refused(mid5, sizeof mid5 - 1);
    /* and never three bad bytes in a short text, however many good characters */
    static const char three[] = "外交部发言人\xFF汪文斌在例行\xFF记者会上表示\xFF。";
    check_refused(three, sizeof three - 1);
}

/* UTF-16 damage is replaced, one U+FFFD per bad code unit or odd last byte, never refused. */
static void test_damaged_utf16(void)
{
    /* an odd last byte (a file cut short) */
    static const char le_odd[] = "\xFF\xFE"
                                 "\x2D\x4E"
                                 "\x87\x65"
                                 "x";
    check_decoded(le_odd, sizeof le_odd - 1, "UTF-16LE", "中文" FFFD, 1);
    /* a high surrogate followed by no low one, in both byte orders */
    static const char be_lone_high[] = "\xFE\xFF"
                                       "\xD8\x3D"
                                       "\0A";
    check_decoded(be_lone_high, sizeof be_lone_high - 1, "UTF-16BE", FFFD "A", 1);
    static const char le_lone_high[] = "\xFF\xFE"
                                       "\x3D\xD8"
                                       "A\x00";
    check_decoded(le_lone_high, sizeof le_lone_high - 1, "UTF-16LE", FFFD "A", 1);
    /* a low surrogate alone */
    static const char be_lone_low[] = "\xFE\xFF"
                                      "\0A"
                                      "\xDE\x00"
                                      "\0B";
    check_decoded(be_lone_low, sizeof be_lone_low - 1, "UTF-16BE", "A" FFFD "B", 1);
    /* a high surrogate as the last unit, and one followed by only an odd byte */
    static const char be_high_last[] = "\xFE\xFF"
                                       "\0A"
                                       "\xD8\x3D";
    check_decoded(be_high_last, sizeof be_high_last - 1, "UTF-16BE", "A" FFFD, 1);
    static const char be_high_odd[] = "\xFE\xFF"
                                      "\xD8\x3D"
                                      "\xDE";
    check_decoded(be_high_odd, sizeof be_high_odd - 1, "UTF-16BE", FFFD FFFD, 2);
    /* two high surrogates before a low one: the first is lone, the second pairs (U+1F600) */
    static const char be_two_high[] = "\xFE\xFF"
                                      "\xD8\x3D"
                                      "\xD8\x3D\xDE\x00";
    check_decoded(be_two_high, sizeof be_two_high - 1, "UTF-16BE", FFFD "😀", 1);
    /* the byte-order mark alone with an odd byte */
    check_decoded("\xFF\xFEx", 3, "UTF-16LE", FFFD, 1);

    /* without a BOM (found by its NUL bytes): a lone surrogate and then an odd last byte */
    const char *article = "---\ntitle: 中文新闻\nauthor: Xinhua\n---\n\nBeijing, Oct. 1 -- 外交部 "
                          "spokesperson said on Friday that the talks went well.\n";
    struct buf in, want;
    buf_init(&in, BUF_DEFAULT_MAX);
    CHECK(iconv_from_utf8("UTF-16LE", article, &in));
    buf_put(&in,
            "\x00\xD8"
            "A\x00",
            4);
    buf_putc(&in, 'x');
    buf_init(&want, BUF_DEFAULT_MAX);
    buf_puts(&want, article);
    buf_puts(&want, FFFD "A" FFFD);
    check_decoded(in.data, in.len, "UTF-16LE", want.data, 2);
    buf_free(&want);
    buf_free(&in);
}

/* Encodes utf8 to charset into out (appending); false when iconv cannot. */
static bool encode_into(const char *charset, const char *utf8, struct buf *out)
{
    bool ok = iconv_from_utf8(charset, utf8, out);
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "  iconv to %s failed for: %s\n", charset, utf8);
    return ok;
}

/* GB18030 and Big5 text with a byte that starts no character, or cut in its last character, is
 * kept in its encoding with the damage replaced, while the damage stays slight. */
static void test_damaged_legacy(void)
{
    const char *gb_text = "外交部发言人汪文斌在例行记者会上表示，中方愿同各方加强合作。";
    const char *gb_cut_want = "外交部发言人汪文斌在例行记者会上表示，中方愿同各方加强合作" FFFD;
    const char *big5_text = "聯合國秘書長古特雷斯發表聲明，對埃塞俄比亞政府驅逐人員表示震驚。";
    struct buf in;

    /* cut in the last character (。 is A1 A3 in both) */
    buf_init(&in, BUF_DEFAULT_MAX);
    if (encode_into("GBK", gb_text, &in))
        check_decoded(in.data, in.len - 1, "GB18030", gb_cut_want, 1);
    buf_free(&in);
    buf_init(&in, BUF_DEFAULT_MAX);
    if (encode_into("BIG5", big5_text, &in))
        check_decoded(in.data, in.len - 1, "BIG5",
                      "聯合國秘書長古特雷斯發表聲明，對埃塞俄比亞政府驅逐人員表示震驚" FFFD, 1);
    buf_free(&in);
    /* a four-byte GB18030 character (😀: 94 39 FC 36) cut after two bytes: one U+FFFD */
    buf_init(&in, BUF_DEFAULT_MAX);
    if (encode_into("GB18030", gb_text, &in)) {
        buf_put(&in, "\x94\x39", 2);
        struct buf want;
        buf_init(&want, BUF_DEFAULT_MAX);
        buf_puts(&want, gb_text);
        buf_puts(&want, FFFD);
        check_decoded(in.data, in.len, "GB18030", want.data, 1);
        buf_free(&want);
    }
    buf_free(&in);

    /* stray bytes that start no character (0xFF, 0x80) inside the text: one U+FFFD each, the
     * text around them intact */
    buf_init(&in, BUF_DEFAULT_MAX);
    if (encode_into("GBK", "外交部发言人汪文斌", &in)) {
        buf_putc(&in, '\xFF');
        encode_into("GBK", "在例行记者会上表示，", &in);
        buf_putc(&in, '\x80');
        encode_into("GBK", "中方愿同各方加强合作。", &in);
        check_decoded(
            in.data, in.len, "GB18030",
            "外交部发言人汪文斌" FFFD "在例行记者会上表示，" FFFD "中方愿同各方加强合作。", 2);
    }
    buf_free(&in);
    buf_init(&in, BUF_DEFAULT_MAX);
    if (encode_into("BIG5", "聯合國秘書長古特雷斯", &in)) {
        buf_putc(&in, '\xFF');
        encode_into("BIG5", "發表聲明，對埃塞俄比亞政府驅逐人員表示震驚。", &in);
        check_decoded(in.data, in.len, "BIG5",
                      "聯合國秘書長古特雷斯" FFFD "發表聲明，對埃塞俄比亞政府驅逐人員表示震驚。",
                      1);
    }
    buf_free(&in);

    /* the bounds of "slight": two stray bytes in 30 characters are kept, three are not (not
     * under 1 in 20, and more than two) */
    for (int strays = 2; strays <= 3; strays++) {
        buf_init(&in, BUF_DEFAULT_MAX);
        encode_into("GBK", "外交部发言人汪文斌在例行", &in);
        for (int i = 0; i < strays; i++)
            buf_putc(&in, '\xFF');
        encode_into("GBK", "记者会上表示，中方愿同各方加强合作。", &in);
        if (strays == 2)
            check_decoded(
                in.data, in.len, "GB18030",
                "外交部发言人汪文斌在例行" FFFD FFFD "记者会上表示，中方愿同各方加强合作。", 2);
        else
            check_refused(in.data, in.len);
        buf_free(&in);
    }
    /* one bad byte in a short text: kept with six characters, not with five */
    check_decoded("\xD6\xD0\xCE\xC4\xD0\xC2\xCE\xC5\xB2\xE2\xCA\xD4\xFF", 13, "GB18030",
                  "中文新闻测试" FFFD, 1);
    check_refused("\xD6\xD0\xCE\xC4\xD0\xC2\xCE\xC5\xB2\xE2\xFF", 11);

    /* of two believable decodings the less damaged wins, even against the common-character
     * shares: kana (A4 xx in GBK) are common Big5 characters, so Big5 is tried first, but 丂 (GBK
     * 81 40) is no Big5 character, while GB18030 decodes everything */
    const char *mixed = "あいうえ大学生活动丂";
    buf_init(&in, BUF_DEFAULT_MAX);
    if (encode_into("GBK", mixed, &in))
        check_decoded(in.data, in.len, "GB18030", mixed, 0);
    buf_free(&in);

    /* random bytes must not become "Chinese with replacements": high bytes only, and bytes of the
     * double-byte range among ASCII (deterministic) */
    char noise[4096];
    uint32_t x = 88172645u;
    for (int kind = 0; kind < 2; kind++) {
        for (size_t i = 0; i < sizeof noise; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            if (kind == 0)
                noise[i] = (char)(0x80 + x % 0x80);
            else
                noise[i] = (char)(x & 0x100 ? 0xA1 + x % 0x5E : 0x20 + x % 0x5F);
        }
        check_refused(noise, sizeof noise);
    }
}

static void test_refusals(void)
{
    struct buf out;
    struct decoded_info info;

    /* binary magic: a PNG header */
    static const char png[] = "\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0"
                              "\x1F\xF3\xFF\x61";
    buf_init(&out, BUF_DEFAULT_MAX);
    buf_puts(&out, "keep");
    const char *msg = decode(png, sizeof png - 1, &out, &info);
    CHECK(msg != NULL);
    CHECK(msg && strstr(msg, "PNG") != NULL);
    CHECK_STR(out.data, "keep"); /* out unchanged */
    CHECK(out.len == 4);
    buf_free(&out);

    /* a JPEG and a PDF too */
    buf_init(&out, BUF_DEFAULT_MAX);
    msg = decode("\xFF\xD8\xFF\xE0\0\x10JFIF\0", 11, &out, &info);
    CHECK(msg != NULL && strstr(msg, "JPEG") != NULL);
    CHECK(out.len == 0);
    msg = decode("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", 15, &out, &info);
    CHECK(msg != NULL && strstr(msg, "PDF") != NULL);
    CHECK(out.len == 0);
    buf_free(&out);

    /* random control-byte soup (deterministic) */
    char soup[1024];
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < sizeof soup; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        static const char ctl[] = "\x01\x02\x03\x04\x05\x06\x07\x08\x0B\x0E\x0F\x10\x11\x12"
                                  "\x13\x14\x15\x16\x17\x18\x19\x1A\x1C\x1D\x1E\x1F\x7F";
        soup[i] = ctl[x % (sizeof ctl - 1)];
    }
    buf_init(&out, BUF_DEFAULT_MAX);
    buf_puts(&out, "keep");
    msg = decode(soup, sizeof soup, &out, &info);
    CHECK(msg != NULL);
    CHECK_STR(out.data, "keep");
    buf_free(&out);

    /* control soup mixed with some letters is still refused */
    for (size_t i = 0; i < sizeof soup; i += 3)
        soup[i] = 'a';
    buf_init(&out, BUF_DEFAULT_MAX);
    msg = decode(soup, sizeof soup, &out, &info);
    CHECK(msg != NULL);
    CHECK(out.len == 0);
    buf_free(&out);

    /* bytes that are none of UTF-8, GB18030 or Big5 */
    char high[200];
    memcpy(high, "abc ", 4);
    memset(high + 4, '\xFF', sizeof high - 4);
    buf_init(&out, BUF_DEFAULT_MAX);
    msg = decode(high, sizeof high, &out, &info);
    CHECK(msg != NULL);
    CHECK(out.len == 0);
    buf_free(&out);
}

void test_encoding(void)
{
    test_utf8_input();
    test_utf16();
    test_chinese_legacy();
    test_damaged_utf8();
    test_damaged_utf8_short();
    test_damaged_utf16();
    test_damaged_legacy();
    test_refusals();
}

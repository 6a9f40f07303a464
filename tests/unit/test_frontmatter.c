/* test_frontmatter.c — unit tests for frontmatter.h: splitting front matter, reading its YAML. */
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "check.h"
#include "frontmatter.h"
#include "util.h"

/* The n bytes at p as a NUL-terminated string in a static array (for CHECK_STR). */
static const char *span(const char *p, size_t n)
{
    static char out[4][1024];
    static int next;
    char *s = out[next++ % 4];
    if (!p || n >= sizeof out[0])
        return "(span too long or NULL)";
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

static void test_split(void)
{
    struct fm_split sp;
    const char *t;

    /* the standard form */
    t = "---\ntitle: 新闻\ndate: 2021-10-01\n---\nbody line 1\nbody line 2\n";
    CHECK(frontmatter_split(t, strlen(t), &sp) == NULL);
    CHECK(sp.has_front_matter);
    CHECK_STR(span(sp.yaml, sp.yaml_len), "title: 新闻\ndate: 2021-10-01\n");
    CHECK(sp.yaml_line == 2);
    CHECK_STR(span(sp.body, sp.body_len), "body line 1\nbody line 2\n");
    CHECK(sp.body + sp.body_len == t + strlen(t)); /* points into the text */

    /* body without a final newline, and an empty body */
    t = "---\na: 1\n---\nbody";
    CHECK(frontmatter_split(t, strlen(t), &sp) == NULL);
    CHECK(sp.has_front_matter);
    CHECK_STR(span(sp.body, sp.body_len), "body");
    t = "---\na: 1\n---\n";
    CHECK(frontmatter_split(t, strlen(t), &sp) == NULL);
    CHECK(sp.has_front_matter);
    CHECK(sp.body_len == 0);
    t = "---\na: 1\n---";
    CHECK(frontmatter_split(t, strlen(t), &sp) == NULL);
    CHECK(sp.has_front_matter);
    CHECK_STR(span(sp.yaml, sp.yaml_len), "a: 1\n");
    CHECK(sp.body_len == 0);

    /* empty front matter */
    t = "---\n---\nbody\n";
    CHECK(frontmatter_split(t, strlen(t), &sp) == NULL);
    CHECK(sp.has_front_matter);
    CHECK(sp.yaml_len == 0);
    CHECK_STR(span(sp.body, sp.body_len), "body\n");

    /* CRLF line ends */
    t = "---\r\ntitle: x\r\nauthor: y\r\n---\r\nbody\r\nmore\r\n";
    CHECK(frontmatter_split(t, strlen(t), &sp) == NULL);
    CHECK(sp.has_front_matter);
    CHECK(sp.yaml_line == 2);
    CHECK(strncmp(sp.yaml, "title: x", 8) == 0);
    CHECK(sp.yaml_len >= strlen("title: x\r\nauthor: y")
          && sp.yaml_len <= strlen("title: x\r\nauthor: y\r\n"));
    CHECK_STR(span(sp.body, sp.body_len), "body\r\nmore\r\n");

    /* blank lines (including spaces) before the opening line */
    t = "\n  \n\t\n---\ntitle: x\n---\nbody\n";
    CHECK(frontmatter_split(t, strlen(t), &sp) == NULL);
    CHECK(sp.has_front_matter);
    CHECK_STR(span(sp.yaml, sp.yaml_len), "title: x\n");
    CHECK(sp.yaml_line == 5);
    CHECK_STR(span(sp.body, sp.body_len), "body\n");
    t = "\r\n\r\n---\r\ntitle: x\r\n---\r\nbody";
    CHECK(frontmatter_split(t, strlen(t), &sp) == NULL);
    CHECK(sp.has_front_matter);
    CHECK(sp.yaml_line == 4);
    CHECK_STR(span(sp.body, sp.body_len), "body");

    /* "..." closes the front matter */
    t = "---\ntitle: x\n...\nbody\n";
    CHECK(frontmatter_split(t, strlen(t), &sp) == NULL);
    CHECK(sp.has_front_matter);
    CHECK_STR(span(sp.yaml, sp.yaml_len), "title: x\n");
    CHECK_STR(span(sp.body, sp.body_len), "body\n");

    /* no front matter: the whole text is the body */
    t = "# 标题\n\n正文第一段。\n\n---\n\nafter a rule\n";
    CHECK(frontmatter_split(t, strlen(t), &sp) == NULL);
    CHECK(!sp.has_front_matter);
    CHECK(sp.body == t);
    CHECK(sp.body_len == strlen(t));
    t = "";
    CHECK(frontmatter_split(t, 0, &sp) == NULL);
    CHECK(!sp.has_front_matter);
    CHECK(sp.body_len == 0);
    t = "\n\n\n";
    CHECK(frontmatter_split(t, strlen(t), &sp) == NULL);
    CHECK(!sp.has_front_matter);
    CHECK(sp.body == t && sp.body_len == 3);
    /* "----" (a thematic break) and "--- x" are not an opening line */
    t = "----\ntitle: x\n----\nbody\n";
    CHECK(frontmatter_split(t, strlen(t), &sp) == NULL);
    CHECK(!sp.has_front_matter);
    CHECK(sp.body == t && sp.body_len == strlen(t));
    t = "--- x\ntitle: x\n---\nbody\n";
    CHECK(frontmatter_split(t, strlen(t), &sp) == NULL);
    CHECK(!sp.has_front_matter);
    CHECK(sp.body == t && sp.body_len == strlen(t));
    /* text before the opening line means there is no front matter */
    t = "intro\n---\ntitle: x\n---\nbody\n";
    CHECK(frontmatter_split(t, strlen(t), &sp) == NULL);
    CHECK(!sp.has_front_matter);
    CHECK(sp.body == t && sp.body_len == strlen(t));

    /* unterminated */
    t = "---\ntitle: x\nauthor: y\n\nbody with no closing line\n";
    const char *msg = frontmatter_split(t, strlen(t), &sp);
    CHECK(msg != NULL);
    CHECK(msg && strlen(msg) > 0);
    t = "---";
    CHECK(frontmatter_split(t, strlen(t), &sp) != NULL);
    t = "---\n";
    CHECK(frontmatter_split(t, strlen(t), &sp) != NULL);

    /* a --- in the body after the closing line stays in the body */
    t = "---\ntitle: x\n---\npara 1\n\n---\n\npara 2\n---\n";
    CHECK(frontmatter_split(t, strlen(t), &sp) == NULL);
    CHECK(sp.has_front_matter);
    CHECK_STR(span(sp.yaml, sp.yaml_len), "title: x\n");
    CHECK_STR(span(sp.body, sp.body_len), "para 1\n\n---\n\npara 2\n---\n");

    /* only n bytes are looked at */
    t = "---\ntitle: x\n---\nbody";
    CHECK(frontmatter_split(t, strlen("---\ntitle: x\n"), &sp) != NULL);
}

/* Splits and parses text; returns frontmatter_parse's result (false also when split fails). */
static bool parse(const char *text, struct arena *arena, struct meta *m, char *err, size_t err_len)
{
    struct fm_split sp;
    err[0] = '\0';
    if (frontmatter_split(text, strlen(text), &sp) != NULL) {
        snprintf(err, err_len, "split failed");
        memset(m, 0, sizeof *m);
        return false;
    }
    return frontmatter_parse(&sp, 480, arena, m, err, err_len);
}

/* The value of extra key k, or NULL. */
static const char *extra(const struct meta *m, const char *k)
{
    for (size_t i = 0; i < m->extra_count; i++)
        if (strcmp(m->extra[i].key, k) == 0)
            return m->extra[i].value;
    return NULL;
}

static bool list_is(const struct string_list *l, size_t n, const char *const *want)
{
    if (l->count != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!l->items[i] || strcmp(l->items[i], want[i]) != 0)
            return false;
    return true;
}

static void format_date(const struct meta *m, char *out, size_t size)
{
    struct buf b;
    buf_init(&b, BUF_DEFAULT_MAX);
    datetime_format(&b, &m->date);
    snprintf(out, size, "%s", b.data);
    buf_free(&b);
}

static void test_parse_basic(void)
{
    struct arena arena;
    arena_init(&arena);
    struct meta m;
    char err[256];
    char d[64];

    /* block lists */
    const char *t = "---\n"
                    "title: 王毅会见联合国秘书长古特雷斯\n"
                    "date: 2021-10-01 16:31:03 +08:00\n"
                    "author: 新华社记者\n"
                    "tags:\n"
                    "  - 外交\n"
                    "  - 联合国\n"
                    "categories:\n"
                    "  - 时政\n"
                    "---\n"
                    "正文。\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK_STR(m.title, "王毅会见联合国秘书长古特雷斯");
    CHECK_STR(m.author, "新华社记者");
    CHECK_STR(m.date_raw, "2021-10-01 16:31:03 +08:00");
    CHECK(m.has_date);
    format_date(&m, d, sizeof d);
    CHECK_STR(d, "2021-10-01T16:31:03+08:00");
    {
        static const char *const tags[] = {"外交", "联合国"};
        static const char *const cats[] = {"时政"};
        CHECK(list_is(&m.tags, 2, tags));
        CHECK(list_is(&m.categories, 1, cats));
    }
    CHECK(m.extra_count == 0);
    CHECK(m.url == NULL);
    arena_reset(&arena);

    /* flow lists, quoted values, a zone-less date taking the default offset */
    t = "---\n"
        "title: \"外交部: 例行记者会\"\n"
        "date: '2021-10-01 16:31'\n"
        "tags: [外交, \"王毅\", 'UN']\n"
        "categories: [新闻, 国际]\n"
        "---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK_STR(m.title, "外交部: 例行记者会");
    CHECK_STR(m.date_raw, "2021-10-01 16:31");
    CHECK(m.has_date);
    CHECK(m.has_date && !m.date.has_offset && m.date.offset_minutes == 480);
    format_date(&m, d, sizeof d);
    CHECK_STR(d, "2021-10-01T16:31:00+08:00");
    {
        static const char *const tags[] = {"外交", "王毅", "UN"};
        static const char *const cats[] = {"新闻", "国际"};
        CHECK(list_is(&m.tags, 3, tags));
        CHECK(list_is(&m.categories, 2, cats));
    }
    arena_reset(&arena);

    /* scalars for tags and categories are one-item lists */
    t = "---\ntitle: T\ntags: 外交\ncategories: 时政\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    {
        static const char *const tags[] = {"外交"};
        static const char *const cats[] = {"时政"};
        CHECK(list_is(&m.tags, 1, tags));
        CHECK(list_is(&m.categories, 1, cats));
    }
    arena_reset(&arena);

    /* absent and empty keys are NULL / empty lists */
    t = "---\ntitle:\nauthor: ''\ntags: []\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK(m.title == NULL);
    CHECK(m.author == NULL);
    CHECK(m.source == NULL);
    CHECK(m.url == NULL);
    CHECK(m.date_raw == NULL);
    CHECK(!m.has_date);
    CHECK(m.tags.count == 0);
    CHECK(m.categories.count == 0);
    arena_reset(&arena);

    /* date forms through the front matter: date only, Chinese, RFC 2822 */
    t = "---\ndate: 2021-10-01\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK(m.has_date && !m.date.has_time);
    format_date(&m, d, sizeof d);
    CHECK_STR(d, "2021-10-01");
    arena_reset(&arena);
    t = "---\ndate: 2021年10月1日 16:31\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK(m.has_date);
    format_date(&m, d, sizeof d);
    CHECK_STR(d, "2021-10-01T16:31:00+08:00");
    arena_reset(&arena);
    t = "---\ndate: \"Fri, 03 Sep 2021 19:09:30 GMT\"\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK(m.has_date);
    format_date(&m, d, sizeof d);
    CHECK_STR(d, "2021-09-03T19:09:30+00:00");
    arena_reset(&arena);

    /* an unparseable date: has_date false, date_raw kept */
    t = "---\ntitle: x\ndate: 上周五\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK(!m.has_date);
    CHECK_STR(m.date_raw, "上周五");
    arena_reset(&arena);
    t = "---\ndate: 2021-02-29\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK(!m.has_date);
    CHECK_STR(m.date_raw, "2021-02-29");
    arena_reset(&arena);

    /* no front matter: success, everything empty */
    t = "just a body\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK(m.title == NULL && m.extra_count == 0 && m.tags.count == 0 && !m.has_date);
    arena_reset(&arena);

    /* empty front matter */
    t = "---\n---\nbody\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK(m.title == NULL && m.extra_count == 0);
    arena_free(&arena);
}

static void test_parse_source_url(void)
{
    struct arena arena;
    arena_init(&arena);
    struct meta m;
    char err[256];
    const char *t;

    /* an explicit source wins */
    t = "---\nsource: 人民日报\nauthor: 记者\ncategories: [时政]\n"
        "from: https://www.example.com/a\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK_STR(m.source, "人民日报");
    arena_reset(&arena);

    /* then author */
    t = "---\nauthor: 新华社\ncategories: [时政]\ntags: [外交]\n"
        "from: https://www.example.com/a\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK_STR(m.source, "新华社");
    arena_reset(&arena);

    /* then the first category */
    t = "---\ncategories:\n  - 联合早报\n  - 国际\ntags: [外交]\n"
        "from: https://www.example.com/a\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK_STR(m.source, "联合早报");
    arena_reset(&arena);

    /* then the first tag */
    t = "---\ntags: [BBC中文, 外交]\nlink: https://www.example.com/a\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK_STR(m.source, "BBC中文");
    arena_reset(&arena);

    /* then the host of from, link or url, without www. */
    t = "---\ntitle: x\nfrom: https://www.bbc.com/zhongwen/simp/world-58766633\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK_STR(m.source, "bbc.com");
    CHECK_STR(m.url, "https://www.bbc.com/zhongwen/simp/world-58766633");
    arena_reset(&arena);
    t = "---\ntitle: x\nlink: http://news.sina.com.cn:8080/c/2021-10-01/doc.shtml?x=1\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK_STR(m.source, "news.sina.com.cn");
    arena_reset(&arena);
    t = "---\ntitle: x\nurl: https://www.zaobao.com.sg#top\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK_STR(m.source, "zaobao.com.sg");
    CHECK_STR(m.url, "https://www.zaobao.com.sg#top");
    arena_reset(&arena);
    /* a url that is not http(s) gives no source */
    t = "---\ntitle: x\nurl: ftp://example.com/file\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK(m.source == NULL);
    CHECK_STR(m.url, "ftp://example.com/file");
    arena_reset(&arena);

    /* url preference: from, then link, then url — in any key order */
    t = "---\nurl: https://c.example/3\nlink: https://b.example/2\n"
        "from: https://a.example/1\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK_STR(m.url, "https://a.example/1");
    CHECK_STR(m.source, "a.example");
    arena_reset(&arena);
    t = "---\nurl: https://c.example/3\nlink: https://b.example/2\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK_STR(m.url, "https://b.example/2");
    CHECK_STR(m.source, "b.example");
    arena_reset(&arena);
    t = "---\nurl: https://c.example/3\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK_STR(m.url, "https://c.example/3");
    arena_reset(&arena);
    /* from also gives the host when link is there too */
    t = "---\nfrom: https://www.a.example/1\nlink: https://b.example/2\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK_STR(m.source, "a.example");
    arena_reset(&arena);

    /* url_host directly */
    CHECK_STR(url_host(&arena, "https://www.bbc.com/zhongwen"), "bbc.com");
    CHECK_STR(url_host(&arena, "HTTP://WWW.Example.com"), "Example.com");
    CHECK_STR(url_host(&arena, "https://cn.nytimes.com/"), "cn.nytimes.com");
    CHECK_STR(url_host(&arena, "https://example.com:443/x"), "example.com");
    CHECK_STR(url_host(&arena, "https://example.com?q=1"), "example.com");
    CHECK(url_host(&arena, "mailto:a@b.c") == NULL);
    CHECK(url_host(&arena, "www.example.com/x") == NULL);
    CHECK(url_host(&arena, "https://") == NULL);
    CHECK(url_host(&arena, "") == NULL);
    arena_free(&arena);
}

static void test_parse_extra(void)
{
    struct arena arena;
    arena_init(&arena);
    struct meta m;
    char err[256];

    const char *t = "---\n"
                    "title: x\n"
                    "draft: false\n"
                    "weight: 10\n"
                    "slug: wang-yi-un\n"
                    "aliases:\n"
                    "  - a\n"
                    "  - b\n"
                    "params: {k: v}\n"
                    "nested:\n"
                    "  k1: v1\n"
                    "  k2: [x, y]\n"
                    "empty_list: []\n"
                    "quoted: \"line1\\nline2\"\n"
                    "中文键: 中文值\n"
                    "---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK_STR(m.title, "x");
    CHECK(m.extra_count == 9);
    CHECK_STR(extra(&m, "draft"), "false");
    CHECK_STR(extra(&m, "weight"), "10");
    CHECK_STR(extra(&m, "slug"), "wang-yi-un");
    CHECK_STR(extra(&m, "aliases"), "[a, b]");
    CHECK_STR(extra(&m, "params"), "{k: v}");
    CHECK_STR(extra(&m, "nested"), "{k1: v1, k2: [x, y]}");
    CHECK_STR(extra(&m, "empty_list"), "[]");
    CHECK_STR(extra(&m, "quoted"), "line1\nline2");
    CHECK_STR(extra(&m, "中文键"), "中文值");
    /* file order */
    if (m.extra_count == 9) {
        CHECK_STR(m.extra[0].key, "draft");
        CHECK_STR(m.extra[3].key, "aliases");
        CHECK_STR(m.extra[8].key, "中文键");
    }
    arena_free(&arena);
}

static void test_parse_errors(void)
{
    struct arena arena;
    arena_init(&arena);
    struct meta m;
    char err[256];
    const char *t;
    bool ok;

    /* a YAML syntax error: the line number is the file's line, not the YAML's */
    t = "\n"                /* 1 */
        "---\n"             /* 2 */
        "title: ok\n"       /* 3 */
        "author: someone\n" /* 4 */
        "bad: b: c\n"       /* 5 */
        "---\n"             /* 6 */
        "body\n";
    CHECK(!parse(t, &arena, &m, err, sizeof err));
    CHECK(strncmp(err, "YAML error at line", 18) == 0);
    CHECK(strncmp(err, "YAML error at line 5, column 7: ", 32) == 0);
    if (strncmp(err, "YAML error at line 5, column 7: ", 32) != 0)
        fprintf(stderr, "  err: %s\n", err);
    arena_reset(&arena);
    /* the same with CRLF line ends and one blank line less */
    t = "---\r\ntitle: ok\r\nauthor: someone\r\nbad: b: c\r\n---\r\n";
    CHECK(!parse(t, &arena, &m, err, sizeof err));
    CHECK(strncmp(err, "YAML error at line 4, column 7: ", 32) == 0);
    if (strncmp(err, "YAML error at line 4, column 7: ", 32) != 0)
        fprintf(stderr, "  err: %s\n", err);
    arena_reset(&arena);

    /* an unclosed quote */
    t = "---\n"           /* 1 */
        "title: \"open\n" /* 2 */
        "a: 1\n"          /* 3 */
        "---\n";
    CHECK(!parse(t, &arena, &m, err, sizeof err));
    CHECK(strncmp(err, "YAML error at line", 18) == 0);
    arena_reset(&arena);

    /* a bad indentation on line 4 of the file */
    t = "---\n"   /* 1 */
        "tags:\n" /* 2 */
        "  - a\n" /* 3 */
        " - b\n"  /* 4 */
        "---\n";
    CHECK(!parse(t, &arena, &m, err, sizeof err));
    CHECK(strncmp(err, "YAML error at line 4,", 21) == 0);
    if (strncmp(err, "YAML error at line 4,", 21) != 0)
        fprintf(stderr, "  err: %s\n", err);
    arena_reset(&arena);

    /* control characters do not make the YAML fail: they become U+FFFD */
    t = "---\ntitle: 新闻\x01标题\x7F!\nauthor: a\x1B"
        "b\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK_STR(m.title, "新闻\xEF\xBF\xBD标题\xEF\xBF\xBD!");
    CHECK_STR(m.author, "a\xEF\xBF\xBD"
                        "b");
    arena_reset(&arena);
    /* nor does a C1 control (U+0080) or a NUL byte */
    t = "---\ntitle: a\xC2\x80"
        "b\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK_STR(m.title, "a\xEF\xBF\xBD"
                       "b");
    arena_reset(&arena);
    {
        static const char nul[] = "---\ntitle: a\0b\n---\nbody\n";
        struct fm_split sp;
        CHECK(frontmatter_split(nul, sizeof nul - 1, &sp) == NULL);
        CHECK(sp.has_front_matter);
        CHECK(frontmatter_parse(&sp, 480, &arena, &m, err, sizeof err));
        CHECK_STR(m.title, "a\xEF\xBF\xBD"
                           "b");
        arena_reset(&arena);
    }
    /* nor do invalid UTF-8 bytes */
    t = "---\ntitle: bad\xFF"
        "byte\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK_STR(m.title, "bad\xEF\xBF\xBD"
                       "byte");
    arena_reset(&arena);

    /* tab-indented YAML is accepted */
    t = "---\ntitle: 标题\ntags:\n\t- 外交\n\t- 联合国\nnested:\n\tk: v\n---\n";
    ok = parse(t, &arena, &m, err, sizeof err);
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "  err: %s\n", err);
    CHECK_STR(m.title, "标题");
    {
        static const char *const tags[] = {"外交", "联合国"};
        CHECK(list_is(&m.tags, 2, tags));
    }
    CHECK_STR(extra(&m, "nested"), "{k: v}");
    arena_reset(&arena);
    /* a tab inside a value is kept */
    t = "---\ntitle: \"a\\tb\"\nsummary: c\td\n---\n";
    CHECK(parse(t, &arena, &m, err, sizeof err));
    CHECK_STR(m.title, "a\tb");
    CHECK_STR(extra(&m, "summary"), "c\td");
    arena_reset(&arena);

    /* front matter that is not a mapping */
    t = "---\n- a\n- b\n---\nbody\n";
    CHECK(!parse(t, &arena, &m, err, sizeof err));
    CHECK(err[0] != '\0');
    arena_reset(&arena);
    t = "---\njust a string\n---\nbody\n";
    CHECK(!parse(t, &arena, &m, err, sizeof err));
    CHECK(err[0] != '\0');
    arena_free(&arena);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_alias_bomb(void)
{
    /* "billion laughs": nine levels of nine aliases each, 9^9 leaves if expanded */
    struct buf y;
    buf_init(&y, BUF_DEFAULT_MAX);
    buf_puts(&y, "---\ntitle: bomb\n");
    buf_puts(&y, "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\","
                 "\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for (char c = 'b'; c <= 'i'; c++) {
        buf_printf(&y, "%c: &%c [", c, c);
        for (int i = 0; i < 9; i++)
            buf_printf(&y, "%s*%c", i ? "," : "", c - 1);
        buf_puts(&y, "]\n");
    }
    buf_puts(&y, "lol: *i\n---\nbody\n");

    struct arena arena;
    arena_init(&arena);
    struct meta m;
    char err[256];
    double start = now_seconds();
    bool ok = parse(y.data, &arena, &m, err, sizeof err);
    double elapsed = now_seconds() - start;
    CHECK(ok);
    CHECK(elapsed < 5.0);
    if (elapsed >= 5.0)
        fprintf(stderr, "  alias bomb took %.1f s\n", elapsed);
    CHECK_STR(m.title, "bomb");
    /* the values of a document share a budget of twice its YAML plus 64 KiB: a is whole, b
     * (81 lols) too, the value that crosses the budget is cut with "…", and those after it are
     * only "…" */
    CHECK_STR(extra(&m, "a"), "[lol, lol, lol, lol, lol, lol, lol, lol, lol]");
    const char *b = extra(&m, "b");
    CHECK(b && strlen(b) == 9 * 45 + 8 * 2 + 2);
    size_t total = 0, cut = 0;
    for (size_t i = 0; i < m.extra_count; i++) {
        const char *v = m.extra[i].value;
        total += strlen(v);
        cut += strlen(v) >= strlen("…") && strcmp(v + strlen(v) - strlen("…"), "…") == 0;
    }
    CHECK(total <= 2 * y.len + 64 * 1024 + 16);
    CHECK(cut >= 1);
    CHECK_STR(extra(&m, "lol"), "…");
    CHECK(m.extra_count == 10); /* a..i and lol */
    arena_free(&arena);
    buf_free(&y);
}

/* Front matter whose value nests depth flow sequences, each opened after a quoted "]" when
 * quoted_closers (which must not count as closing). */
static void nested_yaml(struct buf *y, int depth, bool quoted_closers)
{
    buf_reset(y);
    buf_puts(y, "---\ntitle: deep\ndeep: ");
    for (int i = 0; i < depth; i++)
        buf_puts(y, quoted_closers ? "[\"]\", " : "[");
    for (int i = 0; i < depth; i++)
        buf_putc(y, ']');
    buf_puts(y, "\n---\n");
}

static void test_deep_nesting(void)
{
    /* up to 64 levels of [ ] load, with a bounded value; deeper is refused before libyaml loads
     * it (its scanner's time grows with tokens × depth: a million levels never finished) */
    struct buf y;
    buf_init(&y, BUF_DEFAULT_MAX);
    struct arena arena;
    arena_init(&arena);
    struct meta m;
    char err[256];
    nested_yaml(&y, 64, false);
    CHECK(parse(y.data, &arena, &m, err, sizeof err));
    CHECK_STR(m.title, "deep");
    const char *deep = extra(&m, "deep");
    CHECK(deep && strlen(deep) <= 64 * 1024 + 16);
    nested_yaml(&y, 64, true);
    CHECK(parse(y.data, &arena, &m, err, sizeof err));

    const int too_deep[] = {65, 10000, 1000000};
    for (size_t i = 0; i < ARRAY_LEN(too_deep); i++) {
        nested_yaml(&y, too_deep[i], false);
        CHECK(!parse(y.data, &arena, &m, err, sizeof err));
        CHECK_STR(err, "YAML nested more than 64 levels deep in [ ] or { }");
    }
    nested_yaml(&y, 65, true); /* quoted closers do not hide the depth */
    CHECK(!parse(y.data, &arena, &m, err, sizeof err));
    CHECK_STR(err, "YAML nested more than 64 levels deep in [ ] or { }");
    /* brackets inside quotes, comments and block scalars are not nesting */
    buf_reset(&y);
    buf_puts(&y, "---\ntitle: \"");
    for (int i = 0; i < 1000; i++)
        buf_puts(&y, "[{");
    buf_puts(&y, "\"\nnote: |\n  ");
    for (int i = 0; i < 1000; i++)
        buf_putc(&y, '[');
    buf_puts(&y, "\n# ");
    for (int i = 0; i < 1000; i++)
        buf_putc(&y, '{');
    buf_puts(&y, "\n---\n");
    CHECK(parse(y.data, &arena, &m, err, sizeof err));
    CHECK(m.title && strncmp(m.title, "[{[{", 4) == 0);
    arena_free(&arena);
    buf_free(&y);
}

static void test_long_and_repeated_values(void)
{
    /* a title longer than 64 KiB is cut at a character's start and ends in "…"; a \0 escape
     * does not cut a value short; a key that comes again is ignored (the first one counts) */
    struct buf y;
    buf_init(&y, BUF_DEFAULT_MAX);
    buf_puts(&y, "---\ntitle: ");
    for (int i = 0; i < 30000; i++)
        buf_puts(&y, "中");
    buf_puts(&y, "\nsource: \"a\\0b\"\nk: 1\nk: 2\ntitle: again\n---\n");
    struct arena arena;
    arena_init(&arena);
    struct meta m;
    char err[256];
    CHECK(parse(y.data, &arena, &m, err, sizeof err));
    size_t len = m.title ? strlen(m.title) : 0;
    CHECK(len > 60 * 1024 && len <= 64 * 1024 + strlen("…"));
    CHECK(len && strcmp(m.title + len - strlen("…"), "…") == 0);
    CHECK(len && (len - strlen("…")) % 3 == 0 && strncmp(m.title, "中中", 6) == 0);
    CHECK_STR(m.source, "a\xEF\xBF\xBD"
                        "b");
    CHECK(m.extra_count == 1);
    CHECK_STR(extra(&m, "k"), "1");
    arena_free(&arena);
    buf_free(&y);
}

void test_frontmatter(void)
{
    test_split();
    test_parse_basic();
    test_parse_source_url();
    test_parse_extra();
    test_parse_errors();
    test_alias_bomb();
    test_deep_nesting();
    test_long_and_repeated_values();
}

/* test_markdown.c — Markdown block and inline reduction (markdown.h). */
#include "check.h"

#include "markdown.h"

static void check_inline(const char *in, const char *want)
{
    struct buf b;
    buf_init(&b, 0);
    markdown_inline(in, strlen(in), &b);
    CHECK_STR(b.data, want);
    buf_free(&b);
}

static void check_blocks(const char *in, const char *want)
{
    struct buf b;
    buf_init(&b, 0);
    markdown_blocks(in, strlen(in), &b);
    CHECK_STR(b.data, want);
    buf_free(&b);
}

void test_markdown(void)
{
    /* inline */
    check_inline("见[新华社报道](https://example.com/a)。", "见新华社报道。");
    check_inline("![王毅会见](img.jpg)", "王毅会见");
    check_inline("[链接][ref]和文字", "链接和文字");
    check_inline("**债务上限威胁**", "债务上限威胁");
    check_inline("一个__重要__的词", "一个重要的词");
    check_inline("这是*强调*文字", "这是强调文字");
    check_inline("删除~~旧~~内容", "删除旧内容");
    check_inline("代码`x = 1`结束", "代码x = 1结束");
    check_inline("转义\\*星号\\*", "转义*星号*");
    /* unpaired or spaced delimiters stay as written */
    check_inline("3 * 4 * 5", "3 * 4 * 5");
    check_inline("**未闭合", "**未闭合");
    check_inline("snake_case_name", "snake_case_name");
    check_inline("[不是链接] 后面", "[不是链接] 后面");
    check_inline("(括号)[方括号]", "(括号)[方括号]");
    check_inline("", "");

    /* blocks: setext underline, ATX heading, lists, quotes, rules, fences, shortcodes */
    check_blocks("[标题](https://x)\n------\n\n<div>正文</div>\n",
                 "[标题](https://x)\n\n\n\n<div>正文</div>\n");
    check_blocks("## 小标题 ##\n正文\n", "\n\n小标题\n\n正文\n");
    check_blocks("#不是标题\n", "#不是标题\n");
    check_blocks("- 第一项\n- 第二项\n", "\n\n第一项\n\n\n第二项\n");
    check_blocks("> 引用的话\n", "引用的话\n");
    check_blocks("***\n", "\n\n");
    check_blocks("```\ncode line\n```\n", "\n\ncode line\n\n\n\n");
    check_blocks("[ref]: https://example.com\n正文\n", "\n\n正文\n");
    check_blocks("前{{< youtube abc >}}后\n", "前后\n");
    check_blocks("{{% note %}}注释文字{{% /note %}}\n", "注释文字\n");
    check_blocks("{{< 未闭合\n", "{{< 未闭合\n");
    check_blocks("第一行\r\n第二行\r\n", "第一行\n第二行\n");
    check_blocks("1. 编号保留\n", "1. 编号保留\n");
}

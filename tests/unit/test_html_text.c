/* test_html_text.c — body text extraction (html_text.h): blocks, white space, boilerplate. */
#include "check.h"

#include "html_text.h"

static void check_text_as(const char *body, enum body_format format, const char *want)
{
    struct arena a;
    arena_init(&a);
    struct buf b;
    buf_init(&b, 0);
    const char *title = NULL;
    html_text_extract(body, strlen(body), format, &a, &b, &title);
    CHECK_STR(b.data, want);
    buf_free(&b);
    arena_free(&a);
}

static void check_text(const char *body, const char *want)
{
    check_text_as(body, BODY_FRAGMENT, want);
}

void test_html_text(void)
{
    /* paragraphs are lines; white space collapses; Chinese joined across source lines */
    check_text("<p>第一段。</p><p>第二段。</p>", "第一段。\n第二段。");
    check_text("<p>\n外交部网站1月15日消息，\n王毅在江苏无锡会谈。\n</p>",
               "外交部网站1月15日消息，王毅在江苏无锡会谈。");
    check_text("<p>2021 年 9 月 3 日，王毅</p>", "2021 年 9 月 3 日，王毅");
    check_text("<p>Hello\n   world</p>", "Hello world");
    check_text("<div>A<br>B<br/><br/>C</div>", "A\nB\nC");
    check_text("<p>&quot;潘多拉文件&quot; &amp; 其他</p>", "\"潘多拉文件\" & 其他");
    check_text("<p>\xE3\x80\x80\xE3\x80\x80缩进的段落</p>", "缩进的段落");
    check_text("<p>\xC2\xA0 前后空白 \xC2\xA0</p>", "前后空白");
    check_text("", "");
    check_text("<div>   </div>", "");
    /* Markdown bodies: blank lines separate paragraphs, single newlines join */
    check_text("第一段第一行\n第一段第二行\n\n第二段", "第一段第一行第一段第二行\n第二段");
    check_text("[王毅与阿塔高层会面](https://www.zaobao.com/x)\n------\n\n<div><p>正文。</p></div>",
               "王毅与阿塔高层会面\n正文。");
    check_text("<p>**债务上限威胁**</p>", "债务上限威胁");
    check_text("第一段\r\n\r\n第二段\r\n", "第一段\n第二段");
    /* dropped: scripts, styles, comments, forms, ads, promos, widgets, related lists */
    check_text("<p>前</p><script>var x = 1;</script><style>p{}</style><!-- c --><p>后</p>",
               "前\n后");
    check_text(
        "<p>正文</p><div id=\"dfp-ad-imu1\">广告</div><div class='moreArticle'>延伸閱讀</div>",
        "正文");
    check_text("<div class='paragraph moreArticle'><div "
               "class='moreArticle-title'>延伸閱讀</div></div><p>正文</p>",
               "正文");
    check_text("<p>正文</p><div data-selfpromo-newsletter>订阅</div>", "正文");
    check_text("<p>正文</p><a href=\"https://subscribe.sph.com.sg/x\"><img src=\"p.png\"></a>",
               "正文");
    check_text("<p>正文</p><p>欢迎<a "
               "href=\"https://x.list-manage.com/subscribe?u=1\">订阅</a>电子报。</p>",
               "正文");
    check_text("<div><span>截获有害生物</span><span>介殼蟲</span><div "
               "class='dictionary-box'><p>小百科</p></div>"
               "<span>「大洋臀紋粉蚧」</span></div>",
               "截获有害生物介殼蟲「大洋臀紋粉蚧」");
    check_text(
        "<p>正文</p><ul><li><a href=\"/a\">相关一</a></li><li><a href=\"/b\">相关二</a></li></ul>",
        "正文");
    check_text("<ul><li>要点一</li><li>要点二</li></ul>", "要点一\n要点二");
    check_text("<p>正文</p><div style=\"display: none\">隐藏</div>", "正文");
    check_text("<div><time dateTime=\"2021-10-03\">21 分钟前</time></div><p>正文</p>", "正文");
    check_text("<p>会议于<time>10月1日</time>举行</p>", "会议于10月1日举行");
    check_text("<div><i>2021-10-01T02:37:47Z</i></div><p>正文</p>", "正文");
    check_text("<div>30/09/2021 - 15:49</div><p>正文</p>", "正文");
    check_text("<p>正文</p><p>© 2021年 德国之声版权声明</p>", "正文");
    check_text("<p>正文</p><a class='gie-single' href='http://www.gettyimages.hk/detail/1'>Embed "
               "from Getty Images</a>",
               "正文");
    /* captions stay as their own line */
    check_text("<figure><img src=\"a.jpg\" "
               "alt=\"不要\"><figcaption>图片说明</figcaption></figure><p>正文</p>",
               "图片说明\n正文");
    /* preformatted text keeps its lines */
    check_text("<pre>第一行\n第二行</pre>", "第一行\n第二行");

    /* plain text: every line a paragraph */
    check_text_as("第一行\n第二行\n\n  第三行\n", BODY_PLAIN, "第一行\n第二行\n第三行");

    /* a whole page: the title is reported, head and navigation are not text */
    struct arena a;
    arena_init(&a);
    struct buf b;
    buf_init(&b, 0);
    const char *title = NULL;
    const char *page = "<!DOCTYPE html><html><head><title> 页面 标题 </title></head>"
                       "<body><nav>首页</nav><p>正文</p><footer>页脚</footer></body></html>";
    html_text_extract(page, strlen(page), BODY_DOCUMENT, &a, &b, &title);
    CHECK_STR(b.data, "正文");
    CHECK_STR(title, "页面 标题");
    buf_free(&b);
    arena_free(&a);

    /* format guess */
    CHECK(body_format_guess("<!DOCTYPE html><html>", 21, "a.html") == BODY_DOCUMENT);
    CHECK(body_format_guess("  <HTML>", 8, NULL) == BODY_DOCUMENT);
    CHECK(body_format_guess("text <p>x</p>", 13, "a.txt") == BODY_FRAGMENT);
    CHECK(body_format_guess("只有文字", 12, "a.txt") == BODY_PLAIN);
    CHECK(body_format_guess("只有文字", 12, "a.md") == BODY_FRAGMENT);
    CHECK(body_format_guess("a < b", 5, "a.TXT") == BODY_PLAIN);

    /* deep nesting does not exhaust the stack */
    struct buf deep;
    buf_init(&deep, 0);
    for (int i = 0; i < 5000; i++)
        buf_puts(&deep, "<div>");
    buf_puts(&deep, "深处");
    struct buf out;
    buf_init(&out, 0);
    arena_init(&a);
    html_text_extract(deep.data, deep.len, BODY_FRAGMENT, &a, &out, &title);
    CHECK(out.len < 64);
    arena_free(&a);
    buf_free(&out);
    buf_free(&deep);
}

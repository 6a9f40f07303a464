/* html_text.c — article bodies to clean text with libxml2's HTML parser (see html_text.h). */
#include "html_text.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <utf8proc.h>

#include "markdown.h"
#include "utf8.h"
#include "util.h"

/* ---- the text sink: collects text, collapsing white space and breaking lines ---- */

enum pending_space { SPACE_NONE, SPACE_SPACE, SPACE_NEWLINE };

struct sink {
    struct buf *out;
    struct buf line_tmp; /* scratch for the inline Markdown pass */
    size_t base;         /* where this body's text starts in out */
    size_t line_start;   /* offset in out of the current line */
    bool line_empty;
    bool break_pending; /* a block ended: the next text starts a new line */
    enum pending_space space;
    int newlines;     /* source newlines in the pending white space */
    int32_t last_cp;  /* last code point written on the current line */
    bool plain_lines; /* plain text: each source line is a paragraph */
    bool markdown;    /* reduce inline Markdown in finished lines */
    int preformatted; /* inside <pre>: keep line breaks */
};

static void sink_init(struct sink *k, struct buf *out, bool plain_lines, bool markdown)
{
    memset(k, 0, sizeof *k);
    k->out = out;
    buf_init(&k->line_tmp, out->max);
    k->base = out->len;
    k->line_start = out->len;
    k->line_empty = true;
    k->plain_lines = plain_lines;
    k->markdown = markdown;
}

static bool is_trailing_space_at(const struct buf *b, size_t pos, size_t *start)
{
    /* ASCII space, or a three-byte Zs such as U+3000 / U+2002–U+200A / U+202F */
    if (pos >= 1 && b->data[pos - 1] == ' ') {
        *start = pos - 1;
        return true;
    }
    if (pos >= 3) {
        int32_t cp;
        if (utf8_decode(b->data + pos - 3, 3, &cp) == 3 && cp > 0
            && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS) {
            *start = pos - 3;
            return true;
        }
    }
    return false;
}

/* Whether s matches shape, where '9' in shape stands for any ASCII digit. */
static bool matches_shape(const char *s, size_t n, const char *shape)
{
    size_t len = strlen(shape);
    if (n < len)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (shape[i] == '9' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
            return false;
    }
    return true;
}

/* Lines that feeds add around the article rather than article text: a bare machine timestamp
 * ("2021-10-01T02:37:47Z" in Reuters and DW items, "30/09/2021 - 15:49" in RFI items) and
 * copyright notices ("© 2021年 德国之声版权声明…"). */
static bool is_boilerplate_line(const char *s, size_t n)
{
    if (matches_shape(s, n, "9999-99-99T99:99")) {
        for (size_t i = 16; i < n; i++)
            if (!isdigit((unsigned char)s[i]) && !strchr(":.+-Z", s[i]))
                return false;
        return true;
    }
    if (n == 18 && matches_shape(s, n, "99/99/9999 - 99:99"))
        return true;
    return matches_shape(s, n, "\xC2\xA9") || (n >= 9 && strncasecmp(s, "copyright", 9) == 0);
}

/* Ends the current line: trims it, reduces inline Markdown, and drops it if nothing is left. */
static void sink_end_line(struct sink *k)
{
    struct buf *b = k->out;
    if (k->line_empty)
        return;
    size_t start;
    while (b->len > k->line_start && is_trailing_space_at(b, b->len, &start))
        buf_truncate(b, start);
    if (k->markdown && !k->preformatted) {
        buf_reset(&k->line_tmp);
        buf_put(&k->line_tmp, b->data + k->line_start, b->len - k->line_start);
        buf_truncate(b, k->line_start);
        markdown_inline(k->line_tmp.data, k->line_tmp.len, b);
        while (b->len > k->line_start && is_trailing_space_at(b, b->len, &start))
            buf_truncate(b, start);
    }
    if (b->len > k->line_start
        && is_boilerplate_line(b->data + k->line_start, b->len - k->line_start))
        buf_truncate(b, k->line_start);
    if (b->len == k->line_start) {
        /* nothing left: remove the separator that began this line */
        if (k->line_start > k->base)
            buf_truncate(b, k->line_start - 1);
        k->line_start = b->len;
    }
    k->line_empty = true;
    k->last_cp = 0;
}

static void sink_break(struct sink *k)
{
    k->break_pending = true;
    k->space = SPACE_NONE;
    k->newlines = 0;
}

/* Code points that carry no text: controls, BOM, zero-width space. */
static bool is_dropped_cp(int32_t cp)
{
    return (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp < 0xA0) || cp == 0xFEFF || cp == 0x200B;
}

static void sink_char(struct sink *k, int32_t cp, const char *bytes, size_t len)
{
    if (k->break_pending) {
        sink_end_line(k);
        k->break_pending = false;
    }
    if (k->line_empty) {
        k->space = SPACE_NONE;
        k->newlines = 0;
        if (utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS)
            return; /* indentation such as U+3000 at the start of a paragraph */
        if (k->out->len > k->base)
            buf_putc(k->out, '\n');
        k->line_start = k->out->len;
    } else if (k->space != SPACE_NONE) {
        bool cjk_join = k->space == SPACE_NEWLINE && (utf8_is_cjk(k->last_cp) || utf8_is_cjk(cp));
        if (!cjk_join)
            buf_putc(k->out, ' ');
        k->space = SPACE_NONE;
        k->newlines = 0;
    }
    buf_put(k->out, bytes, len);
    k->line_empty = false;
    k->last_cp = cp;
}

static void sink_text(struct sink *k, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (cp < 0) {
            cp = UTF8_REPLACEMENT;
            sink_char(k, cp, "\xEF\xBF\xBD", 3);
            i += len;
            continue;
        }
        if (cp == '\r' && i + 1 < n && s[i + 1] == '\n') {
            i++;
            continue; /* the LF that follows counts */
        }
        if (utf8_is_source_space(cp)) {
            if (cp == '\n' || cp == '\r') {
                if (k->plain_lines || k->preformatted || ++k->newlines >= 2)
                    sink_break(k);
                else if (!k->break_pending)
                    k->space = SPACE_NEWLINE;
            } else if (k->preformatted && !k->line_empty) {
                sink_char(k, ' ', " ", 1);
            } else if (k->space == SPACE_NONE && !k->break_pending) {
                k->space = SPACE_SPACE;
            }
            i += len;
            continue;
        }
        if (is_dropped_cp(cp)) {
            i += len;
            continue;
        }
        sink_char(k, cp, s + i, len);
        i += len;
    }
}

static void sink_finish(struct sink *k)
{
    sink_end_line(k);
    struct buf *b = k->out;
    while (b->len > k->base && b->data[b->len - 1] == '\n')
        buf_truncate(b, b->len - 1);
    buf_free(&k->line_tmp);
}

/* ---- what to keep: elements dropped whole, and block elements ---- */

static bool name_in(const char *name, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strcasecmp(name, list[i]) == 0)
            return true;
    return false;
}

/* Elements whose content is never article text. */
static bool is_dropped_element(const char *name)
{
    static const char *const dropped[] = {
        "script", "style",  "noscript", "template", "iframe", "object", "embed",  "svg",
        "math",   "canvas", "button",   "form",     "input",  "select", "option", "textarea",
        "nav",    "aside",  "footer",   "audio",    "video",  "map",    "link",   "meta",
    };
    return name_in(name, dropped, ARRAY_LEN(dropped));
}

static bool is_block_element(const char *name)
{
    static const char *const blocks[] = {
        "address", "article", "blockquote", "body",  "br",    "caption",  "center",     "dd",
        "details", "dialog",  "div",        "dl",    "dt",    "fieldset", "figcaption", "figure",
        "h1",      "h2",      "h3",         "h4",    "h5",    "h6",       "header",     "hgroup",
        "hr",      "html",    "li",         "main",  "ol",    "p",        "pre",        "section",
        "summary", "table",   "tbody",      "thead", "tfoot", "tr",       "ul",         "img",
    };
    return name_in(name, blocks, ARRAY_LEN(blocks));
}

/* Words in class and id values that mark advertising, subscription prompts, sharing widgets and
 * lists of other articles, as seen in the outlets we read (CNA moreArticle/insertGroup, Zaobao
 * dfp-ad/innity/imu, RFI selfpromo, generic ad/share/related). */
static const char *const boilerplate_words[] = {
    "ad",         "ads",         "adslot",       "advert",      "advertisement", "adsense",
    "dfp",        "gpt",         "sponsor",      "sponsored",   "promo",         "selfpromo",
    "paywall",    "subscribe",   "subscription", "newsletter",  "share",         "sharing",
    "social",     "related",     "recommend",    "recommended", "outbrain",      "taboola",
    "breadcrumb", "breadcrumbs", "innity",       "imu",         "morearticle",   "insertgroup",
    "comments",   "cookie",      "popup",        "gie",
};

/* True when one of the words of value (split at spaces, '-' and '_', compared case-blind) is a
 * boilerplate word, or value contains the CNA glossary pop-up class "dictionary-box". */
static bool is_boilerplate_name(const char *value)
{
    if (strcasestr(value, "dictionary-box"))
        return true;
    const char *p = value;
    while (*p) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        const char *w = p;
        while (*p && isalnum((unsigned char)*p))
            p++;
        size_t len = (size_t)(p - w);
        for (size_t i = 0; len && i < ARRAY_LEN(boilerplate_words); i++)
            if (strlen(boilerplate_words[i]) == len
                && strncasecmp(w, boilerplate_words[i], len) == 0)
                return true;
    }
    return false;
}

/* Links to subscription offers and paywalls (the Zaobao articles end with several, CNA's
 * newsletters ask for subscriptions), and the credit links of embedded widgets (Infogram
 * charts, Getty Images embeds) whose text is not part of the article. */
static bool is_boilerplate_href(const char *href)
{
    static const char *const parts[] = {"subscribe", "paywall", "/promotions/", "infogram.com",
                                        "gettyimages."};
    for (size_t i = 0; i < ARRAY_LEN(parts); i++)
        if (strcasestr(href, parts[i]))
            return true;
    return false;
}

static bool is_subscribe_link(xmlNode *node)
{
    if (node->type != XML_ELEMENT_NODE || strcasecmp((const char *)node->name, "a") != 0)
        return false;
    xmlChar *href = xmlGetProp(node, (const xmlChar *)"href");
    bool hit = href
               && (strcasestr((const char *)href, "subscribe")
                   || strcasestr((const char *)href, "paywall"));
    xmlFree(href);
    return hit;
}

/* A paragraph that links to a subscription offer is a promotion ("歡迎訂閱…電子報"), not
 * article text; only the paragraph's first PROMO_SCAN_NODES nodes are looked at. */
#define PROMO_SCAN_NODES 64
static bool is_promo_paragraph(xmlNode *node)
{
    if (strcasecmp((const char *)node->name, "p") != 0)
        return false;
    int seen = 0;
    for (xmlNode *c = node->children; c && seen < PROMO_SCAN_NODES; c = c->next, seen++) {
        if (is_subscribe_link(c))
            return true;
        for (xmlNode *g = c->children; g && seen < PROMO_SCAN_NODES; g = g->next, seen++)
            if (is_subscribe_link(g))
                return true;
    }
    return false;
}

static bool is_hidden_style(const char *style)
{
    for (const char *p = strcasestr(style, "display"); p; p = strcasestr(p + 1, "display")) {
        const char *q = p + 7;
        while (*q == ' ')
            q++;
        if (*q != ':')
            continue;
        q++;
        while (*q == ' ')
            q++;
        if (strncasecmp(q, "none", 4) == 0)
            return true;
    }
    return false;
}

/* Whether an element's attributes mark it as boilerplate. */
static bool has_boilerplate_attributes(xmlNode *node)
{
    for (xmlAttr *a = node->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        if (strncasecmp(name, "data-selfpromo", 14) == 0 || strcasecmp(name, "data-dfp") == 0
            || strncasecmp(name, "data-ad-", 8) == 0 || strcasecmp(name, "hidden") == 0)
            return true;
        bool is_class_or_id = strcasecmp(name, "class") == 0 || strcasecmp(name, "id") == 0;
        bool is_style = strcasecmp(name, "style") == 0;
        bool is_href =
            strcasecmp(name, "href") == 0 && strcasecmp((const char *)node->name, "a") == 0;
        if (!is_class_or_id && !is_style && !is_href)
            continue;
        xmlChar *value = xmlNodeGetContent((xmlNode *)a);
        if (!value)
            continue;
        bool hit = (is_class_or_id && is_boilerplate_name((const char *)value))
                   || (is_style && is_hidden_style((const char *)value))
                   || (is_href && is_boilerplate_href((const char *)value));
        xmlFree(value);
        if (hit)
            return true;
    }
    return false;
}

static bool is_blank_text(xmlNode *node)
{
    if (node->type == XML_COMMENT_NODE)
        return true;
    if (node->type != XML_TEXT_NODE || !node->content)
        return false;
    for (const xmlChar *t = node->content; *t; t++)
        if (!isspace(*t))
            return false;
    return true;
}

/* A list whose every item is one link and nothing else: "related articles" (BBC's lists of
 * other reports between paragraphs), not article text. Lists longer than LINK_LIST_SCAN items
 * are kept rather than scanned. */
#define LINK_LIST_SCAN 100
static bool is_link_list(xmlNode *node)
{
    const char *name = (const char *)node->name;
    if (strcasecmp(name, "ul") != 0 && strcasecmp(name, "ol") != 0)
        return false;
    int items = 0;
    for (xmlNode *li = node->children; li; li = li->next) {
        if (is_blank_text(li))
            continue;
        if (li->type != XML_ELEMENT_NODE || strcasecmp((const char *)li->name, "li") != 0
            || ++items > LINK_LIST_SCAN)
            return false;
        int links = 0;
        for (xmlNode *c = li->children; c; c = c->next) {
            if (is_blank_text(c))
                continue;
            if (c->type != XML_ELEMENT_NODE || strcasecmp((const char *)c->name, "a") != 0
                || !xmlHasProp(c, (const xmlChar *)"href") || ++links > 1)
                return false;
        }
        if (links != 1)
            return false;
    }
    return items >= 2;
}

/* True when node's parent holds nothing else but white space. */
static bool is_alone_in_parent(xmlNode *node)
{
    if (!node->parent)
        return false;
    for (xmlNode *c = node->parent->children; c; c = c->next)
        if (c != node && !is_blank_text(c))
            return false;
    return true;
}

/* ---- the walk ---- */

struct extract {
    struct sink sink;
    struct arena *arena;
    const char **title;
};

/* Returns true to descend into node's children. */
static bool node_enter(struct extract *x, xmlNode *node)
{
    switch (node->type) {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
        if (node->content)
            sink_text(&x->sink, (const char *)node->content, strlen((const char *)node->content));
        return false;
    case XML_ELEMENT_NODE:
        break;
    default:
        return false; /* comments, processing instructions, DTD */
    }
    const char *name = (const char *)node->name;
    if (strcasecmp(name, "title") == 0) {
        if (x->title) {
            xmlChar *t = xmlNodeGetContent(node);
            if (t) {
                struct buf tmp;
                buf_init(&tmp, 0);
                struct sink k;
                sink_init(&k, &tmp, false, false);
                sink_text(&k, (const char *)t, strlen((const char *)t));
                sink_finish(&k);
                if (tmp.len)
                    *x->title = arena_strndup(x->arena, tmp.data, tmp.len);
                buf_free(&tmp);
                xmlFree(t);
            }
        }
        return false;
    }
    if (strcasecmp(name, "time") == 0 && is_alone_in_parent(node))
        return false; /* a page's own timestamp ("21 分钟前"), not a date in a sentence */
    /* A dropped element leaves no line break behind: pop-ups and ads sit inside sentences. */
    if (is_dropped_element(name) || has_boilerplate_attributes(node) || is_promo_paragraph(node)
        || is_link_list(node))
        return false;
    if (is_block_element(name))
        sink_break(&x->sink);
    else if (strcasecmp(name, "td") == 0 || strcasecmp(name, "th") == 0)
        x->sink.space = x->sink.line_empty ? SPACE_NONE : SPACE_SPACE;
    if (strcasecmp(name, "pre") == 0)
        x->sink.preformatted++;
    return true;
}

static void node_leave(struct extract *x, xmlNode *node)
{
    if (node->type != XML_ELEMENT_NODE)
        return;
    const char *name = (const char *)node->name;
    if (is_block_element(name))
        sink_break(&x->sink);
    if (strcasecmp(name, "pre") == 0 && x->sink.preformatted > 0)
        x->sink.preformatted--;
}

/* Pre-order walk without recursion, so deep nesting cannot exhaust the stack. */
static void walk_tree(struct extract *x, xmlNode *root)
{
    xmlNode *n = root->children;
    if (!n)
        return;
    for (;;) {
        bool entered = node_enter(x, n);
        if (entered && n->children) {
            n = n->children;
            continue;
        }
        if (entered)
            node_leave(x, n);
        while (!n->next) {
            n = n->parent;
            if (!n || n == root)
                return;
            node_leave(x, n);
        }
        n = n->next;
    }
}

static bool starts_with_ci(const char *s, size_t n, const char *prefix)
{
    size_t len = strlen(prefix);
    return n >= len && strncasecmp(s, prefix, len) == 0;
}

enum body_format body_format_guess(const char *body, size_t n, const char *path)
{
    size_t i = 0;
    while (i < n && isspace((unsigned char)body[i]))
        i++;
    if (starts_with_ci(body + i, n - i, "<!doctype") || starts_with_ci(body + i, n - i, "<html"))
        return BODY_DOCUMENT;
    for (size_t j = i; j + 1 < n; j++) {
        if (body[j] == '<'
            && (isalpha((unsigned char)body[j + 1]) || body[j + 1] == '/' || body[j + 1] == '!'))
            return BODY_FRAGMENT;
    }
    size_t plen = path ? strlen(path) : 0;
    if (plen > 4 && strcasecmp(path + plen - 4, ".txt") == 0)
        return BODY_PLAIN;
    return BODY_FRAGMENT;
}

void html_text_extract(const char *body, size_t n, enum body_format format, struct arena *arena,
                       struct buf *out, const char **title)
{
    struct extract x = {.arena = arena, .title = format == BODY_DOCUMENT ? title : NULL};
    sink_init(&x.sink, out, format == BODY_PLAIN, format == BODY_FRAGMENT);
    if (format == BODY_PLAIN) {
        sink_text(&x.sink, body, n);
        sink_finish(&x.sink);
        return;
    }
    struct buf source;
    buf_init(&source, out->max);
    if (format == BODY_FRAGMENT)
        markdown_blocks(body, n, &source);
    else
        buf_put(&source, body, n);
    if (source.len > 0 && source.len <= (size_t)INT32_MAX) {
        /* XML_PARSE_HUGE lifts libxml2's nesting limit of 256, past which it stops parsing
         * and loses the rest of the text; our walk is iterative, so depth costs no stack. */
        int options = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR
                      | HTML_PARSE_NOWARNING | XML_PARSE_HUGE;
        htmlDocPtr doc = htmlReadMemory(source.data, (int)source.len, NULL, "UTF-8", options);
        if (doc) {
            walk_tree(&x, (xmlNode *)doc);
            xmlFreeDoc(doc);
        }
    }
    buf_free(&source);
    sink_finish(&x.sink);
}

/* frontmatter.c — front-matter splitting and YAML reading with libyaml (see frontmatter.h). */
#include "frontmatter.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "buf.h"
#include "strmap.h"
#include "utf8.h"
#include "util.h"

/* Limits on turning a YAML value into a string, so aliases that refer to each other many times
 * over (an "alias bomb") cannot make the text grow without bound. */
#define VALUE_MAX_DEPTH 16
#define VALUE_MAX_BYTES ((size_t)64 * 1024)
/* libyaml's scanner revisits every open flow collection ([ ], { }) at each token, so its time
 * grows with tokens × depth; front matter nested deeper than this is refused before loading. */
#define FLOW_MAX_DEPTH 64

/* Length of the line at p (up to end), without its LF/CRLF; *next is set past the newline. */
static size_t line_at(const char *p, const char *end, const char **next)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *stop = nl ? nl : end;
    *next = nl ? nl + 1 : end;
    size_t len = (size_t)(stop - p);
    if (len && p[len - 1] == '\r')
        len--;
    return len;
}

/* A delimiter line: the marker, then only spaces or tabs. */
static bool is_marker_line(const char *p, size_t len, const char *marker)
{
    if (len < 3 || memcmp(p, marker, 3) != 0)
        return false;
    for (size_t i = 3; i < len; i++)
        if (p[i] != ' ' && p[i] != '\t')
            return false;
    return true;
}

static bool is_blank_line(const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (p[i] != ' ' && p[i] != '\t')
            return false;
    return true;
}

const char *frontmatter_split(const char *text, size_t n, struct fm_split *out)
{
    const char *end = text + n, *p = text, *next;
    size_t line = 1;
    memset(out, 0, sizeof *out);
    out->body = text;
    out->body_len = n;

    size_t len = line_at(p, end, &next);
    while (p < end && is_blank_line(p, len)) {
        p = next;
        line++;
        len = line_at(p, end, &next);
    }
    if (p >= end || !is_marker_line(p, len, "---"))
        return NULL;

    const char *yaml = next;
    size_t yaml_line = line + 1;
    for (p = next; p < end; p = next) {
        len = line_at(p, end, &next);
        if (is_marker_line(p, len, "---") || is_marker_line(p, len, "...")) {
            out->has_front_matter = true;
            out->yaml = yaml;
            out->yaml_len = (size_t)(p - yaml);
            out->yaml_line = yaml_line;
            out->body = next;
            out->body_len = (size_t)(end - next);
            return NULL;
        }
    }
    return "front matter not terminated (no closing '---' line)";
}

/* YAML allows tab, LF, CR, U+0085 and printable characters only; anything else (C0/C1 controls,
 * DEL, invalid UTF-8, U+FFFE/U+FFFF) is replaced by U+FFFD so that one bad byte in a title does
 * not lose the whole front matter. With tabs_to_spaces, tabs in a line's indentation become two
 * spaces each. */
static void yaml_clean(struct buf *b, const char *s, size_t n, bool tabs_to_spaces)
{
    bool line_start = true;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c == '\n')
                line_start = true;
            else if (c == '\t' && line_start && tabs_to_spaces) {
                buf_puts(b, "  ");
                i++;
                continue;
            } else if (c != ' ' && c != '\t')
                line_start = false;
            if (c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0x7F))
                buf_putc(b, (char)c);
            else
                utf8_put(b, UTF8_REPLACEMENT);
            i++;
            continue;
        }
        line_start = false;
        int32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        bool ok = cp == 0x85 || (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                  || (cp >= 0x10000 && cp <= 0x10FFFF);
        if (ok)
            buf_put(b, s + i, len);
        else
            utf8_put(b, UTF8_REPLACEMENT);
        i += len;
    }
}

static bool scalar_is_null(const yaml_node_t *node)
{
    if (node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *v = (const char *)node->data.scalar.value;
    return node->data.scalar.length == 0 || strcmp(v, "~") == 0 || strcmp(v, "null") == 0
           || strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

/* What the values of one document are read with. Aliases let a few bytes of YAML stand for
 * gigabytes of values ("billion laughs"), so besides each value's own cap the values of a
 * document share a budget proportional to its length: what aliases add beyond it is cut. */
struct values {
    struct arena *arena;
    yaml_document_t *doc;
    size_t budget; /* bytes all further values may still take */
};

/* One value's text being built: at most cap bytes (then cut, ending in "…"). */
struct value_out {
    struct buf b;
    size_t cap;
    bool cut;
};

/* Appends n bytes of s, NUL bytes (from "\0" escapes) as U+FFFD so that the value is not cut
 * short as a C string; past the cap, the longest whole-character prefix and "…". */
static void value_put(struct value_out *v, const char *s, size_t n)
{
    if (v->cut)
        return;
    size_t room = v->cap > v->b.len ? v->cap - v->b.len : 0;
    if (n > room) {
        n = room;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80) /* back to a character's start */
            n--;
        v->cut = true;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\0')
            utf8_put(&v->b, UTF8_REPLACEMENT);
        else
            buf_putc(&v->b, s[i]);
    }
    if (v->cut)
        buf_puts(&v->b, "…");
}

/* Appends a YAML value as flow-style text: scalars as they are, sequences as "[a, b]", mappings
 * as "{k: v}"; deeper than VALUE_MAX_DEPTH as "…". */
static void value_text(struct value_out *v, const struct values *vs, yaml_node_t *node, int depth)
{
    if (!node || v->cut)
        return;
    if (depth > VALUE_MAX_DEPTH) {
        value_put(v, "…", strlen("…"));
        return;
    }
    switch (node->type) {
    case YAML_SCALAR_NODE:
        if (!scalar_is_null(node))
            value_put(v, (const char *)node->data.scalar.value, node->data.scalar.length);
        break;
    case YAML_SEQUENCE_NODE: {
        value_put(v, "[", 1);
        for (yaml_node_item_t *it = node->data.sequence.items.start;
             it < node->data.sequence.items.top && !v->cut; it++) {
            if (it != node->data.sequence.items.start)
                value_put(v, ", ", 2);
            value_text(v, vs, yaml_document_get_node(vs->doc, *it), depth + 1);
        }
        value_put(v, "]", 1);
        break;
    }
    case YAML_MAPPING_NODE: {
        value_put(v, "{", 1);
        for (yaml_node_pair_t *pr = node->data.mapping.pairs.start;
             pr < node->data.mapping.pairs.top && !v->cut; pr++) {
            if (pr != node->data.mapping.pairs.start)
                value_put(v, ", ", 2);
            value_text(v, vs, yaml_document_get_node(vs->doc, pr->key), depth + 1);
            value_put(v, ": ", 2);
            value_text(v, vs, yaml_document_get_node(vs->doc, pr->value), depth + 1);
        }
        value_put(v, "}", 1);
        break;
    }
    default:
        break;
    }
}

/* The value as an arena string (cut at VALUE_MAX_BYTES or what is left of the document's
 * budget), NULL when it is null or empty. */
static const char *value_string(struct values *vs, yaml_node_t *node)
{
    struct value_out v = {.cap = vs->budget < VALUE_MAX_BYTES ? vs->budget : VALUE_MAX_BYTES};
    buf_init(&v.b, 0);
    value_text(&v, vs, node, 0);
    vs->budget -= v.b.len < vs->budget ? v.b.len : vs->budget;
    const char *s = v.b.len ? arena_strndup(vs->arena, v.b.data, v.b.len) : NULL;
    buf_free(&v.b);
    return s;
}

/* A list from a sequence of values, or from one scalar; empty items are left out. */
static void value_list(struct values *vs, yaml_node_t *node, struct string_list *out)
{
    out->items = NULL;
    out->count = 0;
    if (!node)
        return;
    if (node->type != YAML_SEQUENCE_NODE) {
        const char *s = value_string(vs, node);
        if (s) {
            out->items = arena_alloc(vs->arena, sizeof *out->items);
            out->items[out->count++] = s;
        }
        return;
    }
    size_t n = (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
    out->items = arena_alloc(vs->arena, (n ? n : 1) * sizeof *out->items);
    for (yaml_node_item_t *it = node->data.sequence.items.start; it < node->data.sequence.items.top;
         it++) {
        const char *s = value_string(vs, yaml_document_get_node(vs->doc, *it));
        if (s)
            out->items[out->count++] = s;
    }
}

const char *url_host(struct arena *arena, const char *url)
{
    const char *p = url;
    if (strncasecmp(p, "https://", 8) == 0)
        p += 8;
    else if (strncasecmp(p, "http://", 7) == 0)
        p += 7;
    else
        return NULL;
    size_t n = strcspn(p, "/?#:");
    if (n > 4 && strncasecmp(p, "www.", 4) == 0) {
        p += 4;
        n -= 4;
    }
    return n ? arena_strndup(arena, p, n) : NULL;
}

/* Keys with a meaning of their own; every other key goes to extra. */
enum fm_key {
    KEY_OTHER,
    KEY_TITLE,
    KEY_DATE,
    KEY_AUTHOR,
    KEY_SOURCE,
    KEY_TAGS,
    KEY_CATEGORIES,
    KEY_FROM,
    KEY_LINK,
    KEY_URL
};

static enum fm_key key_kind(const char *k)
{
    static const struct {
        const char *name;
        enum fm_key kind;
    } keys[] = {
        {"title", KEY_TITLE},   {"date", KEY_DATE}, {"author", KEY_AUTHOR},
        {"source", KEY_SOURCE}, {"tags", KEY_TAGS}, {"categories", KEY_CATEGORIES},
        {"from", KEY_FROM},     {"link", KEY_LINK}, {"url", KEY_URL},
    };
    for (size_t i = 0; i < ARRAY_LEN(keys); i++)
        if (strcmp(k, keys[i].name) == 0)
            return keys[i].kind;
    return KEY_OTHER;
}

/* Fills *out from a loaded document (yaml_len bytes of YAML) whose root is a mapping. A key
 * that comes again is ignored, as named keys are: the first value counts, and a record never
 * has two members of one name (JSON readers disagree on which one they keep). */
static void read_mapping(yaml_document_t *doc, yaml_node_t *root, size_t yaml_len,
                         int default_offset, struct arena *arena, struct meta *out)
{
    struct values vs = {arena, doc, 2 * yaml_len + VALUE_MAX_BYTES};
    yaml_node_t *by_kind[KEY_URL + 1] = {0};
    yaml_node_pair_t *const first = root->data.mapping.pairs.start;
    size_t pairs = (size_t)(root->data.mapping.pairs.top - first);
    bool *is_extra = xcalloc(pairs ? pairs : 1, sizeof *is_extra);
    struct strmap seen;
    strmap_init(&seen, arena);
    for (size_t i = 0; i < pairs; i++) {
        yaml_node_t *key = yaml_document_get_node(doc, first[i].key);
        if (!key || key->type != YAML_SCALAR_NODE)
            continue;
        const char *k = (const char *)key->data.scalar.value;
        bool created;
        strmap_put(&seen, k, key->data.scalar.length, 1, &created);
        if (!created)
            continue;
        enum fm_key kind = key_kind(k);
        if (kind != KEY_OTHER)
            by_kind[kind] = yaml_document_get_node(doc, first[i].value);
        else
            is_extra[i] = true;
    }
    strmap_free(&seen);

    /* the named fields first: what a bomb among the other keys uses up cannot cut them */
    out->title = value_string(&vs, by_kind[KEY_TITLE]);
    out->author = value_string(&vs, by_kind[KEY_AUTHOR]);
    out->date_raw = value_string(&vs, by_kind[KEY_DATE]);
    if (out->date_raw)
        out->has_date = datetime_parse(out->date_raw, default_offset, &out->date);
    const char *from = value_string(&vs, by_kind[KEY_FROM]);
    const char *link = value_string(&vs, by_kind[KEY_LINK]);
    const char *url = value_string(&vs, by_kind[KEY_URL]);
    out->url = from ? from : link ? link : url;
    const char *source = value_string(&vs, by_kind[KEY_SOURCE]);
    value_list(&vs, by_kind[KEY_TAGS], &out->tags);
    value_list(&vs, by_kind[KEY_CATEGORIES], &out->categories);

    out->extra = arena_alloc(arena, (pairs ? pairs : 1) * sizeof *out->extra);
    for (size_t i = 0; i < pairs; i++) {
        if (!is_extra[i])
            continue;
        const yaml_node_t *key = yaml_document_get_node(doc, first[i].key);
        struct meta_extra *e = &out->extra[out->extra_count++];
        e->key =
            arena_strndup(arena, (const char *)key->data.scalar.value, key->data.scalar.length);
        e->value = value_string(&vs, yaml_document_get_node(doc, first[i].value));
        if (!e->value)
            e->value = "";
    }
    free(is_extra);

    if (!source)
        source = out->author;
    if (!source && out->categories.count)
        source = out->categories.items[0];
    if (!source && out->tags.count)
        source = out->tags.items[0];
    const char *urls[] = {from, link, url};
    for (size_t i = 0; i < ARRAY_LEN(urls) && !source; i++)
        if (urls[i])
            source = url_host(arena, urls[i]);
    out->source = source;
}

/* True when text's flow collections nest deeper than FLOW_MAX_DEPTH. Scans tokens with libyaml
 * itself (so quotes, comments and block scalars count as libyaml sees them) and stops at the
 * first level too deep, which bounds the work by tokens × FLOW_MAX_DEPTH. A scanner error is not
 * reported here: the load that follows reports it. */
static bool flow_too_deep(const char *text, size_t n)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return false;
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, n);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    int depth = 0;
    bool too_deep = false;
    for (;;) {
        yaml_token_t token;
        if (!yaml_parser_scan(&parser, &token))
            break;
        yaml_token_type_t type = token.type;
        yaml_token_delete(&token);
        if (type == YAML_FLOW_SEQUENCE_START_TOKEN || type == YAML_FLOW_MAPPING_START_TOKEN)
            too_deep = ++depth > FLOW_MAX_DEPTH;
        else if (type == YAML_FLOW_SEQUENCE_END_TOKEN || type == YAML_FLOW_MAPPING_END_TOKEN)
            depth--;
        if (too_deep || type == YAML_STREAM_END_TOKEN || type == YAML_NO_TOKEN)
            break;
    }
    yaml_parser_delete(&parser);
    return too_deep;
}

/* One libyaml load of text; on failure writes the message (file line numbers) into err. */
static bool load_yaml(const char *text, size_t n, size_t first_line, yaml_document_t *doc,
                      char *err, size_t err_len)
{
    if (flow_too_deep(text, n)) {
        snprintf(err, err_len, "YAML nested more than %d levels deep in [ ] or { }",
                 FLOW_MAX_DEPTH);
        return false;
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        snprintf(err, err_len, "YAML parser could not start");
        return false;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, n);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    bool ok = yaml_parser_load(&parser, doc);
    if (!ok) {
        const yaml_mark_t *mark = parser.context ? &parser.context_mark : &parser.problem_mark;
        if (parser.problem_mark.line || parser.problem_mark.column)
            mark = &parser.problem_mark;
        snprintf(err, err_len, "YAML error at line %zu, column %zu: %s%s%s",
                 mark->line + first_line, mark->column + 1,
                 parser.problem ? parser.problem : "malformed YAML", parser.context ? " " : "",
                 parser.context ? parser.context : "");
    }
    yaml_parser_delete(&parser);
    return ok;
}

bool frontmatter_parse(const struct fm_split *split, int default_offset, struct arena *arena,
                       struct meta *out, char *err, size_t err_len)
{
    memset(out, 0, sizeof *out);
    if (!split->has_front_matter)
        return true;

    struct buf clean;
    buf_init(&clean, 0);
    yaml_clean(&clean, split->yaml, split->yaml_len, false);
    yaml_document_t doc;
    bool ok = load_yaml(clean.data, clean.len, split->yaml_line, &doc, err, err_len);
    if (!ok && memchr(split->yaml, '\t', split->yaml_len)) {
        char first_err[256];
        snprintf(first_err, sizeof first_err, "%s", err);
        buf_reset(&clean);
        yaml_clean(&clean, split->yaml, split->yaml_len, true);
        ok = load_yaml(clean.data, clean.len, split->yaml_line, &doc, err, err_len);
        snprintf(err, err_len, "%s", ok ? "" : first_err);
    }
    buf_free(&clean);
    if (!ok)
        return false;

    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type == YAML_MAPPING_NODE) {
        read_mapping(&doc, root, split->yaml_len, default_offset, arena, out);
    } else if (root && !(root->type == YAML_SCALAR_NODE && scalar_is_null(root))) {
        snprintf(err, err_len, "not a YAML mapping of keys to values");
        ok = false;
    }
    yaml_document_delete(&doc);
    return ok;
}

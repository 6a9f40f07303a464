/* emit_summary.c — the `summary` report as one JSON document, TSV rows (one per table and
 * key), or aligned tables for reading, sized to the terminal, in colour only on a terminal. */
#include "emit.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <utf8proc.h>

#include "json.h"
#include "summary.h"
#include "utf8.h"
#include "util.h"

#define FLUSH_AT ((size_t)1 << 16)
#define DEFAULT_WIDTH 80
#define MIN_NAME_WIDTH 8
#define COMFORT_NAME_WIDTH 12 /* six Chinese characters */
#define BAR_WIDTH_MAX 40
#define ELLIPSIS "\xE2\x80\xA6" /* … */

/* ---- JSON ---- */

static void json_row(struct buf *b, const struct summary_table *t, const struct summary_row *r)
{
    bool first;
    json_object_begin(b, &first);
    switch (t->kind) {
    case TABLE_SOURCES:
        json_member_str(b, &first, "name", r->key);
        break;
    case TABLE_MONTHS:
        json_member_str(b, &first, "month", r->key);
        break;
    case TABLE_ENTITIES:
        json_member_str(b, &first, "name", r->key);
        json_member_long(b, &first, "mentions", (long)r->count);
        break;
    case TABLE_PAIRS:
        json_member_str(b, &first, "a", r->key);
        json_member_str(b, &first, "b", r->with);
        break;
    }
    json_member_long(b, &first, "articles", (long)r->articles);
    if (t->kind == TABLE_ENTITIES) {
        if (r->code)
            json_member_str(b, &first, t->type == ENTITY_COUNTRY ? "code" : "country", r->code);
        if (r->role)
            json_member_str(b, &first, "role", r->role);
        json_member_str(b, &first, "first", r->first);
        json_member_str(b, &first, "last", r->last);
    }
    json_object_end(b);
}

/* "name": {"total": N, "top": [rows]}, or for months "month": [rows]. */
static bool json_table(struct buf *b, bool *first, const struct summary_table *t, FILE *out)
{
    json_key(b, first,
             t->kind == TABLE_SOURCES  ? "sources"
             : t->kind == TABLE_MONTHS ? "months"
                                       : t->name);
    bool inner = true;
    if (t->kind != TABLE_MONTHS) {
        json_object_begin(b, &inner);
        json_member_long(b, &inner, "total", (long)(long long)t->total);
        json_key(b, &inner, "top");
    }
    buf_putc(b, '[');
    for (size_t i = 0; i < t->count; i++) {
        if (i)
            buf_putc(b, ',');
        json_row(b, t, &t->rows[i]);
        if (!buf_flush_at(b, out, FLUSH_AT))
            return false;
    }
    buf_putc(b, ']');
    if (t->kind != TABLE_MONTHS)
        json_object_end(b);
    return true;
}

/* The members of a group (or of the whole corpus without --by). */
static bool json_group_members(struct buf *b, bool *first, const struct summary_group *g, FILE *out)
{
    json_member_long(b, first, "articles", (long)g->articles);
    json_member_long(b, first, "undated", (long)g->undated);
    json_member_str(b, first, "first", g->first);
    json_member_str(b, first, "last", g->last);
    const char *sections[] = {NULL, NULL, "entities", "pairs"};
    for (size_t i = 0; i < g->table_count;) {
        const struct summary_table *t = &g->tables[i];
        const char *section = sections[t->kind];
        if (!section) {
            if (!json_table(b, first, t, out))
                return false;
            i++;
            continue;
        }
        json_key(b, first, section);
        bool inner;
        json_object_begin(b, &inner);
        for (; i < g->table_count && g->tables[i].kind == t->kind; i++)
            if (!json_table(b, &inner, &g->tables[i], out))
                return false;
        json_object_end(b);
    }
    return true;
}

static bool summary_json(const struct summary_report *r, struct buf *b, FILE *out)
{
    bool first;
    json_object_begin(b, &first);
    if (r->by == BY_NONE) {
        if (!json_group_members(b, &first, &r->groups[0], out))
            return false;
        json_member_long(b, &first, "errors", (long)r->errors);
    } else {
        json_member_str(b, &first, "by", summary_by_name(r->by));
        json_member_long(b, &first, "articles", (long)r->articles);
        json_member_long(b, &first, "undated", (long)r->undated);
        json_member_long(b, &first, "errors", (long)r->errors);
        json_member_str(b, &first, "first", r->first);
        json_member_str(b, &first, "last", r->last);
        json_key(b, &first, "groups");
        buf_putc(b, '[');
        for (size_t g = 0; g < r->group_count; g++) {
            if (g)
                buf_putc(b, ',');
            bool inner;
            json_object_begin(b, &inner);
            json_member_str(b, &inner, "key", r->groups[g].key);
            if (!json_group_members(b, &inner, &r->groups[g], out))
                return false;
            json_object_end(b);
        }
        buf_putc(b, ']');
    }
    json_object_end(b);
    buf_putc(b, '\n');
    return true;
}

/* ---- TSV ---- */

#define TSV_HEADER "group\ttable\tkey\twith\tcount\tarticles\tcode\trole\tfirst\tlast\n"

static void tsv_row(struct buf *b, const char *group, const char *table, const char *key,
                    const struct summary_row *r)
{
    tsv_put_cstr(b, group);
    buf_printf(b, "\t%s\t", table);
    tsv_put_cstr(b, key);
    buf_putc(b, '\t');
    tsv_put_cstr(b, r->with);
    buf_printf(b, "\t%lld\t", r->count);
    if (r->articles >= 0)
        buf_printf(b, "%lld", r->articles);
    buf_putc(b, '\t');
    tsv_put_cstr(b, r->code);
    buf_putc(b, '\t');
    tsv_put_cstr(b, r->role);
    buf_putc(b, '\t');
    tsv_put_cstr(b, r->first);
    buf_putc(b, '\t');
    tsv_put_cstr(b, r->last);
    buf_putc(b, '\n');
}

/* The corpus rows of a group: articles (with the date range), undated. */
static void tsv_corpus_rows(struct buf *b, const char *group, long long articles, long long undated,
                            const char *first, const char *last)
{
    tsv_row(b, group, "corpus", "articles",
            &(struct summary_row){
                .count = articles, .articles = articles, .first = first, .last = last});
    tsv_row(b, group, "corpus", "undated",
            &(struct summary_row){.count = undated, .articles = undated});
}

static bool summary_tsv(const struct summary_report *r, struct buf *b, FILE *out)
{
    buf_puts(b, TSV_HEADER);
    tsv_corpus_rows(b, NULL, r->articles, r->undated, r->first, r->last);
    tsv_row(b, NULL, "corpus", "errors", &(struct summary_row){.count = r->errors, .articles = -1});
    for (size_t g = 0; g < r->group_count; g++) {
        const struct summary_group *grp = &r->groups[g];
        if (r->by != BY_NONE)
            tsv_corpus_rows(b, grp->key, grp->articles, grp->undated, grp->first, grp->last);
        for (size_t t = 0; t < grp->table_count; t++) {
            const struct summary_table *table = &grp->tables[t];
            for (size_t i = 0; i < table->count; i++) {
                tsv_row(b, grp->key, table->name, table->rows[i].key, &table->rows[i]);
                if (!buf_flush_at(b, out, FLUSH_AT))
                    return false;
            }
        }
    }
    return true;
}

/* ---- text ---- */

struct style {
    int width; /* columns of the terminal */
    bool color;
};

static const char *const table_titles[] = {
    [TABLE_SOURCES] = "Sources",
    [TABLE_MONTHS] = "Articles per month",
};

static const char *const pair_titles[] = {"Person–country pairs", "Person–person pairs",
                                          "Country–country pairs"};

static const char *const entity_titles[ENTITY_TYPES] = {
    [ENTITY_PERSON] = "Persons",    [ENTITY_COUNTRY] = "Countries", [ENTITY_PLACE] = "Places",
    [ENTITY_ORG] = "Organisations", [ENTITY_DATE] = "Dates",
};

/* Columns s takes on a terminal (wide CJK characters count two). */
static int display_width(const char *s)
{
    int w = 0;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        int cw = utf8proc_charwidth(cp < 0 ? UTF8_REPLACEMENT : cp);
        w += cw > 0 ? cw : 0;
    }
    return w;
}

/* s made safe for a terminal, in scratch (reset first); returns scratch's text. */
static const char *safe_text(struct buf *scratch, const char *s)
{
    buf_reset(scratch);
    if (s)
        text_put_line(scratch, s, strlen(s));
    buf_putc(scratch, '\0');
    return scratch->data;
}

/* Appends s (terminal-safe) in exactly width columns: cut with … when longer, padded with
 * spaces on the right (left when right_align) when shorter. */
static void put_cell(struct buf *b, const char *s, int width, bool right_align)
{
    int w = display_width(s);
    size_t n = strlen(s);
    if (w > width) {
        int used = 0;
        for (size_t i = 0; i < n;) {
            int32_t cp;
            size_t len = utf8_decode(s + i, n - i, &cp);
            int cw = utf8proc_charwidth(cp < 0 ? UTF8_REPLACEMENT : cp);
            if (used + cw > width - 1)
                break;
            buf_put(b, s + i, len);
            used += cw > 0 ? cw : 0;
            i += len;
        }
        buf_puts(b, ELLIPSIS);
        for (used++; used < width; used++)
            buf_putc(b, ' ');
        return;
    }
    if (right_align)
        for (int i = w; i < width; i++)
            buf_putc(b, ' ');
    buf_puts(b, s);
    if (!right_align)
        for (int i = w; i < width; i++)
            buf_putc(b, ' ');
}

static void put_heading(struct buf *b, const struct style *st, const char *text)
{
    if (st->color)
        buf_puts(b, "\033[1m");
    buf_puts(b, text);
    if (st->color)
        buf_puts(b, "\033[0m");
}

/* One column of a text table. */
struct column {
    const char *title;
    int width;
    bool right;    /* numbers */
    bool flexible; /* names and titles: cut to fit the terminal */
};

enum { COL_KEY, COL_WITH, COL_COUNT, COL_ARTICLES, COL_CODE, COL_ROLE, COL_FIRST, COL_LAST, COLS };

/* The cells of row r, as text (numbers formatted into numbers[]). */
static void row_cells(const struct summary_row *r, struct buf *scratch, char *cells[COLS],
                      char numbers[2][24])
{
    snprintf(numbers[0], sizeof numbers[0], "%lld", r->count);
    snprintf(numbers[1], sizeof numbers[1], "%lld", r->articles);
    const char *raw[COLS] = {r->key ? r->key : "(none)",
                             r->with,
                             numbers[0],
                             numbers[1],
                             r->code,
                             r->role,
                             r->first,
                             r->last};
    for (int c = 0; c < COLS; c++)
        cells[c] = xstrdup(safe_text(scratch, raw[c] ? raw[c] : ""));
}

static void free_cells(char *cells[COLS])
{
    for (int c = 0; c < COLS; c++)
        free(cells[c]);
}

/* Narrows the widest flexible column one column at a time until the table fits width or
 * every flexible column is down to floor; returns the table's width. */
static int fit_columns(struct column cols[COLS], const bool used[COLS], int width, int floor)
{
    int total = 2;
    for (int c = 0; c < COLS; c++)
        if (used[c])
            total += cols[c].width + 2;
    while (total > width) {
        int widest = -1;
        for (int c = 0; c < COLS; c++)
            if (used[c] && cols[c].flexible && cols[c].width > floor
                && (widest < 0 || cols[c].width > cols[widest].width))
                widest = c;
        if (widest < 0)
            break;
        cols[widest].width--;
        total--;
    }
    return total;
}

static void text_table(struct buf *b, const struct style *st, const struct summary_table *t,
                       struct buf *scratch)
{
    /* a pair's columns are named after its kind: "person-country" */
    char first_kind[16] = "", second_kind[16] = "";
    if (t->kind == TABLE_PAIRS)
        sscanf(t->name, "%15[a-z]-%15[a-z]", first_kind, second_kind);
    struct column cols[COLS] = {
        [COL_KEY] = {t->kind == TABLE_MONTHS  ? "month"
                     : t->kind == TABLE_PAIRS ? first_kind
                                              : "name",
                     0, false, true},
        [COL_WITH] = {second_kind, 0, false, true},
        [COL_COUNT] = {t->kind == TABLE_ENTITIES ? "mentions" : "articles", 0, true, false},
        [COL_ARTICLES] = {"articles", 0, true, false},
        [COL_CODE] = {t->kind == TABLE_ENTITIES && t->type == ENTITY_COUNTRY ? "code" : "country",
                      0, false, false},
        [COL_ROLE] = {"title", 0, false, true},
        [COL_FIRST] = {"first", 0, false, false},
        [COL_LAST] = {"last", 0, false, false},
    };
    bool used[COLS] = {[COL_KEY] = true, [COL_COUNT] = true};
    used[COL_WITH] = t->kind == TABLE_PAIRS;
    used[COL_ARTICLES] = t->kind == TABLE_ENTITIES;
    used[COL_FIRST] = used[COL_LAST] = t->kind == TABLE_ENTITIES;
    for (size_t i = 0; i < t->count; i++) {
        used[COL_CODE] |= t->kind == TABLE_ENTITIES && t->rows[i].code;
        used[COL_ROLE] |= t->kind == TABLE_ENTITIES && t->rows[i].role;
    }
    for (int c = 0; c < COLS; c++)
        cols[c].width = display_width(cols[c].title);
    for (size_t i = 0; i < t->count; i++) {
        char *cells[COLS], numbers[2][24];
        row_cells(&t->rows[i], scratch, cells, numbers);
        for (int c = 0; c < COLS; c++) {
            int w = display_width(cells[c]);
            if (w > cols[c].width)
                cols[c].width = w;
        }
        free_cells(cells);
    }

    /* fit the terminal: cut names and titles down to a comfortable width; when that is not
     * enough, drop the least needed columns one by one; with all of them gone, cut further */
    static const int droppable[] = {COL_LAST, COL_FIRST, COL_ROLE, COL_CODE, COL_ARTICLES};
    int natural[COLS];
    bool wanted[COLS];
    memcpy(wanted, used, sizeof wanted);
    for (int c = 0; c < COLS; c++)
        natural[c] = cols[c].width;
    int total = 0, bar = 0;
    for (size_t drop = 0; drop <= ARRAY_LEN(droppable); drop++) {
        memcpy(used, wanted, sizeof used);
        for (size_t d = 0; d < drop; d++)
            used[droppable[d]] = false;
        for (int c = 0; c < COLS; c++)
            cols[c].width = natural[c];
        int floor = drop == ARRAY_LEN(droppable) ? MIN_NAME_WIDTH : COMFORT_NAME_WIDTH;
        total = fit_columns(cols, used, st->width, floor);
        if (total <= st->width)
            break;
    }
    if (t->kind == TABLE_MONTHS) {
        bar = st->width - total - 1;
        if (bar > BAR_WIDTH_MAX)
            bar = BAR_WIDTH_MAX;
    }

    /* title line, column names, rows */
    char title[160];
    if (t->kind == TABLE_MONTHS) {
        snprintf(title, sizeof title, "%s", table_titles[t->kind]);
    } else {
        const char *name = t->kind == TABLE_ENTITIES ? entity_titles[t->type]
                           : t->kind == TABLE_SOURCES
                               ? table_titles[TABLE_SOURCES]
                               : pair_titles[strcmp(t->name, "person-country") == 0  ? 0
                                             : strcmp(t->name, "person-person") == 0 ? 1
                                                                                     : 2];
        if (t->count < t->total)
            snprintf(title, sizeof title, "%s (top %zu of %zu)", name, t->count, t->total);
        else
            snprintf(title, sizeof title, "%s (%zu)", name, t->total);
    }
    put_heading(b, st, title);
    buf_putc(b, '\n');
    if (t->count == 0) {
        buf_puts(b, "  (none)\n");
        return;
    }
    size_t header_start = b->len;
    buf_puts(b, " ");
    for (int c = 0; c < COLS; c++) {
        if (!used[c])
            continue;
        buf_putc(b, ' ');
        put_cell(b, cols[c].title, cols[c].width, cols[c].right);
        buf_putc(b, ' ');
    }
    while (b->len > header_start && b->data[b->len - 1] == ' ')
        buf_truncate(b, b->len - 1);
    buf_putc(b, '\n');
    long long max = 1;
    for (size_t i = 0; i < t->count; i++)
        if (t->rows[i].count > max)
            max = t->rows[i].count;
    for (size_t i = 0; i < t->count; i++) {
        char *cells[COLS], numbers[2][24];
        row_cells(&t->rows[i], scratch, cells, numbers);
        size_t line_start = b->len;
        buf_puts(b, " ");
        for (int c = 0; c < COLS; c++) {
            if (!used[c])
                continue;
            buf_putc(b, ' ');
            put_cell(b, cells[c], cols[c].width, cols[c].right);
            buf_putc(b, ' ');
        }
        if (bar > 0) {
            long long n = t->rows[i].count * bar / max;
            for (long long k = 0; k < (n ? n : 1); k++)
                buf_puts(b, "\xE2\x96\x87"); /* ▇ */
        }
        while (b->len > line_start && b->data[b->len - 1] == ' ')
            buf_truncate(b, b->len - 1);
        buf_putc(b, '\n');
        free_cells(cells);
    }
}

/* "5 articles, 2021-06-04 to 2022-01-15 (1 undated)". */
static void text_overview(struct buf *b, long long articles, long long undated, const char *first,
                          const char *last)
{
    buf_printf(b, "%lld article%s", articles, articles == 1 ? "" : "s");
    if (first)
        buf_printf(b, ", %s to %s", first, last);
    if (undated)
        buf_printf(b, " (%lld undated)", undated);
}

static bool summary_text(const struct summary_report *r, const struct style *st, struct buf *b,
                         FILE *out)
{
    struct buf scratch;
    buf_init(&scratch, 0);
    struct buf line;
    buf_init(&line, 0);
    text_overview(&line, r->articles, r->undated, r->first, r->last);
    if (r->errors)
        buf_printf(&line, "; %lld input%s failed", r->errors, r->errors == 1 ? "" : "s");
    if (r->by != BY_NONE)
        buf_printf(&line, "; by %s", summary_by_name(r->by));
    put_heading(b, st, line.data);
    buf_putc(b, '\n');
    bool ok = true;
    for (size_t g = 0; g < r->group_count && ok; g++) {
        const struct summary_group *grp = &r->groups[g];
        if (r->by != BY_NONE) {
            buf_reset(&line);
            buf_printf(&line, "\n== %s ", summary_by_name(r->by));
            buf_puts(&line, safe_text(&scratch, grp->key ? grp->key : "(none)"));
            buf_puts(&line, ": ");
            text_overview(&line, grp->articles, grp->undated, grp->first, grp->last);
            buf_puts(&line, " ==");
            put_heading(b, st, line.data);
            buf_putc(b, '\n');
        }
        for (size_t t = 0; t < grp->table_count && ok; t++) {
            buf_putc(b, '\n');
            text_table(b, st, &grp->tables[t], &scratch);
            ok = buf_flush_at(b, out, FLUSH_AT);
        }
    }
    buf_free(&scratch);
    buf_free(&line);
    return ok;
}

/* The terminal's width when out is one, else $COLUMNS, else 80. */
static int terminal_width(FILE *out)
{
    struct winsize ws;
    if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *columns = getenv("COLUMNS");
    long n;
    if (columns && parse_long(columns, 20, 10000, &n))
        return (int)n;
    return DEFAULT_WIDTH;
}

bool emit_summary(const struct config *config, const struct summary_report *r, FILE *out)
{
    struct buf b;
    buf_init(&b, 0);
    bool ok;
    switch (config->format) {
    case FORMAT_JSON:
    case FORMAT_JSONL:
        ok = summary_json(r, &b, out);
        break;
    case FORMAT_TSV:
        ok = summary_tsv(r, &b, out);
        break;
    case FORMAT_TEXT:
    default: {
        const char *no_color = getenv("NO_COLOR");
        struct style st = {
            .width = terminal_width(out),
            .color =
                config->color == COLOR_ALWAYS
                || (config->color == COLOR_AUTO && isatty(fileno(out)) && !(no_color && *no_color)),
        };
        ok = summary_text(r, &st, &b, out);
        break;
    }
    }
    ok = buf_flush_at(&b, out, 0) && ok;
    buf_free(&b);
    return ok;
}

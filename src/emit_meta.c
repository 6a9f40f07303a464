/* emit_meta.c — the `meta` record: normalised front matter in JSON, TSV or readable text. */
#include "emit.h"

#include <string.h>

#include "datetime.h"
#include "json.h"

static void json_list(struct buf *b, bool *first, const char *key, const struct string_list *l)
{
    json_key(b, first, key);
    buf_putc(b, '[');
    for (size_t i = 0; i < l->count; i++) {
        if (i)
            buf_putc(b, ',');
        json_put_cstr(b, l->items[i]);
    }
    buf_putc(b, ']');
}

/* The date and date_utc strings, empty when the article has no usable date. */
static void format_dates(const struct meta *m, struct buf *date, struct buf *utc)
{
    if (!m->has_date)
        return;
    datetime_format(date, &m->date);
    datetime_format_utc(utc, &m->date);
}

static void meta_members(const struct article *a, struct buf *out, bool *first_member,
                         struct buf *date, struct buf *utc)
{
    const struct meta *m = &a->meta;
    bool first = *first_member;
    json_member_str(out, &first, "path", a->path);
    json_member_str(out, &first, "title", m->title);
    json_member_str(out, &first, "date", m->has_date ? date->data : NULL);
    json_member_str(out, &first, "date_utc", m->has_date ? utc->data : NULL);
    if (m->date_raw && !m->has_date)
        json_member_str(out, &first, "date_raw", m->date_raw);
    json_member_str(out, &first, "author", m->author);
    json_member_str(out, &first, "source", m->source);
    json_member_str(out, &first, "url", m->url);
    json_list(out, &first, "tags", &m->tags);
    json_list(out, &first, "categories", &m->categories);
    json_key(out, &first, "extra");
    bool first_extra;
    json_object_begin(out, &first_extra);
    for (size_t i = 0; i < m->extra_count; i++)
        json_member_str(out, &first_extra, m->extra[i].key, m->extra[i].value);
    json_object_end(out);
    json_member_str(out, &first, "encoding", a->decoded.encoding);
    json_member_long(out, &first, "replaced_bytes", (long)a->decoded.replaced);
    json_member_long(out, &first, "chars", (long)a->chars);
    *first_member = first;
}

void emit_meta_members(const struct article *a, struct buf *out, bool *first)
{
    struct buf date, utc;
    buf_init(&date, 128);
    buf_init(&utc, 128);
    format_dates(&a->meta, &date, &utc);
    meta_members(a, out, first, &date, &utc);
    buf_free(&date);
    buf_free(&utc);
}

static void meta_json(const struct article *a, struct buf *out, struct buf *date, struct buf *utc)
{
    bool first;
    json_object_begin(out, &first);
    meta_members(a, out, &first, date, utc);
    json_object_end(out);
}

static void tsv_list(struct buf *out, const struct string_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        if (i)
            buf_putc(out, ',');
        tsv_put_cstr(out, l->items[i]);
    }
}

static void meta_tsv(const struct article *a, struct buf *out, struct buf *date, struct buf *utc)
{
    const struct meta *m = &a->meta;
    const char *fields[] = {a->path, date->data, utc->data, m->source, m->title, m->url, m->author};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        tsv_put_cstr(out, fields[i]);
        buf_putc(out, '\t');
    }
    tsv_list(out, &m->tags);
    buf_putc(out, '\t');
    tsv_list(out, &m->categories);
    buf_printf(out, "\t%s\t%zu\n", a->decoded.encoding, a->chars);
}

static void text_field(struct buf *out, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    buf_printf(out, "%-11s ", name);
    text_put_line(out, value, strlen(value));
    buf_putc(out, '\n');
}

static void text_list(struct buf *out, const char *name, const struct string_list *l)
{
    if (!l->count)
        return;
    buf_printf(out, "%-11s ", name);
    for (size_t i = 0; i < l->count; i++) {
        if (i)
            buf_puts(out, ", ");
        text_put_line(out, l->items[i], strlen(l->items[i]));
    }
    buf_putc(out, '\n');
}

static void meta_text(const struct article *a, struct buf *out, struct buf *date, struct buf *utc)
{
    const struct meta *m = &a->meta;
    text_field(out, "path:", a->path);
    text_field(out, "title:", m->title);
    text_field(out, "date:", date->data);
    text_field(out, "date_utc:", utc->data);
    if (!m->has_date)
        text_field(out, "date_raw:", m->date_raw);
    text_field(out, "author:", m->author);
    text_field(out, "source:", m->source);
    text_field(out, "url:", m->url);
    text_list(out, "tags:", &m->tags);
    text_list(out, "categories:", &m->categories);
    for (size_t i = 0; i < m->extra_count; i++) {
        buf_puts(out, "extra.");
        text_put_line(out, m->extra[i].key, strlen(m->extra[i].key));
        buf_puts(out, ": ");
        text_put_line(out, m->extra[i].value, strlen(m->extra[i].value));
        buf_putc(out, '\n');
    }
    text_field(out, "encoding:", a->decoded.encoding);
    buf_printf(out, "%-11s %zu\n", "chars:", a->chars);
}

void emit_meta(const struct config *config, const struct article *a, struct buf *out)
{
    struct buf date, utc;
    buf_init(&date, 128);
    buf_init(&utc, 128);
    format_dates(&a->meta, &date, &utc);
    switch (config->format) {
    case FORMAT_JSONL:
        meta_json(a, out, &date, &utc);
        buf_putc(out, '\n');
        break;
    case FORMAT_JSON:
        meta_json(a, out, &date, &utc);
        break;
    case FORMAT_TSV:
        meta_tsv(a, out, &date, &utc);
        break;
    case FORMAT_TEXT:
        meta_text(a, out, &date, &utc);
        break;
    }
    buf_free(&date);
    buf_free(&utc);
}

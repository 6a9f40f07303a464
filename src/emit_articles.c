/* emit_articles.c — the `articles` record (an article's metadata and its entities grouped by
 * type: one entry per canonical name with its count, first offset and the surfaces seen) and
 * the `mentions` records (one per mention), in JSON, TSV or readable text. */
#include "emit.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "util.h"

#define ALIASES_MAX 32

static int by_type_name_start(const void *x, const void *y)
{
    const struct entity_item *p = x, *q = y;
    if (p->type != q->type)
        return p->type < q->type ? -1 : 1;
    int c = strcmp(p->name, q->name);
    if (c)
        return c;
    return p->start < q->start ? -1 : p->start > q->start;
}

static int by_type_count_first(const void *x, const void *y)
{
    const struct entity_group *p = x, *q = y;
    if (p->type != q->type)
        return p->type < q->type ? -1 : 1;
    size_t cp = p->to - p->from, cq = q->to - q->from;
    if (cp != cq)
        return cp > cq ? -1 : 1;
    return p->first < q->first ? -1 : p->first > q->first;
}

size_t entity_groups(const struct config *config, const struct article *a,
                     struct entity_item **items_out, struct entity_group **entities_out)
{
    struct entity_item *items = xmalloc((a->mention_count ? a->mention_count : 1) * sizeof *items);
    size_t n = 0;
    for (size_t i = 0; i < a->mention_count; i++) {
        const struct mention *m = &a->mentions[i];
        if (config->types & (1u << m->type))
            items[n++] = (struct entity_item){m->type, m->canonical, m->start, m};
    }
    qsort(items, n, sizeof *items, by_type_name_start);
    struct entity_group *entities = xmalloc((n ? n : 1) * sizeof *entities);
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && items[j].type == items[i].type && strcmp(items[j].name, items[i].name) == 0)
            j++;
        entities[count++] = (struct entity_group){items[i].type, i, j, items[i].start};
        i = j;
    }
    qsort(entities, count, sizeof *entities, by_type_count_first);
    *items_out = items;
    *entities_out = entities;
    return count;
}

/* The distinct surfaces of one entity, in order of first appearance (at most ALIASES_MAX). */
static size_t entity_aliases(const struct article *a, const struct entity_item *items,
                             const struct entity_group *e, const struct mention **aliases)
{
    size_t count = 0;
    for (size_t i = e->from; i < e->to && count < ALIASES_MAX; i++) {
        const struct mention *m = items[i].m;
        size_t len = m->byte_end - m->byte_start;
        bool seen = false;
        for (size_t k = 0; k < count && !seen; k++)
            seen = aliases[k]->byte_end - aliases[k]->byte_start == len
                   && memcmp(a->text + aliases[k]->byte_start, a->text + m->byte_start, len) == 0;
        if (!seen)
            aliases[count++] = m;
    }
    return count;
}

void entity_group_attributes(const struct entity_item *items, const struct entity_group *e,
                             const char **role, const char **country)
{
    *role = *country = NULL;
    for (size_t i = e->from; i < e->to && !(*role && *country); i++) {
        if (!*role)
            *role = items[i].m->role;
        if (!*country)
            *country = items[i].m->country;
    }
}

static void json_entity(const struct article *a, const struct entity_item *items,
                        const struct entity_group *e, struct buf *out)
{
    const struct mention *aliases[ALIASES_MAX];
    size_t n_aliases = entity_aliases(a, items, e, aliases);
    const struct mention *m = items[e->from].m;
    bool first;
    json_object_begin(out, &first);
    json_member_str(out, &first, "name", m->canonical);
    json_member_long(out, &first, "count", (long)(e->to - e->from));
    json_member_long(out, &first, "first", (long)e->first);
    json_key(out, &first, "aliases");
    buf_putc(out, '[');
    for (size_t k = 0; k < n_aliases; k++) {
        if (k)
            buf_putc(out, ',');
        json_put_string(out, a->text + aliases[k]->byte_start,
                        aliases[k]->byte_end - aliases[k]->byte_start);
    }
    buf_putc(out, ']');
    if (m->code)
        json_member_str(out, &first, "code", m->code);
    const char *role, *country;
    entity_group_attributes(items, e, &role, &country);
    if (role)
        json_member_str(out, &first, "role", role);
    if (country)
        json_member_str(out, &first, "country", country);
    if (m->grain)
        json_date_members(out, &first, m->value, m->grain, m->relative);
    json_object_end(out);
}

static void json_mention(const struct article *a, const struct mention *m, struct buf *out,
                         bool with_path)
{
    bool first;
    json_object_begin(out, &first);
    if (with_path)
        json_member_str(out, &first, "path", a->path);
    json_member_str(out, &first, "type", entity_type_name(m->type));
    json_member_str(out, &first, "name", m->canonical);
    json_member_strn(out, &first, "text", a->text + m->byte_start, m->byte_end - m->byte_start);
    json_member_long(out, &first, "start", (long)m->start);
    json_member_long(out, &first, "end", (long)m->end);
    if (m->code)
        json_member_str(out, &first, "code", m->code);
    if (m->country)
        json_member_str(out, &first, "country", m->country);
    if (m->role)
        json_member_str(out, &first, "role", m->role);
    if (m->grain)
        json_date_members(out, &first, m->value, m->grain, m->relative);
    json_object_end(out);
}

static void articles_json(const struct config *config, const struct article *a,
                          const struct entity_item *items, const struct entity_group *entities,
                          size_t count, struct buf *out)
{
    bool first;
    json_object_begin(out, &first);
    emit_meta_members(a, out, &first);
    json_key(out, &first, "entities");
    bool first_type;
    json_object_begin(out, &first_type);
    size_t e = 0;
    for (int t = 0; t < ENTITY_TYPES; t++) {
        if (!(config->types & (1u << t)))
            continue;
        json_key(out, &first_type, entity_type_name((enum entity_type)t));
        buf_putc(out, '[');
        for (size_t k = 0; e < count && entities[e].type == (enum entity_type)t; e++, k++) {
            if (k)
                buf_putc(out, ',');
            json_entity(a, items, &entities[e], out);
        }
        buf_putc(out, ']');
    }
    json_object_end(out);
    if (config->with_mentions) {
        json_key(out, &first, "mentions");
        buf_putc(out, '[');
        size_t k = 0;
        for (size_t i = 0; i < a->mention_count; i++) {
            if (!(config->types & (1u << a->mentions[i].type)))
                continue;
            if (k++)
                buf_putc(out, ',');
            json_mention(a, &a->mentions[i], out, false);
        }
        buf_putc(out, ']');
    }
    json_object_end(out);
}

void emit_articles(const struct config *config, const struct article *a, struct buf *out)
{
    struct entity_item *items;
    struct entity_group *entities;
    size_t count = entity_groups(config, a, &items, &entities);
    switch (config->format) {
    case FORMAT_JSONL:
    case FORMAT_JSON:
        articles_json(config, a, items, entities, count, out);
        if (config->format == FORMAT_JSONL)
            buf_putc(out, '\n');
        break;
    case FORMAT_TSV:
        for (size_t e = 0; e < count; e++) {
            const struct mention *aliases[ALIASES_MAX];
            size_t n_aliases = entity_aliases(a, items, &entities[e], aliases);
            const struct mention *m = items[entities[e].from].m;
            tsv_put_cstr(out, a->path);
            buf_printf(out, "\t%s\t", entity_type_name(m->type));
            tsv_put_cstr(out, m->canonical);
            buf_printf(out, "\t%zu\t%zu\t", entities[e].to - entities[e].from, entities[e].first);
            for (size_t k = 0; k < n_aliases; k++) {
                if (k)
                    buf_putc(out, ',');
                tsv_put_field(out, a->text + aliases[k]->byte_start,
                              aliases[k]->byte_end - aliases[k]->byte_start);
            }
            buf_putc(out, '\t');
            tsv_put_cstr(out, m->code ? m->code : m->value);
            buf_putc(out, '\n');
        }
        break;
    case FORMAT_TEXT:
        text_put_line(out, a->path, strlen(a->path));
        if (a->meta.title) {
            buf_puts(out, "  ");
            text_put_line(out, a->meta.title, strlen(a->meta.title));
        }
        buf_putc(out, '\n');
        for (size_t e = 0; e < count;) {
            enum entity_type t = entities[e].type;
            buf_printf(out, "  %-8s", entity_type_name(t));
            for (size_t k = 0; e < count && entities[e].type == t; e++, k++) {
                const struct mention *m = items[entities[e].from].m;
                buf_puts(out, k ? ", " : " ");
                text_put_line(out, m->canonical, strlen(m->canonical));
                if (m->code)
                    buf_printf(out, " (%s)", m->code);
                const char *role, *country;
                entity_group_attributes(items, &entities[e], &role, &country);
                if (role || country) {
                    buf_puts(out, " (");
                    if (role)
                        text_put_line(out, role, strlen(role));
                    if (role && country)
                        buf_puts(out, ", ");
                    if (country)
                        buf_puts(out, country);
                    buf_putc(out, ')');
                }
                buf_printf(out, " ×%zu", entities[e].to - entities[e].from);
            }
            buf_putc(out, '\n');
        }
        break;
    }
    free(items);
    free(entities);
}

void emit_mentions(const struct config *config, const struct article *a, struct buf *out)
{
    size_t written = 0;
    for (size_t i = 0; i < a->mention_count; i++) {
        const struct mention *m = &a->mentions[i];
        if (!(config->types & (1u << m->type)))
            continue;
        switch (config->format) {
        case FORMAT_JSONL:
            json_mention(a, m, out, true);
            buf_putc(out, '\n');
            break;
        case FORMAT_JSON:
            if (written)
                buf_puts(out, ",\n");
            json_mention(a, m, out, true);
            break;
        case FORMAT_TSV:
            tsv_put_cstr(out, a->path);
            buf_printf(out, "\t%s\t", entity_type_name(m->type));
            tsv_put_cstr(out, m->canonical);
            buf_putc(out, '\t');
            tsv_put_field(out, a->text + m->byte_start, m->byte_end - m->byte_start);
            buf_printf(out, "\t%zu\t%zu\t", m->start, m->end);
            tsv_put_cstr(out, m->code ? m->code : m->value);
            buf_putc(out, '\n');
            break;
        case FORMAT_TEXT:
            text_put_line(out, a->path, strlen(a->path));
            buf_printf(out, ":%zu-%zu %s ", m->start, m->end, entity_type_name(m->type));
            text_put_line(out, m->canonical, strlen(m->canonical));
            if (m->code)
                buf_printf(out, " (%s)", m->code);
            buf_puts(out, " «");
            text_put_line(out, a->text + m->byte_start, m->byte_end - m->byte_start);
            buf_puts(out, "»\n");
            break;
        }
        written++;
    }
}

/* summary.c — the summary state: folding article digests, partial states in and out, merging,
 * and the sorted report (see summary.h).
 *
 * The state holds exact counts only, so any split of a corpus summarises to the same state:
 * counts add, first days take the minimum and last days the maximum, and the attributes shown
 * for an entity (a person's title, a place's country) are kept as counts per value and chosen
 * only when reporting (the most frequent, ties to the bytewise smallest). */
#include "summary.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "json.h"
#include "strmap.h"
#include "util.h"

#define PARTIAL_FORMAT "summary-partial"
#define PARTIAL_VERSION 1
#define PARTIAL_LINE_MAX ((size_t)16 << 20)
#define FLUSH_AT ((size_t)1 << 16)
#define DAY_LEN 10

/* Adds n to a count, stopping at LLONG_MAX: counts read from partial states are only known to
 * be non-negative, and adding hostile ones must not overflow. */
static void count_add(long long *to, long long n)
{
    if (__builtin_add_overflow(*to, n, to))
        *to = LLONG_MAX;
}

/* ---- the state ---- */

/* A value with its count: a title or a country seen with an entity. */
struct value_count {
    struct value_count *next;
    const char *value;
    long long count;
};

/* An entity in one group, keyed by its type's digit then its name. */
struct entity_tally {
    enum entity_type type;
    const char *name;
    long long mentions, articles;
    char first[DAY_LEN + 1], last[DAY_LEN + 1]; /* "" when only undated articles name it */
    const char *code;                           /* ISO code, the bytewise smallest seen */
    struct value_count *roles;                  /* articles per title */
    struct value_count *countries;              /* articles per country */
};

enum pair_kind { PAIR_PERSON_COUNTRY, PAIR_PERSON_PERSON, PAIR_COUNTRY_COUNTRY, PAIR_KINDS };

static const char *const pair_names[PAIR_KINDS] = {"person-country", "person-person",
                                                   "country-country"};
static const enum entity_type pair_types[PAIR_KINDS][2] = {
    {ENTITY_PERSON, ENTITY_COUNTRY},
    {ENTITY_PERSON, ENTITY_PERSON},
    {ENTITY_COUNTRY, ENTITY_COUNTRY},
};

/* A pair in one group, keyed by its kind's digit, a, NUL, b. */
struct pair_tally {
    enum pair_kind kind;
    const char *a, *b;
    long long articles;
};

/* Articles counted under a source or a month. */
struct key_count {
    const char *key; /* NULL for no source */
    long long articles;
};

struct group {
    const char *key; /* NULL: the whole corpus (no --by) or articles without the --by value */
    long long articles, undated;
    char first[DAY_LEN + 1], last[DAY_LEN + 1];
    struct strmap sources; /* name ("" for none) → key_count */
    struct strmap months;  /* YYYY-MM → key_count */
    struct strmap entities;
    struct strmap pairs;
};

struct summary {
    struct summary_settings settings;
    bool settings_known;
    long long errors;
    struct arena arena;   /* keys, values and tallies: as long as the state */
    struct strmap groups; /* "\0" → the no-key group, "\1" + key → the others */
    struct buf key;       /* scratch: the hash key being looked up */
    /* scratch for one digest's pairs */
    const char **persons, **countries;
    size_t persons_cap, countries_cap;
};

void summary_settings_from(const struct config *config, struct summary_settings *out)
{
    memset(out, 0, sizeof *out);
    out->by = config->by;
    out->types = config->types;
    if (config->has_since)
        memcpy(out->since, config->since, sizeof out->since);
    if (config->has_until)
        memcpy(out->until, config->until, sizeof out->until);
    out->tz_offset = config->tz_offset;
}

struct summary *summary_new(const struct summary_settings *settings)
{
    struct summary *s = xcalloc(1, sizeof *s);
    if (settings) {
        s->settings = *settings;
        s->settings_known = true;
    }
    arena_init(&s->arena);
    strmap_init(&s->groups, &s->arena);
    buf_init(&s->key, 0);
    return s;
}

const struct summary_settings *summary_settings_of(const struct summary *s)
{
    return &s->settings;
}

void summary_free(struct summary *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->groups.cap; i++) {
        struct group *g = s->groups.slots[i].value;
        if (!s->groups.slots[i].key)
            continue;
        strmap_free(&g->sources);
        strmap_free(&g->months);
        strmap_free(&g->entities);
        strmap_free(&g->pairs);
    }
    strmap_free(&s->groups);
    arena_free(&s->arena);
    buf_free(&s->key);
    free(s->persons);
    free(s->countries);
    free(s);
}

/* The group for key (NULL: no key), created empty when new. */
static struct group *group_get(struct summary *s, const char *key, size_t len)
{
    struct buf *id = &s->key;
    buf_reset(id);
    buf_putc(id, key ? '\1' : '\0');
    if (key)
        buf_put(id, key, len);
    bool created;
    struct group *g = strmap_put(&s->groups, id->data, id->len, sizeof *g, &created);
    if (created) {
        g->key = key ? arena_strndup(&s->arena, key, len) : NULL;
        strmap_init(&g->sources, &s->arena);
        strmap_init(&g->months, &s->arena);
        strmap_init(&g->entities, &s->arena);
        strmap_init(&g->pairs, &s->arena);
    }
    return g;
}

/* Widens [first, last] to include day ("" is no day). */
static void days_widen(char *first, char *last, const char *day)
{
    if (!*day)
        return;
    if (!*first || strcmp(day, first) < 0)
        memcpy(first, day, DAY_LEN + 1);
    if (!*last || strcmp(day, last) > 0)
        memcpy(last, day, DAY_LEN + 1);
}

static void key_count_add(struct summary *s, struct strmap *m, const char *key, size_t len,
                          bool no_key, long long articles)
{
    bool created;
    struct key_count *c = strmap_put(m, key, len, sizeof *c, &created);
    if (created)
        c->key = no_key ? NULL : arena_strndup(&s->arena, key, len);
    count_add(&c->articles, articles);
}

static void value_count_add(struct summary *s, struct value_count **list, const char *value,
                            long long count)
{
    for (struct value_count *v = *list; v; v = v->next) {
        if (strcmp(v->value, value) == 0) {
            count_add(&v->count, count);
            return;
        }
    }
    struct value_count *v = arena_alloc(&s->arena, sizeof *v);
    v->value = arena_strdup(&s->arena, value);
    v->count = count;
    v->next = *list;
    *list = v;
}

/* The entity of type and name in g, created when new. */
static struct entity_tally *entity_get(struct summary *s, struct group *g, enum entity_type type,
                                       const char *name)
{
    size_t len = strlen(name);
    struct buf *key = &s->key;
    buf_reset(key);
    buf_putc(key, (char)('0' + type));
    buf_put(key, name, len);
    bool created;
    struct entity_tally *e = strmap_put(&g->entities, key->data, key->len, sizeof *e, &created);
    if (created) {
        e->type = type;
        e->name = arena_strndup(&s->arena, name, len);
    }
    return e;
}

static void entity_code(struct summary *s, struct entity_tally *e, const char *code)
{
    if (code && *code && (!e->code || strcmp(code, e->code) < 0))
        e->code = arena_strdup(&s->arena, code);
}

static void pair_add(struct summary *s, struct group *g, enum pair_kind kind, const char *a,
                     const char *b, long long articles)
{
    size_t la = strlen(a), lb = strlen(b);
    struct buf *key = &s->key;
    buf_reset(key);
    buf_putc(key, (char)('0' + kind));
    buf_put(key, a, la + 1); /* with its NUL */
    buf_put(key, b, lb);
    bool created;
    struct pair_tally *p = strmap_put(&g->pairs, key->data, key->len, sizeof *p, &created);
    if (created) {
        p->kind = kind;
        p->a = arena_strndup(&s->arena, a, la);
        p->b = arena_strndup(&s->arena, b, lb);
    }
    count_add(&p->articles, articles);
}

/* ---- digests ----
 * A digest is NUL-terminated fields: the day ("" when undated), the source (""), then per
 * entity its type's digit followed by its name, its mention count, code, title and country
 * ("" when none). An article outside --since/--until has an empty digest. */

static void put_field(struct buf *b, const char *s)
{
    if (s)
        buf_puts(b, s);
    buf_putc(b, '\0');
}

void summary_digest(const struct config *config, const struct article *a, struct buf *out)
{
    put_field(out, a->day);
    put_field(out, a->meta.source);
    struct entity_item *items;
    struct entity_group *groups;
    size_t count = entity_groups(config, a, &items, &groups);
    for (size_t i = 0; i < count; i++) {
        const struct mention *m = items[groups[i].from].m;
        const char *role, *country;
        entity_group_attributes(items, &groups[i], &role, &country);
        buf_putc(out, (char)('0' + groups[i].type));
        put_field(out, m->canonical);
        buf_printf(out, "%zu", groups[i].to - groups[i].from);
        buf_putc(out, '\0');
        put_field(out, m->code);
        put_field(out, role);
        put_field(out, country);
    }
    free(items);
    free(groups);
}

/* Next NUL-terminated field at *p (before end), or "" when the digest is exhausted. */
static const char *next_field(const char **p, const char *end)
{
    if (*p >= end)
        return "";
    const char *f = *p;
    *p += strlen(f) + 1;
    return f;
}

static int compare_strings(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Pairs of one article: each unordered pair of distinct names counted once. */
static void add_pairs(struct summary *s, struct group *g, size_t persons, size_t countries)
{
    unsigned types = s->settings.types;
    if (persons > 1)
        qsort(s->persons, persons, sizeof *s->persons, compare_strings);
    if (countries > 1)
        qsort(s->countries, countries, sizeof *s->countries, compare_strings);
    for (enum pair_kind k = 0; k < PAIR_KINDS; k++) {
        if (!(types & (1u << pair_types[k][0])) || !(types & (1u << pair_types[k][1])))
            continue;
        const char **as = pair_types[k][0] == ENTITY_PERSON ? s->persons : s->countries;
        const char **bs = pair_types[k][1] == ENTITY_PERSON ? s->persons : s->countries;
        size_t na = pair_types[k][0] == ENTITY_PERSON ? persons : countries;
        size_t nb = pair_types[k][1] == ENTITY_PERSON ? persons : countries;
        bool same = pair_types[k][0] == pair_types[k][1];
        for (size_t i = 0; i < na; i++)
            for (size_t j = same ? i + 1 : 0; j < nb; j++)
                pair_add(s, g, k, as[i], bs[j], 1);
    }
}

/* The --by key of an article: its source, month or year; NULL when it has none. */
static const char *digest_group_key(enum summary_by by, const char *day, const char *source,
                                    size_t *len)
{
    switch (by) {
    case BY_SOURCE:
        *len = strlen(source);
        return *source ? source : NULL;
    case BY_MONTH:
        *len = 7;
        return *day ? day : NULL;
    case BY_YEAR:
        *len = 4;
        return *day ? day : NULL;
    case BY_NONE:
        break;
    }
    *len = 0;
    return NULL;
}

void summary_add_digest(struct summary *s, const char *digest, size_t len)
{
    if (!len)
        return;
    const char *p = digest, *end = digest + len;
    const char *day = next_field(&p, end);
    const char *source = next_field(&p, end);
    size_t key_len;
    const char *key = digest_group_key(s->settings.by, day, source, &key_len);
    struct group *g = group_get(s, key, key_len);
    g->articles++;
    if (*day) {
        days_widen(g->first, g->last, day);
        key_count_add(s, &g->months, day, 7, false, 1);
    } else {
        g->undated++;
    }
    key_count_add(s, &g->sources, source, strlen(source), !*source, 1);

    size_t persons = 0, countries = 0;
    while (p < end) {
        const char *typed = next_field(&p, end);
        const char *count = next_field(&p, end);
        const char *code = next_field(&p, end);
        const char *role = next_field(&p, end);
        const char *country = next_field(&p, end);
        enum entity_type type = (enum entity_type)(typed[0] - '0');
        const char *name = typed + 1;
        struct entity_tally *e = entity_get(s, g, type, name);
        count_add(&e->mentions, strtoll(count, NULL, 10));
        e->articles++;
        days_widen(e->first, e->last, day);
        entity_code(s, e, code);
        if (*role)
            value_count_add(s, &e->roles, role, 1);
        if (*country)
            value_count_add(s, &e->countries, country, 1);
        if (type == ENTITY_PERSON) {
            if (persons == s->persons_cap) {
                s->persons_cap = s->persons_cap ? 2 * s->persons_cap : 64;
                s->persons = xrealloc(s->persons, s->persons_cap * sizeof *s->persons);
            }
            s->persons[persons++] = e->name;
        } else if (type == ENTITY_COUNTRY) {
            if (countries == s->countries_cap) {
                s->countries_cap = s->countries_cap ? 2 * s->countries_cap : 64;
                s->countries = xrealloc(s->countries, s->countries_cap * sizeof *s->countries);
            }
            s->countries[countries++] = e->name;
        }
    }
    add_pairs(s, g, persons, countries);
}

void summary_add_errors(struct summary *s, long long errors)
{
    count_add(&s->errors, errors);
}

/* ---- merging ---- */

static void merge_group(struct summary *s, struct group *into, const struct group *from)
{
    count_add(&into->articles, from->articles);
    count_add(&into->undated, from->undated);
    days_widen(into->first, into->last, from->first);
    days_widen(into->first, into->last, from->last);
    for (size_t i = 0; i < from->sources.cap; i++) {
        const struct strmap_slot *slot = &from->sources.slots[i];
        if (slot->key)
            key_count_add(s, &into->sources, slot->key, slot->len,
                          !((struct key_count *)slot->value)->key,
                          ((struct key_count *)slot->value)->articles);
    }
    for (size_t i = 0; i < from->months.cap; i++) {
        const struct strmap_slot *slot = &from->months.slots[i];
        if (slot->key)
            key_count_add(s, &into->months, slot->key, slot->len, false,
                          ((struct key_count *)slot->value)->articles);
    }
    for (size_t i = 0; i < from->entities.cap; i++) {
        const struct entity_tally *f = from->entities.slots[i].value;
        if (!from->entities.slots[i].key)
            continue;
        struct entity_tally *e = entity_get(s, into, f->type, f->name);
        count_add(&e->mentions, f->mentions);
        count_add(&e->articles, f->articles);
        days_widen(e->first, e->last, f->first);
        days_widen(e->first, e->last, f->last);
        entity_code(s, e, f->code);
        for (const struct value_count *v = f->roles; v; v = v->next)
            value_count_add(s, &e->roles, v->value, v->count);
        for (const struct value_count *v = f->countries; v; v = v->next)
            value_count_add(s, &e->countries, v->value, v->count);
    }
    for (size_t i = 0; i < from->pairs.cap; i++) {
        const struct pair_tally *f = from->pairs.slots[i].value;
        if (from->pairs.slots[i].key)
            pair_add(s, into, f->kind, f->a, f->b, f->articles);
    }
}

bool summary_compatible(const struct summary *a, const struct summary *b, char *err, size_t err_len)
{
    if (!a->settings_known || !b->settings_known)
        return true;
    const struct summary_settings *x = &a->settings, *y = &b->settings;
    const char *what;
    if (x->by != y->by)
        what = "--by";
    else if (x->types != y->types)
        what = "--types";
    else if (strcmp(x->since, y->since) != 0 || strcmp(x->until, y->until) != 0)
        what = "--since or --until";
    else if (x->tz_offset != y->tz_offset)
        what = "--tz";
    else
        return true;
    snprintf(err, err_len, "made with another %s than the states before it", what);
    return false;
}

void summary_merge(struct summary *into, const struct summary *from)
{
    if (!into->settings_known && from->settings_known) {
        into->settings = from->settings;
        into->settings_known = true;
    }
    count_add(&into->errors, from->errors);
    for (size_t i = 0; i < from->groups.cap; i++) {
        const struct strmap_slot *slot = &from->groups.slots[i];
        if (!slot->key)
            continue;
        const struct group *f = slot->value;
        merge_group(into, group_get(into, f->key, f->key ? strlen(f->key) : 0), f);
    }
}

/* ---- sorting the tables ---- */

static int compare_slot_keys(const void *x, const void *y)
{
    const struct strmap_slot *p = x, *q = y;
    size_t n = p->len < q->len ? p->len : q->len;
    int c = memcmp(p->key, q->key, n);
    return c ? c : (p->len > q->len) - (p->len < q->len);
}

/* Copies of the occupied slots of m, in byte order of their keys; the caller frees the
 * array. */
static struct strmap_slot *sorted_slots(const struct strmap *m)
{
    struct strmap_slot *out = xmalloc((m->count ? m->count : 1) * sizeof *out);
    size_t n = 0;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            out[n++] = m->slots[i];
    qsort(out, n, sizeof *out, compare_slot_keys);
    return out;
}

/* ---- partial states out ---- */

static const char *type_names_of(unsigned types, struct buf *b)
{
    buf_reset(b);
    for (int t = 0; t < ENTITY_TYPES; t++) {
        if (!(types & (1u << t)))
            continue;
        if (b->len)
            buf_putc(b, ',');
        buf_puts(b, entity_type_name((enum entity_type)t));
    }
    return b->data ? b->data : "";
}

static void json_member_day(struct buf *b, bool *first, const char *key, const char *day)
{
    json_member_str(b, first, key, *day ? day : NULL);
}

static void json_group_member(struct buf *b, bool *first, const struct summary *s,
                              const struct group *g)
{
    if (s->settings.by != BY_NONE)
        json_member_str(b, first, "group", g->key);
}

static int compare_value_counts(const void *x, const void *y)
{
    const struct value_count *p = x, *q = y;
    return strcmp(p->value, q->value);
}

static void json_value_counts(struct buf *b, bool *first, const char *key,
                              const struct value_count *list)
{
    /* sorted by value, so equal states write equal bytes */
    size_t n = 0;
    for (const struct value_count *v = list; v; v = v->next)
        n++;
    struct value_count *sorted = xmalloc((n ? n : 1) * sizeof *sorted);
    n = 0;
    for (const struct value_count *v = list; v; v = v->next)
        sorted[n++] = *v;
    qsort(sorted, n, sizeof *sorted, compare_value_counts);
    json_key(b, first, key);
    bool inner;
    json_object_begin(b, &inner);
    for (size_t i = 0; i < n; i++)
        json_member_long(b, &inner, sorted[i].value, (long)sorted[i].count);
    json_object_end(b);
    free(sorted);
}

/* The members of one partial-state line after "group": one of these per table. */
typedef void line_members(struct buf *b, bool *first, const void *value);

static void put_source_line(struct buf *b, bool *first, const void *value)
{
    const struct key_count *c = value;
    json_member_str(b, first, "source", c->key);
    json_member_long(b, first, "articles", (long)c->articles);
}

static void put_month_line(struct buf *b, bool *first, const void *value)
{
    const struct key_count *c = value;
    json_member_str(b, first, "month", c->key);
    json_member_long(b, first, "articles", (long)c->articles);
}

static void put_entity_line(struct buf *b, bool *first, const void *value)
{
    const struct entity_tally *e = value;
    json_member_str(b, first, "type", entity_type_name(e->type));
    json_member_str(b, first, "name", e->name);
    json_member_long(b, first, "mentions", (long)e->mentions);
    json_member_long(b, first, "articles", (long)e->articles);
    json_member_day(b, first, "first", e->first);
    json_member_day(b, first, "last", e->last);
    json_member_str(b, first, "code", e->code);
    json_value_counts(b, first, "roles", e->roles);
    json_value_counts(b, first, "countries", e->countries);
}

static void put_pair_line(struct buf *b, bool *first, const void *value)
{
    const struct pair_tally *p = value;
    json_member_str(b, first, "pair", pair_names[p->kind]);
    json_member_str(b, first, "a", p->a);
    json_member_str(b, first, "b", p->b);
    json_member_long(b, first, "articles", (long)p->articles);
}

/* One line per entry of table, in byte order of their keys; false on a write error. */
static bool write_lines(const struct summary *s, const struct group *g, const struct strmap *table,
                        line_members *put, struct buf *b, FILE *out)
{
    struct strmap_slot *slots = sorted_slots(table);
    bool ok = true;
    for (size_t i = 0; i < table->count && ok; i++) {
        bool first;
        json_object_begin(b, &first);
        json_group_member(b, &first, s, g);
        put(b, &first, slots[i].value);
        json_object_end(b);
        buf_putc(b, '\n');
        ok = buf_flush_at(b, out, FLUSH_AT);
    }
    free(slots);
    return ok;
}

static bool write_group(const struct summary *s, const struct group *g, struct buf *b, FILE *out)
{
    bool first;
    json_object_begin(b, &first);
    json_group_member(b, &first, s, g);
    json_member_long(b, &first, "articles", (long)g->articles);
    json_member_long(b, &first, "undated", (long)g->undated);
    json_member_day(b, &first, "first", g->first);
    json_member_day(b, &first, "last", g->last);
    json_object_end(b);
    buf_putc(b, '\n');

    return write_lines(s, g, &g->sources, put_source_line, b, out)
           && write_lines(s, g, &g->months, put_month_line, b, out)
           && write_lines(s, g, &g->entities, put_entity_line, b, out)
           && write_lines(s, g, &g->pairs, put_pair_line, b, out);
}

bool summary_write_partial(const struct summary *s, FILE *out)
{
    struct buf b, names;
    buf_init(&b, 0);
    buf_init(&names, 0);
    bool first;
    json_object_begin(&b, &first);
    json_member_str(&b, &first, "xinwen", PARTIAL_FORMAT);
    json_member_long(&b, &first, "version", PARTIAL_VERSION);
    json_member_str(&b, &first, "by", summary_by_name(s->settings.by));
    json_member_str(&b, &first, "types", type_names_of(s->settings.types, &names));
    json_member_day(&b, &first, "since", s->settings.since);
    json_member_day(&b, &first, "until", s->settings.until);
    json_member_long(&b, &first, "tz", s->settings.tz_offset);
    json_object_end(&b);
    buf_putc(&b, '\n');
    json_object_begin(&b, &first);
    json_member_long(&b, &first, "errors", (long)s->errors);
    json_object_end(&b);
    buf_putc(&b, '\n');

    bool ok = true;
    struct strmap_slot *groups = sorted_slots(&s->groups);
    for (size_t i = 0; i < s->groups.count && ok; i++)
        ok = write_group(s, groups[i].value, &b, out);
    free(groups);
    ok = ok && buf_flush_at(&b, out, 0);
    buf_free(&b);
    buf_free(&names);
    return ok;
}

/* ---- partial states in ---- */

/* One line's members, checked against what its kind allows. */
struct line_reader {
    struct summary *s;
    const struct json_value *v;
    char *err;
    size_t err_len;
    bool has_group_member, lacks_group_member;
};

static bool line_fail(struct line_reader *r, const char *message, const char *key)
{
    if (key)
        snprintf(r->err, r->err_len, "%s \"%s\"", message, key);
    else
        snprintf(r->err, r->err_len, "%s", message);
    return false;
}

/* Every member of the line is one of allowed (NULL-terminated) or "group". */
static bool members_allowed(struct line_reader *r, const char *const *allowed)
{
    for (size_t i = 0; i < r->v->count; i++) {
        const char *key = r->v->members[i].key;
        bool known = strcmp(key, "group") == 0;
        for (const char *const *a = allowed; *a && !known; a++)
            known = strcmp(*a, key) == 0;
        if (!known)
            return line_fail(r, "unknown member", key);
        for (size_t j = 0; j < i; j++)
            if (strcmp(r->v->members[j].key, key) == 0)
                return line_fail(r, "repeated member", key);
    }
    return true;
}

/* A string member (or null, when nullable: *out NULL). */
static bool get_string(struct line_reader *r, const char *key, bool nullable, const char **out)
{
    const struct json_value *v = json_get(r->v, key);
    if (v && v->kind == JSON_NULL && nullable) {
        *out = NULL;
        return true;
    }
    if (!v || v->kind != JSON_STRING)
        return line_fail(r, nullable ? "needs a string or null member" : "needs a string member",
                         key);
    *out = v->string;
    return true;
}

static bool get_count(struct line_reader *r, const char *key, long long *out)
{
    const struct json_value *v = json_get(r->v, key);
    if (!v || v->kind != JSON_INTEGER || v->integer < 0)
        return line_fail(r, "needs a count (an integer of 0 or more)", key);
    *out = v->integer;
    return true;
}

/* A day member: YYYY-MM-DD or null (""). */
static bool get_day(struct line_reader *r, const char *key, char out[DAY_LEN + 1])
{
    const char *day = NULL;
    if (!get_string(r, key, true, &day))
        return false;
    if (!day) {
        out[0] = '\0';
        return true;
    }
    int y, m, d;
    if (strlen(day) != DAY_LEN || day[4] != '-' || day[7] != '-' || !parse_digits(day, 4, &y)
        || !parse_digits(day + 5, 2, &m) || !parse_digits(day + 8, 2, &d) || m < 1 || m > 12
        || d < 1 || d > 31)
        return line_fail(r, "needs a day YYYY-MM-DD or null", key);
    memcpy(out, day, DAY_LEN + 1);
    return true;
}

/* The line's group: its "group" member, which must be there exactly when the state is split. */
static bool get_group(struct line_reader *r, struct group **out)
{
    const struct json_value *v = json_get(r->v, "group");
    const char *key = NULL;
    if (v) {
        if (v->kind != JSON_NULL && v->kind != JSON_STRING)
            return line_fail(r, "needs a string or null member", "group");
        key = v->kind == JSON_STRING ? v->string : NULL;
        r->has_group_member = true;
    } else {
        r->lacks_group_member = true;
    }
    *out = group_get(r->s, key, key ? strlen(key) : 0);
    return true;
}

static bool read_header(struct line_reader *r)
{
    static const char *const allowed[] = {"xinwen", "version", "by", "types",
                                          "since",  "until",   "tz", NULL};
    struct summary_settings settings = {0};
    const char *format, *by, *types;
    long long version;
    const struct json_value *tz = json_get(r->v, "tz");
    if (!members_allowed(r, allowed) || !get_string(r, "xinwen", false, &format))
        return false;
    if (strcmp(format, PARTIAL_FORMAT) != 0)
        return line_fail(r, "not a summary partial state: \"xinwen\" is", format);
    if (!get_count(r, "version", &version))
        return false;
    if (version != PARTIAL_VERSION)
        return line_fail(r,
                         "written by another version of xinwen (partial state version "
                         "differs)",
                         NULL);
    if (!get_string(r, "by", false, &by) || !get_string(r, "types", false, &types)
        || !get_day(r, "since", settings.since) || !get_day(r, "until", settings.until))
        return false;
    if (!tz || tz->kind != JSON_INTEGER || tz->integer < -24LL * 60 || tz->integer > 24LL * 60)
        return line_fail(r, "needs minutes east of UTC", "tz");
    settings.tz_offset = (int)tz->integer;
    int by_index = -1;
    for (int i = BY_NONE; i <= BY_YEAR; i++)
        if (strcmp(by, summary_by_name((enum summary_by)i)) == 0)
            by_index = i;
    if (by_index < 0)
        return line_fail(r, "unknown value of", "by");
    settings.by = (enum summary_by)by_index;
    settings.types = *types ? entity_type_mask(types) : 0;
    if (*types && !settings.types)
        return line_fail(r, "unknown entity type in", "types");

    struct summary *s = r->s;
    if (!s->settings_known) {
        s->settings = settings;
        s->settings_known = true;
        return true;
    }
    struct summary other = {.settings = settings, .settings_known = true};
    return summary_compatible(s, &other, r->err, r->err_len);
}

static bool read_key_count(struct line_reader *r, const char *table)
{
    const char *const allowed[] = {table, "articles", NULL};
    struct group *g;
    const char *key;
    long long articles;
    bool is_source = strcmp(table, "source") == 0;
    if (!members_allowed(r, allowed) || !get_group(r, &g) || !get_string(r, table, is_source, &key)
        || !get_count(r, "articles", &articles))
        return false;
    if (!is_source) {
        int y, m;
        if (strlen(key) != 7 || key[4] != '-' || !parse_digits(key, 4, &y)
            || !parse_digits(key + 5, 2, &m) || m < 1 || m > 12)
            return line_fail(r, "needs a month YYYY-MM", table);
    }
    key_count_add(r->s, is_source ? &g->sources : &g->months, key ? key : "", key ? strlen(key) : 0,
                  !key, articles);
    return true;
}

/* A {"value": count, …} member into *list. */
static bool read_value_counts(struct line_reader *r, const char *key, struct value_count **list)
{
    const struct json_value *v = json_get(r->v, key);
    if (!v)
        return true;
    if (v->kind != JSON_OBJECT)
        return line_fail(r, "needs an object of counts", key);
    for (size_t i = 0; i < v->count; i++) {
        const struct json_value *c = &v->members[i].value;
        if (c->kind != JSON_INTEGER || c->integer < 0 || !*v->members[i].key)
            return line_fail(r, "needs an object of counts", key);
        value_count_add(r->s, list, v->members[i].key, c->integer);
    }
    return true;
}

static bool read_entity(struct line_reader *r)
{
    static const char *const allowed[] = {"type", "name", "mentions", "articles",  "first",
                                          "last", "code", "roles",    "countries", NULL};
    struct group *g;
    const char *type_name, *name, *code;
    long long mentions, articles;
    char first[DAY_LEN + 1], last[DAY_LEN + 1];
    if (!members_allowed(r, allowed) || !get_group(r, &g)
        || !get_string(r, "type", false, &type_name) || !get_string(r, "name", false, &name)
        || !get_count(r, "mentions", &mentions) || !get_count(r, "articles", &articles)
        || !get_day(r, "first", first) || !get_day(r, "last", last)
        || !get_string(r, "code", true, &code))
        return false;
    unsigned mask = entity_type_mask(type_name);
    if (!mask || (mask & (mask - 1)))
        return line_fail(r, "unknown entity type", type_name);
    enum entity_type type = (enum entity_type)__builtin_ctz(mask);
    struct entity_tally *e = entity_get(r->s, g, type, name);
    count_add(&e->mentions, mentions);
    count_add(&e->articles, articles);
    days_widen(e->first, e->last, first);
    days_widen(e->first, e->last, last);
    entity_code(r->s, e, code);
    return read_value_counts(r, "roles", &e->roles)
           && read_value_counts(r, "countries", &e->countries);
}

static bool read_pair(struct line_reader *r)
{
    static const char *const allowed[] = {"pair", "a", "b", "articles", NULL};
    struct group *g;
    const char *kind_name, *a, *b;
    long long articles;
    if (!members_allowed(r, allowed) || !get_group(r, &g)
        || !get_string(r, "pair", false, &kind_name) || !get_string(r, "a", false, &a)
        || !get_string(r, "b", false, &b) || !get_count(r, "articles", &articles))
        return false;
    for (enum pair_kind k = 0; k < PAIR_KINDS; k++) {
        if (strcmp(kind_name, pair_names[k]) == 0) {
            pair_add(r->s, g, k, a, b, articles);
            return true;
        }
    }
    return line_fail(r, "unknown pair kind", kind_name);
}

static bool read_group_line(struct line_reader *r)
{
    static const char *const allowed[] = {"articles", "undated", "first", "last", NULL};
    struct group *g;
    long long articles, undated;
    char first[DAY_LEN + 1], last[DAY_LEN + 1];
    if (!members_allowed(r, allowed) || !get_group(r, &g) || !get_count(r, "articles", &articles)
        || !get_count(r, "undated", &undated) || !get_day(r, "first", first)
        || !get_day(r, "last", last))
        return false;
    count_add(&g->articles, articles);
    count_add(&g->undated, undated);
    days_widen(g->first, g->last, first);
    days_widen(g->first, g->last, last);
    return true;
}

static bool read_line(struct line_reader *r, bool *header)
{
    const struct json_value *v = r->v;
    if (v->kind != JSON_OBJECT)
        return line_fail(r, "not a JSON object", NULL);
    if (json_get(v, "xinwen")) {
        *header = true;
        return read_header(r);
    }
    if (json_get(v, "errors")) {
        static const char *const allowed[] = {"errors", NULL};
        long long errors;
        if (!members_allowed(r, allowed) || !get_count(r, "errors", &errors))
            return false;
        count_add(&r->s->errors, errors);
        return true;
    }
    if (json_get(v, "pair"))
        return read_pair(r);
    if (json_get(v, "type"))
        return read_entity(r);
    if (json_get(v, "source"))
        return read_key_count(r, "source");
    if (json_get(v, "month"))
        return read_key_count(r, "month");
    if (json_get(v, "undated"))
        return read_group_line(r);
    return line_fail(r, "not a line of a summary partial state", NULL);
}

bool summary_read_partial(struct summary *s, FILE *in, char *err, size_t err_len)
{
    struct arena scratch;
    arena_init(&scratch);
    char *line = NULL;
    size_t cap = 0, line_no = 0;
    ssize_t got;
    bool ok = true, header = false;
    char message[512], reason[200];
    struct line_reader r = {.s = s, .err = message, .err_len = sizeof message};
    while (ok && (got = getline(&line, &cap, in)) >= 0) {
        line_no++;
        size_t len = (size_t)got;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        if (len == 0)
            continue;
        struct json_value v;
        arena_reset(&scratch);
        if (len > PARTIAL_LINE_MAX) {
            snprintf(message, sizeof message, "line longer than %zu bytes", PARTIAL_LINE_MAX);
            ok = false;
        } else if (!json_parse(line, len, &scratch, &v, reason, sizeof reason)) {
            snprintf(message, sizeof message, "not JSON (%s)", reason);
            ok = false;
        } else {
            r.v = &v;
            ok = read_line(&r, &header);
        }
        if (!ok)
            snprintf(err, err_len, "line %zu: %s", line_no, message);
    }
    if (ok && ferror(in)) {
        snprintf(err, err_len, "read error: %s", strerror(errno));
        ok = false;
    }
    if (ok && !header) {
        snprintf(err, err_len, "%s",
                 line_no ? "not a summary partial state (no header line)" : "empty file");
        ok = false;
    }
    if (ok && s->settings.by == BY_NONE && r.has_group_member) {
        snprintf(err, err_len, "%s", "\"group\" members in a state not split by --by");
        ok = false;
    }
    if (ok && s->settings.by != BY_NONE && r.lacks_group_member) {
        snprintf(err, err_len, "lines without \"group\" in a state split by --by %s",
                 summary_by_name(s->settings.by));
        ok = false;
    }
    free(line);
    arena_free(&scratch);
    return ok;
}

/* ---- the report ---- */

/* The most frequent value, ties to the bytewise smallest; NULL for none. */
static const char *most_frequent(const struct value_count *list)
{
    const struct value_count *best = NULL;
    for (const struct value_count *v = list; v; v = v->next)
        if (!best || v->count > best->count
            || (v->count == best->count && strcmp(v->value, best->value) < 0))
            best = v;
    return best ? best->value : NULL;
}

static int null_last_strcmp(const char *a, const char *b)
{
    if (!a || !b)
        return (a == NULL) - (b == NULL);
    return strcmp(a, b);
}

/* Most counted first, then by key and second key. */
static int compare_rows(const void *x, const void *y)
{
    const struct summary_row *p = x, *q = y;
    if (p->count != q->count)
        return p->count > q->count ? -1 : 1;
    if (p->articles != q->articles)
        return p->articles > q->articles ? -1 : 1;
    int c = null_last_strcmp(p->key, q->key);
    return c ? c : null_last_strcmp(p->with, q->with);
}

static int compare_rows_by_key(const void *x, const void *y)
{
    const struct summary_row *p = x, *q = y;
    return null_last_strcmp(p->key, q->key);
}

static const char *day_or_null(const char *day)
{
    return *day ? day : NULL;
}

/* Sorts rows[0..n) and keeps the first top (0: all) in t. */
static void table_finish(struct summary_table *t, struct summary_row *rows, size_t n, int top,
                         bool by_key)
{
    qsort(rows, n, sizeof *rows, by_key ? compare_rows_by_key : compare_rows);
    t->rows = rows;
    t->total = n;
    t->count = top > 0 && (size_t)top < n ? (size_t)top : n;
}

static struct summary_table *table_add(struct summary_group *rg, enum table_kind kind,
                                       const char *name)
{
    struct summary_table *t = &rg->tables[rg->table_count++];
    t->kind = kind;
    t->name = name;
    return t;
}

static void key_count_table(struct summary_group *rg, enum table_kind kind, const char *name,
                            const struct strmap *m, int top)
{
    struct summary_table *t = table_add(rg, kind, name);
    struct summary_row *rows = xcalloc(m->count ? m->count : 1, sizeof *rows);
    size_t n = 0;
    for (size_t i = 0; i < m->cap; i++) {
        const struct key_count *c = m->slots[i].value;
        if (m->slots[i].key)
            rows[n++] =
                (struct summary_row){.key = c->key, .count = c->articles, .articles = c->articles};
    }
    table_finish(t, rows, n, kind == TABLE_MONTHS ? 0 : top, kind == TABLE_MONTHS);
}

static void report_group(const struct group *g, unsigned types, int top, struct summary_group *rg)
{
    rg->key = g->key;
    rg->articles = g->articles;
    rg->undated = g->undated;
    rg->first = day_or_null(g->first);
    rg->last = day_or_null(g->last);
    key_count_table(rg, TABLE_SOURCES, "source", &g->sources, top);
    key_count_table(rg, TABLE_MONTHS, "month", &g->months, top);

    for (int type = 0; type < ENTITY_TYPES; type++) {
        if (!(types & (1u << type)))
            continue;
        struct summary_table *t =
            table_add(rg, TABLE_ENTITIES, entity_type_name((enum entity_type)type));
        t->type = (enum entity_type)type;
        struct summary_row *rows = xcalloc(g->entities.count ? g->entities.count : 1, sizeof *rows);
        size_t n = 0;
        for (size_t i = 0; i < g->entities.cap; i++) {
            const struct entity_tally *e = g->entities.slots[i].value;
            if (!g->entities.slots[i].key || e->type != (enum entity_type)type)
                continue;
            rows[n++] = (struct summary_row){
                .key = e->name,
                .count = e->mentions,
                .articles = e->articles,
                .code = e->code ? e->code : most_frequent(e->countries),
                .role = most_frequent(e->roles),
                .first = day_or_null(e->first),
                .last = day_or_null(e->last),
            };
        }
        table_finish(t, rows, n, top, false);
    }

    for (enum pair_kind k = 0; k < PAIR_KINDS; k++) {
        if (!(types & (1u << pair_types[k][0])) || !(types & (1u << pair_types[k][1])))
            continue;
        struct summary_table *t = table_add(rg, TABLE_PAIRS, pair_names[k]);
        struct summary_row *rows = xcalloc(g->pairs.count ? g->pairs.count : 1, sizeof *rows);
        size_t n = 0;
        for (size_t i = 0; i < g->pairs.cap; i++) {
            const struct pair_tally *p = g->pairs.slots[i].value;
            if (g->pairs.slots[i].key && p->kind == k)
                rows[n++] = (struct summary_row){
                    .key = p->a, .with = p->b, .count = p->articles, .articles = p->articles};
        }
        table_finish(t, rows, n, top, false);
    }
}

/* Groups in --by's order: sources by articles, months and years in time; no key last. */
static int compare_groups(const void *x, const void *y, void *by)
{
    const struct summary_group *p = x, *q = y;
    if (!p->key || !q->key)
        return (p->key == NULL) - (q->key == NULL);
    if (*(const enum summary_by *)by == BY_SOURCE && p->articles != q->articles)
        return p->articles > q->articles ? -1 : 1;
    return strcmp(p->key, q->key);
}

struct summary_report *summary_report_new(const struct summary *s, unsigned types, int top)
{
    struct summary_report *r = xcalloc(1, sizeof *r);
    r->by = s->settings.by;
    r->errors = s->errors;
    types &= s->settings.types;
    r->groups = xcalloc(s->groups.count ? s->groups.count : 1, sizeof *r->groups);
    for (size_t i = 0; i < s->groups.cap; i++) {
        const struct group *g = s->groups.slots[i].value;
        if (!s->groups.slots[i].key)
            continue;
        struct summary_group *rg = &r->groups[r->group_count++];
        report_group(g, types, top, rg);
        count_add(&r->articles, g->articles);
        count_add(&r->undated, g->undated);
        if (rg->first && (!r->first || strcmp(rg->first, r->first) < 0))
            r->first = rg->first;
        if (rg->last && (!r->last || strcmp(rg->last, r->last) > 0))
            r->last = rg->last;
    }
    if (r->group_count == 0) { /* no article: one empty group, so every table is shown */
        static const struct group empty;
        report_group(&empty, types, top, &r->groups[r->group_count++]);
    }
    qsort_r(r->groups, r->group_count, sizeof *r->groups, compare_groups, &r->by);
    return r;
}

void summary_report_free(struct summary_report *r)
{
    if (!r)
        return;
    for (size_t g = 0; g < r->group_count; g++)
        for (size_t t = 0; t < r->groups[g].table_count; t++)
            free(r->groups[g].tables[t].rows);
    free(r->groups);
    free(r);
}

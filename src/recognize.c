/* recognize.c — from clean text to typed, canonically named mentions (see recognize.h). */
#include "recognize.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "gazetteer.h"
#include "json.h"
#include "normalize.h"
#include "resolve.h"
#include "utf8.h"
#include "util.h"

static const char *const type_names[ENTITY_TYPES] = {
    [ENTITY_PERSON] = "person", [ENTITY_COUNTRY] = "country", [ENTITY_PLACE] = "place",
    [ENTITY_ORG] = "org",       [ENTITY_DATE] = "date",
};

const char *entity_type_name(enum entity_type type)
{
    return type_names[type];
}

unsigned entity_type_mask(const char *list)
{
    unsigned mask = 0;
    const char *p = list;
    while (*p) {
        size_t len = strcspn(p, ",");
        unsigned bit = 0;
        for (int t = 0; t < ENTITY_TYPES; t++)
            if (strlen(type_names[t]) == len && strncmp(p, type_names[t], len) == 0)
                bit = 1u << t;
        if (!bit)
            return 0;
        mask |= bit;
        p += len + (p[len] == ',');
    }
    return mask;
}

void json_date_members(struct buf *b, bool *first, const char *value, const char *grain,
                       bool relative)
{
    json_member_str(b, first, "value", value && value[0] ? value : NULL);
    json_member_str(b, first, "grain", grain);
    if (relative)
        json_member_bool(b, first, "relative", true);
}

struct recognizer {
    const struct lac_model *model;
    bool trained; /* a trained layer decides persons, places and orgs */
    struct ner_tagger *tagger;
    size_t cap;
    int32_t *cps;
    size_t *byte_at;
    uint8_t *tags;
    uint8_t *bio;
    size_t line_cap;
    size_t *line_start;
    struct ner_span *spans;
    size_t span_cap;
    struct resolver *resolver;
    struct buf name;
};

bool tagger_models_get(bool trained, const struct ner_layer *own, const struct lac_model **model,
                       const struct ner_layer **layer, const char **error)
{
    *layer = NULL;
    if (!(*model = lac_model_get(error)))
        return false;
    if (!trained)
        return true;
    if ((*error = ner_layer_misfit(*model)) != NULL)
        return false;
    return (*layer = own ? own : ner_layer_get(error)) != NULL;
}

struct recognizer *recognizer_new(const struct lac_model *m, const struct ner_layer *layer,
                                  const struct user_dict *user)
{
    struct recognizer *r = xcalloc(1, sizeof *r);
    r->model = m;
    r->trained = layer != NULL;
    r->tagger = ner_tagger_new(m, layer, user);
    r->resolver = resolver_new(user);
    buf_init(&r->name, 0);
    return r;
}

void recognizer_free(struct recognizer *r)
{
    if (!r)
        return;
    ner_tagger_free(r->tagger);
    resolver_free(r->resolver);
    free(r->cps);
    free(r->byte_at);
    free(r->tags);
    free(r->bio);
    free(r->line_start);
    free(r->spans);
    buf_free(&r->name);
    free(r);
}

/* The canonical form of a surface: traditional characters made simplified, nothing else. */
static const char *canonical_name(struct recognizer *r, const char *surface, size_t len,
                                  struct arena *arena)
{
    buf_reset(&r->name);
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t n = utf8_decode(surface + i, len - i, &cp);
        utf8_put(&r->name, cp < 0 ? UTF8_REPLACEMENT : normalize_t2s(cp));
        i += n;
    }
    return arena_strndup(arena, r->name.data, r->name.len);
}

/* The tagger sometimes cuts a long transliterated name short in one place (阿卜杜拉希 for
 * 阿卜杜拉希扬). A person's name of at least LINK_MIN_BYTES that is the start of a longer
 * person's name in the same text, at most LINK_MAX_EXTRA bytes longer, is taken to be that
 * person. Short (Chinese) names are left alone: 王毅 is not 王毅然. */
#define LINK_MIN_BYTES ((size_t)4 * 3)
#define LINK_MAX_EXTRA ((size_t)2 * 3)
static void link_truncated_names(struct mention *m, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (m[i].type != ENTITY_PERSON)
            continue;
        size_t a = strlen(m[i].canonical);
        if (a < LINK_MIN_BYTES)
            continue;
        const char *longer = NULL;
        for (size_t k = 0; k < count && !longer; k++) {
            if (m[k].type != ENTITY_PERSON)
                continue;
            size_t b = strlen(m[k].canonical);
            if (b > a && b - a <= LINK_MAX_EXTRA && strncmp(m[k].canonical, m[i].canonical, a) == 0)
                longer = m[k].canonical;
        }
        if (longer)
            m[i].canonical = longer;
    }
}

size_t recognize_text(struct recognizer *r, const char *text, size_t len,
                      const struct date_ref *ref, struct arena *arena, struct mention **out)
{
    if (len + 1 > r->cap) {
        r->cap = len + 1;
        r->cps = xrealloc(r->cps, r->cap * sizeof *r->cps);
        r->byte_at = xrealloc(r->byte_at, (r->cap + 1) * sizeof *r->byte_at);
        r->tags = xrealloc(r->tags, r->cap);
        r->bio = xrealloc(r->bio, r->cap);
    }
    size_t n = normalize_text(text, len, r->cps, r->byte_at);

    /* paragraphs are the tagger's lines */
    size_t lines = 1;
    for (size_t i = 0; i < n; i++)
        lines += r->cps[i] == '\n';
    if (lines > r->line_cap) {
        r->line_cap = lines;
        r->line_start = xrealloc(r->line_start, lines * sizeof *r->line_start);
    }
    size_t l = 0;
    r->line_start[l++] = 0;
    for (size_t i = 0; i < n; i++)
        if (r->cps[i] == '\n')
            r->line_start[l++] = i + 1;
    /* trained: the layer's names only (LAC's times are not used: dates come from dates.c) */
    uint8_t *tags = r->trained ? NULL : r->tags, *bio = r->trained ? r->bio : NULL;
    ner_tag_lines(r->tagger, r->cps, n, r->line_start, lines, tags, bio);

    size_t count = ner_spans(r->model, tags, bio, n, &r->spans, &r->span_cap);
    const struct resolved *entities;
    size_t found = resolve_document(r->resolver, r->cps, n, r->spans, count, ref, &entities);
    struct mention *m = arena_alloc(arena, (found ? found : 1) * sizeof *m);
    size_t kept = 0;
    for (size_t i = 0; i < found; i++) {
        const struct resolved *e = &entities[i];
        struct mention *x = &m[kept++];
        x->type = e->type;
        x->start = e->start;
        x->end = e->end;
        x->byte_start = r->byte_at[e->start];
        x->byte_end = r->byte_at[e->end];
        bool is_country = e->type == ENTITY_COUNTRY;
        x->code = is_country ? e->country->code : NULL;
        x->country = !is_country && e->country ? e->country->code : NULL;
        x->canonical = is_country     ? e->country->canonical
                       : e->canonical ? e->canonical
                                      : canonical_name(r, text + x->byte_start,
                                                       x->byte_end - x->byte_start, arena);
        x->value = x->grain = NULL;
        x->relative = false;
        if (e->date) {
            x->value = arena_strndup(arena, e->date->value, strlen(e->date->value));
            x->grain = date_grain_name(e->date->grain);
            x->relative = e->date->relative;
            if (x->value[0])
                x->canonical = x->value;
        }
        x->role = NULL;
        if (e->role_end > e->role_start)
            x->role = canonical_name(r, text + r->byte_at[e->role_start],
                                     r->byte_at[e->role_end] - r->byte_at[e->role_start], arena);
    }
    link_truncated_names(m, kept);
    *out = m;
    return kept;
}

/* gazetteer.c — lookups in the generated name tables (see gazetteer.h). */
#include "gazetteer.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "normalize.h"
#include "recognize.h"
#include "utf8.h"
#include "util.h"

static const struct country countries[] = {
#include "countries.inc"
};

static const struct named_row orgs[] = {
#include "orgs.inc"
};

static const struct named_row places[] = {
#include "places.inc"
};

static const char *const not_names[] = {
#include "not_names.inc"
};

static const struct country_abbrev abbreviations[] = {
#include "country_abbrev.inc"
};

struct role_row {
    const char *title;
    const char *code; /* the one country with this title, or "" */
};

static const struct role_row roles[] = {
#include "roles.inc"
};

static const char *const institutions[] = {
#include "institutions.inc"
};

/* Titles and institution words as code points, built once. */
#define ROLE_MAX 8
struct role_cps {
    int32_t cps[ROLE_MAX];
    size_t len;
    const char *code;
};
#define CP_FILTER_BITS 4096
struct role_list {
    struct role_cps *items;
    size_t count;
    /* bit cp % CP_FILTER_BITS set when some word begins (ends) with cp: most characters begin
     * and end none, and are passed over without a scan */
    uint64_t first[CP_FILTER_BITS / 64], last[CP_FILTER_BITS / 64];
};
static struct role_cps role_items[ARRAY_LEN(roles)];
static struct role_cps institution_items[ARRAY_LEN(institutions)];
static struct role_list role_list = {.items = role_items};
static struct role_list institution_list = {.items = institution_items};
static pthread_once_t roles_once = PTHREAD_ONCE_INIT;

static void add_role(struct role_list *list, const char *word, const char *code)
{
    struct role_cps *r = &list->items[list->count];
    size_t len = utf8_to_cps(word, r->cps, ROLE_MAX - 1);
    if (len > 0 && len < ROLE_MAX) {
        r->len = len;
        r->code = code;
        list->count++;
        uint32_t first = (uint32_t)r->cps[0] % CP_FILTER_BITS,
                 last = (uint32_t)r->cps[len - 1] % CP_FILTER_BITS;
        list->first[first / 64] |= (uint64_t)1 << first % 64;
        list->last[last / 64] |= (uint64_t)1 << last % 64;
    }
}

static void build_roles(void)
{
    for (size_t i = 0; i < ARRAY_LEN(roles); i++)
        add_role(&role_list, roles[i].title, roles[i].code);
    for (size_t i = 0; i < ARRAY_LEN(institutions); i++)
        add_role(&institution_list, institutions[i], "");
}

/* The longest word of list at the start of cps[0..n) (or, ending_at_n, at its end), or NULL. */
static const struct role_cps *longest_role(const struct role_list *list, const int32_t *cps,
                                           size_t n, bool ending_at_n)
{
    pthread_once(&roles_once, build_roles);
    if (n == 0)
        return NULL;
    uint32_t key = (uint32_t)(ending_at_n ? cps[n - 1] : cps[0]) % CP_FILTER_BITS;
    if (!((ending_at_n ? list->last : list->first)[key / 64] >> key % 64 & 1))
        return NULL;
    const struct role_cps *best = NULL;
    for (size_t i = 0; i < list->count; i++) {
        size_t len = list->items[i].len;
        if (len > n || (best && len <= best->len))
            continue;
        const int32_t *from = ending_at_n ? cps + n - len : cps;
        if (from[0] == list->items[i].cps[0]
            && memcmp(from, list->items[i].cps, len * sizeof *cps) == 0)
            best = &list->items[i];
    }
    return best;
}

static size_t role_result(const struct role_cps *r, const struct country **country)
{
    if (country)
        *country = r && r->code[0] ? gazetteer_country_by_code(r->code) : NULL;
    return r ? r->len : 0;
}

size_t gazetteer_role_before(const int32_t *cps, size_t end, const struct country **country)
{
    return role_result(longest_role(&role_list, cps, end, true), country);
}

size_t gazetteer_role_at(const int32_t *cps, size_t n, const struct country **country)
{
    return role_result(longest_role(&role_list, cps, n, false), country);
}

size_t gazetteer_institution_at(const int32_t *cps, size_t n)
{
    return role_result(longest_role(&institution_list, cps, n, false), NULL);
}

/* Names as code points, sorted by first code point then longest first, for matching in
 * running text: one index for the built-in names (built once), one per user dictionary. */
#define NAME_MAX_CPS 31
struct name_cps {
    int32_t cps[NAME_MAX_CPS + 1];
    size_t len;
    const struct name_entry *entry;
};

struct name_index {
    struct name_cps *names;
    size_t count, cap;
};

static int by_first_then_longest(const void *a, const void *b)
{
    const struct name_cps *x = a, *y = b;
    if (x->cps[0] != y->cps[0])
        return x->cps[0] < y->cps[0] ? -1 : 1;
    return (x->len < y->len) - (x->len > y->len);
}

/* Adds one normalised surface; false (nothing added) when it is empty or too long. */
static bool index_add(struct name_index *ix, const char *surface, const struct name_entry *entry)
{
    if (ix->count == ix->cap) {
        ix->cap = ix->cap ? ix->cap * 2 : 256;
        ix->names = xrealloc(ix->names, ix->cap * sizeof *ix->names);
    }
    struct name_cps *c = &ix->names[ix->count];
    size_t len = utf8_to_cps(surface, c->cps, NAME_MAX_CPS);
    if (len == 0 || len > NAME_MAX_CPS)
        return false;
    c->len = len;
    c->entry = entry;
    ix->count++;
    return true;
}

static void index_sort(struct name_index *ix)
{
    if (ix->count > 1)
        qsort(ix->names, ix->count, sizeof *ix->names, by_first_then_longest);
}

/* The longest name of ix starting at cps[0], or NULL. */
static const struct name_cps *index_find(const struct name_index *ix, const int32_t *cps, size_t n)
{
    size_t lo = 0, hi = ix->count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ix->names[mid].cps[0] < cps[0])
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < ix->count && ix->names[i].cps[0] == cps[0]; i++) {
        const struct name_cps *c = &ix->names[i];
        if (c->len <= n && memcmp(c->cps, cps, c->len * sizeof *cps) == 0)
            return c;
    }
    return NULL;
}

static struct name_index builtin;
static struct name_entry *builtin_entries;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static void build_builtin(void)
{
    builtin_entries =
        xcalloc(ARRAY_LEN(countries) + ARRAY_LEN(orgs) + ARRAY_LEN(places) + ARRAY_LEN(not_names),
                sizeof *builtin_entries);
    size_t k = 0;
    for (size_t i = 0; i < ARRAY_LEN(countries); i++, k++) {
        builtin_entries[k] =
            (struct name_entry){ENTITY_COUNTRY, countries[i].canonical, &countries[i], false};
        index_add(&builtin, countries[i].surface, &builtin_entries[k]);
    }
    for (size_t i = 0; i < ARRAY_LEN(orgs); i++, k++) {
        const struct country *c = orgs[i].code[0] ? gazetteer_country_by_code(orgs[i].code) : NULL;
        builtin_entries[k] = (struct name_entry){ENTITY_ORG, orgs[i].canonical, c, false};
        index_add(&builtin, orgs[i].surface, &builtin_entries[k]);
    }
    for (size_t i = 0; i < ARRAY_LEN(places); i++, k++) {
        builtin_entries[k] = (struct name_entry){ENTITY_PLACE, places[i].canonical,
                                                 gazetteer_country_by_code(places[i].code), false};
        index_add(&builtin, places[i].surface, &builtin_entries[k]);
    }
    for (size_t i = 0; i < ARRAY_LEN(not_names); i++, k++) {
        builtin_entries[k] = (struct name_entry){ENTITY_ORG, NULL, NULL, true};
        index_add(&builtin, not_names[i], &builtin_entries[k]);
    }
    index_sort(&builtin);
}

struct user_dict {
    struct name_index index;
    struct name_entry *entries;
    char **strings; /* canonical names, owned */
    size_t count;
};

bool gazetteer_name_at(const struct user_dict *user, const int32_t *cps, size_t n, size_t *len,
                       const struct name_entry **entry)
{
    pthread_once(&builtin_once, build_builtin);
    if (n == 0)
        return false;
    const struct name_cps *b = index_find(&builtin, cps, n);
    const struct name_cps *u = user ? index_find(&user->index, cps, n) : NULL;
    const struct name_cps *best = u && (!b || u->len >= b->len) ? u : b;
    if (!best)
        return false;
    *len = best->len;
    *entry = best->entry;
    return true;
}

void user_dict_free(struct user_dict *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->count; i++)
        free(d->strings[i]);
    free(d->strings);
    free(d->entries);
    free(d->index.names);
    free(d);
}

/* The normalised form of surface, as the text it is matched against is normalised. */
static char *normalised(const char *surface)
{
    struct buf b;
    buf_init(&b, 0);
    size_t n = strlen(surface);
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += utf8_decode(surface + i, n - i, &cp);
        utf8_put(&b, normalize_cp(cp < 0 ? UTF8_REPLACEMENT : cp));
    }
    return buf_steal(&b);
}

struct user_dict *user_dict_parse(const char *text, size_t n, char *err, size_t err_len)
{
    struct user_dict *d = xcalloc(1, sizeof *d);
    size_t cap = 64, line_no = 0, pos = 0;
    size_t line_cap = 256;
    char *line = xmalloc(line_cap); /* the current line, NUL-terminated (a NUL cuts it short) */
    bool ok = true;
    /* surfaces are indexed after the whole text is read: entries may move while it grows */
    struct pending {
        char *surface;
    } *pending = xmalloc(cap * sizeof *pending);
    d->entries = xmalloc(cap * sizeof *d->entries);
    d->strings = xmalloc(cap * sizeof *d->strings);
    while (ok && pos < n) {
        const char *nl = memchr(text + pos, '\n', n - pos);
        size_t len = nl ? (size_t)(nl - (text + pos)) + 1 : n - pos;
        if (len + 1 > line_cap) {
            line_cap = len + 1;
            line = xrealloc(line, line_cap);
        }
        memcpy(line, text + pos, len);
        line[len] = '\0';
        pos += len;
        line_no++;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        char *field[4] = {0};
        size_t nf = 0;
        for (char *p = line; nf < 4;) {
            field[nf++] = p;
            char *tab = strchr(p, '\t');
            if (!tab)
                break;
            *tab = '\0';
            p = tab + 1;
        }
        unsigned mask = nf >= 2 ? entity_type_mask(field[1]) : 0;
        if (nf < 2 || !field[0][0]) {
            snprintf(err, err_len, "%zu: expected surface<TAB>type[<TAB>canonical[<TAB>code]]",
                     line_no);
            ok = false;
            break;
        }
        if (!mask || (mask & (mask - 1)) || (mask & (1u << ENTITY_DATE))) {
            snprintf(err, err_len, "%zu: type must be person, country, place or org, not '%s'",
                     line_no, field[1]);
            ok = false;
            break;
        }
        enum entity_type type = ENTITY_PERSON;
        while (!(mask & (1u << type)))
            type++;
        const char *canonical = nf >= 3 && field[2][0] ? field[2] : NULL;
        const char *code = nf >= 4 && field[3][0] ? field[3] : NULL;
        const struct country *country = NULL;
        if (code) {
            country = gazetteer_country_by_code(code);
            if (!country) {
                snprintf(err, err_len, "%zu: '%s' is not an ISO 3166-1 alpha-2 code", line_no,
                         code);
                ok = false;
                break;
            }
        } else if (type == ENTITY_COUNTRY) {
            /* no code: the country the canonical name (or the surface) already is */
            const struct name_entry *known = NULL;
            int32_t cps[NAME_MAX_CPS + 1];
            char *key = normalised(canonical ? canonical : field[0]);
            size_t count = utf8_to_cps(key, cps, NAME_MAX_CPS);
            free(key);
            pthread_once(&builtin_once, build_builtin);
            const struct name_cps *c =
                count <= NAME_MAX_CPS ? index_find(&builtin, cps, count) : NULL;
            if (c && c->len == count)
                known = c->entry;
            if (!known || known->type != ENTITY_COUNTRY) {
                snprintf(err, err_len, "%zu: country '%s' needs an ISO code (4th column)", line_no,
                         field[0]);
                ok = false;
                break;
            }
            country = known->country;
        }
        if (d->count == cap) {
            cap *= 2;
            d->entries = xrealloc(d->entries, cap * sizeof *d->entries);
            d->strings = xrealloc(d->strings, cap * sizeof *d->strings);
            pending = xrealloc(pending, cap * sizeof *pending);
        }
        d->strings[d->count] = canonical ? xstrdup(canonical) : NULL;
        d->entries[d->count] = (struct name_entry){type, d->strings[d->count], country, false};
        if (type == ENTITY_COUNTRY && !canonical)
            d->entries[d->count].canonical = country->canonical;
        char *surface = normalised(field[0]);
        pending[d->count].surface = surface;
        if (utf8_length(surface, strlen(surface)) > NAME_MAX_CPS) {
            snprintf(err, err_len, "%zu: surface longer than %d characters", line_no, NAME_MAX_CPS);
            free(pending[d->count].surface);
            free(d->strings[d->count]);
            ok = false;
            break;
        }
        d->count++;
    }
    free(line);
    for (size_t i = 0; i < d->count; i++) {
        if (ok)
            index_add(&d->index, pending[i].surface, &d->entries[i]);
        free(pending[i].surface);
    }
    free(pending);
    if (!ok) {
        user_dict_free(d);
        return NULL;
    }
    index_sort(&d->index);
    return d;
}

struct user_dict *user_dict_load(const char *path, char *err, size_t err_len)
{
    struct buf text;
    buf_init(&text, 0);
    int error = buf_read_file(&text, path);
    if (error) {
        snprintf(err, err_len, "%s: cannot read dictionary: %s", path, strerror(error));
        buf_free(&text);
        return NULL;
    }
    /* the parser's "LINE: message" becomes "FILE:LINE: message" */
    char *message = xmalloc(err_len ? err_len : 1);
    message[0] = '\0';
    struct user_dict *d = user_dict_parse(text.data, text.len, message, err_len);
    if (!d)
        snprintf(err, err_len, "%s:%s", path, message);
    free(message);
    buf_free(&text);
    return d;
}

const struct country *gazetteer_country_by_code(const char *code)
{
    for (size_t i = 0; i < ARRAY_LEN(countries); i++)
        if (strcmp(countries[i].code, code) == 0
            && strcmp(countries[i].surface, countries[i].canonical) == 0)
            return &countries[i];
    return NULL;
}

const struct country_abbrev *gazetteer_abbrev(int32_t cp)
{
    size_t lo = 0, hi = ARRAY_LEN(abbreviations);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (abbreviations[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ARRAY_LEN(abbreviations) && abbreviations[lo].cp == cp ? &abbreviations[lo] : NULL;
}

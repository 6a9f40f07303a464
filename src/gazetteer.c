/* gazetteer.c — lookups in the generated name tables (see gazetteer.h). */
#include "gazetteer.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "util.h"

static const struct country countries[] = {
#include "countries.inc"
};

static const struct org_name orgs[] = {
#include "orgs.inc"
};

static const struct country_abbrev abbreviations[] = {
#include "country_abbrev.inc"
};

static const char *const roles[] = {
#include "roles.inc"
};

/* Titles as code points, built once. */
#define ROLE_MAX 8
struct role_cps {
    int32_t cps[ROLE_MAX];
    size_t len;
};
static struct role_cps role_list[ARRAY_LEN(roles)];
static size_t role_count;
static pthread_once_t roles_once = PTHREAD_ONCE_INIT;

static void build_roles(void)
{
    for (size_t i = 0; i < ARRAY_LEN(roles); i++) {
        size_t len = utf8_to_cps(roles[i], role_list[role_count].cps, ROLE_MAX - 1);
        if (len > 0 && len < ROLE_MAX) {
            role_list[role_count].len = len;
            role_count++;
        }
    }
}

size_t gazetteer_role_before(const int32_t *cps, size_t end)
{
    pthread_once(&roles_once, build_roles);
    size_t best = 0;
    for (size_t i = 0; i < role_count; i++) {
        size_t len = role_list[i].len;
        if (len <= end && len > best
            && memcmp(cps + end - len, role_list[i].cps, len * sizeof *cps) == 0)
            best = len;
    }
    return best;
}

size_t gazetteer_role_at(const int32_t *cps, size_t n)
{
    pthread_once(&roles_once, build_roles);
    size_t best = 0;
    for (size_t i = 0; i < role_count; i++) {
        size_t len = role_list[i].len;
        if (len <= n && len > best && memcmp(cps, role_list[i].cps, len * sizeof *cps) == 0)
            best = len;
    }
    return best;
}

/* Country names as code points, sorted by first code point then longest first, for matching
 * in running text. Built once. */
struct name_cps {
    int32_t cps[32];
    size_t len;
    const struct country *country; /* one of these two */
    const struct org_name *org;
};
static struct name_cps *names;
static size_t name_count;
static pthread_once_t names_once = PTHREAD_ONCE_INIT;

static int by_first_then_longest(const void *a, const void *b)
{
    const struct name_cps *x = a, *y = b;
    if (x->cps[0] != y->cps[0])
        return x->cps[0] < y->cps[0] ? -1 : 1;
    return (x->len < y->len) - (x->len > y->len);
}

/* Adds one surface to the name index; names of 32 code points or more are left out. */
static void add_name(const char *s, const struct country *country, const struct org_name *org)
{
    size_t len = utf8_to_cps(s, names[name_count].cps, 31);
    if (len == 0 || len > 31)
        return;
    names[name_count].len = len;
    names[name_count].country = country;
    names[name_count].org = org;
    name_count++;
}

static void build_names(void)
{
    names = xcalloc(ARRAY_LEN(countries) + ARRAY_LEN(orgs), sizeof *names);
    for (size_t i = 0; i < ARRAY_LEN(countries); i++)
        add_name(countries[i].surface, &countries[i], NULL);
    for (size_t i = 0; i < ARRAY_LEN(orgs); i++)
        add_name(orgs[i].surface, NULL, &orgs[i]);
    qsort(names, name_count, sizeof *names, by_first_then_longest);
}

bool gazetteer_name_at(const int32_t *cps, size_t n, size_t *len, const struct country **country,
                       const struct org_name **org)
{
    pthread_once(&names_once, build_names);
    *country = NULL;
    *org = NULL;
    if (n == 0)
        return false;
    size_t lo = 0, hi = name_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (names[mid].cps[0] < cps[0])
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < name_count && names[i].cps[0] == cps[0]; i++) {
        const struct name_cps *c = &names[i];
        if (c->len <= n && memcmp(c->cps, cps, c->len * sizeof *cps) == 0) {
            *len = c->len;
            *country = c->country;
            *org = c->org;
            return true;
        }
    }
    return false;
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

/* Compares name (len bytes) with a NUL-terminated surface in byte order. */
static int compare_name(const char *name, size_t len, const char *surface)
{
    size_t slen = strlen(surface);
    int c = memcmp(name, surface, len < slen ? len : slen);
    if (c)
        return c;
    return (len > slen) - (len < slen);
}

const struct country *gazetteer_country(const char *name, size_t len)
{
    size_t lo = 0, hi = ARRAY_LEN(countries);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = compare_name(name, len, countries[mid].surface);
        if (c == 0)
            return &countries[mid];
        if (c > 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

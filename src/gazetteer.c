/* gazetteer.c — lookups in the generated name tables (see gazetteer.h). */
#include "gazetteer.h"

#include <string.h>

#include "util.h"

static const struct country countries[] = {
#include "countries.inc"
};

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

/* fuzz_dates.c — libFuzzer target: the date-expression recogniser (dates.h) over text decoded
 * to normalised code points, once against a known reference date and once without one. */
#include "fuzz.h"

#include <string.h>

#include "dates.h"
#include "normalize.h"
#include "utf8.h"
#include "util.h"

/* Finds the dates of cps[0..n) against ref and checks what dates.h promises of them. */
static void find(struct date_scanner *scanner, const int32_t *cps, size_t n,
                 const struct date_ref *ref)
{
    static struct date_found *found;
    static size_t cap;
    size_t count = dates_find(scanner, cps, n, ref, &found, &cap);
    FUZZ_CHECK(count <= cap);
    for (size_t i = 0; i < count; i++) {
        const struct date_found *d = &found[i];
        FUZZ_CHECK(d->start < d->end && d->end <= n);
        FUZZ_CHECK(i == 0 || found[i - 1].start <= d->start); /* in text order */
        FUZZ_CHECK(memchr(d->value, '\0', sizeof d->value) != NULL);
        for (const char *c = d->value; *c; c++)
            FUZZ_CHECK(*c > ' ' && *c < 0x7F); /* ISO 8601 text */
        FUZZ_CHECK(d->grain <= GRAIN_DURATION);
        FUZZ_CHECK((d->grain == GRAIN_NONE) == (d->value[0] == '\0'));
        FUZZ_CHECK(date_grain_name(d->grain) != NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct date_scanner *scanner;
    if (!scanner)
        scanner = date_scanner_new();
    /* decoded as the pipeline does it: an invalid byte is one U+FFFD, then normalised */
    const char *s = (const char *)data;
    int32_t *cps = xmalloc((size ? size : 1) * sizeof *cps);
    size_t n = 0;
    for (size_t i = 0; i < size;) {
        int32_t cp;
        i += utf8_decode(s + i, size - i, &cp);
        cps[n++] = normalize_cp(cp < 0 ? UTF8_REPLACEMENT : cp);
    }
    static const struct date_ref known = {2021, 10, 26, 10, 30, true};
    static const struct date_ref unknown = {0};
    find(scanner, cps, n, &known);
    find(scanner, cps, n, &unknown);
    free(cps);
    return 0;
}

/* gazetteer.h — names the recogniser knows: countries (CLDR zh, zh_Hant, zh_Hant_HK names
 * with ISO 3166-1 codes, generated into data/countries.inc by tools/gen-countries). */
#ifndef XINWEN_GAZETTEER_H
#define XINWEN_GAZETTEER_H

#include <stddef.h>

struct country {
    const char *surface;   /* a name as text may write it, in normalised (simplified) form */
    const char *code;      /* ISO 3166-1 alpha-2 */
    const char *canonical; /* the CLDR simplified short name */
};

/* The country whose name is exactly name (len bytes, normalised UTF-8), or NULL. */
const struct country *gazetteer_country(const char *name, size_t len);

#endif

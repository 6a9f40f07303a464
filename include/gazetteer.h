/* gazetteer.h — names the recogniser knows: countries (CLDR zh, zh_Hant, zh_Hant_HK names
 * with ISO 3166-1 codes, generated into data/countries.inc by tools/gen-countries). */
#ifndef XINWEN_GAZETTEER_H
#define XINWEN_GAZETTEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum entity_type { ENTITY_PERSON, ENTITY_COUNTRY, ENTITY_PLACE, ENTITY_ORG, ENTITY_DATE };
#define ENTITY_TYPES 5

struct country {
    const char *surface;   /* a name as text may write it, in normalised (simplified) form */
    const char *code;      /* ISO 3166-1 alpha-2 */
    const char *canonical; /* the CLDR simplified short name */
};

/* An organisation the gazetteer knows (tools/orgs.tsv): 阿塔 → 阿富汗塔利班, AF. */
struct named_row {
    const char *surface; /* normalised */
    const char *canonical;
    const char *code; /* ISO code of its country, "" for international bodies */
};

/* A name the resolver looks for in running text: a built-in country or organisation, or an
 * entry of the user's dictionary (--dict). */
struct name_entry {
    enum entity_type type;
    const char *canonical;         /* NULL: the surface as written, in simplified script */
    const struct country *country; /* countries: the country; others: theirs, or NULL */
    bool ordinary; /* an ordinary word that contains or looks like a name (发展中国家, 穆斯林;
                    * tools/not-names.tsv): no entity inside it; type is then meaningless */
};

/* A user dictionary: TSV lines surface<TAB>type[<TAB>canonical[<TAB>code]], '#' comments. */
struct user_dict;

/* Loads a user dictionary. type is person, country, place or org; a country's code defaults
 * to the built-in one of its canonical name or surface; code is an ISO 3166-1 alpha-2 code.
 * Returns NULL with "FILE:LINE: message" (or "FILE: reason") in err on any error. The caller
 * frees the result with user_dict_free. */
struct user_dict *user_dict_load(const char *path, char *err, size_t err_len);

/* The parser behind user_dict_load, for a dictionary already in memory: text is n bytes, lines
 * end in LF or CRLF, and a NUL byte cuts its line short there. Returns NULL with "LINE: message"
 * in err on the first bad line. The caller frees the result with user_dict_free. */
struct user_dict *user_dict_parse(const char *text, size_t n, char *err, size_t err_len);
void user_dict_free(struct user_dict *d);

/* The longest name that starts at cps[0] (n normalised code points available) among the
 * built-in ones and user's (NULL: none); at equal length the user's entry wins. Sets *len
 * (code points) and *entry; false when no name starts there. */
bool gazetteer_name_at(const struct user_dict *user, const int32_t *cps, size_t n, size_t *len,
                       const struct name_entry **entry);

/* The entry of an ISO code whose surface is its canonical name, or NULL. */
const struct country *gazetteer_country_by_code(const char *code);

/* A single-character abbreviation (中 in 中方, 伊 in 中伊): the countries it can stand for,
 * most likely first, comma-separated ISO codes; strong when it is read as a country without
 * the document naming one in full (see tools/country-abbreviations.tsv). */
struct country_abbrev {
    const char *codes;
    int32_t cp;
    int strong; /* 0 weak, 1 strong, 2 strong and read alone between a verb and a word */
};

/* The abbreviation entry of cp, or NULL. */
const struct country_abbrev *gazetteer_abbrev(int32_t cp);

/* The length in code points of the longest title of a person (外长, 国务委员, 总统; see
 * tools/roles.tsv) that ends just before cps[end] (reading backwards from there), or 0. Sets
 * *country (may be NULL) to the one country that has the title (国务委员: CN), else NULL. */
size_t gazetteer_role_before(const int32_t *cps, size_t end, const struct country **country);

/* The same for a title starting at cps[0], n code points available. */
size_t gazetteer_role_at(const int32_t *cps, size_t n, const struct country **country);

/* The length of the longest word for a body of a state (政府, 临时政府, 外交部, 议会; see
 * tools/institutions.tsv) starting at cps[0], n code points available, or 0. */
size_t gazetteer_institution_at(const int32_t *cps, size_t n);

#endif

/* resolve.h — from the tagger's spans to the entities of a document: country names found
 * wherever they are written, abbreviations (中方, 中伊关系) read as countries, the tagger's
 * spans typed, and where both claim the same text, one decision. */
#ifndef XINWEN_RESOLVE_H
#define XINWEN_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dates.h"
#include "gazetteer.h"
#include "ner.h"
#include "recognize.h"

/* One entity occurrence in a document. */
struct resolved {
    enum entity_type type;
    size_t start, end;             /* code points, end exclusive */
    const struct country *country; /* countries: the country; orgs and places: the country
                                    * their name contains (伊朗外交部 → IR), else NULL */
    bool abbreviation;             /* a country read from an abbreviation (中方, 中伊) */
    size_t read_end;               /* where the words read to find it end: end, or past it
                                    * (美 of 美西方 is read with 西方) */
    const char *canonical;         /* a name the gazetteer or the user's dictionary gives
                                    * (阿塔 → 阿富汗塔利班); NULL otherwise */
    const struct date_found *date; /* dates: the expression and its value */
    size_t role_start, role_end;   /* persons: their title in the text (国务委员兼外长 before
                                    * 王毅, 总统 after 莱希), empty when none; country is then
                                    * the one named just before the title (伊朗外长 → IR) */
};

struct resolver;

/* user: the --dict entries, looked for with the built-in names (NULL: none); it must outlive
 * the resolver. */
struct resolver *resolver_new(const struct user_dict *user);
void resolver_free(struct resolver *r);

/* Resolves one document (an article, or a line for tag): cps[0..n) are its normalised code
 * points and spans[0..count) the tagger's spans over them. Rules, in order:
 *  - every country name of the gazetteer in the text is a country, every organisation
 *    name of it (tools/orgs.tsv: 阿塔, 东伊运, 路透社) an org, and every entry of the user's
 *    dictionary what it says (at equal length the user's entry wins), whatever the tagger said
 *    (a person is never named 阿富汗); inside a longer organisation or place name the longer
 *    name stays, with that country (伊朗外交部: an org of IR);
 *  - X方 (but not X方面) for a country abbreviation X (中方 美方 伊方 阿方), and runs of
 * abbreviations before a word such as 关系/两国/三方/建交/全面 (中伊关系, 中阿巴三方), are
 * countries; which country an ambiguous abbreviation is (阿: AF or AR) is decided by the full names
 * the document contains, and weak ones (西, 南, 土) count only when the document names them;
 * 华 is China right after a verb or preposition that takes it (访华, 对华政策, 驻华大使), unless
 * it begins a word or name there (华为, 华人, 华盛顿);
 *  - names inside 《》 (titles of books, films, games) are not countries, nor a name followed
 *    by 人 but not 人民 (中国人, 西班牙人: people, or a club), which is left to the tagger;
 *  - dates are the expressions src/dates.c finds, with values against ref (the tagger's TIME
 *    spans are not used: every date gets a value or is a fuzzy word such as 近日); one that
 *    overlaps another entity is left out;
 *  - the tagger's other spans: PER → person, ORG → org, LOC → place. A person
 *    span that is a country name, or overlaps an abbreviation, gives way to the country; one
 *    with a country name inside it (马里恩·图尔, or any name with ·) stays a person. Two to
 *    four abbreviations tagged as one name (中伊 tagged as a person) are countries when the
 *    document names each of them in full.
 *  - titles: a person gets the title written right before the name (国务委员兼外长王毅,
 *    伊朗新任外长阿卜杜拉希扬, 代理副总理巴拉达尔; chains joined by 兼; 新任/现任 dropped) or,
 *    failing that, right after it (莱希总统), and the country of an entity that ends right
 *    before the title (a country, or an org or place that has one); an org or place span
 *    that is only a title (国务委员, 中国国务委员) is not an entity.
 * Returns the number of entities, sorted by start, in *out (valid until the next call). */
size_t resolve_document(struct resolver *r, const int32_t *cps, size_t n,
                        const struct ner_span *spans, size_t count, const struct date_ref *ref,
                        const struct resolved **out);

#endif

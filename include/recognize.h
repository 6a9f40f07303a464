/* recognize.h — entity mentions in clean text: the tagger's spans typed (person, country,
 * place, org, date) and given a canonical name. Shared by tag, articles and mentions. */
#ifndef XINWEN_RECOGNIZE_H
#define XINWEN_RECOGNIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "dates.h"
#include "gazetteer.h"
#include "lac_model.h"
#include "ner.h"

/* "person", "country", "place", "org", "date". */
const char *entity_type_name(enum entity_type type);

/* Parses a comma-separated list of type names into a bit mask (1 << type); 0 if a name is
 * unknown. */
unsigned entity_type_mask(const char *list);

/* One mention in a text. */
struct mention {
    enum entity_type type;
    size_t start, end;           /* code points into the text, end exclusive */
    size_t byte_start, byte_end; /* the surface's bytes in the text */
    const char *canonical;       /* simplified name (CLDR's for countries), in the arena */
    const char *code;            /* ISO 3166-1 code for countries, else NULL */
    const char *country;         /* orgs and places: the country their name contains; persons:
                                  * the country named before their title; or NULL */
    const char *role;  /* persons: their title (国务委员兼外长), simplified, or NULL */
    const char *value; /* dates: ISO 8601 (dates.h), "" for a fuzzy word; else NULL */
    const char *grain; /* dates: date_grain_name; else NULL */
    bool relative;     /* dates: the value depends on the reference date */
};

/* Appends a date's members to a JSON object: "value" (null for a fuzzy word such as 近日),
 * "grain", and "relative": true when the value depends on the reference date. */
void json_date_members(struct buf *b, bool *first, const char *value, const char *grain,
                       bool relative);

/* Per-thread state: the tagger and scratch buffers. */
struct recognizer;

/* The models a run tags with: the embedded LAC model, and when trained the layer: own (one read
 * from a file, --model FILE) or else the embedded one; *layer is NULL when not trained (LAC's
 * own entity tags, --model raw). False, with a message in *error, when an embedded file is
 * damaged or the LAC model's tags do not fit the layer's features. */
bool tagger_models_get(bool trained, const struct ner_layer *own, const struct lac_model **model,
                       const struct ner_layer **layer, const char **error);

/* layer: the trained output layer, NULL for LAC's own tags; user: the --dict entries (NULL:
 * none). Both must outlive the recognizer. */
struct recognizer *recognizer_new(const struct lac_model *m, const struct ner_layer *layer,
                                  const struct user_dict *user);
void recognizer_free(struct recognizer *r);

/* The mentions in text (UTF-8, len bytes, paragraphs separated by '\n'), in text order, in
 * *out (allocated in arena); returns how many. Dates are resolved against ref. A date's
 * canonical name is its value (its surface when it has none). */
size_t recognize_text(struct recognizer *r, const char *text, size_t len,
                      const struct date_ref *ref, struct arena *arena, struct mention **out);

#endif

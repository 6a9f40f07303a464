/* ner.h — the LAC BiGRU-CRF tagger: per-character tags for normalised text, chunked at
 * sentence ends, and the PER/LOC/ORG/TIME spans they spell; with a trained layer (ner_layer.h),
 * that layer's person/place/org tags beside LAC's own. */
#ifndef XINWEN_NER_H
#define XINWEN_NER_H

#include <stddef.h>
#include <stdint.h>

#include "gazetteer.h"
#include "lac_model.h"
#include "ner_layer.h"

/* Longest chunk the tagger runs at once; longer sentences are cut at a comma, or here. */
#define NER_CHUNK_MAX 256

enum ner_type { NER_PER, NER_LOC, NER_ORG, NER_TIME };

struct ner_span {
    enum ner_type type;
    size_t start, end; /* code points, end exclusive */
};

/* Per-thread state: scratch buffers reused across calls (no allocation per character). */
struct ner_tagger;

/* layer: the trained output layer, or NULL for LAC's own tags only ("--model raw"); user: the
 * --dict entries the layer's gazetteer features also look for, or NULL. Both must outlive the
 * tagger. */
struct ner_tagger *ner_tagger_new(const struct lac_model *m, const struct ner_layer *layer,
                                  const struct user_dict *user);
void ner_tagger_free(struct ner_tagger *t);

/* Tags one sequence of n vocabulary ids as a whole (no chunking) into tags[n] (tag ids).
 * This is the model exactly; tests compare it with the reference forward pass. */
void ner_tag_ids(struct ner_tagger *t, const int32_t *ids, size_t n, uint8_t *tags);

/* Tags n normalised code points in lines (lines[l] starts at code point line_start[l], in
 * increasing order, line_start[0] = 0): each line is cut into chunks at sentence ends
 * (。！？；!?;) and at most NER_CHUNK_MAX long, and each chunk is tagged on its own (the same
 * tags as ner_tag_ids gives it). Tagging many lines in one call is faster, as their chunks run
 * through the network together. tags[n], when not NULL, receives LAC's tag ids; bio[n], when
 * not NULL and the tagger has a trained layer, that layer's tags (enum ner_bio). The layer
 * reads LAC's tags, so those are computed for bio whether asked for or not; a layer that
 * retunes GRU layer 2 costs a second pass of that layer. */
void ner_tag_lines(struct ner_tagger *t, const int32_t *cps, size_t n, const size_t *line_start,
                   size_t lines, uint8_t *tags, uint8_t *bio);

/* The length of the chunk ner_tag_lines tags on its own starting at cps[0], with n > 0 code
 * points left in its line. */
size_t ner_chunk_length(const int32_t *cps, size_t n);

/* The same run of the network, chunked the same way, writing the states the trained layer
 * reads (NER_STATES floats per character, states[i * NER_STATES …]) and, when tags is not NULL,
 * the LAC model's tags: what tools/train learns from. */
void ner_states_lines(struct ner_tagger *t, const int32_t *cps, size_t n, const size_t *line_start,
                      size_t lines, float *states, uint8_t *tags);

/* The entity spans in tags[n]: a B tag starts a span, I tags of the same type continue it
 * (an I after another type starts a new one). With bio (NULL: none), persons, places and orgs
 * come from bio and only times from tags (NULL: none), a time kept where bio has no name
 * inside it. Writes
 * them in text order to *spans, an array of *cap entries the function grows (xrealloc) as
 * needed and the caller frees; returns how many. */
size_t ner_spans(const struct lac_model *m, const uint8_t *tags, const uint8_t *bio, size_t n,
                 struct ner_span **spans, size_t *cap);

#endif

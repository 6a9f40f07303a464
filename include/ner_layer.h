/* ner_layer.h — xinwen's own output layer over the LAC network: person/place/org BIO tags
 * from the upper GRU layer's states plus character-class and gazetteer features, decoded by a
 * linear-chain CRF. tools/train fits it on annotated sentences; the result (data/ner_layer.bin)
 * is linked into the binary. The tagger (ner.h) runs it; this module holds its file format and
 * its features, so training and tagging read the same ones. */
#ifndef XINWEN_NER_LAYER_H
#define XINWEN_NER_LAYER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gazetteer.h"
#include "lac_model.h"

/* The tags the layer chooses between, in this order. */
enum ner_bio {
    NER_BIO_O,
    NER_BIO_B_PER,
    NER_BIO_I_PER,
    NER_BIO_B_LOC,
    NER_BIO_I_LOC,
    NER_BIO_B_ORG,
    NER_BIO_I_ORG,
    NER_BIO_TAGS
};

/* The network's states of a character, as ner_states_lines (ner.h) writes them: the forward
 * and reverse states of GRU layer 1, then of layer 2. The layer's dense features are the last
 * NER_DENSE of them, layer 2's (layer 1's add little, and would double the cost of the hidden
 * layer). */
#define NER_STATES ((size_t)4 * LAC_HIDDEN)
#define NER_DENSE ((size_t)2 * LAC_HIDDEN)
#define NER_DENSE_FROM (NER_STATES - NER_DENSE)

/* Each character has one sparse feature from each of NER_SLOTS groups: NER_TEXT_SLOTS read from
 * the text (its character class and its neighbours', the gazetteer names around it, titles
 * before and after it, where it lies in the proper names of jieba's dictionary, the common
 * two-character words that begin and end at and around it, …), then
 * NER_LAC_SLOTS from the LAC model's own tags (word class and entity type, begin or inside) of
 * it and its neighbours. They are numbered 0 … NER_SPARSE-1 across all groups. */
#define NER_TEXT_SLOTS 14
#define NER_LAC_SLOTS 3
#define NER_SLOTS (NER_TEXT_SLOTS + NER_LAC_SLOTS)
#define NER_TEXT_SPARSE 147
#define NER_LAC_VALUES 64 /* LAC tag ids (the model has fewer), and "outside the chunk" */
#define NER_SPARSE (NER_TEXT_SPARSE + NER_LAC_SLOTS * NER_LAC_VALUES)

/* The hidden layer's width must be a multiple of this (the tagger's kernels work in tiles). */
#define NER_HIDDEN_STEP 64

/* A trained layer. emission[t] = out_b[t] + Σ_j in[j]·out_w[j, t] + Σ_slots sparse_w[f, t],
 * where in is the dense features, or max(0, hidden_b + dense · hidden_w) when hidden > 0.
 * The CRF rows are start, end, then from → to transitions, as the LAC model's. When tuned, the
 * layer brings its own weights for GRU layer 2 (LAC's, trained further), which then replace
 * LAC's in the dense features. A layer trained without LAC's tags reads a constant in their
 * slots, so the tagger need not decode them (nor, when tuned, run LAC's own layer 2). */
struct ner_layer {
    uint32_t hidden;         /* 0: emissions linear in the dense features */
    bool tuned;              /* gru holds a retrained GRU layer 2 */
    bool no_lac_tags;        /* the LAC-tag slots hold ner_layer_lac_features(NULL, …) */
    const float *hidden_w;   /* [NER_DENSE, hidden] */
    const float *hidden_b;   /* [hidden] */
    const float *out_w;      /* [hidden ? hidden : NER_DENSE, NER_BIO_TAGS] */
    const float *out_b;      /* [NER_BIO_TAGS] */
    const float *sparse_w;   /* [NER_SPARSE, NER_BIO_TAGS] */
    const float *crf;        /* [NER_BIO_TAGS + 2, NER_BIO_TAGS] */
    struct lac_gru_pair gru; /* as the LAC model's layer[1] */
    const char *about;       /* how it was trained (data, settings, dev score), one line */
    size_t about_len;
    void *image; /* the file ner_layer_load read (the arrays point into it), or NULL */
};

/* The embedded layer, checked (magic, version, shapes, checksum) on first use; thread-safe.
 * NULL, with a message in *error, if it is missing or damaged. */
const struct ner_layer *ner_layer_get(const char **error);

/* NULL if the layer's LAC-tag features can read every tag of m, else why not. */
const char *ner_layer_misfit(const struct lac_model *m);

/* Reads a layer from a file image of size bytes (4-byte aligned; the layer points into it).
 * Returns NULL on success, else what is wrong. */
const char *ner_layer_read(const unsigned char *image, size_t size, struct ner_layer *layer);

/* Reads a layer file, as tools/train writes it (--model FILE). NULL, with a message naming the
 * file in err, when it cannot be read or is not a layer this build can use. */
struct ner_layer *ner_layer_load(const char *path, char *err, size_t err_len);
void ner_layer_free(struct ner_layer *layer);

/* Writes layer in the format ner_layer_read reads; false on a write error (errno set). */
bool ner_layer_write(const struct ner_layer *layer, FILE *f);

/* Number of floats a layer of this shape holds, and their order in one array: hidden_w,
 * hidden_b, out_w, out_b, sparse_w, crf, then when tuned the GRU's fc_w, fc_b, gru_w, gru_b
 * forward and the same in reverse. ner_layer_bind points layer's arrays into params (which
 * must hold ner_layer_params(hidden, tuned) floats) and sets no_lac_tags false. */
size_t ner_layer_params(uint32_t hidden, bool tuned);
void ner_layer_bind(struct ner_layer *layer, uint32_t hidden, bool tuned, const float *params);

/* The text's sparse features of n normalised code points (one line of text, or several
 * separated by '\n'): slots 0 … NER_TEXT_SLOTS-1 of feat[i * NER_SLOTS + k]. user: the --dict
 * entries, or NULL. */
void ner_layer_features(const struct user_dict *user, const int32_t *cps, size_t n, uint16_t *feat);

/* The LAC tags' sparse features of one chunk of n characters the network ran over as one
 * sequence (tags: the LAC model's tag ids, each below NER_LAC_VALUES - 1): the last
 * NER_LAC_SLOTS slots of feat[i * NER_SLOTS + k]. tags NULL: the same constant for every
 * character, as a layer with no_lac_tags reads them (any n characters at once). */
void ner_layer_lac_features(const uint8_t *tags, size_t n, uint16_t *feat);

#endif

/* lac_model.h — the embedded LAC "lac_small" model: vocabulary, tag names and weights, read
 * in place from data/lac_small.bin (made by tools/lac-convert) linked into the binary. */
#ifndef XINWEN_LAC_MODEL_H
#define XINWEN_LAC_MODEL_H

#include <stddef.h>
#include <stdint.h>

#define LAC_EMB 128    /* embedding width */
#define LAC_HIDDEN 128 /* GRU state width */
#define LAC_GATES (3 * LAC_HIDDEN)

/* One bidirectional GRU layer's weights: index 0 runs forward, 1 in reverse. */
struct lac_gru_pair {
    const float *fc_w[2];  /* [in, 3H] input projection (u | r | c) */
    const float *fc_b[2];  /* [3H] */
    const float *gru_w[2]; /* [H, 3H]: [H, 2H] update|reset, then [H, H] candidate */
    const float *gru_b[2]; /* [3H] */
};

/* The model, read-only and shared by all threads. Pointers point into the embedded file. */
struct lac_model {
    uint32_t rows; /* embedding rows (vocabulary ids 0..rows-1) */
    uint32_t n_tags;
    const float *emb;             /* [rows, LAC_EMB] */
    struct lac_gru_pair layer[2]; /* layer 0 reads the embedding, layer 1 the 2H concat */
    const float *out_w;           /* [2H, n_tags] */
    const float *out_b;           /* [n_tags] */
    const float *crf;             /* [n_tags + 2, n_tags]: start row, end row, then from→to */
    const char *const *tag_names; /* n_tags names such as "PER-B" */
    int32_t oov_id;               /* the id characters outside the vocabulary get */
    int32_t *bmp_ids;             /* id of each BMP code point (-1: not in the vocabulary) */
    struct lac_astral {
        int32_t cp, id;
    } * astral; /* sorted; beyond the BMP */
    size_t astral_count;
};

/* The embedded model, checked (magic, version, shapes, checksum) and indexed on first use;
 * thread-safe. Returns NULL, with a message in *error, if the embedded file is damaged. */
const struct lac_model *lac_model_get(const char **error);

/* Vocabulary id of code point cp (already normalised), or the OOV id. */
int32_t lac_model_id(const struct lac_model *m, int32_t cp);

/* Tag id for a name such as "PER-B"; -1 if there is none. */
int lac_model_tag(const struct lac_model *m, const char *name);

#endif

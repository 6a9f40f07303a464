/* ner_kernels.h — the tagger's arithmetic: matrix products, GRU steps and activations over
 * float32, compiled for several x86-64 levels and chosen at run time. Every variant performs
 * the same operations in the same order; the AVX2 and AVX-512 ones fuse each multiply-add
 * (one rounding instead of two), so their floats can differ from the plain variant's in the
 * last bits. The parity tests check the tags of both against the reference. */
#ifndef XINWEN_NER_KERNELS_H
#define XINWEN_NER_KERNELS_H

#include <stddef.h>

/* Columns are processed in tiles of this many; matrices passed to the kernels have a column
 * count that is a multiple of it (the output layer is zero-padded to one). */
#define KERNEL_TILE 64

/* Y[n, cols] = X[n, k] (rows x_stride apart) · W[k, cols] + b[cols]; cols % KERNEL_TILE == 0. */
void kernel_matmul_bias(const float *X, size_t x_stride, size_t n, size_t k, const float *W,
                        const float *b, size_t cols, float *Y);

/* count GRUs side by side: sequence q has len[q] steps (len sorted in decreasing order) over
 * proj[q] ([len[q], 3·128]), forward or reverse, and writes the 128-float state of its step t
 * to out[q] + t * out_stride. W is [128, 256] then [128, 128]; state is scratch for
 * count × 128 floats. Each sequence's results are the same as when run alone. */
void kernel_gru_batch(const float *const *proj, const size_t *len, size_t count, const float *W,
                      const float *b, int reverse, float *const *out, size_t out_stride,
                      float *state);

/* Linear-chain CRF decoding as Paddle's crf_decoding does it: emission[n, stride] scores,
 * crf[n_tags + 2, n_tags] (start row, end row, then from→to transitions); ties go to the
 * lowest tag. back needs n × n_tags bytes; n_tags ≤ 256; tags[n] receives the best path. */
void kernel_viterbi(const float *emission, size_t stride, size_t n, const float *crf, size_t n_tags,
                    unsigned char *back, unsigned char *tags);

/* x[i] = max(x[i], 0) for n floats. */
void kernel_relu(float *x, size_t n);

/* "plain", "avx2" or "avx512": the variant this CPU runs. */
const char *kernel_variant(void);

#endif

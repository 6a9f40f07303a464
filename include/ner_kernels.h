/* ner_kernels.h — the tagger's arithmetic: matrix products, GRU steps and activations over
 * float32, compiled for several x86-64 levels and chosen at run time. Every variant performs
 * the same operations in the same order (no fused multiply-add), so all give identical
 * results; only their speed differs. */
#ifndef XINWEN_NER_KERNELS_H
#define XINWEN_NER_KERNELS_H

#include <stddef.h>

/* Columns are processed in tiles of this many; matrices passed to the kernels have a column
 * count that is a multiple of it (the output layer is zero-padded to one). */
#define KERNEL_TILE 64

/* Y[n, cols] = X[n, k] (rows x_stride apart) · W[k, cols] + b[cols]; cols % KERNEL_TILE == 0. */
void kernel_matmul_bias(const float *X, size_t x_stride, size_t n, size_t k, const float *W,
                        const float *b, size_t cols, float *Y);

/* One GRU over proj[n, 3·128] (see ner.c for the equations), forward or reverse, writing the
 * 128-float state of step t to out + t * out_stride. W is [128, 256] then [128, 128]. */
void kernel_gru(const float *proj, size_t n, const float *W, const float *b, int reverse,
                float *out, size_t out_stride);

/* Linear-chain CRF decoding as Paddle's crf_decoding does it: emission[n, stride] scores,
 * crf[n_tags + 2, n_tags] (start row, end row, then from→to transitions); ties go to the
 * lowest tag. back needs n × n_tags bytes; n_tags ≤ 256; tags[n] receives the best path. */
void kernel_viterbi(const float *emission, size_t stride, size_t n, const float *crf, size_t n_tags,
                    unsigned char *back, unsigned char *tags);

/* exp(x) to within a few units in the last place, written so compilers vectorise it. */
float kernel_expf(float x);

#endif

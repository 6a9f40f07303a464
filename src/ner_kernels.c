/* ner_kernels.c — float32 kernels of the tagger (see ner_kernels.h). On x86-64 each exported
 * kernel is cloned for the baseline, x86-64-v3 (AVX2) and x86-64-v4 (AVX-512), and the loader
 * picks the best the CPU supports; elsewhere, or with -DXINWEN_GENERIC_KERNELS (the sanitizer
 * build of `make check`, so the tests cover it), only the plain version is built. */
#include "ner_kernels.h"

#include <stdint.h>
#include <string.h>

#define H ((size_t)128)

#if defined(__x86_64__) && defined(__GNUC__) && !defined(XINWEN_GENERIC_KERNELS)
#define KERNEL_CLONES __attribute__((target_clones("default", "arch=x86-64-v3", "arch=x86-64-v4")))
#else
#define KERNEL_CLONES
#endif

/* exp by range reduction to 2^n · 2^f, |f| ≤ 0.5, with a degree-6 polynomial for 2^f. */
static inline __attribute__((always_inline)) float exp_inline(float x)
{
    x = x < -87.0f ? -87.0f : x > 88.0f ? 88.0f : x;
    float t = x * 1.44269504088896341f;
    float n = (t + 12582912.0f) - 12582912.0f; /* round to nearest */
    float f = t - n;
    float p = 1.5403530393381606e-4f;
    p = p * f + 1.3333558146428443e-3f;
    p = p * f + 9.6181291076284772e-3f;
    p = p * f + 5.5504108664821580e-2f;
    p = p * f + 2.4022650695910071e-1f;
    p = p * f + 6.9314718055994531e-1f;
    p = p * f + 1.0f;
    int32_t bits = ((int32_t)n + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

float kernel_expf(float x)
{
    return exp_inline(x);
}

static inline __attribute__((always_inline)) float sigmoid_inline(float x)
{
    return 1.0f / (1.0f + exp_inline(-x));
}

static inline __attribute__((always_inline)) float tanh_inline(float x)
{
    return 2.0f / (1.0f + exp_inline(-2.0f * x)) - 1.0f;
}

/* One tile: rows r0..r0+rows-1 (rows ≤ 4) × columns j0..j0+KERNEL_TILE-1. */
static inline __attribute__((always_inline)) void matmul_tile(const float *restrict X,
                                                              size_t x_stride, size_t rows,
                                                              size_t k, const float *restrict W,
                                                              const float *restrict b, size_t cols,
                                                              size_t j0, float *restrict Y)
{
    float acc[4][KERNEL_TILE];
    for (size_t r = 0; r < 4; r++)
        for (size_t j = 0; j < KERNEL_TILE; j++)
            acc[r][j] = b[j0 + j];
    if (rows == 4) {
        const float *x0 = X, *x1 = X + x_stride, *x2 = X + 2 * x_stride, *x3 = X + 3 * x_stride;
        for (size_t i = 0; i < k; i++) {
            const float *w = W + i * cols + j0;
            float a0 = x0[i], a1 = x1[i], a2 = x2[i], a3 = x3[i];
            for (size_t j = 0; j < KERNEL_TILE; j++) {
                acc[0][j] += a0 * w[j];
                acc[1][j] += a1 * w[j];
                acc[2][j] += a2 * w[j];
                acc[3][j] += a3 * w[j];
            }
        }
    } else {
        for (size_t i = 0; i < k; i++) {
            const float *w = W + i * cols + j0;
            for (size_t r = 0; r < rows; r++) {
                float a = X[r * x_stride + i];
                for (size_t j = 0; j < KERNEL_TILE; j++)
                    acc[r][j] += a * w[j];
            }
        }
    }
    for (size_t r = 0; r < rows; r++)
        memcpy(Y + r * cols + j0, acc[r], sizeof acc[r]);
}

KERNEL_CLONES
void kernel_matmul_bias(const float *X, size_t x_stride, size_t n, size_t k, const float *W,
                        const float *b, size_t cols, float *Y)
{
    for (size_t t = 0; t < n; t += 4) {
        size_t rows = n - t < 4 ? n - t : 4;
        for (size_t j0 = 0; j0 < cols; j0 += KERNEL_TILE)
            matmul_tile(X + t * x_stride, x_stride, rows, k, W, b, cols, j0, Y + t * cols);
    }
}

/* out[cols] += v[0..rows) · W[rows, cols], all columns at once so the compiler has cols/16
 * independent accumulators (enough to hide the add latency) held in registers. */
#define MATVEC(NAME, COLS)                                                                         \
    static inline __attribute__((always_inline)) void NAME(                                        \
        const float *restrict v, size_t rows, const float *restrict W, float *restrict out)        \
    {                                                                                              \
        float acc[COLS];                                                                           \
        memcpy(acc, out, sizeof acc);                                                              \
        for (size_t i = 0; i < rows; i++) {                                                        \
            const float *w = W + i * (COLS);                                                       \
            float a = v[i];                                                                        \
            for (size_t j = 0; j < (COLS); j++)                                                    \
                acc[j] += a * w[j];                                                                \
        }                                                                                          \
        memcpy(out, acc, sizeof acc);                                                              \
    }
MATVEC(matvec_2h, 2 * H)
MATVEC(matvec_h, H)

/* u = σ(x_u + b_u + h·W_u), r = σ(x_r + b_r + h·W_r), c = tanh(x_c + b_c + (r⊙h)·W_c),
 * h' = (1 − u)⊙h + u⊙c — Paddle's dynamic_gru with origin_mode off. */
KERNEL_CLONES
void kernel_gru(const float *proj, size_t n, const float *W, const float *b, int reverse,
                float *out, size_t out_stride)
{
    const float *W_ur = W, *W_c = W + H * 2 * H;
    float h[H], ur[2 * H], rh[H], c[H];
    memset(h, 0, sizeof h);
    for (size_t s = 0; s < n; s++) {
        size_t t = reverse ? n - 1 - s : s;
        const float *x = proj + t * 3 * H;
        for (size_t j = 0; j < 2 * H; j++)
            ur[j] = x[j] + b[j];
        matvec_2h(h, H, W_ur, ur);
        for (size_t j = 0; j < H; j++)
            rh[j] = sigmoid_inline(ur[H + j]) * h[j];
        for (size_t j = 0; j < H; j++)
            c[j] = x[2 * H + j] + b[2 * H + j];
        matvec_h(rh, H, W_c, c);
        float *o = out + t * out_stride;
        for (size_t j = 0; j < H; j++) {
            float u = sigmoid_inline(ur[j]);
            h[j] = (1.0f - u) * h[j] + u * tanh_inline(c[j]);
            o[j] = h[j];
        }
    }
}

KERNEL_CLONES
void kernel_viterbi(const float *emission, size_t stride, size_t n, const float *crf, size_t n_tags,
                    unsigned char *back, unsigned char *tags)
{
    if (n == 0 || n_tags == 0 || n_tags > 256)
        return;
    const size_t T = n_tags;
    const float *start = crf, *end = crf + T, *trans = crf + 2 * T;
    float score[256], next[256];
    unsigned char arg_of[256];
    for (size_t j = 0; j < T; j++)
        score[j] = start[j] + emission[j];
    for (size_t s = 1; s < n; s++) {
        /* best predecessor of every tag j at once: i ascending with a strict > keeps the
         * first maximum, as Paddle's loop over i for each j does */
        for (size_t j = 0; j < T; j++) {
            next[j] = score[0] + trans[j];
            arg_of[j] = 0;
        }
        for (size_t i = 1; i < T; i++) {
            const float *row = trans + i * T;
            float si = score[i];
            for (size_t j = 0; j < T; j++) {
                float v = si + row[j];
                int better = v > next[j];
                next[j] = better ? v : next[j];
                arg_of[j] = better ? (unsigned char)i : arg_of[j];
            }
        }
        const float *e = emission + s * stride;
        for (size_t j = 0; j < T; j++)
            score[j] = next[j] + e[j];
        memcpy(back + s * T, arg_of, T);
    }
    size_t arg = 0;
    float best = score[0] + end[0];
    for (size_t j = 1; j < T; j++) {
        if (score[j] + end[j] > best) {
            best = score[j] + end[j];
            arg = j;
        }
    }
    for (size_t s = n; s-- > 0;) {
        tags[s] = (unsigned char)arg;
        if (s > 0)
            arg = back[s * T + arg];
    }
}

/* ner_kernels.c — float32 kernels of the tagger (see ner_kernels.h). Each kernel is written
 * once (the *_impl functions) and compiled three times on x86-64: plain, AVX2+FMA and
 * AVX-512; the first call picks the best the CPU supports. Elsewhere, or with
 * -DXINWEN_GENERIC_KERNELS (the sanitizer build of `make check`, so the tests cover it), only
 * the plain version is built. */
#include "ner_kernels.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#define H ((size_t)128)

#if defined(__x86_64__) && defined(__GNUC__) && !defined(XINWEN_GENERIC_KERNELS)
#define KERNEL_VARIANTS 1
#endif

#define ALWAYS_INLINE static inline __attribute__((always_inline))

/* exp by range reduction to 2^n · 2^f, |f| ≤ 0.5, with a degree-6 polynomial for 2^f. */
ALWAYS_INLINE float exp_inline(float x)
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

ALWAYS_INLINE float sigmoid_inline(float x)
{
    return 1.0f / (1.0f + exp_inline(-x));
}

ALWAYS_INLINE float tanh_inline(float x)
{
    return 2.0f / (1.0f + exp_inline(-2.0f * x)) - 1.0f;
}

/* 16 floats as one value: GCC and Clang map it to one AVX-512 register, two AVX2 ones or four
 * SSE ones, so the tile below is written once for every clone. */
typedef float v16 __attribute__((vector_size(64)));
/* the same, at any float's address, for loads and stores */
typedef float v16u __attribute__((vector_size(64), aligned(4), may_alias));
#define load16(p) (*(const v16u *)(const void *)(p))
#define store16(p, v) (*(v16u *)(void *)(p) = (v))

/* acc[r][j0..j0+64) += in[r][0..k) · W[k, cols][·, j0..j0+64) for r < rows ≤ 4: sixteen
 * accumulators in registers, each row of W loaded once for all rows. For every element the
 * order is that of a plain dot product: acc, then + in[0]·w[0], + in[1]·w[1], … */
ALWAYS_INLINE void tile(const float *const *in, size_t rows, size_t k, const float *restrict W,
                        size_t cols, size_t j0, float *const *acc)
{
    if (rows == 4) {
        v16 a0[4], a1[4], a2[4], a3[4];
        for (size_t q = 0; q < 4; q++) {
            a0[q] = load16(acc[0] + j0 + 16 * q);
            a1[q] = load16(acc[1] + j0 + 16 * q);
            a2[q] = load16(acc[2] + j0 + 16 * q);
            a3[q] = load16(acc[3] + j0 + 16 * q);
        }
        const float *x0 = in[0], *x1 = in[1], *x2 = in[2], *x3 = in[3];
        for (size_t i = 0; i < k; i++) {
            const float *w = W + i * cols + j0;
            v16 w0 = load16(w), w1 = load16(w + 16), w2 = load16(w + 32), w3 = load16(w + 48);
            float s0 = x0[i], s1 = x1[i], s2 = x2[i], s3 = x3[i];
            a0[0] += s0 * w0, a0[1] += s0 * w1, a0[2] += s0 * w2, a0[3] += s0 * w3;
            a1[0] += s1 * w0, a1[1] += s1 * w1, a1[2] += s1 * w2, a1[3] += s1 * w3;
            a2[0] += s2 * w0, a2[1] += s2 * w1, a2[2] += s2 * w2, a2[3] += s2 * w3;
            a3[0] += s3 * w0, a3[1] += s3 * w1, a3[2] += s3 * w2, a3[3] += s3 * w3;
        }
        for (size_t q = 0; q < 4; q++) {
            store16(acc[0] + j0 + 16 * q, a0[q]);
            store16(acc[1] + j0 + 16 * q, a1[q]);
            store16(acc[2] + j0 + 16 * q, a2[q]);
            store16(acc[3] + j0 + 16 * q, a3[q]);
        }
        return;
    }
    for (size_t r = 0; r < rows; r++) {
        v16 a[4];
        for (size_t q = 0; q < 4; q++)
            a[q] = load16(acc[r] + j0 + 16 * q);
        const float *x = in[r];
        for (size_t i = 0; i < k; i++) {
            const float *w = W + i * cols + j0;
            float sx = x[i];
            a[0] += sx * load16(w), a[1] += sx * load16(w + 16);
            a[2] += sx * load16(w + 32), a[3] += sx * load16(w + 48);
        }
        for (size_t q = 0; q < 4; q++)
            store16(acc[r] + j0 + 16 * q, a[q]);
    }
}

/* The same tile as plain loops, which compilers vectorise to the width at hand: better where
 * sixteen 64-byte accumulators do not fit in registers (SSE, AVX2). */
ALWAYS_INLINE void tile_loops(const float *const *in, size_t rows, size_t k,
                              const float *restrict W, size_t cols, size_t j0, float *const *acc)
{
    float a[4][KERNEL_TILE];
    for (size_t r = 0; r < rows; r++)
        memcpy(a[r], acc[r] + j0, sizeof a[r]);
    if (rows == 4) {
        const float *x0 = in[0], *x1 = in[1], *x2 = in[2], *x3 = in[3];
        for (size_t i = 0; i < k; i++) {
            const float *w = W + i * cols + j0;
            float s0 = x0[i], s1 = x1[i], s2 = x2[i], s3 = x3[i];
            for (size_t j = 0; j < KERNEL_TILE; j++) {
                a[0][j] += s0 * w[j];
                a[1][j] += s1 * w[j];
                a[2][j] += s2 * w[j];
                a[3][j] += s3 * w[j];
            }
        }
    } else {
        for (size_t i = 0; i < k; i++) {
            const float *w = W + i * cols + j0;
            for (size_t r = 0; r < rows; r++) {
                float sx = in[r][i];
                for (size_t j = 0; j < KERNEL_TILE; j++)
                    a[r][j] += sx * w[j];
            }
        }
    }
    for (size_t r = 0; r < rows; r++)
        memcpy(acc[r] + j0, a[r], sizeof a[r]);
}

/* acc[r][0..cols) += in[r] · W for r < rows ≤ 4, tile by tile; wide (a constant after
 * inlining) picks the register-tile form for AVX-512. */
ALWAYS_INLINE void rows_times_w(const float *const *in, size_t rows, size_t k,
                                const float *restrict W, size_t cols, float *const *acc, int wide)
{
    for (size_t j0 = 0; j0 < cols; j0 += KERNEL_TILE) {
        if (wide)
            tile(in, rows, k, W, cols, j0, acc);
        else
            tile_loops(in, rows, k, W, cols, j0, acc);
    }
}

ALWAYS_INLINE void matmul_impl(const float *X, size_t x_stride, size_t n, size_t k, const float *W,
                               const float *b, size_t cols, float *Y, int wide)
{
    for (size_t t = 0; t < n; t += 4) {
        size_t rows = n - t < 4 ? n - t : 4;
        const float *in[4];
        float *out[4];
        for (size_t r = 0; r < rows; r++) {
            in[r] = X + (t + r) * x_stride;
            out[r] = Y + (t + r) * cols;
            memcpy(out[r], b, cols * sizeof *b);
        }
        rows_times_w(in, rows, k, W, cols, out, wide);
    }
}

/* u = σ(x_u + b_u + h·W_u), r = σ(x_r + b_r + h·W_r), c = tanh(x_c + b_c + (r⊙h)·W_c),
 * h' = (1 − u)⊙h + u⊙c — Paddle's dynamic_gru with origin_mode off. Sequences run side by
 * side, four at a time, so each row of W read from cache serves four of them. */
ALWAYS_INLINE void gru_impl(const float *const *proj, const size_t *len, size_t count,
                            const float *W, const float *b, int reverse, float *const *out,
                            size_t out_stride, float *state, int wide)
{
    const float *W_ur = W, *W_c = W + H * 2 * H;
    memset(state, 0, count * H * sizeof *state);
    size_t steps = count ? len[0] : 0;
    for (size_t s = 0; s < steps; s++) {
        size_t active = count;
        while (active > 0 && len[active - 1] <= s)
            active--;
        for (size_t g = 0; g < active; g += 4) {
            size_t rows = active - g < 4 ? active - g : 4;
            float ur[4][2 * H], rh[4][H], c[4][H];
            const float *x[4], *hin[4], *rin[4];
            float *ur_rows[4], *c_rows[4];
            size_t t[4];
            for (size_t r = 0; r < rows; r++) {
                size_t q = g + r;
                t[r] = reverse ? len[q] - 1 - s : s;
                x[r] = proj[q] + t[r] * 3 * H;
                hin[r] = state + q * H;
                rin[r] = rh[r];
                ur_rows[r] = ur[r];
                c_rows[r] = c[r];
                for (size_t j = 0; j < 2 * H; j++)
                    ur[r][j] = x[r][j] + b[j];
                for (size_t j = 0; j < H; j++)
                    c[r][j] = x[r][2 * H + j] + b[2 * H + j];
            }
            rows_times_w(hin, rows, H, W_ur, 2 * H, ur_rows, wide);
            for (size_t r = 0; r < rows; r++)
                for (size_t j = 0; j < H; j++)
                    rh[r][j] = sigmoid_inline(ur[r][H + j]) * hin[r][j];
            rows_times_w(rin, rows, H, W_c, H, c_rows, wide);
            for (size_t r = 0; r < rows; r++) {
                float *h = state + (g + r) * H;
                float *o = out[g + r] + t[r] * out_stride;
                for (size_t j = 0; j < H; j++) {
                    float u = sigmoid_inline(ur[r][j]);
                    h[j] = (1.0f - u) * h[j] + u * tanh_inline(c[r][j]);
                    o[j] = h[j];
                }
            }
        }
    }
}

ALWAYS_INLINE void viterbi_impl(const float *emission, size_t stride, size_t n, const float *crf,
                                size_t n_tags, unsigned char *back, unsigned char *tags)
{
    if (n == 0 || n_tags == 0 || n_tags > 256)
        return;
    const size_t T = n_tags;
    const float *start = crf, *end = crf + T, *trans = crf + 2 * T;
    float score[256], next[256];
    int arg_of[256]; /* int, not char, so the selects below vectorise */
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
                arg_of[j] = better ? (int)i : arg_of[j];
            }
        }
        const float *e = emission + s * stride;
        for (size_t j = 0; j < T; j++)
            score[j] = next[j] + e[j];
        for (size_t j = 0; j < T; j++)
            back[s * T + j] = (unsigned char)arg_of[j];
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

/* ---- one compiled variant of the three kernels per instruction set, chosen at run time ---- */

#define MATMUL_ARGS                                                                                \
    const float *X, size_t x_stride, size_t n, size_t k, const float *W, const float *b,           \
        size_t cols, float *Y
#define GRU_ARGS                                                                                   \
    const float *const *proj, const size_t *len, size_t count, const float *W, const float *b,     \
        int reverse, float *const *out, size_t out_stride, float *state
#define VITERBI_ARGS                                                                               \
    const float *emission, size_t stride, size_t n, const float *crf, size_t n_tags,               \
        unsigned char *back, unsigned char *tags

struct kernel_set {
    void (*matmul)(MATMUL_ARGS);
    void (*gru)(GRU_ARGS);
    void (*viterbi)(VITERBI_ARGS);
};

#define DEFINE_VARIANT(NAME, ATTRIBUTES, WIDE)                                                     \
    ATTRIBUTES static void matmul_##NAME(MATMUL_ARGS) /* NOLINT(bugprone-macro-parentheses) */     \
    {                                                                                              \
        matmul_impl(X, x_stride, n, k, W, b, cols, Y, (WIDE));                                     \
    }                                                                                              \
    ATTRIBUTES static void gru_##NAME(GRU_ARGS) /* NOLINT(bugprone-macro-parentheses) */           \
    {                                                                                              \
        gru_impl(proj, len, count, W, b, reverse, out, out_stride, state, (WIDE));                 \
    }                                                                                              \
    ATTRIBUTES static void viterbi_##NAME(VITERBI_ARGS) /* NOLINT(bugprone-macro-parentheses) */   \
    {                                                                                              \
        viterbi_impl(emission, stride, n, crf, n_tags, back, tags);                                \
    }                                                                                              \
    static const struct kernel_set kernels_##NAME = {matmul_##NAME, gru_##NAME, viterbi_##NAME};

DEFINE_VARIANT(plain, , 0)
#ifdef KERNEL_VARIANTS
DEFINE_VARIANT(avx2, __attribute__((target("avx2,fma"))), 0)
DEFINE_VARIANT(avx512, __attribute__((target("avx512f,avx512vl,avx512bw,avx512dq,avx2,fma"))), 1)
#endif

static const struct kernel_set *chosen;
static pthread_once_t chosen_once = PTHREAD_ONCE_INIT;

static void choose(void)
{
    chosen = &kernels_plain;
#ifdef KERNEL_VARIANTS
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")
        && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq"))
        chosen = &kernels_avx512;
    else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        chosen = &kernels_avx2;
#endif
}

static const struct kernel_set *kernels(void)
{
    pthread_once(&chosen_once, choose);
    return chosen;
}

const char *kernel_variant(void)
{
    const struct kernel_set *k = kernels();
#ifdef KERNEL_VARIANTS
    if (k == &kernels_avx512)
        return "avx512";
    if (k == &kernels_avx2)
        return "avx2";
#endif
    (void)k;
    return "plain";
}

void kernel_matmul_bias(MATMUL_ARGS)
{
    kernels()->matmul(X, x_stride, n, k, W, b, cols, Y);
}

void kernel_gru_batch(GRU_ARGS)
{
    kernels()->gru(proj, len, count, W, b, reverse, out, out_stride, state);
}

void kernel_viterbi(VITERBI_ARGS)
{
    kernels()->viterbi(emission, stride, n, crf, n_tags, back, tags);
}

/* One variant: at -O3 the compiler vectorises it for the baseline, which is fast enough here. */
void kernel_relu(float *x, size_t n)
{
    for (size_t i = 0; i < n; i++)
        x[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

#include "core/landscape/MlpKernels.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define MODESCAPE_DENSE_AVX2 1
#endif

namespace modescape::landscape::mlp {

#ifdef MODESCAPE_DENSE_AVX2
namespace {

#define MODESCAPE_AVX2_FMA __attribute__((target("avx2,fma"), always_inline)) inline

// Register v of 8 floats from p; in the last register of a partial block only
// the lanes of `mask` are read or written (so nothing past a row's end).
template <bool Masked>
MODESCAPE_AVX2_FMA __m256 load(const float* p, __m256i mask) {
    if constexpr (Masked)
        return _mm256_maskload_ps(p, mask);
    else
        return _mm256_loadu_ps(p);
}

// max(0, x) gives x when x is NaN (the second operand), as relu() does.
template <bool Masked>
MODESCAPE_AVX2_FMA void store(float* d, __m256 v, bool relu, __m256i mask) {
    if (relu)
        v = _mm256_max_ps(_mm256_setzero_ps(), v);
    if constexpr (Masked)
        _mm256_maskstore_ps(d, mask, v);
    else
        _mm256_storeu_ps(d, v);
}

// Two rows by V registers of 8 outputs (the last one partial when Partial):
// 2 V accumulators, V weight loads and two broadcasts per input, so the FMA
// units, not the loads, set the pace. The accumulators are named variables:
// held in an array, GCC stores them back to the stack on every input.
template <int V, bool Partial>
__attribute__((target("avx2,fma"))) void twoRows(const float* s0, const float* s1,
                                                 std::int64_t inputs, const float* wt,
                                                 std::int64_t ldw, const float* bias, bool relu,
                                                 __m256i mask, float* d0, float* d1) {
    static_assert(V >= 1 && V <= 4);
    constexpr bool m0 = Partial && V == 1, m1 = Partial && V == 2, m2 = Partial && V == 3,
                   m3 = Partial && V == 4;
    const __m256 zero = _mm256_setzero_ps();
    const __m256 b0 = load<m0>(bias, mask);
    const __m256 b1 = V > 1 ? load<m1>(bias + 8, mask) : zero;
    const __m256 b2 = V > 2 ? load<m2>(bias + 16, mask) : zero;
    const __m256 b3 = V > 3 ? load<m3>(bias + 24, mask) : zero;
    __m256 a00 = b0, a01 = b1, a02 = b2, a03 = b3;
    __m256 a10 = b0, a11 = b1, a12 = b2, a13 = b3;
    for (std::int64_t i = 0; i < inputs; ++i) {
        const __m256 x0 = _mm256_broadcast_ss(s0 + i), x1 = _mm256_broadcast_ss(s1 + i);
        const float* w = wt + i * ldw;
        const __m256 w0 = load<m0>(w, mask);
        a00 = _mm256_fmadd_ps(x0, w0, a00);
        a10 = _mm256_fmadd_ps(x1, w0, a10);
        if constexpr (V > 1) {
            const __m256 w1 = load<m1>(w + 8, mask);
            a01 = _mm256_fmadd_ps(x0, w1, a01);
            a11 = _mm256_fmadd_ps(x1, w1, a11);
        }
        if constexpr (V > 2) {
            const __m256 w2 = load<m2>(w + 16, mask);
            a02 = _mm256_fmadd_ps(x0, w2, a02);
            a12 = _mm256_fmadd_ps(x1, w2, a12);
        }
        if constexpr (V > 3) {
            const __m256 w3 = load<m3>(w + 24, mask);
            a03 = _mm256_fmadd_ps(x0, w3, a03);
            a13 = _mm256_fmadd_ps(x1, w3, a13);
        }
    }
    store<m0>(d0, a00, relu, mask);
    store<m0>(d1, a10, relu, mask);
    if constexpr (V > 1) {
        store<m1>(d0 + 8, a01, relu, mask);
        store<m1>(d1 + 8, a11, relu, mask);
    }
    if constexpr (V > 2) {
        store<m2>(d0 + 16, a02, relu, mask);
        store<m2>(d1 + 16, a12, relu, mask);
    }
    if constexpr (V > 3) {
        store<m3>(d0 + 24, a03, relu, mask);
        store<m3>(d1 + 24, a13, relu, mask);
    }
}

// Three rows by four whole registers (32 outputs, the common hidden width):
// twelve sums hide the FMA latency that two rows' eight leave exposed, and
// with the weights read as the FMAs' memory operands they fit the sixteen
// registers (twelve sums, three broadcasts).
__attribute__((target("avx2,fma"))) void threeRows(const float* s0, std::int64_t inputs,
                                                   const float* wt, std::int64_t ldw,
                                                   const float* bias, bool relu, float* d0,
                                                   std::int64_t ldd) {
    const __m256i all = _mm256_set1_epi32(-1);
    const __m256 b0 = _mm256_loadu_ps(bias), b1 = _mm256_loadu_ps(bias + 8),
                 b2 = _mm256_loadu_ps(bias + 16), b3 = _mm256_loadu_ps(bias + 24);
    __m256 a00 = b0, a01 = b1, a02 = b2, a03 = b3;
    __m256 a10 = b0, a11 = b1, a12 = b2, a13 = b3;
    __m256 a20 = b0, a21 = b1, a22 = b2, a23 = b3;
    const float* s1 = s0 + inputs;
    const float* s2 = s1 + inputs;
    for (std::int64_t i = 0; i < inputs; ++i) {
        const __m256 x0 = _mm256_broadcast_ss(s0 + i), x1 = _mm256_broadcast_ss(s1 + i),
                     x2 = _mm256_broadcast_ss(s2 + i);
        const float* w = wt + i * ldw;
        a00 = _mm256_fmadd_ps(x0, _mm256_loadu_ps(w), a00);
        a10 = _mm256_fmadd_ps(x1, _mm256_loadu_ps(w), a10);
        a20 = _mm256_fmadd_ps(x2, _mm256_loadu_ps(w), a20);
        a01 = _mm256_fmadd_ps(x0, _mm256_loadu_ps(w + 8), a01);
        a11 = _mm256_fmadd_ps(x1, _mm256_loadu_ps(w + 8), a11);
        a21 = _mm256_fmadd_ps(x2, _mm256_loadu_ps(w + 8), a21);
        a02 = _mm256_fmadd_ps(x0, _mm256_loadu_ps(w + 16), a02);
        a12 = _mm256_fmadd_ps(x1, _mm256_loadu_ps(w + 16), a12);
        a22 = _mm256_fmadd_ps(x2, _mm256_loadu_ps(w + 16), a22);
        a03 = _mm256_fmadd_ps(x0, _mm256_loadu_ps(w + 24), a03);
        a13 = _mm256_fmadd_ps(x1, _mm256_loadu_ps(w + 24), a13);
        a23 = _mm256_fmadd_ps(x2, _mm256_loadu_ps(w + 24), a23);
    }
    float* d1 = d0 + ldd;
    float* d2 = d1 + ldd;
    store<false>(d0, a00, relu, all);
    store<false>(d0 + 8, a01, relu, all);
    store<false>(d0 + 16, a02, relu, all);
    store<false>(d0 + 24, a03, relu, all);
    store<false>(d1, a10, relu, all);
    store<false>(d1 + 8, a11, relu, all);
    store<false>(d1 + 16, a12, relu, all);
    store<false>(d1 + 24, a13, relu, all);
    store<false>(d2, a20, relu, all);
    store<false>(d2 + 8, a21, relu, all);
    store<false>(d2 + 16, a22, relu, all);
    store<false>(d2 + 24, a23, relu, all);
}

// Eight rows by one register (outputs [0, 8) or fewer, masked): with two rows
// a layer this narrow would wait on each accumulator's FMA latency; eight
// independent sums keep the units busy (the logits of a few classes).
template <bool Masked>
__attribute__((target("avx2,fma"))) void eightRows(const float* src, std::int64_t inputs,
                                                   const float* wt, std::int64_t ldw,
                                                   const float* bias, bool relu, __m256i mask,
                                                   float* dst, std::int64_t ldd) {
    const __m256 b = load<Masked>(bias, mask);
    __m256 a0 = b, a1 = b, a2 = b, a3 = b, a4 = b, a5 = b, a6 = b, a7 = b;
    for (std::int64_t i = 0; i < inputs; ++i) {
        const __m256 w = load<Masked>(wt + i * ldw, mask);
        const float* x = src + i;
        a0 = _mm256_fmadd_ps(_mm256_broadcast_ss(x), w, a0);
        a1 = _mm256_fmadd_ps(_mm256_broadcast_ss(x + inputs), w, a1);
        a2 = _mm256_fmadd_ps(_mm256_broadcast_ss(x + 2 * inputs), w, a2);
        a3 = _mm256_fmadd_ps(_mm256_broadcast_ss(x + 3 * inputs), w, a3);
        a4 = _mm256_fmadd_ps(_mm256_broadcast_ss(x + 4 * inputs), w, a4);
        a5 = _mm256_fmadd_ps(_mm256_broadcast_ss(x + 5 * inputs), w, a5);
        a6 = _mm256_fmadd_ps(_mm256_broadcast_ss(x + 6 * inputs), w, a6);
        a7 = _mm256_fmadd_ps(_mm256_broadcast_ss(x + 7 * inputs), w, a7);
    }
    store<Masked>(dst, a0, relu, mask);
    store<Masked>(dst + ldd, a1, relu, mask);
    store<Masked>(dst + 2 * ldd, a2, relu, mask);
    store<Masked>(dst + 3 * ldd, a3, relu, mask);
    store<Masked>(dst + 4 * ldd, a4, relu, mask);
    store<Masked>(dst + 5 * ldd, a5, relu, mask);
    store<Masked>(dst + 6 * ldd, a6, relu, mask);
    store<Masked>(dst + 7 * ldd, a7, relu, mask);
}

// Outputs [o0, o0 + width) of every row, width <= 32 (V = width / 8 rounded
// up); an odd last row is computed twice into a spare row.
template <int V, bool Partial>
__attribute__((target("avx2,fma"))) void block(const float* src, std::int64_t rows,
                                               std::int64_t inputs, const float* wt,
                                               std::int64_t outputs, std::int64_t o0,
                                               std::int64_t width, const float* bias, bool relu,
                                               float* dst) {
    // Lanes below width - 8 (V - 1) are in the block.
    const __m256i mask =
        _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(width - 8 * (V - 1))),
                           _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    std::int64_t r = 0;
    if constexpr (V == 4 && !Partial)
        for (; r + 2 < rows; r += 3)
            threeRows(src + r * inputs, inputs, wt + o0, outputs, bias + o0, relu,
                      dst + r * outputs + o0, outputs);
    if constexpr (V == 1)
        for (; r + 7 < rows; r += 8)
            eightRows<Partial>(src + r * inputs, inputs, wt + o0, outputs, bias + o0, relu, mask,
                               dst + r * outputs + o0, outputs);
    for (; r + 1 < rows; r += 2)
        twoRows<V, Partial>(src + r * inputs, src + (r + 1) * inputs, inputs, wt + o0, outputs,
                            bias + o0, relu, mask, dst + r * outputs + o0,
                            dst + (r + 1) * outputs + o0);
    if (r < rows) {
        float spare[8 * V];
        twoRows<V, Partial>(src + r * inputs, src + r * inputs, inputs, wt + o0, outputs, bias + o0,
                            relu, mask, dst + r * outputs + o0, spare);
    }
}

template <int V>
void lastBlock(const float* src, std::int64_t rows, std::int64_t inputs, const float* wt,
               std::int64_t outputs, std::int64_t o0, const float* bias, bool relu, float* dst) {
    const std::int64_t width = outputs - o0;
    if (width == 8 * V)
        block<V, false>(src, rows, inputs, wt, outputs, o0, width, bias, relu, dst);
    else
        block<V, true>(src, rows, inputs, wt, outputs, o0, width, bias, relu, dst);
}

bool hasAvx2Fma() {
    static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return yes;
}

}  // namespace

bool denseCovers(std::int64_t outputs) {
    return outputs > 0 && hasAvx2Fma();
}

void dense(const float* src, std::int64_t rows, std::int64_t inputs, const float* wt,
           std::int64_t outputs, const float* bias, bool relu, float* dst) {
    // Blocks of 32 outputs (4 registers per row), then what is left, its
    // last register partial unless the width is a multiple of 8.
    std::int64_t o0 = 0;
    for (; o0 + 32 <= outputs; o0 += 32)
        block<4, false>(src, rows, inputs, wt, outputs, o0, 32, bias, relu, dst);
    switch ((outputs - o0 + 7) / 8) {
        case 4:
            lastBlock<4>(src, rows, inputs, wt, outputs, o0, bias, relu, dst);
            break;
        case 3:
            lastBlock<3>(src, rows, inputs, wt, outputs, o0, bias, relu, dst);
            break;
        case 2:
            lastBlock<2>(src, rows, inputs, wt, outputs, o0, bias, relu, dst);
            break;
        case 1:
            lastBlock<1>(src, rows, inputs, wt, outputs, o0, bias, relu, dst);
            break;
        default:
            break;
    }
}

#else

bool denseCovers(std::int64_t) {
    return false;
}

void dense(const float*, std::int64_t, std::int64_t, const float*, std::int64_t, const float*, bool,
           float*) {}

#endif

}  // namespace modescape::landscape::mlp

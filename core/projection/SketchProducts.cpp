#include "core/projection/SketchProducts.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <vector>

#include "core/common/Workers.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define MODESCAPE_SKETCH_AVX2 1
#define MODESCAPE_AVX2 __attribute__((target("avx2,fma")))
#endif

namespace modescape::projection {

namespace {

// The second product's blocks: 1,920 columns (80 tiles of 24) of every row of
// the batch fill a core's L2 cache once, and the rows are taken 8 at a time so
// that only 8 rows stream from memory together (64 interleaved rows left the
// hardware prefetcher behind: a third of the speed).
constexpr int64_t kBlockColumns = 1920;
constexpr int64_t kRowGroup = 8;

// sums[c] += column c of A, *squares += every value squared (float64), in 8
// partial sums: one running sum is a chain of dependent additions.
void addColumnSums(const float* a, int64_t rows, int64_t lda, int64_t cols, double* sums,
                   double* squares) {
    double s2[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (int64_t i = 0; i < rows; ++i) {
        const float* row = a + i * lda;
        int64_t c = 0;
        for (; c + 8 <= cols; c += 8)
            for (int k = 0; k < 8; ++k) {
                const double v = double(row[c + k]);
                sums[c + k] += v;
                s2[k] += v * v;
            }
        for (; c < cols; ++c) {
            const double v = double(row[c]);
            sums[c] += v;
            s2[0] += v * v;
        }
    }
    if (squares)
        *squares += ((s2[0] + s2[1]) + (s2[2] + s2[3])) + ((s2[4] + s2[5]) + (s2[6] + s2[7]));
}

// --- Portable kernels: the same sums in the same order, without intrinsics.

// y[j] += the dot products of one row x with the l rows of z over w columns.
void dotRowPortable(const float* x, const float* z, int64_t ldz, int64_t l, int64_t w, double* y) {
    const int64_t w8 = w / 8 * 8;
    for (int64_t j = 0; j < l; ++j) {
        const float* zj = z + j * ldz;
        float lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        for (int64_t c = 0; c < w8; c += 8)
            for (int k = 0; k < 8; ++k)
                lanes[k] = std::fma(x[c + k], zj[c + k], lanes[k]);
        float tail = 0;
        for (int64_t c = w8; c < w; ++c)
            tail = std::fma(x[c], zj[c], tail);
        const double sum =
            ((double(lanes[0]) + double(lanes[4])) + (double(lanes[1]) + double(lanes[5]))) +
            ((double(lanes[2]) + double(lanes[6])) + (double(lanes[3]) + double(lanes[7])));
        y[j] += sum + double(tail);
    }
}

// s[j][c] (ld lds) for columns [c0, c1): its FMA chain over the rows of
// w[i][j] x_i[c], in row order (the AVX2 tiles' order, column by column).
void axpyColumnsPortable(const float* wRows, int64_t l, const float* x, int64_t ldx, int64_t rows,
                         int64_t c0, int64_t c1, float* s, int64_t lds) {
    for (int64_t j = 0; j < l; ++j)
        for (int64_t c = c0; c < c1; ++c) {
            float v = s[j * lds + c];
            for (int64_t i = 0; i < rows; ++i)
                v = std::fma(wRows[i * l + j], x[i * ldx + c], v);
            s[j * lds + c] = v;
        }
}

#ifdef MODESCAPE_SKETCH_AVX2

// The 8 lanes in float64, in the portable kernel's order.
MODESCAPE_AVX2 inline double laneSum(__m256 v) {
    const __m256d low = _mm256_cvtps_pd(_mm256_castps256_ps128(v));
    const __m256d high = _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1));
    const __m256d pairs = _mm256_add_pd(low, high);  // (l0+l4, l1+l5, l2+l6, l3+l7)
    const __m128d a = _mm256_castpd256_pd128(pairs), b = _mm256_extractf128_pd(pairs, 1);
    // ((l0+l4) + (l1+l5)) + ((l2+l6) + (l3+l7)), as dotRowPortable
    const double p0 = _mm_cvtsd_f64(a), p1 = _mm_cvtsd_f64(_mm_unpackhi_pd(a, a));
    const double p2 = _mm_cvtsd_f64(b), p3 = _mm_cvtsd_f64(_mm_unpackhi_pd(b, b));
    return (p0 + p1) + (p2 + p3);
}

// y[r][j] += rows r < R of x (ld ldx) dotted with rows j < J of z (ld ldz) over w columns.
template <int R, int J>
MODESCAPE_AVX2 void dotTile(const float* x, int64_t ldx, const float* z, int64_t ldz, int64_t w,
                            double* y, int64_t ldy) {
    __m256 a[R][J];
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r)
#pragma GCC unroll 4
        for (int j = 0; j < J; ++j)
            a[r][j] = _mm256_setzero_ps();
    const int64_t w8 = w / 8 * 8;
    for (int64_t c = 0; c < w8; c += 8) {
        __m256 v[R];
#pragma GCC unroll 4
        for (int r = 0; r < R; ++r)
            v[r] = _mm256_loadu_ps(x + r * ldx + c);
#pragma GCC unroll 4
        for (int j = 0; j < J; ++j) {
            const __m256 t = _mm256_loadu_ps(z + j * ldz + c);
#pragma GCC unroll 4
            for (int r = 0; r < R; ++r)
                a[r][j] = _mm256_fmadd_ps(v[r], t, a[r][j]);
        }
    }
    for (int r = 0; r < R; ++r)
        for (int j = 0; j < J; ++j) {
            const float* xr = x + r * ldx;
            const float* zj = z + j * ldz;
            float tail = 0;
            for (int64_t c = w8; c < w; ++c)
                tail = std::fma(xr[c], zj[c], tail);
            y[r * ldy + j] += laneSum(a[r][j]) + double(tail);
        }
}

// Rows [r0, r1) of y += X Z^T, chunk by chunk.
MODESCAPE_AVX2 void dotRowsAvx2(const float* x, int64_t r0, int64_t r1, int64_t cols, int64_t ldx,
                                const float* z, int64_t l, int64_t ldz, double* y) {
    for (int64_t c0 = 0; c0 < cols; c0 += kSketchChunkColumns) {
        const int64_t w = std::min(kSketchChunkColumns, cols - c0);
        int64_t r = r0;
        for (; r + 3 <= r1; r += 3) {
            int64_t j = 0;
            for (; j + 4 <= l; j += 4)
                dotTile<3, 4>(x + r * ldx + c0, ldx, z + j * ldz + c0, ldz, w, y + r * l + j, l);
            for (; j < l; ++j)
                dotTile<3, 1>(x + r * ldx + c0, ldx, z + j * ldz + c0, ldz, w, y + r * l + j, l);
        }
        for (; r < r1; ++r) {
            int64_t j = 0;
            for (; j + 4 <= l; j += 4)
                dotTile<1, 4>(x + r * ldx + c0, ldx, z + j * ldz + c0, ldz, w, y + r * l + j, l);
            for (; j < l; ++j)
                dotTile<1, 1>(x + r * ldx + c0, ldx, z + j * ldz + c0, ldz, w, y + r * l + j, l);
        }
    }
}

// s[j][c] for J sketch rows and 24 columns += w[i][j] x_i[c] over the rows in order.
template <int J>
MODESCAPE_AVX2 void axpyTile(const float* wRows, int64_t l, const float* x, int64_t ldx,
                             int64_t rows, float* s, int64_t lds) {
    __m256 a[J][3];
#pragma GCC unroll 4
    for (int j = 0; j < J; ++j)
#pragma GCC unroll 3
        for (int v = 0; v < 3; ++v)
            a[j][v] = _mm256_loadu_ps(s + j * lds + 8 * v);
    for (int64_t i = 0; i < rows; ++i) {
        const float* xi = x + i * ldx;
        const __m256 x0 = _mm256_loadu_ps(xi), x1 = _mm256_loadu_ps(xi + 8),
                     x2 = _mm256_loadu_ps(xi + 16);
        const float* wi = wRows + i * l;
#pragma GCC unroll 4
        for (int j = 0; j < J; ++j) {
            const __m256 b = _mm256_broadcast_ss(wi + j);
            a[j][0] = _mm256_fmadd_ps(b, x0, a[j][0]);
            a[j][1] = _mm256_fmadd_ps(b, x1, a[j][1]);
            a[j][2] = _mm256_fmadd_ps(b, x2, a[j][2]);
        }
    }
#pragma GCC unroll 4
    for (int j = 0; j < J; ++j)
#pragma GCC unroll 3
        for (int v = 0; v < 3; ++v)
            _mm256_storeu_ps(s + j * lds + 8 * v, a[j][v]);
}

// s (l x w, ld w) += W^T X over the batch's rows for one block of w columns.
MODESCAPE_AVX2 void axpyBlockAvx2(const float* wRows, int64_t rows, int64_t l, const float* x,
                                  int64_t ldx, int64_t w, float* s) {
    const int64_t tiled = w / 24 * 24;
    for (int64_t g0 = 0; g0 < rows; g0 += kRowGroup) {
        const int64_t g = std::min(kRowGroup, rows - g0);
        const float* xg = x + g0 * ldx;
        const float* wg = wRows + g0 * l;
        int64_t j = 0;
        for (; j + 4 <= l; j += 4)
            for (int64_t c = 0; c < tiled; c += 24)
                axpyTile<4>(wg + j, l, xg + c, ldx, g, s + j * w + c, w);
        for (; j < l; ++j)
            for (int64_t c = 0; c < tiled; c += 24)
                axpyTile<1>(wg + j, l, xg + c, ldx, g, s + j * w + c, w);
    }
    // The last columns (fewer than 24): the same chains one column at a time.
    axpyColumnsPortable(wRows, l, x, ldx, rows, tiled, w, s, w);
}

bool cpuHasAvx2Fma() {
    static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return has;
}

#else

bool cpuHasAvx2Fma() {
    return false;
}

#endif

void dotRows(const float* x, int64_t r0, int64_t r1, int64_t cols, int64_t ldx, const float* z,
             int64_t l, int64_t ldz, double* y) {
#ifdef MODESCAPE_SKETCH_AVX2
    if (cpuHasAvx2Fma()) {
        dotRowsAvx2(x, r0, r1, cols, ldx, z, l, ldz, y);
        return;
    }
#endif
    for (int64_t c0 = 0; c0 < cols; c0 += kSketchChunkColumns) {
        const int64_t w = std::min(kSketchChunkColumns, cols - c0);
        for (int64_t r = r0; r < r1; ++r)
            dotRowPortable(x + r * ldx + c0, z + c0, ldz, l, w, y + r * l);
    }
}

void axpyBlock(const float* wRows, int64_t rows, int64_t l, const float* x, int64_t ldx, int64_t w,
               float* s) {
#ifdef MODESCAPE_SKETCH_AVX2
    if (cpuHasAvx2Fma()) {
        axpyBlockAvx2(wRows, rows, l, x, ldx, w, s);
        return;
    }
#endif
    axpyColumnsPortable(wRows, l, x, ldx, rows, 0, w, s, w);
}

// body(begin, end) over [0, count) cut into `threads` parts, one a worker
// (runOnWorkers: OpenMP's team, which at::parallel_for would use, spins
// between regions, which took cycles from the randomized PCA's other threads).
template <class Body>
void splitOverThreads(int64_t count, int threads, const Body& body) {
    const int64_t parts = std::clamp<int64_t>(threads, 1, std::max<int64_t>(1, count));
    std::atomic<int64_t> next{0};
    runOnWorkers(int(parts), [&] {
        const int64_t p = next++;
        body(count * p / parts, count * (p + 1) / parts);
    });
}

template <class Acc>
void addTransposed(const float* w, int64_t rows, int64_t l, const float* x, int64_t cols,
                   int64_t ldx, Acc* acc, int64_t ldAcc, double* columnSums, double* sumSquares,
                   int threads) {
    const int64_t blocks = (cols + kBlockColumns - 1) / kBlockColumns;
    // Each block's squares apart, added in block order: the same sum on any thread count.
    std::vector<double> squares(sumSquares ? std::size_t(blocks) : 0, 0.0);
    splitOverThreads(blocks, threads, [&](int64_t b0, int64_t b1) {
        std::vector<float> s(std::size_t(l * kBlockColumns));
        for (int64_t b = b0; b < b1; ++b) {
            const int64_t c0 = b * kBlockColumns, width = std::min(kBlockColumns, cols - c0);
            std::fill_n(s.begin(), l * width, 0.0f);
            axpyBlock(w, rows, l, x + c0, ldx, width, s.data());
            for (int64_t j = 0; j < l; ++j) {
                Acc* out = acc + j * ldAcc + c0;
                const float* in = s.data() + j * width;
                for (int64_t c = 0; c < width; ++c)
                    out[c] += Acc(in[c]);
            }
            if (columnSums)
                addColumnSums(x + c0, rows, ldx, width, columnSums + c0,
                              sumSquares ? &squares[std::size_t(b)] : nullptr);
        }
    });
    for (const double s : squares)
        *sumSquares += s;
}

}  // namespace

void addSketchProducts(const float* x, int64_t rows, int64_t cols, int64_t ldx, const float* z,
                       int64_t l, int64_t ldz, double* y, int threads) {
    splitOverThreads(rows, threads,
                     [&](int64_t r0, int64_t r1) { dotRows(x, r0, r1, cols, ldx, z, l, ldz, y); });
}

void addTransposedSketch(const float* w, int64_t rows, int64_t l, const float* x, int64_t cols,
                         int64_t ldx, double* acc, int64_t ldAcc, double* columnSums,
                         double* sumSquares, int threads) {
    addTransposed(w, rows, l, x, cols, ldx, acc, ldAcc, columnSums, sumSquares, threads);
}

void addTransposedSketch(const float* w, int64_t rows, int64_t l, const float* x, int64_t cols,
                         int64_t ldx, float* acc, int64_t ldAcc, double* columnSums,
                         double* sumSquares, int threads) {
    addTransposed(w, rows, l, x, cols, ldx, acc, ldAcc, columnSums, sumSquares, threads);
}

std::string sketchKernelDescription() {
    return cpuHasAvx2Fma() ? "AVX2/FMA sketch kernels" : "portable sketch kernels";
}

}  // namespace modescape::projection

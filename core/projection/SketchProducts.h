#pragma once
// The randomized PCA's two float32 products over a batch of shifted member
// rows X (rows x cols, row-major), by kernels written for their shape rather
// than by BLAS. The sketch has only l = k + p rows (12 by default): OpenBLAS
// spent as long copying the batch into its packed panels for such thin
// products as it did multiplying, and the products were two thirds of the
// randomized PCA's time. Here each product reads the batch once, in blocks
// that stay in cache, on as many threads as the caller gives it.
//
// Rounding (float32 products, float64 sums, as the BLAS path before):
// - y = X Z^T: each row's products over a chunk of kSketchChunkColumns
//   columns are summed by FMA in 8 float32 lanes, the lanes added in float64
//   and the chunk added to y in float64;
// - acc += W^T X: each column is summed over the batch's rows in row order in
//   float32 (FMA), then added to acc.
// Neither depends on how the rows or columns are split over threads: any
// thread count gives the same bits (shared and single runs agree exactly in
// their products).

#include <cstdint>
#include <string>

namespace modescape::projection {

inline constexpr int64_t kSketchChunkColumns = 4096;

// y (rows x l, row-major float64, leading dimension l) += X Z^T, with X
// rows x cols (leading dimension ldx) and Z l x cols (ldz), float32. The
// rows are shared over `threads` threads (the calling one among them).
void addSketchProducts(const float* x, int64_t rows, int64_t cols, int64_t ldx, const float* z,
                       int64_t l, int64_t ldz, double* y, int threads);

// acc (l x cols, leading dimension ldAcc) += W^T X, W rows x l row-major
// float32. With columnSums (cols float64) the column sums of X are added too,
// and with sumSquares the sum of its squares, while the columns are in cache.
// The columns are shared over `threads` threads.
void addTransposedSketch(const float* w, int64_t rows, int64_t l, const float* x, int64_t cols,
                         int64_t ldx, double* acc, int64_t ldAcc, double* columnSums,
                         double* sumSquares, int threads);
void addTransposedSketch(const float* w, int64_t rows, int64_t l, const float* x, int64_t cols,
                         int64_t ldx, float* acc, int64_t ldAcc, double* columnSums,
                         double* sumSquares, int threads);

// "AVX2/FMA kernels" or "portable kernels" (a CPU without AVX2): for the benchmarks.
std::string sketchKernelDescription();

}  // namespace modescape::projection

#pragma once
// Float32 kernels of the PCA's two passes over float32 (or float16) members:
// the Gram matrix's products by BLAS ssyrk / sgemm and the directions'
// X^T W by sgemm. Each product runs over a chunk of kFloat32ChunkColumns
// columns in float32, and the chunk's result is added to a float64
// accumulator: the rounding then grows with the chunk (about 1e-7 x
// sqrt(chunk) relative), not with the millions of parameters. Where the
// build has no cblas, LibTorch's float32 matmul does the same products.

#include <cstdint>
#include <string>

#include "core/jobs/Progress.h"

namespace modescape::projection {

inline constexpr int64_t kFloat32ChunkColumns = 4096;

// acc (rows x rows, row-major float64, leading dimension ldAcc) += A A^T, with
// A rows x cols of row-major float32 (leading dimension lda). Both triangles
// of acc are written (ssyrk computes the upper one). Checks cancellation
// between chunks.
void addGramProducts(const float* a, int64_t rows, int64_t cols, int64_t lda, double* acc,
                     int64_t ldAcc, const JobContext& context);

// acc (aRows x bRows, row-major float64) += A B^T.
void addCrossProducts(const float* a, int64_t aRows, int64_t lda, const float* b, int64_t bRows,
                      int64_t ldb, int64_t cols, double* acc, int64_t ldAcc,
                      const JobContext& context);

// acc (rows) += A x, x float32 of cols values.
void addMatrixVector(const float* a, int64_t rows, int64_t cols, int64_t lda, const float* x,
                     double* acc);

// out (cols x k, row-major float32) = A^T W, A rows x cols (lda), W rows x k.
void transposedProduct(const float* a, int64_t rows, int64_t cols, int64_t lda, const float* w,
                       int64_t k, float* out);

// IEEE half -> float32: F16C (8 values an instruction) where the CPU has it,
// else a plain loop.
void halfToFloat(const uint16_t* in, float* out, int64_t count);
bool cpuHasF16c();

// out[j] = in[j] - reference[j], in float32 (a loop the compiler vectorises).
void subtractRow(const float* in, const float* reference, float* out, int64_t count);
// The same values written past the caches (AVX streaming stores) where out
// is not read again soon: a batch of hundreds of MB would only evict what
// the caches hold, and each ordinary store first reads its line from memory.
void subtractRowUncached(const float* in, const float* reference, float* out, int64_t count);

// "cblas_ssyrk/sgemm (OpenBLAS 0.3.21 ...), F16C" or the LibTorch fallback: for the benchmarks.
std::string gramKernelDescription();

}  // namespace modescape::projection

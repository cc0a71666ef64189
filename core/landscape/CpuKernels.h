#pragma once
// Building blocks of the landscape's own CPU forward (FastGridForward): a
// row-major float GEMM through cblas, the element-wise activations of the
// built-ins, the per-point weights theta* + a x + b y, the loss and accuracy
// of a block of logits, and the thread arrangement (our workers, each with a
// single-threaded BLAS). Internal to core/landscape.

#include <ATen/core/Tensor.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <string>

#include <cstdint>
#include <vector>

#include "core/common/SingleThreadedBlas.h"
#include "core/common/Workers.h"
#include "core/model/Activation.h"

namespace modescape::landscape::cpu {

// C[m x n] = A[m x k] * op(B) (+ C when accumulate), row-major; op(B) is B
// [k x n], or B^T when bTransposed (B stored [n x k], a Linear's weight).
void gemm(std::int64_t m, std::int64_t n, std::int64_t k, const float* a, std::int64_t lda,
          const float* b, std::int64_t ldb, bool bTransposed, float* c, std::int64_t ldc,
          bool accumulate = false);

// In place on n values, as LibTorch defines them (GELU in its exact erf
// form); NaN stays NaN, as in LibTorch.
void activate(model::Activation activation, float* x, std::int64_t n);
// x[r][j] += bias[j] for rows x n values, then the activation unless
// activation is null (the last layer).
void addBias(float* x, std::int64_t rows, std::int64_t n, const float* bias,
             const model::Activation* activation);
// One image [channels][h][w] unfolded for a k x k convolution with zero
// padding: row (c * k + ky) * k + kx, column column0 + oy * outW + ox of dst
// (row stride ld) holds image[c][oy + ky - pad][ox + kx - pad].
void im2col(const float* image, std::int64_t channels, std::int64_t h, std::int64_t w,
            std::int64_t k, std::int64_t pad, float* dst, std::int64_t ld, std::int64_t column0);
inline float relu(float v) {
    return v < 0.0f ? 0.0f : v;  // NaN stays NaN, as at::relu
}
inline float maxKeepingNan(float m, float v) {
    return (v > m || v != v) ? v : m;  // max_pool2d propagates NaN
}

// One weight tensor along the slice: centre c and directions x, y (undefined =
// 0), all float32 and contiguous. at() writes c + a x + b y with the same
// float operations, in the same order, as GridEvaluator's LibTorch path.
struct Blend {
    at::Tensor c, x, y;
    std::int64_t numel() const { return c.numel(); }
    void at(float a, float b, float* out) const;
};

// Per point (index k): the sum of -log softmax(logits)[label] in double (as
// the LibTorch path: log-softmax of the float logits taken in double) and
// the count of argmax == label (first maximum; NaN counts as the maximum).
void addLossAndCorrect(const float* logits, std::int64_t rows, std::int64_t classes,
                       const std::int64_t* labels, double& lossSum, std::int64_t& correct);

// How many workers forEachChunk runs for this many chunks: LibTorch's
// intra-op thread count of the calling thread (the cores this process or MPI
// rank was given, 1 inside a side-by-side recipe's worker), at most one per
// chunk; 1 when the BLAS is not OpenBLAS (its own threads cannot be limited).
int chunkWorkers(std::int64_t chunks);

// Runs work(chunk, scratch) for chunk = 0 .. chunks - 1 on chunkWorkers()
// threads of our own, each with its own Scratch and a single-threaded BLAS,
// taking the next chunk when done (a core busy with other work holds nobody
// up). Each chunk is computed whole by one worker, so results kept in
// per-chunk slots and summed in chunk order do not depend on the threads.
// (Our own threads, not at::parallel_for, whose OpenMP team would also need
// this module built with OpenMP: core/common/ParallelFor.h; these keep the
// BLAS single-threaded inside each worker.) Returns the number of workers.
template <class Scratch, class Work>
int forEachChunk(std::int64_t chunks, const Work& work) {
    const SingleThreadedBlas blas;
    std::atomic<std::int64_t> next{0};
    const auto run = [&] {
        Scratch scratch;
        for (std::int64_t c = next++; c < chunks; c = next++) {
            try {
                work(c, scratch);
            } catch (...) {
                next = chunks;  // the others stop after their current chunk
                throw;
            }
        }
    };
    const int workers = blas.active() ? chunkWorkers(chunks) : 1;
    if (workers <= 1) {
        run();
        return 1;
    }
    runOnWorkers(workers, run);
    return workers;
}

// The name of the BLAS that cblas_sgemm resolves to ("OpenBLAS 0.3.21 ...").
std::string blasDescription();

}  // namespace modescape::landscape::cpu

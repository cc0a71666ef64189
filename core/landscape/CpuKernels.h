#pragma once
// Building blocks of the landscape's own CPU forward (FastGridForward): a
// row-major float GEMM through cblas, the element-wise activations of the
// built-ins, the per-point weights theta* + a x + b y, the loss and accuracy
// of a block of logits, and the thread arrangement (our workers, each with a
// single-threaded BLAS). Internal to core/landscape.

#include <ATen/core/Tensor.h>
#include "core/common/ParallelFor.h"

#include <algorithm>
#include <atomic>
#include <string>

#include <cstdint>
#include <vector>

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

// While alive, OpenBLAS computes on the calling thread only (restored
// afterwards), so that our workers x BLAS threads never exceed the cores.
// active() is false when the BLAS is not OpenBLAS (no way to limit it).
class SingleThreadedBlas {
  public:
    SingleThreadedBlas();
    ~SingleThreadedBlas();
    SingleThreadedBlas(const SingleThreadedBlas&) = delete;
    SingleThreadedBlas& operator=(const SingleThreadedBlas&) = delete;
    bool active() const { return previous_ > 0; }

  private:
    int previous_ = 0;
};

// Runs work(chunk, scratch) for chunk = 0 .. chunks - 1 on LibTorch's
// intra-op threads, each worker with its own Scratch and taking the next
// chunk when done (a core busy with other work holds nobody up). Results
// should go to per-chunk slots, so that sums do not depend on the threads.
// Without a way to limit the BLAS's threads, the chunks run one after the
// other in the calling thread and the BLAS keeps its own threads.
template <class Scratch, class Work>
void forEachChunk(std::int64_t chunks, const Work& work) {
    const SingleThreadedBlas blas;
    std::atomic<std::int64_t> next{0};
    const auto run = [&] {
        Scratch scratch;
        for (std::int64_t c = next++; c < chunks; c = next++)
            work(c, scratch);
    };
    const std::int64_t workers =
        blas.active() ? std::min<std::int64_t>(at::get_num_threads(), chunks) : 1;
    if (workers <= 1)
        return run();
    at::parallel_for(0, workers, 1, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i)
            run();
    });
}

// The name of the BLAS that cblas_sgemm resolves to ("OpenBLAS 0.3.21 ...").
std::string blasDescription();

}  // namespace modescape::landscape::cpu

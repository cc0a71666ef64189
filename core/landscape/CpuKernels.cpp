#include "core/landscape/CpuKernels.h"

#include <cblas.h>
#include <dlfcn.h>

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace modescape::landscape::cpu {

namespace {

// OpenBLAS's own entry points, looked up at run time: the build links the
// reference libblas.so (libblas-dev), which Debian's alternatives resolve to
// OpenBLAS's libblas.so.3 when the program runs, and LibTorch loads the same.
template <class F>
F openBlasFunction(const char* name) {
    return reinterpret_cast<F>(dlsym(RTLD_DEFAULT, name));
}

}  // namespace

void gemm(std::int64_t m, std::int64_t n, std::int64_t k, const float* a, std::int64_t lda,
          const float* b, std::int64_t ldb, bool bTransposed, float* c, std::int64_t ldc,
          bool accumulate) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, bTransposed ? CblasTrans : CblasNoTrans,
                static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), 1.0f, a,
                static_cast<int>(lda), b, static_cast<int>(ldb), accumulate ? 1.0f : 0.0f, c,
                static_cast<int>(ldc));
}

void activate(model::Activation activation, float* x, std::int64_t n) {
    switch (activation) {
        case model::Activation::Relu:
            for (std::int64_t i = 0; i < n; ++i)
                x[i] = relu(x[i]);
            return;
        case model::Activation::Tanh:
            for (std::int64_t i = 0; i < n; ++i)
                x[i] = std::tanh(x[i]);
            return;
        case model::Activation::Gelu:
            for (std::int64_t i = 0; i < n; ++i)
                x[i] = 0.5f * x[i] * (1.0f + std::erf(x[i] * static_cast<float>(M_SQRT1_2)));
            return;
        case model::Activation::Silu:
            for (std::int64_t i = 0; i < n; ++i)
                x[i] = x[i] / (1.0f + std::exp(-x[i]));
            return;
    }
}

void addBias(float* x, std::int64_t rows, std::int64_t n, const float* bias,
             const model::Activation* activation) {
    const bool fusedRelu = activation && *activation == model::Activation::Relu;
    for (std::int64_t r = 0; r < rows; ++r) {
        float* row = x + r * n;
        if (fusedRelu)
            for (std::int64_t j = 0; j < n; ++j)
                row[j] = relu(row[j] + bias[j]);
        else
            for (std::int64_t j = 0; j < n; ++j)
                row[j] += bias[j];
    }
    if (activation && !fusedRelu)
        activate(*activation, x, rows * n);
}

void im2col(const float* image, std::int64_t channels, std::int64_t h, std::int64_t w,
            std::int64_t k, std::int64_t pad, float* dst, std::int64_t ld, std::int64_t column0) {
    const std::int64_t outH = h + 2 * pad - k + 1, outW = w + 2 * pad - k + 1;
    for (std::int64_t c = 0; c < channels; ++c)
        for (std::int64_t ky = 0; ky < k; ++ky)
            for (std::int64_t kx = 0; kx < k; ++kx) {
                float* row = dst + ((c * k + ky) * k + kx) * ld + column0;
                for (std::int64_t oy = 0; oy < outH; ++oy) {
                    const std::int64_t iy = oy + ky - pad;
                    float* out = row + oy * outW;
                    if (iy < 0 || iy >= h) {
                        std::fill(out, out + outW, 0.0f);
                        continue;
                    }
                    const float* in = image + (c * h + iy) * w;
                    for (std::int64_t ox = 0; ox < outW; ++ox) {
                        const std::int64_t ix = ox + kx - pad;
                        out[ox] = ix < 0 || ix >= w ? 0.0f : in[ix];
                    }
                }
            }
}

void Blend::at(float a, float b, float* out) const {
    const float* pc = c.data_ptr<float>();
    const float* px = x.defined() ? x.data_ptr<float>() : nullptr;
    const float* py = y.defined() ? y.data_ptr<float>() : nullptr;
    const std::int64_t n = numel();
    for (std::int64_t i = 0; i < n; ++i) {
        float v = pc[i];
        if (px)
            v = v + a * px[i];
        if (py)
            v = v + b * py[i];
        out[i] = v;
    }
}

void addLossAndCorrect(const float* logits, std::int64_t rows, std::int64_t classes,
                       const std::int64_t* labels, double& lossSum, std::int64_t& correct) {
    for (std::int64_t r = 0; r < rows; ++r) {
        const float* row = logits + r * classes;
        std::int64_t best = 0;
        for (std::int64_t j = 1; j < classes; ++j)
            if (row[j] > row[best] || (row[j] != row[j] && row[best] == row[best]))
                best = j;
        const double top = row[best];
        // exp(top - top) is exactly 1: one exp fewer per row, same sum.
        double sum = 0.0;
        for (std::int64_t j = 0; j < classes; ++j)
            sum += j == best ? 1.0 : std::exp(static_cast<double>(row[j]) - top);
        const std::int64_t label = labels[r];
        lossSum -= static_cast<double>(row[label]) - top - std::log(sum);
        correct += best == label ? 1 : 0;
    }
}

int chunkWorkers(std::int64_t chunks) {
    return static_cast<int>(
        std::clamp<std::int64_t>(at::get_num_threads(), 1, std::max<std::int64_t>(chunks, 1)));
}

std::string blasDescription() {
    const auto config = openBlasFunction<char* (*)()>("openblas_get_config");
    const auto core = openBlasFunction<char* (*)()>("openblas_get_corename");
    if (!config)
        return "a BLAS other than OpenBLAS (its threads cannot be limited)";
    return std::string(config()) + (core ? std::string(", core ") + core() : std::string());
}

}  // namespace modescape::landscape::cpu

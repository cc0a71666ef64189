#include "core/projection/GramKernels.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#ifdef MODESCAPE_PROJECTION_CBLAS
#include <cblas.h>
#include <dlfcn.h>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define MODESCAPE_X86 1
#endif

namespace modescape::projection {

namespace {

[[maybe_unused]] int asInt(int64_t v) {
    return static_cast<int>(v);
}

// Float32 views of caller memory for the LibTorch fallback (no copies).
#ifndef MODESCAPE_PROJECTION_CBLAS
at::Tensor view(const float* p, int64_t rows, int64_t cols, int64_t ld) {
    return at::from_blob(const_cast<float*>(p), {rows, cols}, {ld, 1}, at::kFloat);
}
#endif

// s (rows x rows float32, upper triangle valid) = A A^T over cols columns.
// sgemm, not ssyrk: ssyrk does half the flops, but OpenBLAS 0.3.21's ssyrk
// ran at half sgemm's speed on this project's machine (numpy, 300 x 100,000:
// 2.5 s against 1.3 s), so the full product is the faster one.
void gramChunk(const float* a, int64_t rows, int64_t cols, int64_t lda, float* s) {
#ifdef MODESCAPE_PROJECTION_CBLAS
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, asInt(rows), asInt(rows), asInt(cols),
                1.0f, a, asInt(lda), a, asInt(lda), 0.0f, s, asInt(rows));
#else
    const at::Tensor x = view(a, rows, cols, lda);
    at::Tensor out = at::from_blob(s, {rows, rows}, at::kFloat);
    at::mm_out(out, x, x.t());
#endif
}

// s (aRows x bRows float32) = A B^T over cols columns.
void crossChunk(const float* a, int64_t aRows, int64_t lda, const float* b, int64_t bRows,
                int64_t ldb, int64_t cols, float* s) {
#ifdef MODESCAPE_PROJECTION_CBLAS
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, asInt(aRows), asInt(bRows), asInt(cols),
                1.0f, a, asInt(lda), b, asInt(ldb), 0.0f, s, asInt(bRows));
#else
    at::Tensor out = at::from_blob(s, {aRows, bRows}, at::kFloat);
    at::mm_out(out, view(a, aRows, cols, lda), view(b, bRows, cols, ldb).t());
#endif
}

// IEEE 754 binary16 -> binary32 from the bit layout (sign, 5-bit exponent, 10-bit fraction).
float halfBitsToFloat(uint16_t h) {
    const uint32_t sign = uint32_t(h & 0x8000u) << 16;
    const uint32_t exponent = (h >> 10) & 0x1Fu;
    uint32_t fraction = h & 0x3FFu;
    uint32_t bits;
    if (exponent == 0x1F) {  // infinity or NaN
        bits = sign | 0x7F800000u | (fraction << 13);
    } else if (exponent != 0) {  // normal: rebias 15 -> 127
        bits = sign | ((exponent + 112) << 23) | (fraction << 13);
    } else if (fraction == 0) {  // signed zero
        bits = sign;
    } else {  // subnormal: normalise the fraction
        int e = -1;
        do {
            ++e;
            fraction <<= 1;
        } while ((fraction & 0x400u) == 0);
        bits = sign | (uint32_t(112 - e) << 23) | ((fraction & 0x3FFu) << 13);
    }
    float out;
    std::memcpy(&out, &bits, sizeof out);
    return out;
}

#ifdef MODESCAPE_X86
__attribute__((target("avx,f16c"))) void halfToFloatF16c(const uint16_t* in, float* out,
                                                         int64_t count) {
    int64_t i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i));
        _mm256_storeu_ps(out + i, _mm256_cvtph_ps(h));
    }
    for (; i < count; ++i)
        out[i] = halfBitsToFloat(in[i]);
}
#endif

}  // namespace

void addGramProducts(const float* a, int64_t rows, int64_t cols, int64_t lda, double* acc,
                     int64_t ldAcc, const JobContext& context) {
    std::vector<float> s(size_t(rows * rows));
    for (int64_t c0 = 0; c0 < cols; c0 += kFloat32ChunkColumns) {
        context.checkCancelled();
        gramChunk(a + c0, rows, std::min(kFloat32ChunkColumns, cols - c0), lda, s.data());
        for (int64_t i = 0; i < rows; ++i) {
            const float* si = s.data() + i * rows;
            acc[i * ldAcc + i] += double(si[i]);
            for (int64_t j = i + 1; j < rows; ++j) {
                acc[i * ldAcc + j] += double(si[j]);
                acc[j * ldAcc + i] += double(si[j]);
            }
        }
    }
}

void addCrossProducts(const float* a, int64_t aRows, int64_t lda, const float* b, int64_t bRows,
                      int64_t ldb, int64_t cols, double* acc, int64_t ldAcc,
                      const JobContext& context) {
    std::vector<float> s(size_t(aRows * bRows));
    for (int64_t c0 = 0; c0 < cols; c0 += kFloat32ChunkColumns) {
        context.checkCancelled();
        crossChunk(a + c0, aRows, lda, b + c0, bRows, ldb,
                   std::min(kFloat32ChunkColumns, cols - c0), s.data());
        for (int64_t i = 0; i < aRows; ++i)
            for (int64_t j = 0; j < bRows; ++j)
                acc[i * ldAcc + j] += double(s[size_t(i * bRows + j)]);
    }
}

void addMatrixVector(const float* a, int64_t rows, int64_t cols, int64_t lda, const float* x,
                     double* acc) {
    std::vector<float> y(static_cast<size_t>(rows));
    for (int64_t c0 = 0; c0 < cols; c0 += kFloat32ChunkColumns) {
        const int64_t c = std::min(kFloat32ChunkColumns, cols - c0);
#ifdef MODESCAPE_PROJECTION_CBLAS
        cblas_sgemv(CblasRowMajor, CblasNoTrans, asInt(rows), asInt(c), 1.0f, a + c0, asInt(lda),
                    x + c0, 1, 0.0f, y.data(), 1);
#else
        at::Tensor out = at::from_blob(y.data(), {rows}, at::kFloat);
        at::mv_out(out, view(a + c0, rows, c, lda),
                   at::from_blob(const_cast<float*>(x + c0), {c}, at::kFloat));
#endif
        for (int64_t i = 0; i < rows; ++i)
            acc[i] += double(y[size_t(i)]);
    }
}

void transposedProduct(const float* a, int64_t rows, int64_t cols, int64_t lda, const float* w,
                       int64_t k, float* out) {
#ifdef MODESCAPE_PROJECTION_CBLAS
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, asInt(cols), asInt(k), asInt(rows), 1.0f,
                a, asInt(lda), w, asInt(k), 0.0f, out, asInt(k));
#else
    at::Tensor result = at::from_blob(out, {cols, k}, at::kFloat);
    at::mm_out(result, view(a, rows, cols, lda).t(), view(w, rows, k, k));
#endif
}

bool cpuHasF16c() {
#ifdef MODESCAPE_X86
    static const bool has = __builtin_cpu_supports("f16c") && __builtin_cpu_supports("avx");
    return has;
#else
    return false;
#endif
}

void halfToFloat(const uint16_t* in, float* out, int64_t count) {
#ifdef MODESCAPE_X86
    if (cpuHasF16c()) {
        halfToFloatF16c(in, out, count);
        return;
    }
#endif
    for (int64_t i = 0; i < count; ++i)
        out[i] = halfBitsToFloat(in[i]);
}

void subtractRow(const float* in, const float* reference, float* out, int64_t count) {
    for (int64_t i = 0; i < count; ++i)
        out[i] = in[i] - reference[i];
}

#ifdef MODESCAPE_X86
__attribute__((target("avx"))) static void subtractRowStreaming(const float* in,
                                                                const float* reference, float* out,
                                                                int64_t count) {
    int64_t i = 0;
    for (; i < count && (reinterpret_cast<std::uintptr_t>(out + i) & 31) != 0; ++i)
        out[i] = in[i] - reference[i];
    for (; i + 8 <= count; i += 8)
        _mm256_stream_ps(out + i,
                         _mm256_sub_ps(_mm256_loadu_ps(in + i), _mm256_loadu_ps(reference + i)));
    for (; i < count; ++i)
        out[i] = in[i] - reference[i];
    _mm_sfence();  // the streamed stores are seen before the batch is handed over
}
#endif

void subtractRowUncached(const float* in, const float* reference, float* out, int64_t count) {
#ifdef MODESCAPE_X86
    if (cpuHasF16c()) {  // F16C's check includes AVX
        subtractRowStreaming(in, reference, out, count);
        return;
    }
#endif
    subtractRow(in, reference, out, count);
}

std::string gramKernelDescription() {
    std::string text;
#ifdef MODESCAPE_PROJECTION_CBLAS
    text = "cblas_sgemm";
    using Config = char* (*)();
    if (const auto config = reinterpret_cast<Config>(dlsym(RTLD_DEFAULT, "openblas_get_config")))
        text += std::string(" (") + config() + ")";
#else
    text = "LibTorch float32 matmul (built without cblas)";
#endif
    return text + (cpuHasF16c() ? ", float16 by F16C" : ", float16 by a plain loop");
}

}  // namespace modescape::projection

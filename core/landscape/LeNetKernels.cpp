#include "core/landscape/LeNetKernels.h"

#include <cstring>
#include <limits>

#include "core/landscape/CpuKernels.h"

// GCC's function multi-versioning: an AVX2 and a baseline build of each
// function, chosen by the dynamic loader for the machine at hand.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define MODESCAPE_SIMD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define MODESCAPE_SIMD_CLONES
#endif

namespace modescape::landscape::lenet {

namespace {

// max and ReLU as one maxps each; a NaN among the operands may be dropped,
// so the callers check for NaN and then redo the image with the exact ones.
inline float plainMax(float m, float v) {
    return m > v ? m : v;
}
inline float plainRelu(float v) {
    return v > 0.0f ? v : 0.0f;
}

}  // namespace

// Max and ReLU commute, so pooling first is the same. Two conv1 rows are
// contiguous: combine them, take the vertical maxima, then the horizontal
// pairs (each loop vectorises). A NaN makes the channel's loops run again,
// keeping it.
MODESCAPE_SIMD_CLONES
void poolConv1(const float* basis, std::int64_t stride, float a, float b, float* out) {
    float rows[2 * kSide], column[kSide];
    for (std::int64_t ch = 0; ch < kC1; ++ch) {
        const float* p0 = basis + ch * stride;
        const float* p1 = basis + (kC1 + ch) * stride;
        const float* p2 = basis + (2 * kC1 + ch) * stride;
        int nans = 0;
        for (std::int64_t py = 0; py < kPool1; ++py) {
            const std::int64_t q0 = 2 * py * kSide;
            for (std::int64_t i = 0; i < 2 * kSide; ++i) {
                rows[i] = p0[q0 + i] + a * p1[q0 + i] + b * p2[q0 + i];
                nans |= rows[i] != rows[i];
            }
            for (std::int64_t i = 0; i < kSide; ++i)
                column[i] = plainMax(rows[i], rows[kSide + i]);
            float* o = out + (ch * kPool1 + py) * kPool1;
            for (std::int64_t px = 0; px < kPool1; ++px)
                o[px] = plainRelu(plainMax(column[2 * px], column[2 * px + 1]));
        }
        if (nans == 0)
            continue;
        for (std::int64_t py = 0; py < kPool1; ++py)
            for (std::int64_t px = 0; px < kPool1; ++px) {
                float m = -std::numeric_limits<float>::infinity();
                for (std::int64_t q : {0L, 1L, kSide, kSide + 1}) {
                    q += 2 * py * kSide + 2 * px;
                    m = cpu::maxKeepingNan(m, p0[q] + a * p1[q] + b * p2[q]);
                }
                out[(ch * kPool1 + py) * kPool1 + px] = cpu::relu(m);
            }
    }
}

// No padding: each output row is ten copies of ten contiguous inputs.
MODESCAPE_SIMD_CLONES
void unfoldConv2(const float* pooled, float* dst, std::int64_t ld, std::int64_t column0) {
    for (std::int64_t c = 0; c < kC1; ++c)
        for (std::int64_t ky = 0; ky < 5; ++ky)
            for (std::int64_t kx = 0; kx < 5; ++kx) {
                float* row = dst + ((c * 5 + ky) * 5 + kx) * ld + column0;
                const float* in = pooled + (c * kPool1 + ky) * kPool1 + kx;
                for (std::int64_t oy = 0; oy < kOut2; ++oy)
                    std::memcpy(row + oy * kOut2, in + oy * kPool1, kOut2 * sizeof(float));
            }
}

// As poolConv1: vertical maxima first, then the horizontal pairs.
MODESCAPE_SIMD_CLONES
void poolConv2(const float* conv, std::int64_t ld, std::int64_t step, const float* bias,
               float* flat) {
    float column[kOut2];
    for (std::int64_t i = 0; i < step; ++i)
        for (std::int64_t ch = 0; ch < kC2; ++ch) {
            const float* map = conv + ch * ld + i * kOut2 * kOut2;
            float* o = flat + i * kFlat + ch * kPool2 * kPool2;
            int nans = 0;
            for (std::int64_t q = 0; q < kOut2 * kOut2; ++q)
                nans |= map[q] != map[q];
            for (std::int64_t py = 0; py < kPool2; ++py) {
                const float* r = map + 2 * py * kOut2;
                if (nans == 0) {
                    for (std::int64_t x = 0; x < kOut2; ++x)
                        column[x] = plainMax(r[x], r[kOut2 + x]);
                    for (std::int64_t px = 0; px < kPool2; ++px)
                        o[py * kPool2 + px] =
                            plainRelu(plainMax(column[2 * px], column[2 * px + 1]) + bias[ch]);
                    continue;
                }
                for (std::int64_t px = 0; px < kPool2; ++px) {
                    const float m = cpu::maxKeepingNan(
                        cpu::maxKeepingNan(r[2 * px], r[2 * px + 1]),
                        cpu::maxKeepingNan(r[kOut2 + 2 * px], r[kOut2 + 2 * px + 1]));
                    o[py * kPool2 + px] = cpu::relu(m + bias[ch]);
                }
            }
        }
}

}  // namespace modescape::landscape::lenet

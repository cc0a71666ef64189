#pragma once
// The per-point, per-image loops of LeNet-5's fast forward (LeNetGridForward):
// conv1's pooling from the per-surface outputs, conv2's unfolding and its
// pooling. Built twice on x86-64, for AVX2 and for the baseline, and picked
// when the program starts (the rest of the forward is OpenBLAS, which picks
// its own kernels). Internal to core/landscape.

#include <cstdint>

namespace modescape::landscape::lenet {

constexpr std::int64_t kSide = 28, kPixels = kSide * kSide;  // conv1 output 28 x 28 (padding 2)
constexpr std::int64_t kC1 = 6, kPool1 = 14;                 // after pooling 6 x 14 x 14
constexpr std::int64_t kC2 = 16, kOut2 = 10, kPool2 = 5;     // conv2 10 x 10, pooled 5 x 5
constexpr std::int64_t kFlat = kC2 * kPool2 * kPool2;        // 400
constexpr std::int64_t kFc1 = 120, kFc2 = 84;

// One image: relu(maxpool(centre + a x + b y)) of conv1 into [6][14][14];
// basis holds the centre's 6 channels, then x's, then y's, each of 784
// pixels, stride apart.
void poolConv1(const float* basis, std::int64_t stride, float a, float b, float* out);

// conv2's input unfolded for one image: pooled [6][14][14] to rows
// (c * 5 + ky) * 5 + kx, columns column0 + oy * 10 + ox (row stride ld).
void unfoldConv2(const float* pooled, float* dst, std::int64_t ld, std::int64_t column0);

// conv2's output [16][step * 100] (row stride ld) + bias, ReLU, 2 x 2
// max-pooling, as the flattened features [step][16 * 5 * 5] (PyTorch's
// flatten order).
void poolConv2(const float* conv, std::int64_t ld, std::int64_t step, const float* bias,
               float* flat);

}  // namespace modescape::landscape::lenet

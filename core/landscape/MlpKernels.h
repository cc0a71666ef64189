#pragma once
// The MLP fast forward's hidden layers (MlpGridForward) as one fused pass:
// bias, products and ReLU in registers, written once. Its layers are too
// small for OpenBLAS to pay off (a 512 x 32 x 32 product spent as much time
// zeroing its output, packing its input and adding the bias in further
// passes as in its kernel). x86-64 with AVX2 and FMA only, picked when the
// program runs; elsewhere the forward keeps cblas_sgemm. Internal to
// core/landscape.

#include <cstdint>

namespace modescape::landscape::mlp {

// True when dense() runs on this CPU for a layer of this many outputs (any
// width; the last register of a row is masked when it is not a multiple of 8).
bool denseCovers(std::int64_t outputs);

// dst[r][o] = bias[o] + sum over i of src[r][i] * wt[i][o] (i ascending, each
// product fused into the sum), then ReLU when relu (NaN stays NaN), for rows
// x outputs; src is [rows][inputs], wt the layer's weight transposed,
// [inputs][outputs]. Only where denseCovers(outputs).
void dense(const float* src, std::int64_t rows, std::int64_t inputs, const float* wt,
           std::int64_t outputs, const float* bias, bool relu, float* dst);

}  // namespace modescape::landscape::mlp

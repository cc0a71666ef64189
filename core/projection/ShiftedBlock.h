#pragma once
// One column block of the members, ready for the float32 kernels: converted
// to float32 (float16 by F16C) and shifted by member 0's values, x_i - x_0,
// which keeps the digits of members that share a large common part. Blocks a
// source gives in float64 are kept as they are, for the float64 products.

#include <ATen/ATen.h>

#include <cstdint>
#include <vector>

#include "core/projection/MemberBlockSource.h"

namespace modescape::projection {

struct ShiftedBlock {
    int64_t d0 = 0, d1 = 0;
    std::vector<float> values;     // N x (d1 - d0), row-major: x_i - x_0
    std::vector<float> reference;  // x_0 on [d0, d1)
    double referenceNorm2 = 0;     // |x_0|^2 on [d0, d1), in float64
    at::Tensor dense;              // instead of the above: float64 blocks, or all with keepDense
    bool isDense() const { return dense.defined(); }
};

// Reads parameters [d0, d1) of every member (checkedBlock) into `out`,
// reusing its buffers; keepDense keeps every block as read (float64 products).
void readShiftedBlock(const MemberBlockSource& source, int64_t d0, int64_t d1, ShiftedBlock& out,
                      bool keepDense = false);

}  // namespace modescape::projection

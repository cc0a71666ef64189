#pragma once
// Where a network's permutation and scaling symmetries live: plain data (no
// LibTorch), so the UI can show it and a JSON file can describe it for a
// TorchScript model (docs/symmetry.md).
//
// A group is one set of `size` interchangeable hidden units (neurons or
// channels). Permuting the group reorders every axis listed in `axes`; scaling
// unit i by lambda_i > 0 multiplies its Out slices by lambda_i and divides its
// In slices by lambda_i (Stat slices are only permuted). Groups are listed in
// forward order: the Out / key tensors of a group read their inputs from
// earlier groups only, which is what sequential removal (unitnorm, sorting)
// relies on. The last layer's outputs belong to no group.

#include <cstdint>
#include <string>
#include <vector>

namespace modescape::symmetry {

enum class AxisRole {
    Out,   // incoming weights / bias / norm affine of the unit: permuted, times lambda
    In,    // outgoing weights (the next layer's input axis): permuted, divided by lambda
    Stat,  // permuted only (BN running statistics, a conv feeding a normalisation)
};
const char* axisRoleName(AxisRole role);  // "out", "in", "stat"

struct AxisRef {
    std::string tensor;      // state-dict name
    int axis = 0;            // the dimension holding the group's units
    std::int64_t block = 1;  // elements per unit along that axis (flatten after a conv: H*W)
    AxisRole role = AxisRole::Out;
    // First entry of the group's slice along the axis: the group owns entries
    // [offset, offset + size * block). Non-zero where several groups share one
    // axis: the parts of a torch.cat, the groups of a grouped convolution.
    std::int64_t offset = 0;
};

struct SymmetryGroup {
    std::string name;
    std::int64_t size = 0;
    // Positive scaling is a symmetry only where the units' scale reaches the next
    // layer through positively homogeneous operations (ReLU, LeakyReLU). A layer
    // feeding a normalisation is Stat (not rescaled): the normalisation's affine
    // parameters are the Out part (docs/symmetry.md, "One scaling rule").
    bool scalable = false;
    std::vector<AxisRef> axes;
    // Tensor whose slice along its group axis gives the sort key of each unit
    // (default: the first Out or Stat axis).
    std::string keyTensor;
};

struct SymmetrySpec {
    std::string architecture;  // "mlp 2-32-32-2 (relu)", or the JSON file it came from
    std::vector<SymmetryGroup> groups;
    // What the spec leaves out and why ("activation silu is not positively
    // homogeneous: no scaling symmetry").
    std::vector<std::string> notes;
    // Shape of one input sample for function checks ({2}, {1, 28, 28}); empty = unknown.
    std::vector<std::int64_t> sampleInputShape;

    bool hasScaling() const;
    std::int64_t unitCount() const;  // sum of the group sizes
};

}  // namespace modescape::symmetry

#pragma once
// A TorchScript model's symmetry spec, inferred from its forward graph instead
// of written by hand (docs/symmetry.md, "Inferred specs"), and the function
// check every inferred spec must pass before it is used.
//
// Inference walks the inlined forward graph: each Linear / Conv output is a
// group of permutable units; the walk follows those units through activations,
// pooling, dropout, flatten / view (the next layer then reads them as blocks),
// normalisations (BatchNorm, LayerNorm, GroupNorm, FRN: their affine
// parameters ride along) and residual additions (which tie groups into one),
// up to the layers that read them (their input axis). The result is the
// project's ordinary SymmetrySpec, so every consumer of a hand-written spec
// works with it. Units that no rule covers stay fixed and the notes say which
// operation stopped the inference; the last layer's outputs are never
// permuted.
//
// One scaling rule: a unit whose layer feeds a normalisation is not rescaled
// there (the normalisation removes the scale only up to eps); its scaling
// lives in the normalisation's affine parameters and the next layer's inputs.
// Scaling passes only positively homogeneous activations (ReLU, LeakyReLU).

#include <cstdint>
#include <string>
#include <vector>

#include "core/symmetry/SymmetrySpec.h"

namespace torch::jit {
struct Module;
}

namespace modescape::model {
class Model;
class ParameterSet;
}  // namespace modescape::model

namespace modescape::symmetry {

struct InferenceOptions {
    // One input sample's shape ({3, 32, 32}): gives the rank of the forward's
    // input and becomes the spec's input_shape. Empty: the graph's input type.
    std::vector<std::int64_t> inputShape;
    // The spec's architecture text (default: "inferred from the forward graph").
    std::string architecture;
};

struct InferredSpec {
    SymmetrySpec spec;  // groups in forward order; notes say what stayed fixed and why
    // The operations that stopped the inference of some units ("aten::index_put_"),
    // each also explained in spec.notes. Empty when every unit was understood.
    std::vector<std::string> stoppedBy;
};

// Never throws for an unknown operation (its units stay fixed); throws
// InvalidArgument when the module has no forward method.
InferredSpec inferSymmetrySpec(const torch::jit::Module& module,
                               const InferenceOptions& options = {});
// Loads the TorchScript file (it runs code: only after
// requireTorchScriptApproval, which throws TorchScriptDeclined) and infers.
// Throws IoError / FormatError for a missing or unreadable archive.
InferredSpec inferSymmetrySpecFromFile(const std::string& path,
                                       const InferenceOptions& options = {});

// One group moved on its own (a random permutation, and a random rescaling
// when the group is scalable): how much the outputs changed.
struct GroupCheck {
    std::string group;
    double difference = 0;  // max |f - f'| / max |f|
    bool passed = false;
};

struct SpecCheck {
    bool passed = false;
    double tolerance = 1e-5;
    // Every group moved at once (randomSymmetryImage with scaling).
    double difference = 0;
    std::vector<std::int64_t> inputShape;  // one sample
    std::int64_t samples = 8;
    std::uint64_t seed = 0;
    // Filled when the whole check fails: each group alone, so the report can
    // name the groups that break the function.
    std::vector<GroupCheck> groups;
    std::string
        message;  // one line: "passed (max relative difference 2.1e-07)" or which group broke
};

// Runs the model (the caller has its consent: a TorchScriptModel only exists
// after approval) on `samples` standard-normal inputs of inputShape, before and
// after a random element of the spec's symmetry group. Throws InvalidArgument
// when inputShape is empty; ShapeMismatch from the model when the input does
// not fit or the spec does not fit the weights.
SpecCheck checkInferredSpec(const model::Model& model, const model::ParameterSet& weights,
                            const SymmetrySpec& spec, const std::vector<std::int64_t>& inputShape,
                            std::uint64_t seed = 0, double tolerance = 1e-5);

}  // namespace modescape::symmetry

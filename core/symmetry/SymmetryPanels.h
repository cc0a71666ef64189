#pragma once
// The data behind the paper's panels (Laurent et al., ICLR 2024) for one
// checkpoint set: a chosen pair of weights per member before and after
// symmetry removal, the unit holding a layer's largest weight before and
// after, and each member's L2 mass, minimal mass and excess mass. The GUI's
// "Symmetry panels" tab bins these with PanelBinning.h; results are plain data.

#include <cstdint>
#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/symmetry/SymmetrySpec.h"
#include "core/symmetry/WeightSpace.h"

namespace modescape::evaluation {
class LoadedSet;
}

namespace modescape::symmetry {

struct SymmetryPanelOptions {
    // The pair of weights: flat (row-major) element indices of one tensor.
    std::string pairTensor;  // empty: the first parameter tensor with >= 2 dims
    std::int64_t elementA = 0;
    std::int64_t elementB = 1;
    // The layer whose largest weight is located (its rows are the units).
    std::string indexTensor;  // empty: same as pairTensor
    // The symmetry-removed side (raw is always the other side).
    SpaceOptions removed = [] {
        SpaceOptions o;
        o.space = WeightSpace::ScalingPermutation;
        return o;
    }();
};

struct SymmetryPanelData {
    std::vector<std::string> members, groups;
    std::string pairTensor, indexTensor, removedSpace;
    std::int64_t elementA = 0, elementB = 0;
    int units = 0;  // rows of indexTensor
    std::vector<double> rawA, rawB, removedA, removedB;
    std::vector<int> rawMaxUnit, removedMaxUnit;
    std::vector<double> mass, minimalMass, excessMass;
    // The symmetry groups the removed side used (built in, symmetry.json or
    // inferred): the GUI lists them and can save them next to the set.
    SymmetrySpec spec;
};

// The first parameter tensor with at least two dimensions (a layer's weight),
// else the first tensor. Throws InvalidArgument for a set without tensors.
std::string defaultPanelTensor(const evaluation::LoadedSet& set);

// Reads every member once (progress per member, cancellable). Throws
// InvalidArgument for an unknown tensor or an element index outside it, and
// what symmetrySpecForSet and removeSymmetries throw.
SymmetryPanelData computeSymmetryPanels(evaluation::LoadedSet& set,
                                        const SymmetryPanelOptions& options,
                                        const JobContext& context);

}  // namespace modescape::symmetry

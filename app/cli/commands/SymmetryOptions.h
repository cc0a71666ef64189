#pragma once
// The options `project` and `mmd` share: --symmetry, --space, --scaling,
// --permutation, --sort-key, --spec, --split, --samples and the layer
// selection (--layers, --exclude-norm, --last-layer, --include-buffers).

#include <cstdint>
#include <string>

#include "core/symmetry/SetProjection.h"
#include "core/symmetry/WeightSpace.h"

namespace CLI {
class App;
}

namespace modescape::cli {

class SpaceArguments {
  public:
    void define(CLI::App& app);
    // Throws InvalidArgument (exit 2) for a bad value.
    symmetry::SpaceOptions options() const;
    // --space function: members compared by their predictions.
    bool functionSpace() const { return space_ == "function"; }
    symmetry::FunctionSample functionSample() const { return {split_, samples_}; }

  private:
    std::string symmetry_, space_ = "weights", scaling_ = "optimal", permutation_ = "sort",
                           sortKey_ = "first", spec_, split_ = "test";
    std::int64_t samples_ = 500;
    symmetry::LayerSelection layers_;
};

}  // namespace modescape::cli

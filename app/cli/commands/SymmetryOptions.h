#pragma once
// The weight-space options `project` and `mmd` share: --space, --scaling,
// --permutation, --sort-key, --spec.

#include <string>

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

  private:
    std::string space_ = "raw", scaling_ = "optimal", permutation_ = "sort", sortKey_ = "first",
                spec_;
};

}  // namespace modescape::cli

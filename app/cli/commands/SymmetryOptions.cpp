#include "app/cli/commands/SymmetryOptions.h"

#include <CLI/CLI.hpp>

#include "core/common/Error.h"

namespace modescape::cli {

void SpaceArguments::define(CLI::App& app) {
    app.add_option(
           "--space", space_,
           "Weight space: raw, scaling (scaling removed) or scaling+permutation (default raw)")
        ->check(CLI::IsMember({"raw", "scaling", "scaling+permutation"}));
    app.add_option("--scaling", scaling_,
                   "Scaling removal the space uses: unitnorm or optimal (default optimal)")
        ->check(CLI::IsMember({"unitnorm", "optimal"}));
    app.add_option("--permutation", permutation_,
                   "Permutation removal the space uses: sort or match[:MEMBER] (default sort)");
    app.add_option("--sort-key", sortKey_,
                   "Sort key: first (first incoming weight), mean or l2 (default first)")
        ->check(CLI::IsMember({"first", "mean", "l2"}));
    app.add_option("--spec", spec_,
                   "Symmetry spec (JSON, docs/symmetry.md) for a TorchScript model "
                   "(default: built-in, else SET/symmetry.json)")
        ->check(CLI::ExistingFile);
}

symmetry::SpaceOptions SpaceArguments::options() const {
    symmetry::SpaceOptions o;
    o.space = symmetry::parseWeightSpace(space_);
    o.scaling = symmetry::parseScalingMethod(scaling_);
    symmetry::RemovalOptions removal;
    symmetry::parsePermutationOption(permutation_, removal);
    if (removal.permutation == symmetry::PermutationMethod::None)
        throw InvalidArgument(
            "--permutation: use sort or match[:MEMBER] (--space picks whether it applies)");
    o.permutation = removal.permutation;
    o.reference = removal.reference;
    o.sortKey = symmetry::parseSortKey(sortKey_);
    o.specPath = spec_;
    return o;
}

}  // namespace modescape::cli

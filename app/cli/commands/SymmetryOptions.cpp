#include "app/cli/commands/SymmetryOptions.h"

#include <CLI/CLI.hpp>

#include "core/common/Error.h"

namespace modescape::cli {

namespace {

// --symmetry's words, and the older --space spellings of the same thing.
std::string weightSpaceName(const std::string& symmetry) {
    if (symmetry == "none" || symmetry == "raw")
        return "raw";
    if (symmetry == "scale" || symmetry == "scaling")
        return "scaling";
    return "scaling+permutation";  // scale+perm
}

}  // namespace

void SpaceArguments::define(CLI::App& app) {
    app.add_option("--symmetry", symmetry_,
                   "Symmetries removed from the weights first: none, scale or scale+perm "
                   "(default none)")
        ->check(CLI::IsMember(
            {"none", "scale", "scale+perm", "raw", "scaling", "scaling+permutation"}));
    app.add_option("--space", space_,
                   "weights (default) or function (members compared by their predictions on "
                   "--samples samples of --split); raw, scaling and scaling+permutation are "
                   "accepted for --symmetry none, scale and scale+perm")
        ->check(CLI::IsMember({"weights", "function", "raw", "scaling", "scaling+permutation"}));
    app.add_option("--layers", layers_.pattern,
                   "Flatten only the tensors whose name matches this regular expression "
                   "(default: every parameter)");
    app.add_flag("--exclude-norm", layers_.excludeNormalization,
                 "Leave out BatchNorm and FRN tensors");
    app.add_flag("--last-layer", layers_.lastLayerOnly, "Only the last layer's weight and bias");
    app.add_flag("--include-buffers", layers_.includeBuffers,
                 "Also flatten float buffers (BatchNorm running statistics)");
    app.add_option("--split", split_, "Dataset role for --space function (default test)");
    app.add_option("--samples", samples_, "Samples for --space function (default 500)")
        ->check(CLI::Range(1, 1000000));
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
    const bool spaceNamesSymmetry = space_ != "weights" && space_ != "function";
    if (spaceNamesSymmetry && !symmetry_.empty())
        throw InvalidArgument("--space " + space_ + " and --symmetry " + symmetry_ +
                              " both name the symmetries: use --symmetry alone");
    if (functionSpace() && !symmetry_.empty() && weightSpaceName(symmetry_) != "raw")
        throw InvalidArgument("--symmetry " + symmetry_ +
                              " with --space function: symmetries never change the function");
    if (functionSpace() && (!layers_.selectsEverything() || layers_.includeBuffers))
        throw InvalidArgument(
            "--layers, --exclude-norm, --last-layer and --include-buffers select weights; "
            "--space function compares predictions");
    symmetry::SpaceOptions o;
    o.space = symmetry::parseWeightSpace(
        weightSpaceName(spaceNamesSymmetry ? space_ : (symmetry_.empty() ? "none" : symmetry_)));
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
    o.layers = layers_;
    return o;
}

}  // namespace modescape::cli

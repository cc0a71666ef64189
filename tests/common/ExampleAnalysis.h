#pragma once
// A test-only analysis whose table holds one parameter of every kind and every
// feature of a ParameterSpec (suffix, enabled-when, null default, range, unit,
// advanced, tuning-only, positional), with one rule between parameters. The
// tests of the parameter tables, of the CLI binding and of the GUI/CLI
// consistency use it, so they cover what no registered analysis may use yet.

#include <any>
#include <string>

#include "core/analysis/Analysis.h"
#include "core/common/Error.h"

namespace modescape::test {

class ExampleAnalysis : public analysis::Analysis {
  public:
    const analysis::AnalysisInfo& info() const override {
        static const analysis::AnalysisInfo kInfo{"example", "Example",
                                                  "A test-only analysis of every parameter kind"};
        return kInfo;
    }

    const analysis::ParameterList& parameters() const override {
        using analysis::parameter;
        using K = analysis::ParameterKind;
        static const analysis::ParameterList kTable{
            parameter("set", K::Set, "Set", "Checkpoint set").asPositional().notInGui(),
            parameter("a", K::Member, "Member A", "First member").asPositional(),
            parameter("points", K::Integer, "Points", "Grid points per axis")
                .byDefault(51)
                .in("points")
                .range(2, 1001),
            parameter("scale", K::Real, "Scale", "Step length").byDefault(0.5).range(0),
            parameter("dirs", K::Choice, "Directions", "How the directions are made")
                .byDefault("random")
                .oneOf({"random", "pca", "plane"})
                .withSuffix("dir-members"),
            parameter("dir-members", K::Members, "Direction members",
                      "Members the directions come from")
                .when("dirs", {"pca", "plane"}),
            parameter("norm", K::Choice, "Normalisation", "Normalisation of random directions")
                .byDefault("filter")
                .oneOf({"filter", "layer", "none"})
                .when("dirs", {"random"}),
            parameter("split", K::Role, "Split", "Data the loss is computed on")
                .byDefault("test")
                .oneOf({"train", "test"}),
            parameter("subset", K::Integer, "Subset", "Samples drawn from the split")
                .defaultReads("the whole split")
                .range(1),
            parameter("recompute-bn", K::Flag, "Recompute BatchNorm",
                      "Recompute BatchNorm statistics at every point"),
            parameter("grid", K::Grid, "Grid", "Grid of the slice").byDefault("-1:1:51"),
            parameter("members", K::Members, "Members", "Members to average").selectedByDefault(),
            parameter("label", K::Text, "Label", "Name shown in the title").byDefault("slice"),
            parameter("weights", K::Path, "Weights file", "Directions read from a file")
                .byDefault(""),
            parameter("batch-size", K::Integer, "Batch size", "Samples per forward pass")
                .byDefault(256)
                .range(1)
                .isAdvanced()
                .tuningOnly(),
        };
        return kTable;
    }

    std::any run(analysis::SetWorkspace&, const analysis::ParameterValues& values,
                 const JobContext&, const analysis::RunOptions& = {}) const override {
        return values["points"].get<int>();
    }

    nlohmann::json resultJson(const std::any& result) const override {
        return {{"points", std::any_cast<int>(result)}};
    }

  protected:
    // The rule between parameters: PCA needs three members (the message the
    // CLI and the GUI must both give).
    void checkRules(const analysis::ParameterValues& values,
                    const io::CheckpointSet*) const override {
        if (values["dirs"] == "pca" && values["dir-members"].size() < 3)
            throw InvalidArgument("--dirs pca: needs at least 3 members, got " +
                                  std::to_string(values["dir-members"].size()));
    }
};

inline const ExampleAnalysis& exampleAnalysis() {
    static const ExampleAnalysis kExample;
    return kExample;
}

}  // namespace modescape::test

// `modescape symmetry-spec SET [--out spec.json] [--json] [--input-shape CxHxW]`:
// the set's symmetry spec inferred from its TorchScript model's graph (a
// built-in model's own spec), with the function check it must pass.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/cli/CommandLine.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/SetArgument.h"
#include "core/common/Error.h"
#include "core/common/TerminalText.h"
#include "core/evaluation/LoadedSet.h"
#include "core/io/AtomicFile.h"
#include "core/io/set/SetOverrides.h"
#include "core/symmetry/BuiltinSymmetry.h"
#include "core/symmetry/SpecCheckCache.h"
#include "core/symmetry/SpecInference.h"
#include "core/symmetry/SymmetrySpecJson.h"

namespace modescape::cli {
namespace {

namespace fs = std::filesystem;
using namespace modescape::symmetry;

std::vector<std::int64_t> parseShape(const std::string& text) {
    std::vector<std::int64_t> shape;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t x = text.find('x', start);
        const std::string part = text.substr(start, x == std::string::npos ? x : x - start);
        try {
            std::size_t used = 0;
            const long long v = std::stoll(part, &used);
            if (used != part.size() || v < 1)
                throw std::invalid_argument(part);
            shape.push_back(v);
        } catch (const std::exception&) {
            throw InvalidArgument("--input-shape: '" + text +
                                  "' is not a shape like 3x32x32 (positive sizes joined by x)");
        }
        if (x == std::string::npos)
            break;
        start = x + 1;
    }
    return shape;
}

// One input sample's shape: --input-shape, else the test data's (or any
// dataset's), else input_shape in SET/symmetry.json.
std::vector<std::int64_t> inputShape(evaluation::LoadedSet& set, const std::string& option) {
    if (!option.empty())
        return parseShape(option);
    for (const std::string role : {"test", "validation", "train", "ood"})
        if (set.hasRole(role))
            return set.dataset(role).sampleShape();
    const fs::path beside = fs::path(set.set().folder) / "symmetry.json";
    if (fs::exists(beside))
        if (auto shape = readSymmetrySpec(beside.string()).sampleInputShape; !shape.empty())
            return shape;
    throw InvalidArgument(set.set().folder +
                          ": no input shape for the function check: the set has no dataset "
                          "and no symmetry.json with input_shape; pass --input-shape (e.g. "
                          "3x32x32)");
}

void printText(const std::string& source, const InferredSpec& inferred, const SpecCheck& check) {
    const SymmetrySpec& spec = inferred.spec;
    std::printf("Symmetry spec (%s): %s\n", source.c_str(),
                terminalSafe(spec.architecture).c_str());
    std::printf("%-32s %6s %-8s %5s  %s\n", "group", "units", "scaling", "axes", "key");
    for (const auto& g : spec.groups)
        std::printf("%-32s %6lld %-8s %5zu  %s\n", terminalSafe(g.name).c_str(),
                    static_cast<long long>(g.size), g.scalable ? "yes" : "no", g.axes.size(),
                    terminalSafe(g.keyTensor).c_str());
    for (const auto& n : spec.notes)
        std::printf("note: %s\n", terminalSafe(n).c_str());
    std::printf("Check: %s\n", terminalSafe(check.message).c_str());
}

class SymmetrySpecCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand(
            "symmetry-spec",
            "Infer the symmetry spec of the set's TorchScript model from its forward graph and "
            "check it (outputs unchanged under a random permutation and rescaling)");
        set_.define(*app);
        app->add_option("--out", out_,
                        "Write the spec as JSON (docs/symmetry.md) to this file, e.g. "
                        "SET/symmetry.json; only when the check passes");
        app->add_option("--input-shape", shape_,
                        "One input sample's shape for the check, e.g. 3x32x32 (default: the "
                        "set's test data)");
        app->add_flag("--json", json_, "Print {\"source\",\"spec\",\"check\",\"stopped_by\"}");
        return app;
    }

    int run(const JobContext& context) override {
        evaluation::LoadedSet set(set_.open(context));
        const std::vector<std::int64_t> shape = inputShape(set, shape_);
        const model::Model& model = set.model();
        const bool torchScript = set.set().model.kind == io::ModelSpec::Kind::TorchScript;
        InferredSpec inferred;
        std::string source;
        if (torchScript) {
            inferred = inferSymmetrySpecFromFile(set.set().model.path, {shape, {}});
            source = "inferred from the TorchScript graph";
        } else {
            inferred.spec = builtinSymmetrySpec(model);
            source = "built-in";
        }
        inferred.spec.sampleInputShape = shape;
        validateSymmetrySpec(inferred.spec, model.parameterSpec());
        context.report(0.5, "checking the spec on " + set.set().members.front().name);
        const SpecCheck check = checkInferredSpec(
            model, set.weights(set.set().members.front().name), inferred.spec, shape);
        nlohmann::json report = inferredSpecReport(inferred, check);
        report["source"] = source;
        report["member"] = set.set().members.front().name;
        if (torchScript)
            storeSpecCheck(set.set().model.path, report);
        if (check.passed && !out_.empty())
            io::writeFileAtomically(out_, symmetrySpecToJson(inferred.spec).dump(2) + "\n");
        if (json_)
            std::cout << report.dump(2, ' ', true, nlohmann::json::error_handler_t::replace)
                      << '\n';
        else
            printText(source, inferred, check);
        if (!check.passed) {
            std::cerr << "error: the spec fails the function check"
                      << (out_.empty() ? "" : "; " + out_ + " not written") << '\n';
            return kExitFailure;
        }
        return kExitOk;
    }

  private:
    SetArgument set_;
    std::string out_;
    std::string shape_;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> makeSymmetrySpecCommand() {
    return std::make_unique<SymmetrySpecCommand>();
}

}  // namespace modescape::cli

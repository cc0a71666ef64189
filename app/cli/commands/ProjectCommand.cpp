// `modescape project SET --method pca|tsne|mds [--space raw|scaling|scaling+permutation]
// [--distance euclidean|cosine|disagreement|js] [--components 2|3] [--seed S]
// [--out coords.csv] [--json]`: a map of the members, with explained variance
// (PCA) or the final KL divergence (t-SNE).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <sstream>

#include "app/cli/TerminalProgress.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/SymmetryOptions.h"
#include "core/io/AtomicFile.h"
#include "core/io/set/OpenSet.h"
#include "core/symmetry/SetProjection.h"

namespace modescape::cli {
namespace {

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string toCsv(const symmetry::SetProjection& p) {
    std::ostringstream out;
    out.precision(10);
    out << "name,group";
    const char* axes[] = {"x", "y", "z"};
    for (Eigen::Index c = 0; c < p.coordinates.cols(); ++c)
        out << ',' << axes[c];
    out << '\n';
    for (std::size_t i = 0; i < p.members.size(); ++i) {
        out << csvField(p.members[i]) << ',' << csvField(p.groups[i]);
        for (Eigen::Index c = 0; c < p.coordinates.cols(); ++c)
            out << ',' << p.coordinates(Eigen::Index(i), c);
        out << '\n';
    }
    return out.str();
}

class ProjectCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand(
            "project", "PCA, t-SNE or MDS map of the members (weights or functions)");
        app->add_option("SET", set_, "Checkpoint-set folder")->required();
        app->add_option("--method", method_, "pca, tsne or mds (default pca)")
            ->check(CLI::IsMember({"pca", "tsne", "mds"}));
        space_.define(*app);
        app->add_option("--distance", distance_,
                        "euclidean or cosine (weights), disagreement or js (predictions on the "
                        "first --samples of --split); default euclidean")
            ->check(CLI::IsMember({"euclidean", "cosine", "disagreement", "js"}));
        app->add_option("--components", components_, "2 or 3 (t-SNE: 2; default 2)")
            ->check(CLI::IsMember({2, 3}));
        app->add_option("--seed", seed_, "t-SNE seed (default 0)");
        app->add_option("--split", split_, "Dataset role for function space (default test)");
        app->add_option("--samples", samples_, "Samples for function space (default 500)")
            ->check(CLI::Range(1, 1000000));
        app->add_option("--out", out_, "Write the coordinates as CSV (atomically)");
        app->add_flag("--json", json_, "Print the result as JSON");
        return app;
    }

    int run(const JobContext& context) override {
        symmetry::SetProjectionOptions options;
        options.method = symmetry::parseProjectionMethod(method_);
        options.distance = symmetry::parseDistanceKind(distance_);
        options.components = components_;
        options.seed = seed_;
        options.space = space_.options();
        options.split = split_;
        options.functionSamples = samples_;
        const io::CheckpointSet set = io::openCheckpointSet(set_, context);
        const symmetry::SetProjection p = symmetry::projectSet(set, options, context);
        finishTerminalProgress();
        if (!out_.empty())
            io::writeFileAtomically(out_, toCsv(p));
        if (json_) {
            std::cout << symmetry::toJson(p).dump(2) << '\n';
            return 0;
        }
        std::printf("%s of %zu members, space %s, distance %s, %lld dimensions\n", p.method.c_str(),
                    p.members.size(), p.space.c_str(), p.distance.c_str(),
                    static_cast<long long>(p.dimensions));
        for (const auto& note : p.notes)
            std::printf("  note: %s\n", note.c_str());
        if (!p.explainedVarianceRatio.empty()) {
            std::printf("explained variance ratio:");
            for (Eigen::Index c = 0; c < p.coordinates.cols(); ++c)
                std::printf(" %.4f", p.explainedVarianceRatio[std::size_t(c)]);
            std::printf("\n");
        }
        if (p.kl >= 0)
            std::printf("final KL divergence: %.6g\n", p.kl);
        std::fputs(toCsv(p).c_str(), stdout);
        return 0;
    }

  private:
    std::string set_, method_ = "pca", distance_ = "euclidean", split_ = "test", out_;
    SpaceArguments space_;
    int components_ = 2;
    std::uint64_t seed_ = 0;
    std::int64_t samples_ = 500;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> makeProjectCommand() {
    return std::make_unique<ProjectCommand>();
}

}  // namespace modescape::cli

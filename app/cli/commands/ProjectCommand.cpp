// `modescape project SET --method pca|tsne|mds [--symmetry none|scale|scale+perm]
// [--space weights|function [--split ROLE] [--samples N]]
// [--distance euclidean|cosine|disagreement|js] [--components 2|3] [--seed S]
// [--pca exact|randomized|auto] [--map-input auto|full|pca [--map-components K]]
// [--out coords.csv] [--png map.png [--size WxH]] [--json]`: a map of the
// members, with explained variance (PCA) or the final KL divergence (t-SNE).
// --png renders the map with the GUI's view (GUI build only).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <sstream>

#include "app/cli/TerminalProgress.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/FigureOptions.h"
#include "app/cli/commands/SetArgument.h"
#include "app/cli/commands/SymmetryOptions.h"
#include "core/common/Error.h"
#include "core/common/TerminalText.h"
#include "core/io/AtomicFile.h"
#include "core/io/OutputPath.h"
#include "core/io/set/OpenSet.h"
#include "core/symmetry/SetProjection.h"

#ifdef MODESCAPE_WITH_GUI
#include "ui/views/map/MapImage.h"
#endif

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
        set_.define(*app);
        app->add_option("--method", method_, "pca, tsne or mds (default pca)")
            ->check(CLI::IsMember({"pca", "tsne", "mds"}));
        space_.define(*app);
        app->add_option("--distance", distance_,
                        "euclidean or cosine (weights; default euclidean), disagreement or js "
                        "(function space; default js)")
            ->check(CLI::IsMember({"euclidean", "cosine", "disagreement", "js"}));
        app->add_option("--components", components_, "2 or 3 (t-SNE: 2; default 2)")
            ->check(CLI::IsMember({2, 3}));
        app->add_option("--seed", seed_, "t-SNE and randomized PCA seed (default 0)");
        app->add_option("--pca", pca_,
                        "exact (streamed Gram matrix), randomized (a few passes, top components "
                        "only) or auto (randomized past the exact Gram's reach; default); "
                        "docs/large-sets.md")
            ->check(CLI::IsMember({"exact", "randomized", "auto"}));
        app->add_option("--map-input", mapInput_,
                        "weight-space t-SNE and MDS from the full N x N distances (full), from "
                        "the top --map-components principal coordinates (pca), or pca past the "
                        "exact Gram's reach (auto; default); docs/large-sets.md")
            ->check(CLI::IsMember({"auto", "full", "pca"}));
        app->add_option("--map-components", mapComponents_,
                        "principal coordinates for --map-input pca (default 50; fewer where the "
                        "working memory cannot hold the sketch)")
            ->check(CLI::Range(2, 10000));
        app->add_option("--out", out_, "Write the coordinates as CSV (atomically)");
        figure_.define(*app, "the map");
        app->add_flag("--json", json_, "Print the result as JSON");
        return app;
    }

    int run(const JobContext& context) override {
        figure_.checkCanRender("use --json or --out and plot the coordinates elsewhere");
        io::checkOutputFile(out_);
        symmetry::SetProjectionOptions options;
        options.method = symmetry::parseProjectionMethod(method_);
        options.distance = symmetry::parseDistanceKind(distance());
        options.components = components_;
        options.seed = seed_;
        options.pca = projection::parsePcaAlgorithm(pca_);
        options.mapInput = projection::parseMapInput(mapInput_);
        options.mapComponents = mapComponents_;
        options.space = space_.options();
        options.split = space_.functionSample().split;
        options.functionSamples = space_.functionSample().samples;
        const io::CheckpointSet set = set_.open(context);
        const symmetry::SetProjection p = symmetry::projectSet(set, options, context);
        finishTerminalProgress();
        if (!out_.empty())
            io::writeFileAtomically(out_, toCsv(p));
        if (figure_.requested())
            writeMap(p);
        if (json_) {
            std::cout << symmetry::toJson(p).dump(2) << '\n';
            return 0;
        }
        std::printf("%s of %zu members, space %s, distance %s, %lld dimensions\n", p.method.c_str(),
                    p.members.size(), p.space.c_str(), p.distance.c_str(),
                    static_cast<long long>(p.dimensions));
        if (!p.algorithm.empty())
            std::printf("%s: %s\n",
                        p.method == "pca"                   ? "PCA"
                        : p.algorithm.rfind("top ", 0) == 0 ? "map input"
                                                            : "weight-space Gram",
                        p.algorithm.c_str());
        for (const auto& note : p.notes)
            std::printf("  note: %s\n", terminalSafe(note).c_str());
        if (!p.explainedVarianceRatio.empty()) {
            std::printf("explained variance ratio:");
            for (Eigen::Index c = 0; c < p.coordinates.cols(); ++c)
                std::printf(" %.4f", p.explainedVarianceRatio[std::size_t(c)]);
            std::printf("\n");
        }
        if (p.kl >= 0)
            std::printf("final KL divergence: %.6g\n", p.kl);
        std::fputs(terminalSafe(toCsv(p), Newlines::Keep).c_str(), stdout);
        return 0;
    }

  private:
    void writeMap([[maybe_unused]] const symmetry::SetProjection& p) const {
#ifdef MODESCAPE_WITH_GUI
        ui::writeMapImage(p, figure_.path(), figure_.width(), figure_.height());
#endif
    }

    // The distance asked for, else the default of the space; a weight distance
    // in function space (or the reverse) is an argument error.
    std::string distance() const {
        const bool functionDistance = distance_ == "disagreement" || distance_ == "js";
        if (distance_.empty())
            return space_.functionSpace() ? "js" : "euclidean";
        if (space_.functionSpace() && !functionDistance)
            throw InvalidArgument("--distance " + distance_ +
                                  " compares weights; with --space function use disagreement "
                                  "or js");
        return distance_;
    }

    SetArgument set_;
    std::string method_ = "pca", distance_, out_, pca_ = "auto", mapInput_ = "auto";
    int mapComponents_ = projection::kMapPcaComponents;
    FigureOptions figure_{800, 640};
    SpaceArguments space_;
    int components_ = 2;
    std::uint64_t seed_ = 0;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> makeProjectCommand() {
    return std::make_unique<ProjectCommand>();
}

}  // namespace modescape::cli

// `modescape landscape SET [--center NAME] [--dirs random|pca|plane:A,B,C|line:A,B|file:PATH]
// [--grid X0:X1:NX[,Y0:Y1:NY]] [--norm filter|layer|none] [--ignore biasbn|none]
// [--split train|test] [--subset N] [--seed S] [--engine batched|naive]
// [--out FILE.h5|.vts|.csv] [--png FILE [--figure surface|contour] [--size WxH]
// [--colormap NAME] [--log]] [--json]`: a 1-D or 2-D loss-landscape slice
// (docs/landscape.md). An existing .h5 --out with the same settings and inputs is resumed:
// only its points not computed yet are computed (so a finished .h5 re-renders --png without
// any work). Ctrl-C writes what was computed and stops.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/cli/NonNegativeCount.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/FigureOptions.h"
#include "app/cli/commands/SetArgument.h"
#include "core/common/Error.h"
#include "core/evaluation/LoadedSet.h"
#include "core/io/OutputPath.h"
#include "core/io/set/OpenSet.h"
#include "core/landscape/LandscapeCompute.h"
#include "core/landscape/LandscapeFiles.h"
#include "core/landscape/LandscapeJson.h"

#ifdef MODESCAPE_WITH_GUI
#include <QString>

#include "ui/rendering/OffscreenRender.h"
#include "ui/views/landscape/LandscapeImage.h"
#endif

namespace modescape::cli {
namespace {

using namespace modescape::landscape;

std::vector<std::string> splitOn(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        parts.push_back(text.substr(start, end - start));
        if (end == std::string::npos)
            return parts;
        start = end + 1;
    }
}

double parseNumber(const std::string& text, const std::string& what) {
    try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == text.size() && std::isfinite(v))
            return v;
    } catch (const std::exception&) {
    }
    throw InvalidArgument(what + ": '" + text + "' is not a number");
}

GridAxis parseAxis(const std::string& text) {
    const auto parts = splitOn(text, ':');
    if (parts.size() != 3)
        throw InvalidArgument("--grid: expected FROM:TO:COUNT, got '" + text + "'");
    GridAxis axis;
    axis.from = parseNumber(parts[0], "--grid");
    axis.to = parseNumber(parts[1], "--grid");
    const double count = parseNumber(parts[2], "--grid");
    if (count < 1 || count != std::floor(count) || count > 100000)
        throw InvalidArgument(
            "--grid: the point count must be a whole number from 1 to 100000, got '" + parts[2] +
            "'");
    axis.count = static_cast<int>(count);
    return axis;
}

// "random", "pca[:A,B,C...]", "plane:A,B,C", "line:A,B", "file:PATH".
void parseDirections(const std::string& text, LandscapeSettings& s) {
    const auto colon = text.find(':');
    const std::string kind = text.substr(0, colon);
    const std::string rest = colon == std::string::npos ? "" : text.substr(colon + 1);
    s.directions = parseDirectionSource(kind);
    if (s.directions == DirectionSource::File) {
        if (rest.empty())
            throw InvalidArgument("--dirs file:PATH needs the file's path");
        s.directionFile = rest;
    } else if (!rest.empty()) {
        if (s.directions == DirectionSource::Random)
            throw InvalidArgument("--dirs random takes no members (use --seed)");
        s.directionMembers = splitOn(rest, ',');
    } else if (s.directions == DirectionSource::Plane || s.directions == DirectionSource::Line) {
        throw InvalidArgument(
            "--dirs " + kind + " needs its members: " +
            (s.directions == DirectionSource::Plane ? "plane:A,B,C" : "line:A,B"));
    }
}

// The keys whose values differ between two settings' result-defining JSON.
std::string differingKeys(const LandscapeSettings& a, const LandscapeSettings& b) {
    const auto ja = nlohmann::json::parse(resultDefiningSettings(a));
    const auto jb = nlohmann::json::parse(resultDefiningSettings(b));
    std::string keys;
    for (const auto& [key, value] : ja.items())
        if (!jb.contains(key) || jb[key] != value)
            keys += (keys.empty() ? "" : ", ") + key;
    for (const auto& [key, value] : jb.items())
        if (!ja.contains(key))
            keys += (keys.empty() ? "" : ", ") + key;
    return keys;
}

nlohmann::json numberOrNull(double v) {
    return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v);
}

class LandscapeCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand(
            "landscape",
            "Loss and accuracy on a 1-D or 2-D slice of weight space (Li et al. 2018)");
        set_.define(*app);
        app->add_option(
               "--center", center_,
               "Centre member; several (comma-separated) = their mean. Default: the plane's or "
               "line's first member, the PCA members' mean, else the set's reference member")
            ->delimiter(',');
        app->add_option(
            "--dirs", dirs_,
            "Directions: random (default; seeded, normalised), pca[:A,B,C...] (top-2 principal "
            "directions of these members, default all), plane:A,B,C, line:A,B, file:PATH "
            "(safetensors x.<tensor>/y.<tensor>, or the reference tool's direction .h5)");
        app->add_option("--grid", grid_,
                        "X0:X1:NX[,Y0:Y1:NY]; one axis = a 1-D slice (default -1:1:51,-1:1:51; "
                        "line: -1:1:51)");
        app->add_option("--norm", norm_, "Random directions: filter (default), layer or none")
            ->check(CLI::IsMember({"filter", "layer", "none"}));
        app->add_option(
               "--ignore", ignore_,
               "Random directions on biases and BatchNorm (dim <= 1): biasbn = zero (default), "
               "none = the weight itself")
            ->check(CLI::IsMember({"biasbn", "none"}));
        app->add_option(
               "--dir-type", scope_,
               "weights (parameters, default) or states (also BatchNorm running statistics)")
            ->check(CLI::IsMember({"weights", "states"}));
        app->add_option("--split", split_, "Dataset role for loss and accuracy (default test)")
            ->check(CLI::IsMember({"train", "test", "validation"}));
        app->add_option("--subset", subset_,
                        "Evaluate on N samples drawn with --seed (default: all)")
            ->check(nonNegativeCount());
        app->add_option("--seed", seed_,
                        "Seed of the random directions and the subset (default 0)");
        app->add_flag("--recompute-bn", recomputeBn_,
                      "Recompute BatchNorm statistics at every point on the train split");
        app->add_option("--bn-samples", bnSamples_,
                        "Train samples for --recompute-bn (default 0 = all)")
            ->check(nonNegativeCount());
        app->add_option(
               "--engine", engine_,
               "batched (default: K points per forward) or naive (one forward per point, the "
               "reference algorithm)")
            ->check(CLI::IsMember({"batched", "naive"}));
        app->add_option("--points-per-forward", pointsPerForward_,
                        "Batched engine: K (default: automatic)")
            ->check(nonNegativeCount());
        app->add_option("--batch-size", batchSize_, "Samples per forward (default: automatic)")
            ->check(nonNegativeCount());
        app->add_option(
            "--out", out_,
            "Write the surface: .h5 (reference layout + settings; resumed when it exists "
            "with the same settings), .vts (ParaView) or .csv");
        auto* png = figure_.define(*app, "the slice");
        app->add_option("--figure", figureKind_,
                        "--png of a 2-D slice: surface (3-D, default) or contour (flat map)")
            ->check(CLI::IsMember({"surface", "contour"}))
            ->needs(png);
        app->add_option("--colormap", colormap_,
                        "--png colour map: viridis (default), magma, plasma, inferno, cividis or "
                        "coolwarm")
            ->check(CLI::IsMember({"viridis", "magma", "plasma", "inferno", "cividis", "coolwarm"}))
            ->needs(png);
        app->add_flag("--log", logScale_, "--png: colour and height by log10(loss)")->needs(png);
        app->add_flag(
            "--json", json_,
            "Print {\"grid\":[nx,ny],\"loss_min\",\"loss_max\",\"center_loss\",\"seconds\","
            "\"points_per_second\",...}");
        return app;
    }

    int run(const JobContext& context) override {
        figure_.checkCanRender("write --out FILE.vts for ParaView instead");
        io::checkOutputFile(out_);
        const LandscapeSettings settings = makeSettings();
        if (!out_.empty())
            surfaceFormatOf(out_);  // an unknown suffix is an argument error, before any work
        const auto start = std::chrono::steady_clock::now();
        LandscapeResult result = startingResult(settings);
        evaluation::LoadedSet loaded(set_.open(context));

        auto lastSave = std::chrono::steady_clock::now();
        const bool resumable = !out_.empty() && surfaceFormatOf(out_) == SurfaceFormat::Hdf5;
        try {
            computeLandscape(loaded, result, context, [&](const LandscapeResult& partial, int) {
                // A long run keeps its .h5 up to date, so even a killed run resumes.
                const auto now = std::chrono::steady_clock::now();
                if (resumable && now - lastSave > std::chrono::seconds(30)) {
                    writeSurface(out_, partial);
                    lastSave = now;
                }
            });
        } catch (const InputsChanged& e) {
            // Only a resumed --out records inputs; it is left as it was.
            throw InvalidArgument(out_ + ": " + e.what() +
                                  ". To start afresh, choose another --out or remove " + out_);
        } catch (const Cancelled&) {
            if (!out_.empty() && result.computedPoints() > 0) {
                writeSurface(out_, result);
                std::cerr << "cancelled: " << result.computedPoints() << " of "
                          << result.loss.size() << " points written to " << out_
                          << (resumable ? " (run again to resume)" : "") << '\n';
            }
            throw;
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!out_.empty())
            writeSurface(out_, result);
        if (figure_.requested())
            writeFigure(result);
        print(result, seconds);
        return 0;
    }

  private:
    void writeFigure([[maybe_unused]] const LandscapeResult& result) const {
#ifdef MODESCAPE_WITH_GUI
        ui::SurfaceStyle style;
        style.colormap = ui::colormapFromName(QString::fromStdString(colormap_));
        style.logScale = logScale_;
        const auto figure =
            figureKind_ == "contour" ? ui::LandscapeFigure::Contour : ui::LandscapeFigure::Surface;
        ui::writeImageFile(
            ui::renderLandscapeImage(result, figure, style, {figure_.width(), figure_.height()}),
            QString::fromStdString(figure_.path()));
#endif
    }

    LandscapeSettings makeSettings() const {
        LandscapeSettings s;
        s.centerMembers = center_;
        parseDirections(dirs_, s);
        if (!grid_.empty()) {
            const auto axes = splitOn(grid_, ',');
            if (axes.size() > 2)
                throw InvalidArgument("--grid: at most two axes (X0:X1:NX,Y0:Y1:NY)");
            s.x = parseAxis(axes[0]);
            s.dimensions = static_cast<int>(axes.size());
            if (axes.size() == 2)
                s.y = parseAxis(axes[1]);
        }
        if (s.directions == DirectionSource::Line)
            s.dimensions = 1;
        if (s.directions == DirectionSource::Plane && s.dimensions == 1)
            throw InvalidArgument("--dirs plane is a 2-D slice: give --grid X0:X1:NX,Y0:Y1:NY");
        s.normalization = parseNormalization(norm_);
        s.ignore = parseIgnoreMode(ignore_);
        s.scope = parseDirectionScope(scope_);
        s.seed = seed_;
        s.split = split_;
        s.subset = subset_;
        s.recomputeBatchNorm = recomputeBn_;
        s.batchNormSamples = bnSamples_;
        s.engine = parseEngine(engine_);
        s.pointsPerForward = pointsPerForward_;
        s.batchSize = batchSize_;
        validate(s);
        return s;
    }

    // A new, empty result, or the one in --out to resume when its settings match.
    LandscapeResult startingResult(const LandscapeSettings& settings) const {
        if (out_.empty() || surfaceFormatOf(out_) != SurfaceFormat::Hdf5 ||
            !std::filesystem::exists(out_))
            return makeEmptyResult(settings);
        LandscapeResult existing = readSurface(out_);
        const std::string differences = differingKeys(settings, existing.settings);
        if (!differences.empty())
            throw InvalidArgument(out_ + " holds a surface with other settings (" + differences +
                                  "); remove it or choose another --out");
        existing.settings.engine = settings.engine;
        existing.settings.pointsPerForward = settings.pointsPerForward;
        existing.settings.batchSize = settings.batchSize;
        return existing;
    }

    void print(const LandscapeResult& r, double seconds) const {
        const double pointsPerSecond = r.seconds > 0 ? r.pointsComputedLastRun / r.seconds : 0.0;
        if (json_) {
            nlohmann::json markers = nlohmann::json::array();
            for (const auto& m : r.markers)
                markers.push_back({{"name", m.name}, {"x", m.x}, {"y", m.y}});
            nlohmann::json j{
                {"grid", {r.nx(), r.ny()}},
                {"loss_min", numberOrNull(r.lossMin())},
                {"loss_max", numberOrNull(r.lossMax())},
                {"center_loss", numberOrNull(r.centerLoss)},
                {"center_accuracy", numberOrNull(r.centerAccuracy)},
                {"seconds", seconds},
                {"grid_seconds", r.seconds},
                {"points_per_second", pointsPerSecond},
                {"points_computed", r.pointsComputedLastRun},
                {"points_total", r.loss.size()},
                {"points_non_finite", r.nonFinitePoints()},
                {"samples", r.samples},
                {"data", r.dataSpec},
                {"center", r.centerName},
                {"markers", markers},
                {"device", r.device},
                {"settings", settingsToJson(r.settings)},
            };
            if (!out_.empty())
                j["out"] = out_;
            std::cout << j.dump(2) << '\n';
            return;
        }
        std::printf("%s: %s slice, %d x %d points, centre %s\n", r.setFolder.c_str(),
                    toString(r.settings.directions), r.nx(), r.ny(), r.centerName.c_str());
        std::printf("data %s (%lld samples), device %s\n", r.dataSpec.c_str(),
                    static_cast<long long>(r.samples), r.device.c_str());
        std::printf("centre loss %.6f, accuracy %.2f%%\n", r.centerLoss, 100 * r.centerAccuracy);
        std::printf("loss from %.6f to %.6f\n", r.lossMin(), r.lossMax());
        std::printf("%lld points in %.2f s (%.1f points/s, %s engine); %.2f s in all\n",
                    static_cast<long long>(r.pointsComputedLastRun), r.seconds, pointsPerSecond,
                    toString(r.settings.engine), seconds);
        if (!out_.empty())
            std::printf("written to %s\n", out_.c_str());
    }

    SetArgument set_;
    std::vector<std::string> center_;
    std::string dirs_ = "random";
    std::string grid_;
    std::string norm_ = "filter";
    std::string ignore_ = "biasbn";
    std::string scope_ = "weights";
    std::string split_ = "test";
    std::int64_t subset_ = 0;
    std::uint64_t seed_ = 0;
    bool recomputeBn_ = false;
    std::int64_t bnSamples_ = 0;
    std::string engine_ = "batched";
    int pointsPerForward_ = 0;
    std::int64_t batchSize_ = 0;
    std::string out_;
    FigureOptions figure_{1000, 800};
    std::string figureKind_ = "surface";
    std::string colormap_ = "viridis";
    bool logScale_ = false;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> makeLandscapeCommand() {
    return std::make_unique<LandscapeCommand>();
}

}  // namespace modescape::cli

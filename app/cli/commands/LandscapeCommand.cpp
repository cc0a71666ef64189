// `modescape landscape SET [the landscape analysis's options, core/analysis/LandscapeAnalysis.cpp]
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

#include "app/cli/AnalysisOptions.h"
#include "app/cli/NonNegativeCount.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/FigureOptions.h"
#include "app/cli/commands/SetArgument.h"
#include "core/analysis/LandscapeAnalysis.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/Error.h"
#include "core/io/OutputPath.h"
#include "core/io/set/OpenSet.h"
#include "core/landscape/LandscapeFiles.h"
#include "core/landscape/LandscapeJournal.h"
#include "core/landscape/LandscapeJson.h"
#include "core/parallel/DistributedLandscape.h"
#include "core/parallel/Mpi.h"
#include "core/parallel/ShareReportJson.h"

#ifdef MODESCAPE_WITH_GUI
#include <QString>

#include "ui/rendering/OffscreenRender.h"
#include "ui/views/landscape/LandscapeImage.h"
#endif

namespace modescape::cli {
namespace {

using namespace modescape::landscape;

// Parameters given on the command line that do not apply to the other values
// (--norm with --dirs pca, --dirs random:A,B): refused rather than ignored.
void refuseDisabled(const analysis::Analysis& analysis, const analysis::ParameterValues& given,
                    const analysis::ParameterValues& values) {
    for (const auto& spec : analysis.parameters()) {
        if (!given.contains(spec.name) || analysis::isEnabled(spec, values))
            continue;
        std::string when;
        for (const auto& condition : spec.enabledWhen) {
            std::string words;  // "pca, plane or line"
            for (std::size_t i = 0; i < condition.values.size(); ++i) {
                const auto& v = condition.values[i];
                words += (i == 0                             ? ""
                          : i + 1 == condition.values.size() ? " or "
                                                             : ", ") +
                         (v.is_string() ? v.get<std::string>() : v.dump());
            }
            const auto& other = analysis::specNamed(analysis.parameters(), condition.parameter);
            const bool onFlag = other.kind == analysis::ParameterKind::Flag;
            when += (when.empty() ? "" : " and ") + analysis::userName(other) +
                    (onFlag ? "" : " " + words);
        }
        throw InvalidArgument(analysis::userName(spec) + " applies only with " + when);
    }
}

class LandscapeCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        const analysis::AnalysisInfo& info = options_.analysis().info();
        CLI::App* app = parent.add_subcommand(info.name, info.summary);
        set_.define(*app);
        options_.define(*app);
        // Counts keep the CLI's wording for a negative one ("must be 0 or more, got -1").
        for (const char* count : {"subset", "bn-samples", "points-per-forward", "batch-size"})
            options_.option(count)->check(nonNegativeCount());
        app->add_option(
            "--out", out_,
            "Write the surface: .h5 (reference layout + settings; resumed when it exists "
            "with the same settings), .vts (ParaView) or .csv");
        auto* png = figure_.define(*app, "the slice");
        app->add_option("--plot", figureKind_,
                        "--figure of a 2-D slice: surface (3-D, default) or contour (flat map)")
            ->check(CLI::IsMember({"surface", "contour"}))
            ->needs(png);
        app->add_option("--colormap", colormap_,
                        "--figure colour map: viridis (default), magma, plasma, inferno, "
                        "cividis or coolwarm")
            ->check(CLI::IsMember({"viridis", "magma", "plasma", "inferno", "cividis", "coolwarm"}))
            ->needs(png);
        app->add_flag("--log", logScale_, "--figure: colour and height by log10(loss)")->needs(png);
        app->add_flag(
            "--json", json_,
            "Print {\"grid\":[nx,ny],\"loss_min\",\"loss_max\",\"center_loss\",\"seconds\","
            "\"points_per_second\",...}");
        return app;
    }

    bool distributes() const override { return true; }

    int run(const JobContext& context) override {
        const analysis::Analysis& landscape = options_.analysis();
        figure_.checkCanRender("write --out FILE.vts for ParaView instead");
        io::checkOutputFile(out_);
        const analysis::ParameterValues values = parameterValues();
        const LandscapeSettings settings = analysis::landscapeSettingsFrom(values);
        if (!out_.empty())
            surfaceFormatOf(out_);  // an unknown suffix is an argument error, before any work
        const auto start = std::chrono::steady_clock::now();
        if (parallel::running())  // under mpirun, even -np 1: commits through the journal
            return runDistributed(context, values, settings, start);
        // Read (or sized, for its memory check) before the set is opened.
        const std::any starting = startingResult(settings);
        analysis::SetWorkspace workspace(set_.open(context));
        landscape.complete(values, &workspace.set());  // member names and roles, now known

        std::any result = starting;
        auto lastSave = std::chrono::steady_clock::now();
        const bool resumable = !out_.empty() && surfaceFormatOf(out_) == SurfaceFormat::Hdf5;
        analysis::RunOptions options;
        options.resumeFrom = &starting;
        options.onPartial = [&](const std::any& partial) {
            result = partial;
            // A long run keeps its .h5 up to date, so even a killed run resumes.
            const auto now = std::chrono::steady_clock::now();
            if (resumable && now - lastSave > std::chrono::seconds(30)) {
                writeSurface(out_, surfaceOf(partial));
                lastSave = now;
            }
        };
        try {
            result = landscape.run(workspace, values, context, options);
        } catch (const InputsChanged& e) {
            // Only a resumed --out records inputs; it is left as it was.
            throw InvalidArgument(out_ + ": " + e.what() +
                                  ". To start afresh, choose another --out or remove " + out_);
        } catch (const Cancelled&) {
            const LandscapeResult& partial = surfaceOf(result);
            if (!out_.empty() && partial.computedPoints() > 0) {
                writeSurface(out_, partial);
                std::cerr << "cancelled: " << partial.computedPoints() << " of "
                          << partial.loss.size() << " points written to " << out_
                          << (resumable ? " (run again to resume)" : "") << '\n';
            }
            throw;
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!out_.empty())
            writeSurface(out_, surfaceOf(result));
        if (resumable)
            std::filesystem::remove(journalPathFor(out_));  // replayed: in the file now
        if (figure_.requested())
            writeFigure(surfaceOf(result));
        print(result, values, seconds,
              parallel::aloneReport(surfaceOf(result).pointsComputedLastRun,
                                    surfaceOf(result).device, surfaceOf(result).seconds));
        return 0;
    }

  private:
    // Under mpirun (docs/mpi.md): every rank computes grid points handed out
    // by rank 0, which alone reads and writes --out and prints. The points
    // are committed to a journal beside an .h5 --out as they come.
    int runDistributed(const JobContext& context, const analysis::ParameterValues& values,
                       const LandscapeSettings& settings,
                       std::chrono::steady_clock::time_point start) {
        const analysis::Analysis& landscape = options_.analysis();
        const bool root = parallel::rank() == 0;
        const bool resumable = !out_.empty() && surfaceFormatOf(out_) == SurfaceFormat::Hdf5;
        LandscapeResult result = root ? std::any_cast<LandscapeResult>(startingResult(settings))
                                      : makeEmptyResult(settings);
        // This run's engine and tuning, on every rank (a resumed file keeps its own).
        result.settings.engine = settings.engine;
        result.settings.pointsPerForward = settings.pointsPerForward;
        result.settings.batchSize = settings.batchSize;
        analysis::SetWorkspace workspace(set_.open(context));
        landscape.complete(values, &workspace.set());
        result.provenance = analysis::provenance(landscape, values).dump();
        parallel::DistributedOptions options;
        if (root && resumable) {
            options.journal = journalPathFor(out_);
            options.beforeGrid = [&](const LandscapeResult& r) { writeSurface(out_, r); };
        }
        parallel::DistributedReport report;
        try {
            report =
                parallel::computeLandscapeDistributed(workspace.loaded(), result, context, options);
        } catch (const InputsChanged& e) {
            throw InvalidArgument(out_ + ": " + e.what() +
                                  ". To start afresh, choose another --out or remove " + out_);
        } catch (const Cancelled&) {
            if (root && !out_.empty() && result.computedPoints() > 0) {
                writeSurface(out_, result);
                std::cerr << "cancelled: " << result.computedPoints() << " of "
                          << result.loss.size() << " points written to " << out_ << '\n';
            }
            throw;
        }
        if (!root)
            return 0;  // rank 0 writes and prints
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!out_.empty())
            writeSurface(out_, result);
        if (resumable)
            std::filesystem::remove(journalPathFor(out_));  // its points are in the file now
        if (figure_.requested())
            writeFigure(result);
        print(std::any(result), values, seconds, report);
        return 0;
    }

    void writeFigure([[maybe_unused]] const LandscapeResult& result) const {
#ifdef MODESCAPE_WITH_GUI
        ui::SurfaceStyle style;
        style.colormap = ui::colormapFromName(QString::fromStdString(colormap_));
        style.logScale = logScale_;
        const auto figure =
            figureKind_ == "contour" ? ui::LandscapeFigure::Contour : ui::LandscapeFigure::Surface;
        // A 1-D line or a contour map is painted (vector in SVG / PDF); the surface is pixels.
        if (const ui::FigurePaint paint = ui::landscapeFigurePaint(result, figure, style))
            figure_.writeFigure(paint);
        else
            figure_.writeImage(ui::renderLandscapeImage(result, figure, style, figure_.figure()));
#endif
    }

    // The options as the analysis's values, checked (all but what needs the set).
    analysis::ParameterValues parameterValues() const {
        analysis::ParameterValues given = options_.given();
        // --dirs file:PATH names one file: the text after "file:" is its path,
        // not a list of members.
        const CLI::Option* dirs = options_.option("directions");
        if (dirs && dirs->count() > 0 && dirs->results().back().rfind("file:", 0) == 0) {
            given["directions"] = "file";
            given["direction-file"] = dirs->results().back().substr(5);
            if (options_.option("direction-members")->count() == 0)
                given.erase("direction-members");
        }
        // --dirs hessian:I,J names eigenvector ranks, not members.
        if (dirs && dirs->count() > 0 && dirs->results().back().rfind("hessian:", 0) == 0) {
            given["directions"] = "hessian";
            given["eigenvectors"] = dirs->results().back().substr(8);
            if (options_.option("direction-members")->count() == 0)
                given.erase("direction-members");
        }
        given["set"] = set_.folder();
        // The user's --grid range wins over the anchors' range, unless --range says otherwise.
        analysis::ParameterValues withRange = given;
        if (given.contains("grid") && !given.contains("range"))
            withRange["range"] = "grid";
        const analysis::ParameterValues values = options_.analysis().complete(withRange);
        refuseDisabled(options_.analysis(), given, values);
        return values;
    }

    static const LandscapeResult& surfaceOf(const std::any& result) {
        return std::any_cast<const LandscapeResult&>(result);
    }

    // A new, empty result, or the one in --out to resume when its settings match.
    std::any startingResult(const LandscapeSettings& settings) const {
        if (out_.empty() || surfaceFormatOf(out_) != SurfaceFormat::Hdf5 ||
            !std::filesystem::exists(out_))
            return makeEmptyResult(settings);
        LandscapeResult existing = readSurface(out_);
        const std::string differences = differingSettings(settings, existing.settings);
        if (!differences.empty())
            throw InvalidArgument(out_ + " holds a surface with other settings (" + differences +
                                  "); remove it or choose another --out");
        // The points an interrupted run under mpirun committed after its last write.
        if (const auto replayed = replayJournal(journalPathFor(out_), existing); replayed > 0)
            std::cerr << out_ << ": " << replayed
                      << " points taken from the journal of an interrupted run\n";
        return existing;
    }

    void print(const std::any& result, const analysis::ParameterValues& values, double seconds,
               const parallel::DistributedReport& ranks) const {
        const LandscapeResult& r = surfaceOf(result);
        if (json_) {
            nlohmann::json j = options_.analysis().resultJson(result);
            j["seconds"] = seconds;
            // How the work was shared (docs/mpi.md): one rank in a plain run.
            parallel::addShareJson(j, ranks);
            j["provenance"] = analysis::provenance(options_.analysis(), values);
            if (!out_.empty())
                j["out"] = out_;
            std::cout << j.dump(2) << '\n';
            return;
        }
        const double pointsPerSecond = r.seconds > 0 ? r.pointsComputedLastRun / r.seconds : 0.0;
        std::printf("%s: %s slice, %d x %d points, centre %s\n", r.setFolder.c_str(),
                    toString(r.settings.directions), r.nx(), r.ny(), r.centerName.c_str());
        std::printf("data %s (%lld samples), device %s\n", r.dataSpec.c_str(),
                    static_cast<long long>(r.samples), r.device.c_str());
        std::printf("centre loss %.6f, accuracy %.2f%%\n", r.centerLoss, 100 * r.centerAccuracy);
        std::printf("loss from %.6f to %.6f\n", r.lossMin(), r.lossMax());
        std::printf("%lld points in %.2f s (%.1f points/s, %s engine); %.2f s in all\n",
                    static_cast<long long>(r.pointsComputedLastRun), r.seconds, pointsPerSecond,
                    toString(r.settings.engine), seconds);
        for (const auto& c : r.curvature)
            std::printf(
                "Hessian eigenvector %d: eigenvalue %.8g (residual %.2g, %d Lanczos steps%s); "
                "curvature d'Hd/d'd along the direction used (norm %s) %.8g\n",
                c.eigenvector, c.eigenvalue, c.residual, c.lanczosSteps,
                c.converged ? "" : ", NOT converged", toString(r.settings.normalization),
                c.curvature);
        if (!out_.empty())
            std::printf("written to %s\n", out_.c_str());
    }

    SetArgument set_;
    AnalysisOptions options_{analysis::landscapeAnalysis()};
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

// `modescape render SESSION --out DIR`: re-makes the figures of a session
// headless, with the window's own code (ui/mainwindow/SessionFigures,
// ViewExport), so a PNG equals what File > Export image writes for the view at
// the same size; without --view a split session's layout is one more figure
// (LayoutFigure.h). `--animate turntable|flight|trajectory --view ID` writes
// an animation's frames instead (and a video through ffmpeg when it is on PATH).
// docs/figures.md, "modescape render".
#include <CLI/CLI.hpp>

#include <iostream>
#include <set>

#include "app/cli/CommandLine.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/FigureOptions.h"
#include "core/analysis/ParameterText.h"
#include "core/common/Error.h"
#include "core/common/JoinText.h"
#include "core/common/Log.h"
#include "core/io/OutputPath.h"
#include "core/model/TorchScriptApproval.h"
#include "core/session/Session.h"

#ifdef MODESCAPE_WITH_GUI
#include <QDir>
#include <QFileInfo>

#include "ui/mainwindow/AnimationExport.h"
#include "ui/mainwindow/LayoutFigure.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/SessionFigures.h"
#include "ui/mainwindow/ViewExport.h"
#include "ui/rendering/AnimationFrames.h"
#include "ui/rendering/FigureTitles.h"
#include "ui/rendering/OffscreenRender.h"
#endif

namespace modescape::cli {
namespace {

// The reference size of a view (its screen look), as the subcommands' figures.
constexpr int kViewWidth = 800, kViewHeight = 600;

class RenderCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand(
            "render",
            "Re-make the figures of a session (*.modescape) headless, one file per view named "
            "by its id, as File > Export image writes them; or an animation of one view");
        app->add_option("session", session_,
                        "The session file (modescape session init, or the "
                        "window's File > Save session)")
            ->required()
            ->type_name("SESSION");
        app->add_option("--out", out_,
                        "The folder to write into (created when missing; files of other names "
                        "in it are never touched)")
            ->required()
            ->type_name("DIR");
        auto* view = app->add_option("--view", views_,
                                     "A view to render, by its id in the session (repeatable); "
                                     "default: every view")
                         ->type_name("ID")
                         ->expected(1)
                         ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
        app->add_flag("--all", all_,
                      "Render every view of the session (the default); a session split into "
                      "panes also gives DIR/layout.png (and .svg, .pdf as --format asks), the "
                      "panes as in the window")
            ->excludes(view);
        app->add_option("--format", formats_,
                        "Comma-separated formats of each figure: png, svg, pdf, tiff (default "
                        "png); 3-D views are embedded as an image in SVG and PDF; TIFF is the "
                        "PNG's pixels with the DPI recorded")
            ->type_name("png,svg,pdf,tiff");
        figure_.defineSizes(*app);
        auto* scale = app->add_option("--scale", scale_,
                                      "Figure size as a multiple of the view's 800x600 screen "
                                      "size (e.g. 2 for 1600x1200), instead of --size")
                          ->check(CLI::Range(0.05, 20.0));
        for (const char* name : {"--size", "--width", "--height", "--preset"})
            scale->excludes(app->get_option(name));
        app->add_flag("--transparent", transparent_, "Transparent background (PNG, SVG)");
        app->add_flag("--no-title", noTitle_,
                      "Leave the titles out of the figures, painted and 3-D alike (axis "
                      "names, ticks, legends and colour bars stay)");
        app->add_flag("--allow-torchscript", allowTorchScript_,
                      "Run the set's model when it is a TorchScript file (code: use only a "
                      "model you trust); without it the views that evaluate the model fail, "
                      "naming it");
        auto* animate = app->add_option("--animate", animate_,
                                        "Write an animation of one 3-D view instead of figures: "
                                        "turntable (a landscape or curve-plane surface turned "
                                        "once about its height axis) or flight (along the "
                                        "trained curve of a curve-plane view) or trajectory (the "
                                        "path of a trajectory view growing epoch by epoch); "
                                        "frames are DIR/frame-0001.png ...")
                            ->check(CLI::IsMember({"turntable", "flight", "trajectory"}));
        app->add_option("--frames", frames_, "Frames of the animation (default 36)")
            ->check(CLI::Range(2, 10000))
            ->needs(animate);
        app->add_option("--fps", fps_, "Frames a second of the video (default 12)")
            ->check(CLI::Range(1, 120))
            ->needs(animate);
        app->add_option("--video", video_,
                        "Also encode the frames as this video, .mp4 (H.264) or .webm (VP9), "
                        "with the ffmpeg program (must be on PATH)")
            ->type_name("FILE")
            ->needs(animate);
        return app;
    }

    int run([[maybe_unused]] const JobContext& context) override {
#ifdef MODESCAPE_WITH_GUI
        const session::Session session = session::readSession(session_);  // names file and field
        checkViewIds(session);
        const std::vector<std::string> formats = checkedFormats();
        prepareOutputFolder();
        if (!video_.empty())
            checkVideoPath();
        ui::ensureOffscreenApplication();
        ui::setFigureTitlesShown(!noTitle_);

        // A session names its set, and the set names its model: a TorchScript
        // model runs only when this command line says so.
        if (!allowTorchScript_)
            model::setTorchScriptApproval([](const std::string&) { return false; });
        ui::MainWindow window;
        window.setTorchScriptQuestion([allow = allowTorchScript_](const QString& path) {
            if (!allow)
                log::warning(path.toStdString() +
                             ": the set's model is TorchScript, i.e. code; render runs it only "
                             "with --allow-torchscript");
            return allow;
        });
        ui::SessionFigures figures(window);
        std::cout << "opening " << session.set.path << " (session " << session_ << ")" << std::endl;
        figures.open(session);
        return animate_.empty() ? renderFigures(session, figures, formats)
                                : renderAnimation(session, figures);
#else
        throw InvalidArgument(
            "render needs the GUI build of modescape (this one was built with "
            "MODESCAPE_GUI=OFF, without Qt and VTK)");
#endif
    }

  private:
#ifdef MODESCAPE_WITH_GUI
    void checkViewIds(const session::Session& session) const {
        std::vector<std::string> known;
        for (const session::View& view : session.views)
            known.push_back(view.id);
        const std::set<std::string> ids(known.begin(), known.end());
        for (const std::string& id : views_)
            if (!ids.count(id))
                throw InvalidArgument("--view " + id + ": " + session_ +
                                      " has no view of that id (it has: " + joinText(known) + ")");
        if (!animate_.empty() && views_.size() > 1)
            throw InvalidArgument("--animate makes one animation: name one --view");
        if (session.views.empty())
            throw InvalidArgument(session_ + ": the session has no views to render");
    }

    std::vector<std::string> checkedFormats() const {
        std::vector<std::string> formats;
        for (const std::string& format :
             analysis::splitOnCommas(formats_.empty() ? "png" : formats_)) {
            if (format != "png" && format != "svg" && format != "pdf" && format != "tiff" &&
                format != "tif")
                throw InvalidArgument("--format: '" + format +
                                      "' is not a figure format (png, svg, pdf or tiff)");
            formats.push_back(format);
        }
        return formats;
    }

    void prepareOutputFolder() const {
        const QFileInfo folder(QString::fromStdString(out_));
        if (folder.exists() && !folder.isDir())
            throw IoError(out_, "is a file; --out names the folder to write the figures into");
        if (!folder.exists()) {
            io::checkParentWritable(out_);
            if (!QDir().mkdir(folder.absoluteFilePath()))
                throw IoError(out_, "could not create the folder");
        }
        io::checkOutputFile(QDir(folder.absoluteFilePath()).filePath("figure.png").toStdString());
    }

    void checkVideoPath() const {
        const QString suffix = QFileInfo(QString::fromStdString(video_)).suffix().toLower();
        if (suffix != "mp4" && suffix != "webm")
            throw InvalidArgument(video_ + ": a video must end in .mp4 (H.264) or .webm (VP9)");
        io::checkOutputFile(video_);
    }

    ui::FigureSize figureSize() const {
        if (scale_ > 0)
            return ui::FigureSize::fromPixels(QSize(int(std::lround(kViewWidth * scale_)),
                                                    int(std::lround(kViewHeight * scale_))));
        return figure_.figureSize();
    }

    // The pixel size of the figure and the page size it is made at.
    QSize viewSizeFor(const ui::FigureSize& size) const {
        return ui::figureViewSize(ui::resolveFigure(size, QSize(kViewWidth, kViewHeight)).pixels);
    }

    std::vector<std::string> chosenViews(const session::Session& session) const {
        if (!views_.empty())
            return views_;
        std::vector<std::string> ids;
        for (const session::View& view : session.views)
            ids.push_back(view.id);
        return ids;
    }

    int renderFigures(const session::Session& session, ui::SessionFigures& figures,
                      const std::vector<std::string>& formats) const {
        const ui::FigureSize size = figureSize();
        const QSize viewSize = viewSizeFor(size);
        const std::vector<std::string> ids = chosenViews(session);
        std::vector<std::string> failed;
        const QDir out(QFileInfo(QString::fromStdString(out_)).absoluteFilePath());
        for (std::size_t i = 0; i < ids.size(); ++i) {
            const std::string& id = ids[i];
            const std::string step =
                "[" + std::to_string(i + 1) + "/" + std::to_string(ids.size()) + "] " + id;
            try {
                std::cout << step << ": computing" << std::endl;
                figures.compute(id);
                figures.layOut(id, viewSize);
                for (const std::string& format : formats) {
                    const QString path = out.filePath(QString::fromStdString(id + "." + format));
                    const ui::ResolvedFigure written =
                        ui::writeViewFigure(figures.page(id), path, size, transparent_);
                    std::cout << step << ": wrote " << path.toStdString() << " ("
                              << written.pixels.width() << "x" << written.pixels.height()
                              << " px at " << std::lround(written.dpi) << " dpi)" << std::endl;
                }
            } catch (const std::exception& e) {
                std::cerr << "error: view " << id << ": " << e.what() << std::endl;
                failed.push_back(id);
            }
        }
        if (views_.empty() && !session.layout.split.is_null()) {
            // The views side by side as in the window: one more figure.
            try {
                const ui::ResolvedFigure figure =
                    ui::resolveFigure(size, QSize(kViewWidth, kViewHeight));
                for (const std::string& format : formats) {
                    const QString path = out.filePath(QString::fromStdString("layout." + format));
                    ui::writeLayoutFigure(figures, session, path, figure, transparent_);
                    std::cout << "layout: wrote " << path.toStdString() << " ("
                              << figure.pixels.width() << "x" << figure.pixels.height() << " px)"
                              << std::endl;
                }
            } catch (const std::exception& e) {
                std::cerr << "error: layout: " << e.what() << std::endl;
                failed.push_back("layout");
            }
        }
        if (failed.empty())
            return kExitOk;
        std::cerr << "error: " << failed.size() << " of " << ids.size()
                  << " views could not be rendered: " << joinText(failed) << std::endl;
        return kExitFailure;
    }

    int renderAnimation(const session::Session& session, ui::SessionFigures& figures) const {
        const auto kind = *ui::animationKindNamed(animate_);
        std::string id = views_.empty() ? std::string() : views_.front();
        if (id.empty()) {  // the first view that can show it
            for (const session::View& view : session.views)
                if (kind == ui::AnimationKind::Trajectory
                        ? view.analysis == "trajectory"
                        : view.analysis == (kind == ui::AnimationKind::Flight ? "curve-plane"
                                                                              : "landscape") ||
                              view.analysis == "curve-plane") {
                    id = view.id;
                    break;
                }
            if (id.empty())
                throw InvalidArgument(session_ + ": no view can show a " + animate_ +
                                      "; name one with --view");
        }
        const ui::FigureSize size = figureSize();
        const QSize pixels = ui::resolveFigure(size, QSize(kViewWidth, kViewHeight)).pixels;
        std::cout << "view " << id << ": computing" << std::endl;
        figures.compute(id);
        figures.layOut(id, ui::figureViewSize(pixels));
        ui::ViewPage& page = figures.page(id);
        if (!ui::canAnimate(page, kind))
            throw InvalidArgument("--view " + id + ": a " + animate_ +
                                  (kind == ui::AnimationKind::Flight ? " needs a curve-plane view"
                                   : kind == ui::AnimationKind::Trajectory
                                       ? " needs a trajectory view"
                                       : " needs a landscape, curve-plane or trajectory view"));
        const ui::PageAnimation animation = ui::animationOf(page, kind, frames_, pixels);
        figures.layOut(id, ui::figureViewSize(pixels));  // the surface it may have switched to
        const QString folder = QFileInfo(QString::fromStdString(out_)).absoluteFilePath();
        ui::writeAnimationFrames(folder, animation.cameras, animation.scene,
                                 [&](int done, int total) {
                                     std::cout << "frame " << done << "/" << total << std::endl;
                                     return true;
                                 });
        animation.scene.place(animation.original);
        const QString ffmpeg = ui::findFfmpeg();
        if (ffmpeg.isEmpty()) {
            std::cout << ui::ffmpegMissingMessage(frames_, folder).toStdString() << std::endl;
            return video_.empty() ? kExitOk : kExitFailure;  // a video asked for was not made
        }
        const QString video =
            video_.empty()
                ? QDir(folder).filePath(QString::fromStdString(id + "-" + animate_ + ".mp4"))
                : QString::fromStdString(video_);
        ui::encodeAnimation(ffmpeg, folder, fps_, video);
        std::cout << "wrote " << frames_ << " PNG frames to " << folder.toStdString() << " and "
                  << video.toStdString() << std::endl;
        return kExitOk;
    }
#endif

    std::string session_, out_, formats_, animate_, video_;
    std::vector<std::string> views_;
    bool all_ = false, transparent_ = false, noTitle_ = false, allowTorchScript_ = false;
    double scale_ = 0;
    int frames_ = 36, fps_ = 12;
    FigureOptions figure_{kViewWidth, kViewHeight};
};

}  // namespace

std::unique_ptr<Command> makeRenderCommand() {
    return std::make_unique<RenderCommand>();
}

}  // namespace modescape::cli

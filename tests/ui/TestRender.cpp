// `modescape render` and the animations (issue 15). A session over the
// two-moons test set (tests/common/MoonsSet.h) is rendered by the command, and
// the same session opened in a window of this process is exported through
// File > Export image's path (MainWindow::exportCurrentView): the PNGs are
// equal pixel for pixel for a view of each kind (the overview, a widget; the
// landscape surface, a VTK scene; the landscape as a contour map, the map
// coloured by a metadata column, the reliability diagram and the symmetry
// panels, all painted with QPainter; and, in a second session, the 1-D
// slice, the uncertainty charts, the path chart, the barrier heatmap, the
// curve plane, the Hessian spectrum, the trajectory and the 3-D map). A
// symmetry-panels view written as SVG holds its axis names as <text>, and as
// PDF opens in poppler with its fonts embedded. A 12-frame turntable gives 12
// different images; File > Export animation's frames have the asked size
// whatever the view's shape; without ffmpeg on PATH the command says so
// plainly, and with it ffprobe reads the videos back; `--no-title` leaves a
// title out. A split session's
// layout figure holds each pane's figure at its place and size; as SVG it
// holds the vector panes' axis names as <text>, and as PDF it opens in poppler.
#include <QtTest>

#include <QApplication>
#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <set>

#include "core/session/Session.h"
#include "tests/common/EventWait.h"
#include "tests/common/FigureFileChecks.h"
#include "tests/common/MoonsSet.h"
#include "ui/GuiApplication.h"
#include "ui/mainwindow/AnimationActions.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/SessionFigures.h"
#include "ui/rendering/CameraPaths.h"
#include "ui/rendering/FigureSize.h"
#include "ui/views/landscape/LandscapePage.h"
#include "ui/views/map/MapPage.h"
#include "ui/views/map/MapView.h"

using namespace modescape;
using namespace modescape::ui;
using modescape::test::finishProcess;

namespace {

// Runs modescape with `arguments`; its exit code, its output in `output`.
int runModescape(
    const QStringList& arguments, QString* output = nullptr,
    const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) {
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(MODESCAPE_EXE, arguments);
    if (!finishProcess(process))
        return -1;
    const QString text = QString::fromUtf8(process.readAll());
    if (output)
        *output = text;
    if (process.exitCode() != 0)
        qWarning("%s", qPrintable(text));
    return process.exitCode();
}

// The number of distinct colours, to tell a picture from an empty frame.
int distinctColours(const QImage& image) {
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}

}  // namespace

class TestRender : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    QString set_, session_;

    // Computes view `id` in the window, lays it out as `render` does for an
    // 800x600 figure, exports it as File > Export image does and compares
    // the PNG with `renderedFile`, pixel for pixel.
    void compareWithWindowsExport(MainWindow& window, SessionFigures& figures, const QString& id,
                                  const QString& renderedFile) {
        const QSize pixels(800, 600);  // render's default size
        figures.compute(id.toStdString());
        figures.layOut(id.toStdString(), figureViewSize(pixels));
        const QString exported = dir_.filePath(QString("gui-%1.png").arg(id));
        QVERIFY(window.exportCurrentView(exported, FigureSize::fromPixels(pixels), false));
        const QImage gui(exported);
        const QImage rendered(renderedFile);
        QVERIFY2(!rendered.isNull(), qPrintable(renderedFile));
        QCOMPARE(rendered.size(), gui.size());
        QVERIFY2(distinctColours(rendered) > 10, qPrintable(id));  // a picture, not a blank frame
        QVERIFY2(rendered.convertToFormat(QImage::Format_ARGB32) ==
                     gui.convertToFormat(QImage::Format_ARGB32),
                 qPrintable(QString("%1 differs from the window's export").arg(renderedFile)));
    }

  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir_.isValid());
        set_ = dir_.filePath("moons");
        test::writeMoonsSet(set_.toStdString(), /*seedMetadata=*/true);
        session_ = dir_.filePath("moons.modescape");
        // Small grids keep the computations (twice: the command and the window) short.
        QCOMPARE(runModescape({"session", "init", set_, "--out", session_, "--view", "overview",
                               "--view", "landscape:grid=-1:1:9,-1:1:9", "--view", "project",
                               "--view", "calibrate", "--view",
                               "panels:pair-tensor=0.weight,element-a=0,element-b=1,"
                               "index-tensor=0.weight,bins=2"}),
                 0);
        // The map coloured by the members' metadata column "seed" (a colour bar).
        session::Session session = session::readSession(session_.toStdString());
        for (session::View& view : session.views)
            if (view.id == "project")
                view.colourBy = "meta:seed";
        session::writeSession(session_.toStdString(), session);
    }

    void sessionInitsDefaultViewsAreFourFigures() {
        const QString file = dir_.filePath("default.modescape");
        QCOMPARE(runModescape({"session", "init", set_, "--out", file}), 0);
        const session::Session session = session::readSession(file.toStdString());
        std::vector<std::string> analyses;
        for (const auto& view : session.views)
            analyses.push_back(view.analysis);
        QCOMPARE(analyses,
                 (std::vector<std::string>{"overview", "landscape", "project", "calibrate"}));
    }

    void renderedPngsEqualTheWindowsExport() {
        const QString out = dir_.filePath("figures");
        QString output;
        QCOMPARE(runModescape(
                     {"render", session_, "--out", out, "--view", "overview", "--view", "landscape",
                      "--view", "project", "--view", "calibrate", "--view", "panels"},
                     &output),
                 0);
        QVERIFY2(output.contains("[2/5] landscape: wrote"), qPrintable(output));
        // The landscape shown as a contour map: the painted kind of the same view.
        session::Session contourSession = session::readSession(session_.toStdString());
        for (session::View& view : contourSession.views)
            if (view.id == "landscape")
                view.display = {{"view", "contour"}};
        const QString contourFile = dir_.filePath("contour-pixels.modescape");
        session::writeSession(contourFile.toStdString(), contourSession);
        const QString contourOut = dir_.filePath("figures-contour");
        QCOMPARE(runModescape({"render", contourFile, "--out", contourOut, "--view", "landscape"}),
                 0);

        // The same session in a window of this process, exported as File > Export image does.
        MainWindow window;
        SessionFigures figures(window);
        figures.open(session::readSession(session_.toStdString()));
        const QSize pixels(800, 600);  // render's default size
        const auto compareWithExport = [&](const char* id, const QString& renderedFile) {
            compareWithWindowsExport(window, figures, id, renderedFile);
        };
        for (const char* id : {"overview", "landscape", "project", "calibrate", "panels"}) {
            compareWithExport(id, QDir(out).filePath(QString("%1.png").arg(id)));
            if (QTest::currentTestFailed())
                return;
        }
        // The restored map is coloured by the metadata column, with its colour bar.
        auto& map = dynamic_cast<MapPage&>(figures.page("project"));
        QCOMPARE(map.colourBy(), std::string("meta:seed"));
        QCOMPARE(map.mapView()->model().metadataKey(), std::string("seed"));
        QVERIFY(map.mapView()->model().hasColourBar());
        // The landscape switched to its contour map in the window, against the
        // contour session's render.
        auto& landscape = dynamic_cast<LandscapePage&>(figures.page("landscape"));
        landscape.applyDisplaySettings({{"view", "contour"}});
        compareWithExport("landscape", QDir(contourOut).filePath("landscape.png"));
        if (QTest::currentTestFailed())
            return;
        landscape.applyDisplaySettings({{"view", "surface"}});

        // File > Export animation… on the landscape: three frames, then, asked
        // for a video with no ffmpeg on PATH, the frames and the message.
        figures.layOut("landscape", figureViewSize(pixels));
        auto* animations = window.findChild<AnimationActions*>();
        QVERIFY(animations);
        QSignalSpy finished(animations, &AnimationActions::animationFinished);
        AnimationRequest request;
        request.frames = 3;
        request.pixels = QSize(64, 48);
        request.folder = dir_.filePath("gui-turntable");
        QVERIFY(animations->exportAnimation(request));
        test::waitForSignals(finished, 1);
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        for (int k = 1; k <= 3; ++k)
            QCOMPARE(
                QImage(QDir(request.folder).filePath(QString("frame-000%1.png").arg(k))).size(),
                QSize(64, 48));
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", dir_.filePath("no-such-bin").toUtf8());
        request.video = dir_.filePath("gui.mp4");
        QVERIFY(animations->exportAnimation(request));
        test::waitForSignals(finished, 2);
        qputenv("PATH", path);
        QCOMPARE(finished.at(1).at(0).toBool(), false);
        QVERIFY2(
            finished.at(1).at(1).toString().startsWith("ffmpeg not found on PATH: wrote 3 PNG"),
            qPrintable(finished.at(1).at(1).toString()));
        QVERIFY(!QFileInfo::exists(request.video));

        // A view wider than the frames asked for: the frames have the asked
        // size exactly, and equal those of the view laid out at the frames'
        // aspect (as `render --animate` lays it out); the view keeps its size.
        const auto turntable = [&](QSize viewSize, const QString& folder) {
            figures.layOut("landscape", viewSize);
            request.frames = 2;
            request.pixels = QSize(160, 120);
            request.folder = dir_.filePath(folder);
            request.video.clear();
            const int before = finished.count();
            QVERIFY(animations->exportAnimation(request));
            test::waitForSignals(finished, before + 1);
            QCOMPARE(finished.last().at(0).toBool(), true);
            QCOMPARE(figures.page("landscape").size(), viewSize);
        };
        turntable(figureViewSize(QSize(160, 120)), "gui-turntable-laid-out");
        turntable(QSize(1000, 600), "gui-turntable-wide");
        if (QTest::currentTestFailed())
            return;
        for (const char* frame : {"frame-0001.png", "frame-0002.png"}) {
            const QImage wide = QImage(QDir(dir_.filePath("gui-turntable-wide")).filePath(frame))
                                    .convertToFormat(QImage::Format_ARGB32);
            const QImage laidOut =
                QImage(QDir(dir_.filePath("gui-turntable-laid-out")).filePath(frame))
                    .convertToFormat(QImage::Format_ARGB32);
            QCOMPARE(wide.size(), QSize(160, 120));
            QVERIFY2(distinctColours(wide) > 10, frame);
            QVERIFY2(wide == laidOut, frame);
        }
    }

    // The other kinds of view, each in a session of its own small settings:
    // `render` writes each, and the same view computed in a window of this
    // process and exported as File > Export image does is the same PNG. The
    // painted charts (1-D slice, uncertainty, path chart, barrier heatmap,
    // Hessian spectrum) and the VTK scenes (curve plane, trajectory plane,
    // 3-D map) alike.
    void everyOtherViewKindEqualsTheWindowsExport() {
        struct Kind {
            const char* id;
            const char* spec;
        };
        const std::vector<Kind> kinds{
            {"landscape", "landscape:grid=-1:1:9"},  // one axis: the 1-D slice
            {"uncertainty", "uncertainty:histogram-bins=5"},
            {"connect", "connect:a=g/m0.safetensors,b=g/m1.safetensors,points=5"},
            {"barrier-matrix", "barrier-matrix:points=3"},
            {"curve-plane",
             "curve-plane:a=g/m0.safetensors,b=g/m1.safetensors,"
             "epochs=1,points=5,grid-points=5,curve-points=5"},
            {"hessian", "hessian:top=2,subset=50"},
            {"trajectory", "trajectory:groups=g,grid=-1:1:5,-1:1:5"},
            {"project", "project:components=3"},
        };
        QStringList arguments{"session", "init", set_, "--out", dir_.filePath("kinds.modescape")};
        for (const Kind& kind : kinds)
            arguments << "--view" << kind.spec;
        QCOMPARE(runModescape(arguments), 0);
        const QString session = dir_.filePath("kinds.modescape");
        const QString out = dir_.filePath("figures-kinds");
        QString output;
        QCOMPARE(runModescape({"render", session, "--out", out, "--all"}, &output), 0);

        MainWindow window;
        SessionFigures figures(window);
        figures.open(session::readSession(session.toStdString()));
        for (const Kind& kind : kinds) {
            compareWithWindowsExport(window, figures, kind.id,
                                     QDir(out).filePath(QString("%1.png").arg(kind.id)));
            if (QTest::currentTestFailed())
                return;
        }
    }

    // A split session gives, besides each view's figure, layout.png: the map
    // (the tabs pane's current view) left, the reliability diagram right, in
    // the shares 0.625 | 0.375 of 800 pixels. Each pane is the view re-rendered
    // at its pane's size (not scaled), so it equals `render --view` at that size.
    void splitLayoutIsOneFigure() {
        session::Session session = session::readSession(session_.toStdString());
        std::vector<session::View> kept;
        for (const session::View& view : session.views)
            if (view.id == "project" || view.id == "calibrate")
                kept.push_back(view);
        session.views = kept;
        session.layout.current = "project";
        session.layout.split = {{"orientation", "horizontal"},
                                {"sizes", {0.625, 0.375}},
                                {"panes", {{{"tabs", true}}, {{"view", "calibrate"}}}}};
        const QString file = dir_.filePath("split.modescape");
        session::writeSession(file.toStdString(), session);

        const QString out = dir_.filePath("split");
        QString output;
        QCOMPARE(
            runModescape({"render", file, "--out", out, "--all", "--size", "800x300"}, &output), 0);
        QVERIFY2(output.contains("layout: wrote"), qPrintable(output));
        QVERIFY(QFileInfo::exists(QDir(out).filePath("project.png")));
        QVERIFY(QFileInfo::exists(QDir(out).filePath("calibrate.png")));
        const QImage layout =
            QImage(QDir(out).filePath("layout.png")).convertToFormat(QImage::Format_ARGB32);
        QCOMPARE(layout.size(), QSize(800, 300));

        // 800 * 0.625 = 500 columns for the map, 300 for the diagram.
        const QString alone = dir_.filePath("split-alone");
        QVERIFY(QDir().mkpath(alone));  // render creates --out, not its parent
        QCOMPARE(runModescape({"render", file, "--out", alone + "/map", "--view", "project",
                               "--size", "500x300"}),
                 0);
        QCOMPARE(runModescape({"render", file, "--out", alone + "/diagram", "--view", "calibrate",
                               "--size", "300x300"}),
                 0);
        const QImage map =
            QImage(alone + "/map/project.png").convertToFormat(QImage::Format_ARGB32);
        const QImage diagram =
            QImage(alone + "/diagram/calibrate.png").convertToFormat(QImage::Format_ARGB32);
        QCOMPARE(map.size(), QSize(500, 300));
        QCOMPARE(diagram.size(), QSize(300, 300));
        QVERIFY(distinctColours(map) > 10 && distinctColours(diagram) > 10);
        QVERIFY2(layout.copy(0, 0, 500, 300) == map, "the map's pane differs from its figure");
        QVERIFY2(layout.copy(500, 0, 300, 300) == diagram,
                 "the diagram's pane differs from its figure");
    }

    // In SVG and PDF the layout is one page with each pane painted by its
    // view's figure code: the 2-D map, the reliability diagram and the
    // symmetry panels all as vector paths and text (a VTK pane, such as a
    // surface, would be an image).
    void splitLayoutInSvgAndPdf() {
        session::Session session = session::readSession(session_.toStdString());
        std::vector<session::View> kept;
        for (const session::View& view : session.views)
            if (view.id == "project" || view.id == "calibrate" || view.id == "panels")
                kept.push_back(view);
        session.views = kept;
        session.layout.current = "project";
        session.layout.split = {
            {"orientation", "horizontal"},
            {"sizes", {0.4, 0.3, 0.3}},
            {"panes", {{{"tabs", true}}, {{"view", "calibrate"}}, {{"view", "panels"}}}}};
        const QString file = dir_.filePath("split-vector.modescape");
        session::writeSession(file.toStdString(), session);
        const QString out = dir_.filePath("split-vector");
        QString output;
        QCOMPARE(runModescape({"render", file, "--out", out, "--all", "--size", "1000x300",
                               "--format", "png,svg,pdf"},
                              &output),
                 0);
        for (const char* suffix : {"png", "svg", "pdf"})
            QVERIFY2(
                output.contains(QString("layout: wrote %1")
                                    .arg(QDir(out).filePath(QString("layout.%1").arg(suffix)))),
                qPrintable(output));
        QCOMPARE(QImage(QDir(out).filePath("layout.png")).size(), QSize(1000, 300));

        QFile svg(QDir(out).filePath("layout.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray text = svg.readAll();
        const QString missing = modescape::test::labelsNotSvgText(
            text, {"confidence", "accuracy", "minimal mass", "members"});
        QVERIFY2(missing.isEmpty(), qPrintable(missing + " not <text> of layout.svg"));
        // Every pane paints itself (the map is QPainter now): no pixels at all.
        QCOMPARE(text.count("<image"), qsizetype(0));
        // The page is the figure's pixels at the DPI render resolves for them
        // (pixels alone scale the 800x600 view's screen look: 48 dpi here).
        const double dpi =
            resolveFigure(FigureSize::fromPixels(QSize(1000, 300)), QSize(800, 600)).dpi;
        const QString pdfProblem = modescape::test::pdfProblems(
            QDir(out).filePath("layout.pdf"), QSizeF(1000 * 72 / dpi, 300 * 72 / dpi));
        QVERIFY2(pdfProblem.isEmpty(), qPrintable(pdfProblem));
    }

    void svgHasTextAndPdfEmbedsFonts() {
        const QString out = dir_.filePath("vector");
        QCOMPARE(runModescape({"render", session_, "--out", out, "--view", "panels", "--format",
                               "svg,pdf", "--preset", "paper-wide"}),
                 0);
        const QString svgProblem = modescape::test::svgTextProblems(
            QDir(out).filePath("panels.svg"),
            {"minimal mass", "mass / minimal mass - 1", "members"});
        QVERIFY2(svgProblem.isEmpty(), qPrintable(svgProblem));
        // 7.16 in x 4.03 in at 72 dpi, to a pixel of rounding; every font embedded.
        const QString pdfProblem =
            modescape::test::pdfProblems(QDir(out).filePath("panels.pdf"), QSizeF(516, 290));
        QVERIFY2(pdfProblem.isEmpty(), qPrintable(pdfProblem));
    }

    // `render --no-title`: the reliability diagram's SVG has no title (its
    // "... equal-width bins)" text) but keeps its axis names; by default the
    // title is there.
    void noTitleLeavesTheTitleOut() {
        const auto svgOf = [&](const QString& folder, const QStringList& extra) {
            const QString out = dir_.filePath(folder);
            if (runModescape(QStringList{"render", session_, "--out", out, "--view", "calibrate",
                                         "--format", "svg"} +
                             extra) != 0)
                return QString();
            QFile file(QDir(out).filePath("calibrate.svg"));
            return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
        };
        const QString titled = svgOf("titled", {});
        const QString untitled = svgOf("untitled", {"--no-title"});
        QVERIFY(!titled.isEmpty() && !untitled.isEmpty());
        QVERIFY(titled.contains("equal-width bins)"));
        QVERIFY(!untitled.contains("equal-width bins)"));
        QVERIFY(!untitled.contains("ECE = "));
        for (const char* axis : {"confidence", "accuracy"})
            QVERIFY2(untitled.contains(axis), axis);
    }

    // The landscape shown as a contour map is a painted figure: its SVG holds
    // the axis names (α, β and their directions) and the colour bar's name as
    // <text>, its bands as <path> and iso-lines as <polyline>, and no <image>; its PDF opens
    // in poppler with its fonts embedded. The paper PNG is docs/figures'
    // render-contour-paper.png.
    void contourViewIsVectorInSvgAndPdf() {
        session::Session session = session::readSession(session_.toStdString());
        for (session::View& view : session.views)
            if (view.id == "landscape")
                view.display = {{"view", "contour"}};
        const QString file = dir_.filePath("contour.modescape");
        session::writeSession(file.toStdString(), session);
        const QString out = QString(MODESCAPE_TEST_OUTPUT_DIR) + "/render/contour-paper";
        QVERIFY(QDir().mkpath(QString(MODESCAPE_TEST_OUTPUT_DIR) +
                              "/render"));  // render makes only its own folder
        QString output;
        QCOMPARE(runModescape({"render", file, "--out", out, "--view", "landscape", "--format",
                               "png,svg,pdf", "--preset", "paper"},
                              &output),
                 0);
        QFile svg(QDir(out).filePath("landscape.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray bytes = svg.readAll();
        const QString text = QString::fromUtf8(bytes);
        QCOMPARE(text.count("<image"), qsizetype(0));
        // The axis names ("α (random direction 1)", "β: toward …"; Greek and
        // Latin as one <text> per script run) and the colour bar's name.
        const QString joined = modescape::test::svgJoinedText(bytes);
        for (const QString& pattern : {QString::fromUtf8("(α|alpha)[ :][^β]*(direction|toward)"),
                                       QString::fromUtf8("(β|beta)[ :]")})
            QVERIFY2(QRegularExpression(pattern).match(joined).hasMatch(), qPrintable(joined));
        QVERIFY2(QRegularExpression("<text[^>]*>\\w* ?loss</text>").match(text).hasMatch(),
                 qPrintable(joined));
        // Filled bands (<path>) and iso-lines (<polyline>).
        QVERIFY2(text.count("<path") >= 5 && text.count("<polyline") >= 5,
                 qPrintable(QString("%1 paths, %2 polylines")
                                .arg(text.count("<path"))
                                .arg(text.count("<polyline"))));
        const QString pdfProblem =
            modescape::test::pdfProblems(QDir(out).filePath("landscape.pdf"), QSizeF(252, 189));
        QVERIFY2(pdfProblem.isEmpty(), qPrintable(pdfProblem));
        QCOMPARE(QImage(QDir(out).filePath("landscape.png")).size(), QSize(2100, 1575));
    }

    void turntableFramesDifferAndMissingFfmpegIsSaid() {
        const QString out = dir_.filePath("turntable");
        // A PATH with no ffmpeg on it (whether or not the machine has one).
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert("PATH", dir_.filePath("empty-bin"));
        QDir().mkpath(dir_.filePath("empty-bin"));
        QString output;
        QCOMPARE(runModescape({"render", session_, "--out", out, "--animate", "turntable", "--view",
                               "landscape", "--frames", "12", "--size", "160x120"},
                              &output, environment),
                 0);
        QVERIFY2(output.contains("ffmpeg not found on PATH: wrote 12 PNG frames to " +
                                 QFileInfo(out).absoluteFilePath() +
                                 "; install Debian's ffmpeg to get MP4/WebM"),
                 qPrintable(output));
        std::vector<QImage> frames;
        for (int k = 1; k <= 12; ++k) {
            frames.emplace_back(
                QDir(out).filePath(QString("frame-%1.png").arg(k, 4, 10, QChar('0'))));
            QVERIFY(!frames.back().isNull());
            QCOMPARE(frames.back().size(), QSize(160, 120));
        }
        QVERIFY(!QFileInfo::exists(QDir(out).filePath("frame-0013.png")));
        for (std::size_t a = 0; a < frames.size(); ++a)
            for (std::size_t b = a + 1; b < frames.size(); ++b)
                QVERIFY2(frames[a] != frames[b],
                         qPrintable(QString("frames %1 and %2 are equal").arg(a + 1).arg(b + 1)));
        // Asking for a video without ffmpeg: the frames, the message, and a failure.
        QCOMPARE(runModescape({"render", session_, "--out", out, "--animate", "turntable", "--view",
                               "landscape", "--frames", "2", "--size", "64x48", "--video",
                               dir_.filePath("turn.mp4")},
                              &output, environment),
                 1);
        QVERIFY2(output.contains("ffmpeg not found on PATH"), qPrintable(output));
    }

    // With ffmpeg installed (Debian's ffmpeg, in packaging/debian-packages.txt)
    // `render --animate --video` encodes the frames: ffprobe reads back an
    // H.264 MP4 and a VP9 WebM of 5 frames of 160 x 120 each. Skipped, saying
    // so, where ffmpeg or ffprobe is not on PATH.
    void turntableVideoHasTheFramesAndTheSize() {
        const QString ffprobe = QStandardPaths::findExecutable("ffprobe");
        if (QStandardPaths::findExecutable("ffmpeg").isEmpty() || ffprobe.isEmpty())
            QSKIP("ffmpeg or ffprobe is not on PATH (install Debian's ffmpeg)");
        for (const auto& [suffix, codec] :
             {std::pair<QString, QString>{"mp4", "h264"}, {"webm", "vp9"}}) {
            const QString out = dir_.filePath("video-" + suffix);
            const QString video = dir_.filePath("turn." + suffix);
            QString output;
            QCOMPARE(
                runModescape({"render", session_, "--out", out, "--animate", "turntable", "--view",
                              "landscape", "--frames", "5", "--size", "160x120", "--video", video},
                             &output),
                0);
            QVERIFY2(output.contains("wrote 5 PNG frames to"), qPrintable(output));
            QProcess probe;
            probe.start(ffprobe, {"-v", "error", "-count_frames", "-select_streams", "v:0",
                                  "-show_entries", "stream=codec_name,width,height,nb_read_frames",
                                  "-of", "default=noprint_wrappers=1", video});
            QVERIFY(finishProcess(probe));
            QCOMPARE(probe.exitCode(), 0);
            QMap<QString, QString> fields;
            for (const QString& line :
                 QString::fromUtf8(probe.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts)) {
                const int equals = line.indexOf('=');
                if (equals > 0)
                    fields[line.left(equals)] = line.mid(equals + 1).trimmed();
            }
            QCOMPARE(fields.value("codec_name"), codec);
            QCOMPARE(fields.value("width"), QString("160"));
            QCOMPARE(fields.value("height"), QString("120"));
            QCOMPARE(fields.value("nb_read_frames"), QString("5"));
        }
    }

    // Physical sizes: --width/--height in mm and pt at --dpi give the pixels
    // and the PDF page by hand (88.9 mm = 3.5 in, 144 pt = 2 in; at 200 dpi
    // 700 x 400 px, the page 252 x 144 pt) and the PNG records its DPI. A 3-D
    // surface asked as SVG or PDF is embedded as one image of the figure's
    // pixels (2 in x 1.5 in at 150 dpi: 300 x 225) on a page of the physical size.
    void physicalSizesAndTheSurfaceAsAnImage() {
        const QString out = dir_.filePath("physical");
        QCOMPARE(
            runModescape({"render", session_, "--out", out, "--view", "calibrate", "--format",
                          "png,pdf", "--width", "88.9mm", "--height", "144pt", "--dpi", "200"}),
            0);
        const QImage png(QDir(out).filePath("calibrate.png"));
        QCOMPARE(png.size(), QSize(700, 400));
        QCOMPARE(png.dotsPerMeterX(), int(std::lround(200 / 0.0254)));
        const QString pdfProblem =
            modescape::test::pdfProblems(QDir(out).filePath("calibrate.pdf"), QSizeF(252, 144));
        QVERIFY2(pdfProblem.isEmpty(), qPrintable(pdfProblem));

        const QString surface = dir_.filePath("surface-image");
        QCOMPARE(
            runModescape({"render", session_, "--out", surface, "--view", "landscape", "--format",
                          "png,svg,pdf", "--width", "2in", "--height", "1.5in", "--dpi", "150"}),
            0);
        QCOMPARE(QImage(QDir(surface).filePath("landscape.png")).size(), QSize(300, 225));
        QFile svgFile(QDir(surface).filePath("landscape.svg"));
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        const QString svg = QString::fromUtf8(svgFile.readAll());
        QCOMPARE(svg.count("<image"), qsizetype(1));
        const QRegularExpressionMatch embedded =
            QRegularExpression("data:image/[a-z]+;base64,([A-Za-z0-9+/=\\s]+)\"").match(svg);
        QVERIFY2(embedded.hasMatch(), "no embedded image data in landscape.svg");
        const QImage inside = QImage::fromData(QByteArray::fromBase64(
            embedded.captured(1).remove(QRegularExpression("\\s")).toLatin1()));
        QCOMPARE(inside.size(), QSize(300, 225));
        // The PDF: one page of 2 x 1.5 in, one image of 300 x 225 on it.
        QProcess images;
        images.start("pdfimages", {"-list", QDir(surface).filePath("landscape.pdf")});
        QVERIFY(finishProcess(images));
        QCOMPARE(images.exitCode(), 0);
        const QStringList rows = QString::fromUtf8(images.readAllStandardOutput())
                                     .split('\n', Qt::SkipEmptyParts)
                                     .mid(2);  // below the two header lines
        QVERIFY2(!rows.isEmpty(), "pdfimages lists no image in landscape.pdf");
        const QStringList columns = rows.first().split(' ', Qt::SkipEmptyParts);
        QVERIFY(columns.size() > 4);
        QCOMPARE(columns.at(3) + "x" + columns.at(4), QString("300x225"));
        QTemporaryDir pages;
        QProcess page;
        page.start("pdftoppm", {"-png", "-r", "72", "-singlefile",
                                QDir(surface).filePath("landscape.pdf"), pages.filePath("p")});
        QVERIFY(finishProcess(page));
        QCOMPARE(QImage(pages.filePath("p.png")).size(), QSize(144, 108));
    }

    void docsExamplesAtThePresets() {
        // docs/figures' examples: one paper column and one slide.
        const QString out = QString(MODESCAPE_TEST_OUTPUT_DIR) + "/render";
        QDir().mkpath(out);
        QCOMPARE(runModescape({"render", session_, "--out", out + "/paper", "--view", "landscape",
                               "--preset", "paper"}),
                 0);
        QCOMPARE(runModescape({"render", session_, "--out", out + "/slides", "--view", "calibrate",
                               "--preset", "slides"}),
                 0);
        QCOMPARE(QImage(out + "/paper/landscape.png").size(),
                 QSize(2100, 1575));  // 3.5 in, 600 dpi
        QCOMPARE(QImage(out + "/slides/calibrate.png").size(), QSize(1920, 1080));
    }

    void cameraPathsTurnAndFollow() {
        const session::Camera start{{2, 0, 1}, {0, 0, 0}, {0, 0, 1}, 30, false, 1};
        // A quarter of the frames is a quarter turn: (2, 0) -> (0, 2), height kept.
        const session::Camera quarter = turntableCamera(start, 3, 12);
        QVERIFY(std::abs(quarter.position[0]) < 1e-12);  // cos(pi/2) in double precision
        QCOMPARE(quarter.position[1], 2.0);
        QCOMPARE(quarter.position[2], 1.0);
        QVERIFY(turntableCamera(start, 0, 12) == start);

        // A flight along the x axis, seen from half the start camera's
        // distance (sqrt 5) behind and a third of it above; the last frame
        // looks at the curve's end.
        const std::vector<Point3> curve{{0, 0, 0}, {0.5, 0, 0.25}, {1, 0, 0}};
        const double reach = std::sqrt(5.0);
        const session::Camera first = flightCamera(start, curve, 0, 5);
        QCOMPARE(first.focalPoint, (Point3{0, 0, 0}));
        QCOMPARE(first.position[0], -0.5 * reach);
        QCOMPARE(first.position[1], 0.0);
        QCOMPARE(first.position[2], 0.35 * reach);
        const session::Camera last = flightCamera(start, curve, 4, 5);
        QCOMPARE(last.focalPoint, (Point3{1, 0, 0}));
        // The heading is horizontal: +x all along (the curve bends in z only).
        QCOMPARE(last.position[0], 1 - 0.5 * reach);
        QCOMPARE(last.position[2], 0.35 * reach);
        // Half way along the length: the bend at (0.5, 0, 0.25), the two halves being equal.
        QCOMPARE(flightCamera(start, curve, 2, 5).focalPoint, (Point3{0.5, 0, 0.25}));
    }

    void badSessionAndUnknownViewAreNamed() {
        const QString bad = dir_.filePath("bad.modescape");
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"format": "modescape-session", "version": 1, "set": 3})");
        file.close();
        QString output;
        QVERIFY(runModescape({"render", bad, "--out", dir_.filePath("x")}, &output) != 0);
        QVERIFY2(output.contains(bad) && output.contains("set"), qPrintable(output));
        QVERIFY(runModescape({"render", session_, "--out", dir_.filePath("x"), "--view", "nope"},
                             &output) != 0);
        QVERIFY2(output.contains("--view nope") && output.contains("landscape"),
                 qPrintable(output));
    }
};

int main(int argc, char** argv) {
    modescape::ui::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestRender test;
    return QTest::qExec(&test, argc, argv);
}

#include "TestRender.moc"

// The landscape views: geometry from a grid (uncomputed points left out),
// rendered colours at known points of a known bowl, and the page computing a
// real slice of a small MLP set on the worker, filling in live and resuming.
#include <QtTest>

#include <QComboBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>

#include <vtkPolyData.h>

#include <cmath>

#include "core/analysis/SetWorkspace.h"
#include "core/evaluation/LoadedSet.h"
#include "core/landscape/LandscapeCompute.h"
#include "core/landscape/LandscapeFiles.h"
#include "tests/common/EventWait.h"
#include "tests/ui/SmallMlpSet.h"
#include "tests/ui/ViewGeometry.h"
#include "ui/GuiApplication.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/jobs/JobRunner.h"
#include "ui/rendering/Colormaps.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/landscape/LandscapeImage.h"
#include "ui/views/landscape/LandscapePage.h"
#include "ui/views/landscape/LandscapeSurfaceView.h"
#include "ui/views/landscape/SurfaceGeometry.h"

using namespace modescape;
using namespace modescape::ui;
using modescape::test::drainPostedEvents;
using modescape::test::finishProcess;
using modescape::test::waitForExposed;
using modescape::test::waitForSignals;
using modescape::test::waitUntil;

namespace {

// loss = 1 + a^2 + b^2 on [-1, 1]^2: minimum 1 at the centre, maximum 3 at the corners.
LandscapeGrid bowl(int n) {
    LandscapeGrid grid;
    for (int i = 0; i < n; ++i)
        grid.xs.push_back(-1.0 + 2.0 * i / (n - 1));
    grid.ys = grid.xs;
    for (double b : grid.ys)
        for (double a : grid.xs) {
            grid.loss.push_back(1.0 + a * a + b * b);
            grid.accuracy.push_back(0.5);
        }
    return grid;
}

int colourDistance(QColor a, const double rgb[3]) {
    return std::abs(a.red() - int(255 * rgb[0])) + std::abs(a.green() - int(255 * rgb[1])) +
           std::abs(a.blue() - int(255 * rgb[2]));
}

}  // namespace

class TestLandscapeViews : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void geometryLeavesOutCellsWithUncomputedCorners() {
        LandscapeGrid grid = bowl(3);  // 2 x 2 cells, 8 triangles
        SurfaceStyle style;
        SurfaceMapping mapping(grid, style);
        QCOMPARE(mapping.minValue(), 1.0);
        QCOMPARE(mapping.maxValue(), 3.0);
        QCOMPARE(buildSurfacePolyData(grid, mapping, false)->GetNumberOfPolys(), vtkIdType(8));
        grid.loss[8] = std::nan("");  // the (2, 2) corner: its one cell goes, 3 cells remain
        SurfaceMapping partial(grid, style);
        QCOMPARE(buildSurfacePolyData(grid, partial, false)->GetNumberOfPolys(), vtkIdType(6));
        grid.loss[4] = std::nan("");  // the centre touches every cell
        SurfaceMapping none(grid, style);
        QCOMPARE(buildSurfacePolyData(grid, none, false)->GetNumberOfPolys(), vtkIdType(0));
        // Heights: the minimum at 0, the maximum at heightScale x half the plane's side.
        QCOMPARE(mapping.height(1.0), 0.0);
        QVERIFY(std::abs(mapping.height(3.0) - 1.0) < 1e-12);
    }

    void logScaleAndClippingChangeTheDisplayedValues() {
        LandscapeGrid grid = bowl(5);
        SurfaceStyle style;
        style.logScale = true;
        style.clipAbove = 2.0;
        SurfaceMapping mapping(grid, style);
        QVERIFY(std::abs(mapping.value(100.0) - std::log10(2.0)) < 1e-12);  // clipped, then log
        QCOMPARE(mapping.minValue(), 0.0);                                  // log10(1)
        QVERIFY(std::abs(mapping.maxValue() - std::log10(2.0)) < 1e-12);
    }

    void contourMapShowsTheColourMapEndsAtMinimumAndMaximum() {
        LandscapeSurfaceView view(LandscapeSurfaceView::Mode::Contour);
        SurfaceStyle style;
        style.isolineCount = 0;  // smooth colours: exact colour-map values at the pixels
        style.showAxes = false;
        style.showScalarBar = false;
        view.setStyle(style);
        view.resize(300, 300);
        view.setGrid(bowl(41));
        view.show();
        waitForExposed(view);
        const QImage image = view.vtkView()->grabScene(1.0, false);
        double low[3], high[3];
        colormapColor(Colormap::Viridis, 0.0, low);
        colormapColor(Colormap::Viridis, 1.0, high);
        const QColor centre = image.pixelColor(image.width() / 2, image.height() / 2);
        QVERIFY2(colourDistance(centre, low) < 40, qPrintable(centre.name()));
        // Along the diagonal, 45% of the way from the centre to the corner: a
        // point with loss 1 + 2 * (0.9)^2 * s^2, clearly above the minimum.
        const QColor towardCorner =
            image.pixelColor(int(image.width() * 0.05), int(image.height() * 0.05));
        QVERIFY2(colourDistance(towardCorner, low) > 100, qPrintable(towardCorner.name()));
    }

    // Issue 19, item 1: a surface that fills in row by row is framed as a whole
    // from its first rows on; the member marker stays a small dot. (The camera
    // used to frame whatever was drawn first: the marker sphere alone.)
    void firstRowsFrameTheWholeSliceNotTheMarker() {
        LandscapeSurfaceView view(LandscapeSurfaceView::Mode::Surface);
        SurfaceStyle style;
        style.showAxes = false;
        style.showScalarBar = false;
        view.setStyle(style);
        view.resize(300, 300);
        LandscapeGrid full = bowl(21);
        full.markers.push_back({"centre", 0.0, 0.0});
        LandscapeGrid firstRows = full;  // rows 9..11 around the centre only
        for (int j = 0; j < 21; ++j)
            for (int i = 0; i < 21; ++i)
                if (j < 9 || j > 11)
                    firstRows.loss[j * 21 + i] = std::nan("");
        view.setGrid(firstRows);
        view.show();
        waitForExposed(view);
        view.setGrid(full);
        const QImage image = view.vtkView()->grabScene(1.0, false);
        vtkRenderer* renderer = view.vtkView()->renderer();
        // Every corner of the plane and of the bowl's rim (height 1 = loss 3) in view.
        for (double a : {-1.0, 1.0})
            for (double b : {-1.0, 1.0})
                for (double z : {0.0, 1.0}) {
                    const double world[3] = {a, b, z};
                    const QPointF pixel = modescape::test::projectWithCamera(renderer, world);
                    QVERIFY2(pixel.x() >= 0 && pixel.y() >= 0 && pixel.x() < image.width() &&
                                 pixel.y() < image.height(),
                             qPrintable(modescape::test::describe(pixel)));
                }
        // The marker (radius 1.8% of the plane's side) covers well under 2% of
        // the picture; framed on the marker it covered most of it.
        const double red[3] = {0.85, 0.1, 0.1};
        int redPixels = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                redPixels += colourDistance(image.pixelColor(x, y), red) < 90 ? 1 : 0;
        QVERIFY2(redPixels < 0.02 * image.width() * image.height(),
                 qPrintable(QString("%1 marker-coloured pixels").arg(redPixels)));
    }

    // Issue 19, item 4: a clicked point's readout belongs to its result. It is
    // left out of exported figures, and a grid of another result clears it.
    void readoutStaysOutOfFiguresAndLeavesWithItsResult() {
        LandscapeSurfaceView view(LandscapeSurfaceView::Mode::Contour);
        SurfaceStyle style;
        style.showAxes = false;
        style.showScalarBar = false;
        view.setStyle(style);
        view.resize(300, 300);
        LandscapeGrid random = bowl(5);
        random.title = "random directions";
        view.setGrid(random);
        view.show();
        waitForExposed(view);
        const QImage before = view.grabFigure(1.0, false);
        view.pickGridPoint(2, 2);
        QCOMPARE(view.readout(), QString("alpha 0, beta 0: loss 1, accuracy 50.00%"));
        const QImage withReadout = view.grabFigure(1.0, false, true);
        QVERIFY(withReadout != before);                 // the readout is drawn in the view...
        QCOMPARE(view.grabFigure(1.0, false), before);  // ...and left out of the figure
        view.setGrid(random);                           // the same result filling in keeps it
        QVERIFY(!view.readout().isEmpty());
        LandscapeGrid plane = random;
        plane.title = "plane through a, b, c";
        view.setGrid(plane);
        QCOMPARE(view.readout(), QString());
    }

    // Issue 23: at the pixel where the camera puts grid point (a, b), the contour
    // map has the colour of the analytic loss 1 + a^2 + b^2, scaled from [1, 3].
    void contourColoursAreTheAnalyticLossWhereTheCameraPutsEachPoint() {
        LandscapeSurfaceView view(LandscapeSurfaceView::Mode::Contour);
        SurfaceStyle style;
        style.isolineCount = 0;
        style.showAxes = false;
        style.showScalarBar = false;
        view.setStyle(style);
        view.resize(300, 300);
        view.setGrid(bowl(41));
        view.show();
        waitForExposed(view);
        const QImage image = view.vtkView()->grabScene(1.0, false);
        vtkRenderer* renderer = view.vtkView()->renderer();
        // Losses 1.25, 1.5, 1.98, 2.45: far apart on the colour map.
        const std::vector<std::pair<double, double>> points = {
            {0.5, 0.0}, {0.5, 0.5}, {-0.7, 0.7}, {0.9, -0.8}};
        std::vector<QPointF> pixels;
        std::vector<QColor> expected;
        for (const auto& [a, b] : points) {
            const double world[3] = {a, b, 0.0};
            pixels.push_back(modescape::test::projectWithCamera(renderer, world));
            double rgb[3];
            colormapColor(Colormap::Viridis, (a * a + b * b) / 2.0, rgb);
            expected.push_back(modescape::test::rgbColour(rgb));
        }
        for (std::size_t i = 0; i < points.size(); ++i)
            for (std::size_t j = 0; j < points.size(); ++j) {
                // At a grid node (step 0.05, ~7 pixels): within 1 pixel the loss moves
                // by at most 2|a| x 0.007 < 0.013 of its range, a few levels per channel.
                const int distance =
                    modescape::test::nearestColourDistance(image, pixels[i], expected[j], 1);
                QVERIFY2(i == j ? distance <= 12 : distance > 24,
                         qPrintable(QString("(%1, %2) at %3 is %4; colour of (%5, %6) is %7")
                                        .arg(points[i].first)
                                        .arg(points[i].second)
                                        .arg(modescape::test::describe(pixels[i]))
                                        .arg(image.pixelColor(pixels[i].toPoint()).name())
                                        .arg(points[j].first)
                                        .arg(points[j].second)
                                        .arg(expected[j].name())));
            }
    }

    void pageComputesAPlaneOnTheWorkerAndFillsTheSurface() {
        QTemporaryDir dir;
        auto set = test::writeSmallMlpSet(dir.filePath("set"));
        JobRunner runner;
        LandscapePage page(&runner, std::make_shared<analysis::SetWorkspace>(*set));
        page.resize(500, 400);
        page.show();
        waitForExposed(page);

        // Plane through the three members on the default 51 x 51 grid.
        page.form()->findChild<QComboBox*>("landscape.directions")->setCurrentText("plane");
        QStringList anchors;
        for (const auto& member : set->members)
            anchors << QString::fromStdString(member.name);
        QCOMPARE(anchors.size(), 3);
        page.setSelection(anchors);
        QSignalSpy rows(&page, &LandscapePage::resultChanged);
        QSignalSpy finished(&page, &LandscapePage::computeFinished);
        QVERIFY(page.compute() != 0);
        waitForSignals(finished);
        QVERIFY2(finished.first().first().toBool(),
                 qPrintable(page.findChild<QLabel*>("landscape.status")->text()));
        QVERIFY(rows.count() >= 2);  // rows as they finished, then the finished grid

        const auto& result = page.surface();
        QCOMPARE(result.computedPoints(), std::int64_t(51 * 51));
        QCOMPARE(result.markers.size(), std::size_t(3));
        // Wiring: the view holds the engine's numbers (the engine itself is checked
        // against an analytic quadratic in tests/landscape): recompute directly and compare.
        evaluation::LoadedSet loaded(*set);
        auto direct = landscape::makeEmptyResult(result.settings);
        landscape::computeLandscape(loaded, direct, {});
        for (std::size_t k = 0; k < direct.loss.size(); ++k)
            QVERIFY(std::abs(direct.loss[k] - result.loss[k]) < 1e-6);

        // Something other than background is drawn at the view's centre.
        const QImage image = page.exportImage(1.0, true);
        QVERIFY(!image.isNull());
        QVERIFY(qAlpha(image.pixel(image.width() / 2, image.height() / 2)) > 0);
    }

    // Wiring: `modescape landscape --png` draws exactly what the contour view draws for
    // the surface the same run wrote, at the size asked for.
    void wiringCommandLinePngIsTheContourViewOfTheWrittenSurface() {
        QTemporaryDir dir;
        const auto set = test::writeSmallMlpSet(dir.filePath("set"));
        const QString surface = dir.filePath("slice.h5"), png = dir.filePath("slice.png");
        QProcess run;
        run.start(MODESCAPE_EXE, {"landscape", dir.filePath("set"), "--grid", "-1:1:15,-1:1:11",
                                  "--out", surface, "--png", png, "--plot", "contour", "--size",
                                  "320x240", "--colormap", "magma", "--json"});
        QVERIFY(finishProcess(run));
        QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
        const auto summary = QJsonDocument::fromJson(run.readAllStandardOutput()).object();
        QCOMPARE(summary["points_total"].toInt(), 15 * 11);

        const QImage written(png);
        QCOMPARE(written.size(), QSize(320, 240));
        SurfaceStyle style;
        style.colormap = Colormap::Magma;
        const QImage expected =
            renderLandscapeImage(landscape::readSurface(surface.toStdString()),
                                 LandscapeFigure::Contour, style, QSize(320, 240))
                .convertToFormat(written.format());
        double difference = 0;
        int coloured = 0;
        const QColor background = written.pixelColor(1, 1);
        for (int y = 0; y < written.height(); ++y)
            for (int x = 0; x < written.width(); ++x) {
                const QColor a = written.pixelColor(x, y), b = expected.pixelColor(x, y);
                difference += std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) +
                              std::abs(a.blue() - b.blue());
                coloured += a != background;
            }
        QVERIFY2(difference / (320.0 * 240.0) < 1.0, qPrintable(QString::number(difference)));
        QVERIFY2(coloured > 320 * 240 / 4, qPrintable(QString::number(coloured)));
    }

    // Cancel keeps the rows already computed and frees the page for the next
    // Compute (the resume).
    void cancelKeepsComputedRowsAndReenablesCompute() {
        QTemporaryDir dir;
        auto set = test::writeSmallMlpSet(dir.filePath("set"));
        JobRunner runner;
        LandscapePage page(&runner, std::make_shared<analysis::SetWorkspace>(*set));
        for (const char* count : {"landscape.grid.x-count", "landscape.grid.y-count"})
            page.form()->findChild<QSpinBox*>(count)->setValue(
                401);  // 160,801 points: minutes, so Cancel comes first
        QSignalSpy rows(&page, &LandscapePage::resultChanged);
        QSignalSpy finished(&page, &LandscapePage::computeFinished);
        QVERIFY(page.compute() != 0);
        waitForSignals(rows, 1);  // a row
        QVERIFY(finished.isEmpty());
        page.cancel();
        waitForSignals(finished);
        QCOMPARE(finished.first().first().toBool(), false);
        auto* compute = page.findChild<QPushButton*>("landscape.compute");
        QVERIFY(compute->isEnabled());
        QVERIFY(page.findChild<QLabel*>("landscape.status")->text().contains("Cancelled"));
        const auto computed = page.surface().computedPoints();
        QVERIFY2(computed >= 401 && computed < 401 * 401, qPrintable(QString::number(computed)));
        QVERIFY(page.compute() != 0);  // a new job: the page no longer holds the cancelled one
        page.cancel();  // still queued or already running: either way the page hears of it
        waitForSignals(finished, 2);
        waitUntil([&] { return runner.isIdle(); });
        QVERIFY(drainPostedEvents());   // the worker's last callbacks, if any
        QCOMPARE(finished.count(), 2);  // heard of once, not twice
    }

    void invalidFormSettingsAreReportedNotComputed() {
        QTemporaryDir dir;
        auto set = test::writeSmallMlpSet(dir.filePath("set"));
        JobRunner runner;
        LandscapePage page(&runner, std::make_shared<analysis::SetWorkspace>(*set));
        page.form()->findChild<QComboBox*>("landscape.directions")->setCurrentText("line");
        page.setSelection({"m1"});  // a line needs two anchors
        QCOMPARE(page.compute(), 0);
        QVERIFY(page.findChild<QLabel*>("landscape.status")
                    ->text()
                    .contains("a line needs exactly 2 members"));
    }
};

int main(int argc, char** argv) {
    modescape::ui::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestLandscapeViews test;
    return QTest::qExec(&test, argc, argv);
}
#include "TestLandscapeViews.moc"

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

#include <vtkCubeAxesActor.h>
#include <vtkPolyData.h>
#include <vtkScalarBarActor.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>

#include <cmath>

#include "core/analysis/SetWorkspace.h"
#include "core/evaluation/LoadedSet.h"
#include "core/landscape/LandscapeCompute.h"
#include "core/landscape/LandscapeFiles.h"
#include "tests/common/EventWait.h"
#include "tests/ui/ChartChecks.h"
#include "tests/ui/SmallMlpSet.h"
#include "tests/ui/ViewGeometry.h"
#include "ui/GuiApplication.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/jobs/JobRunner.h"
#include "ui/rendering/Colormaps.h"
#include "ui/rendering/FigureSize.h"
#include "ui/rendering/LineChart.h"
#include "ui/rendering/OffscreenRender.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/landscape/ContourCanvas.h"
#include "ui/views/landscape/FigureText.h"
#include "ui/views/landscape/GridFromResult.h"
#include "ui/views/landscape/LabelPlacement.h"
#include "ui/views/landscape/LandscapeImage.h"
#include "ui/views/landscape/LandscapeLineChart.h"
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

// WCAG 2 relative luminance of an sRGB colour, and the contrast ratio of two
// (1 = none, 21 = black on white; 4.5 is the WCAG minimum for text).
double luminance(QColor c) {
    const auto linear = [](double v) {
        return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * linear(c.redF()) + 0.7152 * linear(c.greenF()) + 0.0722 * linear(c.blueF());
}

double contrast(QColor a, QColor b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// The median luminance colour of the pixels in a box: a label's background
// (its glyphs are a minority of its box).
QColor medianColour(const QImage& image, const QRect& box) {
    std::vector<std::pair<double, QColor>> pixels;
    for (int y = box.top(); y <= box.bottom(); ++y)
        for (int x = box.left(); x <= box.right(); ++x)
            if (image.rect().contains(x, y)) {
                const QColor c = image.pixelColor(x, y);
                pixels.push_back({luminance(c), c});
            }
    if (pixels.empty())
        return {};
    std::nth_element(pixels.begin(), pixels.begin() + pixels.size() / 2, pixels.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    return pixels[pixels.size() / 2].second;
}

// A plane through three members a, b, c at (0, 0), (1, 0), (0.6, 0.9) on
// [-1, 1]^2, its loss a steep wall toward the top left (as the two-moons
// plane has): iso-lines crowd into one corner.
landscape::LandscapeResult steepPlane(int n) {
    landscape::LandscapeSettings settings;
    settings.directions = landscape::DirectionSource::Plane;
    settings.directionMembers = {"group/a.safetensors", "group/b.safetensors",
                                 "group/c.safetensors"};
    settings.x = {-1.0, 1.0, n};
    settings.y = {-1.0, 1.0, n};
    auto result = landscape::makeEmptyResult(settings);
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < n; ++i) {
            const double a = result.xs[i], b = result.ys[j];
            result.loss[j * n + i] = 0.01 + std::exp(3.0 * (b - a - 1.0)) * 30.0;
            result.accuracy[j * n + i] = 0.9;
        }
    result.markers = {{"group/a.safetensors", 0.0, 0.0},
                      {"group/b.safetensors", 1.0, 0.0},
                      {"group/c.safetensors", 0.6, 0.9}};
    return result;
}

// Renders a view without showing it, at exactly `size` pixels.
QImage renderAt(LandscapeSurfaceView& view, QSize size) {
    view.resize(size);
    return renderViewOffscreen(*view.vtkView(), size);
}

bool isBackground(QColor c) {
    return c.red() > 250 && c.green() > 250 && c.blue() > 250;  // the views' white
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
        ContourCanvas view;
        SurfaceStyle style;
        style.isolineCount = 0;  // fine bands (0.1 of the loss): near the colour map's values
        style.showScalarBar = false;
        view.setStyle(style);
        view.resize(300, 300);
        view.setGrid(bowl(41));
        const QImage image = view.image();
        const ContourFigure* figure = view.figure();
        QVERIFY(figure);
        double low[3];
        colormapColor(Colormap::Viridis, 0.0, low);
        const QColor centre = image.pixelColor(figure->map(0, 0).toPoint());
        QVERIFY2(colourDistance(centre, low) < 40, qPrintable(centre.name()));
        // Toward the top left corner: loss 1 + 2 (0.9)^2, clearly above the minimum.
        const QColor towardCorner = image.pixelColor(figure->map(-0.9, 0.9).toPoint());
        QVERIFY2(colourDistance(towardCorner, low) > 100, qPrintable(towardCorner.name()));
    }

    // Issue 19, item 1: a surface that fills in row by row is framed as a whole
    // from its first rows on; the member marker stays a small dot. (The camera
    // used to frame whatever was drawn first: the marker sphere alone.)
    void firstRowsFrameTheWholeSliceNotTheMarker() {
        LandscapeSurfaceView view;
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

    // Issue 19, item 8: the greedy placement takes each label's first free box,
    // drops optional labels with none, and keeps required ones.
    void labelPlacementTakesFirstFreeBoxAndDropsOnlyOptionalLabels() {
        const QRectF area(0, 0, 100, 100);
        QVector<LabelRequest> requests(4);
        requests[0].candidates = {QRectF(10, 10, 20, 10)};
        requests[1].candidates = {QRectF(15, 12, 20, 10), QRectF(50, 50, 20, 10)};  // 1st taken
        requests[2].candidates = {QRectF(12, 8, 10, 10), QRectF(95, 95, 10, 10)};   // out / taken
        requests[3] = requests[2];
        requests[3].required = true;
        const QVector<int> chosen = placeLabels(requests, area, {QRectF(60, 0, 10, 10)});
        QCOMPARE(chosen, (QVector<int>{0, 1, -1, 0}));
        QCOMPARE(
            overlappingPairs({QRectF(0, 0, 10, 10), QRectF(5, 5, 10, 10), QRectF(20, 20, 1, 1)}),
            1);
    }

    // Issue 19, item 8: iso-line labels crowded into a corner are placed without
    // overlapping each other or the member labels, fewer where there is no room,
    // at a readable size. (They were stacked at the middle of each line:
    // "1.7 1.58 1.41 1.23" piled up at 9 pixels.)
    void crowdedIsolineLabelsNeverOverlap() {
        ContourCanvas view;
        SurfaceStyle style;
        style.isolineCount = 20;  // more lines than the corner has room for labels
        view.setStyle(style);
        view.setGrid(gridFromResult(steepPlane(41)));
        view.resize(800, 600);
        const QImage image = view.image();
        QVERIFY(view.figure());
        const auto labels = view.figure()->labels();
        QVector<QRectF> boxes;
        int isolines = 0, members = 0;
        for (const auto& label : labels) {
            boxes << label.box;
            (label.member ? members : isolines) += 1;
            QVERIFY2(QRectF(image.rect()).contains(label.box), qPrintable(label.text));
        }
        QCOMPARE(members, 3);
        QVERIFY2(isolines >= 4 && isolines < 20, qPrintable(QString::number(isolines)));
        QCOMPARE(overlappingPairs(boxes), 0);
        // Readable: the label text is at least 12 pixels at this size (the
        // label boxes are the text's height).
        for (const auto& label : labels)
            QVERIFY2(label.box.height() >= 12, qPrintable(QString::number(label.box.height())));
    }

    // Issue 19, item 8: a member's name stands out from the darkest end of the
    // colour map it sits on: its text and the box behind it differ by at least
    // WCAG's 4.5:1 (dark text straight on dark purple was about 1.3:1).
    void memberLabelsContrastWithTheSurfaceBehindThem() {
        ContourCanvas view;
        SurfaceStyle style;
        style.isolineCount = 0;
        view.setStyle(style);
        LandscapeGrid grid = bowl(41);  // the centre is the colour map's dark end
        grid.markers.push_back({"centre-member", 0.0, 0.0});
        view.setGrid(grid);
        view.resize(600, 450);
        const QImage image = view.image();
        QVERIFY(view.figure());
        QVector<ContourFigure::Label> members;
        for (const auto& label : view.figure()->labels())
            if (label.member)
                members << label;
        QCOMPARE(members.size(), 1);
        QCOMPARE(members[0].text, QString("centre-member"));
        const QRect box = members[0].box.toAlignedRect();
        // The scene is the hard case: the map next to the label is dark.
        const double inkRgb[3] = {0.1, 0.1, 0.1};  // the figures' text colour (ContourFigure.cpp)
        const QColor ink = modescape::test::rgbColour(inkRgb);
        const QColor beside = image.pixelColor(box.right() + 12, box.center().y());
        QVERIFY2(contrast(ink, beside) < 2.0, qPrintable(beside.name()));
        const QColor behind = medianColour(image, box);
        QVERIFY2(contrast(ink, behind) >= 4.5,
                 qPrintable(QString("text %1 on %2").arg(ink.name(), behind.name())));
        // And the label really is drawn there: its darkest pixels are the ink.
        int inked = 0;
        for (int y = box.top(); y <= box.bottom(); ++y)
            for (int x = box.left(); x <= box.right(); ++x)
                inked += contrast(image.pixelColor(x, y), ink) < 1.5 ? 1 : 0;
        QVERIFY2(inked > 20, qPrintable(QString::number(inked)));
    }

    // Issue 19, item 16: the axes say α and β with the directions' names, the
    // title is short, and every text grows with the exported size: twice the
    // pixels, twice the font, with titles no more than 1.4 x the ticks.
    void axisTitlesNameTheDirectionsAndTextScalesWithTheRender() {
        QVERIFY2(!figureFontFile().empty(), "no font with Greek letters found on this system");
        LandscapeSurfaceView view;
        view.setGrid(gridFromResult(steepPlane(21)));
        renderAt(view, QSize(800, 600));
        vtkCubeAxesActor* axes = view.axesActor();
        QVERIFY(axes);
        QCOMPARE(QString::fromUtf8(axes->GetXTitle()), QString::fromUtf8("α: toward b"));
        QCOMPARE(QString::fromUtf8(axes->GetYTitle()), QString::fromUtf8("β: toward c"));
        QCOMPARE(axes->GetUse2DMode(), 1);  // FreeType text: polygons have no α
        const QString title = QString::fromUtf8(view.titleActor()->GetInput());
        QCOMPARE(title, QString("Test loss, plane through 3 members"));

        struct Sizes {
            int title, axisTitle, tick, barTitle, barLabel;
        };
        const auto sizes = [&] {
            return Sizes{view.titleActor()->GetTextProperty()->GetFontSize(),
                         axes->GetTitleTextProperty(0)->GetFontSize(),
                         axes->GetLabelTextProperty(0)->GetFontSize(),
                         view.scalarBarActor()->GetTitleTextProperty()->GetFontSize(),
                         view.scalarBarActor()->GetLabelTextProperty()->GetFontSize()};
        };
        const Sizes small = sizes();
        view.grabFigure(2.0, false);  // File > Export at 2x: text in points at twice the DPI
        const Sizes large = sizes();
        // Rounding to whole pixels: within 1 of twice the size.
        for (auto [a, b] : {std::pair{small.title, large.title},
                            {small.axisTitle, large.axisTitle},
                            {small.tick, large.tick},
                            {small.barTitle, large.barTitle},
                            {small.barLabel, large.barLabel}})
            QVERIFY2(std::abs(b - 2 * a) <= 1, qPrintable(QString("%1 -> %2").arg(a).arg(b)));
        QVERIFY(small.tick >= 12);
        QVERIFY(small.title <= 1.4 * small.tick && small.barTitle <= 1.4 * small.barLabel);
        QVERIFY(view.scalarBarActor()->GetUnconstrainedFontSize());  // not stretched to its box
    }

    // Issue 19, item 16: the figure fills its image: no empty band of columns
    // or rows wider than 5% runs through it (the colour bar sat 13% of the
    // width away from the map), and no side has an empty margin over 15% (a
    // square map in a 4:3 image leaves some room, shared by both sides).
    void figureFillsItsImageWithoutEmptyBands() {
        for (auto mode :
             {LandscapeSurfaceView::Mode::Contour, LandscapeSurfaceView::Mode::Surface}) {
            QImage image;
            if (mode == LandscapeSurfaceView::Mode::Contour) {  // painted
                ContourCanvas canvas;
                canvas.resize(800, 600);
                canvas.setGrid(gridFromResult(steepPlane(21)));
                image = canvas.image();
            } else {
                LandscapeSurfaceView view;
                view.setGrid(gridFromResult(steepPlane(21)));
                image = renderAt(view, QSize(800, 600));
            }
            image.save(QString(MODESCAPE_TEST_OUTPUT_DIR) + "/landscape-steep-plane-" +
                       (mode == LandscapeSurfaceView::Mode::Contour ? "contour" : "surface") +
                       ".png");
            QVector<bool> columnUsed(image.width()), rowUsed(image.height());
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x)
                    if (!isBackground(image.pixelColor(x, y)))
                        columnUsed[x] = rowUsed[y] = true;
            const auto check = [&](const QVector<bool>& used, const char* what) {
                const int first = int(used.indexOf(true)), last = int(used.lastIndexOf(true));
                const int n = int(used.size());
                QVERIFY2(first <= 0.15 * n && n - 1 - last <= 0.15 * n,
                         qPrintable(QString("%1 used from %2 to %3 of %4")
                                        .arg(what)
                                        .arg(first)
                                        .arg(last)
                                        .arg(n)));
                int run = 0, longest = 0;
                for (int k = first; k <= last; ++k) {
                    run = used[k] ? 0 : run + 1;
                    longest = std::max(longest, run);
                }
                QVERIFY2(
                    longest <= 0.05 * n,
                    qPrintable(QString("%1: an empty band of %2 pixels").arg(what).arg(longest)));
            };
            check(columnUsed, mode == LandscapeSurfaceView::Mode::Contour ? "contour columns"
                                                                          : "surface columns");
            check(rowUsed,
                  mode == LandscapeSurfaceView::Mode::Contour ? "contour rows" : "surface rows");
        }
    }

    // Issue 19, item 4: a clicked point's readout belongs to its result. It is
    // left out of exported figures, and a grid of another result clears it.
    void readoutStaysOutOfFiguresAndLeavesWithItsResult() {
        ContourCanvas view;
        SurfaceStyle style;
        style.showScalarBar = false;
        view.setStyle(style);
        view.resize(300, 300);
        LandscapeGrid random = bowl(5);
        random.title = "random directions";
        view.setGrid(random);
        const QImage before = view.figureImage(1.0, false);
        view.pickGridPoint(2, 2);
        QCOMPARE(view.readout(), QString::fromUtf8("α 0, β 0: loss 1, accuracy 50.00%"));
        const QImage onScreen = view.grab().toImage().convertToFormat(before.format());
        QVERIFY(onScreen != before);                     // the readout is drawn on screen...
        QCOMPARE(view.figureImage(1.0, false), before);  // ...and left out of the figure
        view.setGrid(random);                            // the same result filling in keeps it
        QVERIFY(!view.readout().isEmpty());
        LandscapeGrid plane = random;
        plane.title = "plane through a, b, c";
        view.setGrid(plane);
        QCOMPARE(view.readout(), QString());
    }

    // Issue 23: at the pixel where the painted contour map puts grid point
    // (a, b), it has the colour of the band holding the analytic loss
    // 1 + a^2 + b^2, on the colour map scaled from [1, 3].
    void contourColoursAreTheAnalyticLossWhereTheCameraPutsEachPoint() {
        ContourCanvas view;
        SurfaceStyle style;
        style.isolineCount = 0;
        style.showScalarBar = false;
        view.setStyle(style);
        view.resize(300, 300);
        view.setGrid(bowl(41));
        const QImage image = view.image();
        const ContourFigure* figure = view.figure();
        QVERIFY(figure);
        // The bands are 0.1 of loss wide (nice levels 1.1, 1.2 ... 2.9), each
        // in the colour map's colour at its middle: 1.25, 1.55, 1.95, 2.45 for
        // the losses 1.25, 1.5525, 1.98, 2.45 at these grid nodes, far apart on
        // the colour map.
        const std::vector<std::pair<double, double>> points = {
            {0.5, 0.0}, {0.5, 0.55}, {-0.7, 0.7}, {0.9, -0.8}};
        const std::vector<double> middles = {1.25, 1.55, 1.95, 2.45};
        std::vector<QPointF> pixels;
        std::vector<QColor> expected;
        for (std::size_t k = 0; k < points.size(); ++k) {
            const auto [a, b] = points[k];
            pixels.push_back(figure->map(a, b));
            double rgb[3];
            colormapColor(Colormap::Viridis, (middles[k] - 1.0) / 2.0, rgb);
            expected.push_back(modescape::test::rgbColour(rgb));
            QVERIFY(colourDistance(figure->bandColour(1.0 + a * a + b * b), rgb) <= 3);
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

        // Issue 19, item 16: on the default range every anchor of the plane is
        // drawn inside the figure and on the map, with room around it.
        ContourCanvas contour;
        contour.resize(800, 600);
        contour.setGrid(gridFromResult(result));
        const QImage figure = contour.image();
        QVERIFY(contour.figure());
        const QRectF map = contour.figure()->plotArea();
        for (const auto& marker : result.markers) {
            const QPointF pixel = contour.figure()->map(marker.x, marker.y);
            // At least 5% of the map's size inside its edges (the fitted margin
            // is over 16%; the old default put the second member on the edge).
            QVERIFY2(map.adjusted(0.05 * map.width(), 0.05 * map.height(), -0.05 * map.width(),
                                  -0.05 * map.height())
                             .contains(pixel) &&
                         QRectF(figure.rect()).contains(pixel),
                     qPrintable(QString::fromStdString(marker.name) + " at " +
                                modescape::test::describe(pixel)));
        }
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
                                 LandscapeFigure::Contour, style,
                                 // `landscape --figure`'s screen look is 1000x800
                                 resolveFigure(FigureSize::fromPixels({320, 240}), {1000, 800}))
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

    // A 1-D slice is the painted line chart: α on x (not "alpha"), the split's loss
    // and accuracy named, uncomputed points left out, the member on the loss
    // curve; `landscape --figure x.svg` of a 1-D grid is a vector file with the
    // axis names as <text> and no picture inside, and its PDF embeds its fonts.
    void oneDimensionalSliceIsAPaintedVectorChart() {
        LandscapeGrid grid;
        for (int i = 0; i <= 8; ++i) {
            const double x = -1 + i / 4.0;
            grid.xs << x;
            grid.loss << (i == 6 ? std::nan("") : 1 + x * x);  // one point not computed yet
            grid.accuracy << 0.9 - 0.1 * x * x;
        }
        grid.markers = {{"m0", 0.0, 0.0}};
        grid.split = "test";
        grid.xTitle = "alpha (PCA 1)";  // VTK's word where its font has no Greek
        const LineChartData data = LandscapeLineChart::chartData(grid);
        QCOMPARE(data.xName, QString("α (PCA 1)"));
        QCOMPARE(data.yName, QString("test loss"));
        QCOMPARE(data.rightName, QString("test accuracy"));
        QCOMPARE(data.series.size(), std::size_t(3));
        QCOMPARE(data.series[2].x, (std::vector<double>{0.0}));
        QCOMPARE(data.series[2].y, (std::vector<double>{1.0}));  // the loss at α = 0
        const auto painted = modescape::test::paintChart(
            data, resolveFigure(FigureSize::fromPreset(FigurePreset::Paper), QSize(1000, 800)));
        const std::vector<QPolygonF> points = chartPoints(*painted.frame, data);
        QCOMPARE(points[0].size(), 8);  // 9 less the uncomputed one
        QCOMPARE(modescape::test::curvePointsInside(painted.frame->legendArea(), points), 0);
        // Accuracy stays in [0, 1] whatever the padding.
        QVERIFY(painted.frame->rightTicks().lo >= 0 && painted.frame->rightTicks().hi <= 1);

        QTemporaryDir dir;
        test::writeSmallMlpSet(dir.filePath("set"));
        const QString svg = dir.filePath("line.svg"), pdf = dir.filePath("line.pdf");
        for (const QStringList& figure :
             {QStringList{"--figure", svg}, QStringList{"--figure", pdf, "--preset", "paper"}}) {
            QProcess run;
            run.start(MODESCAPE_EXE,
                      QStringList{"landscape", dir.filePath("set"), "--grid", "-1:1:5"} + figure);
            QVERIFY(finishProcess(run));
            QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
        }
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        const QString missing =
            modescape::test::labelsNotSvgText(text, {"test loss", "test accuracy", "loss"});
        QVERIFY2(missing.isEmpty(), qPrintable("not <text> in the SVG: " + missing));
        QVERIFY(text.contains("α"));
        QVERIFY(!text.contains("<image"));
        const QString fonts = modescape::test::fontsNotEmbedded(pdf);
        QVERIFY2(fonts.isEmpty(), qPrintable(fonts));
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

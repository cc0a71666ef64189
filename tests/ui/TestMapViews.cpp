// The map and the symmetry panels: group colours at the points' screen
// positions and the background elsewhere, click / rubber-band selection of
// exactly the expected members, metric colours, the selection shared with the
// set browser through the main window, the panels' counts and pixels on a
// hand-made set, and `modescape project --png / --json`.
#include <QtTest>

#include <QApplication>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLayout>
#include <QPainter>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>

#include <ATen/ATen.h>

#include <array>
#include <cmath>
#include <optional>
#include <tuple>

#include "core/analysis/SetWorkspace.h"
#include "core/io/set/OpenSet.h"
#include "core/sampling/SetWriter.h"
#include "tests/common/EventWait.h"
#include "tests/common/FigureFileChecks.h"
#include "tests/symmetry/SymmetrySetFixture.h"
#include "tests/ui/ViewGeometry.h"
#include "ui/GuiApplication.h"
#include "ui/jobs/JobRunner.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/rendering/Colormaps.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/PlotFrame.h"
#include "ui/rendering/VtkView.h"
#include "ui/setbrowser/SetBrowser.h"
#include "ui/views/map/GroupColours.h"
#include "ui/views/map/MapCanvas.h"
#include "ui/views/map/MapFigure.h"
#include "ui/views/map/MapModel.h"
#include "ui/views/map/MapPage.h"
#include "ui/views/map/MapView.h"
#include "ui/views/map/MassPanel.h"
#include "ui/views/map/MaxUnitHistogramPanel.h"
#include "ui/views/map/MmdTableWidget.h"
#include "ui/views/map/SymmetryPanelsGrid.h"
#include "ui/views/map/SymmetryPanelsImage.h"
#include "ui/views/map/SymmetryPanelsPage.h"
#include "ui/views/map/WeightPairHistogramPanel.h"

using namespace modescape;
using namespace modescape::ui;
using modescape::test::finishProcess;
using modescape::test::projectWithCamera;
using modescape::test::projectWithRenderer;
using modescape::test::waitForExposed;
using modescape::test::waitForSignals;
using modescape::test::waitUntil;

namespace {

int colourDistance(QColor a, const double rgb[3]) {
    return std::abs(a.red() - int(std::lround(255 * rgb[0]))) +
           std::abs(a.green() - int(std::lround(255 * rgb[1]))) +
           std::abs(a.blue() - int(std::lround(255 * rgb[2])));
}

int colourDistance(QColor a, QColor b) {
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) +
           std::abs(a.blue() - b.blue());
}

// A marker's colour as drawn over the white background (markers are
// translucent): alpha a of the colour, 1 - a of white, in 8 bits.
QColor onWhite(const double rgb[3], int alpha) {
    const double a = alpha / 255.0;
    auto channel = [&](double c) { return int(std::lround(255 * (a * c + 1 - a))); };
    return QColor(channel(rgb[0]), channel(rgb[1]), channel(rgb[2]));
}

QColor onWhite(QColor colour, int alpha) {
    const double rgb[3] = {colour.redF(), colour.greenF(), colour.blueF()};
    return onWhite(rgb, alpha);
}

// Hand-placed points: a (0, 0), b (1, 0), c (0, 1), d (1, 1) in groups g0, g1, g2, g0.
symmetry::SetProjection handPlaced(int points = 3) {
    symmetry::SetProjection p;
    p.method = "pca";
    p.space = "raw";
    const double xy[4][2] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
    const char* groups[4] = {"g0", "g1", "g2", "g0"};
    p.coordinates.resize(points, 2);
    for (int i = 0; i < points; ++i) {
        p.members.push_back(std::string(1, char('a' + i)));
        p.groups.push_back(groups[i]);
        p.coordinates(i, 0) = xy[i][0];
        p.coordinates(i, 1) = xy[i][1];
    }
    return p;
}

// A map view without legend or texts, shown at 300 x 300.
std::unique_ptr<MapView> shownMap(const symmetry::SetProjection& p) {
    auto view = std::make_unique<MapView>();
    view->model().setShowLegend(false);
    view->model().setShowTexts(false);
    view->resize(300, 300);
    view->setProjection(p);
    view->show();
    waitForExposed(*view);
    return view;
}

// An MLP 1-3-1 whose first layer's weights (one per hidden unit) are given.
model::ParameterSet handMadeMember(std::initializer_list<float> firstLayer) {
    model::ParameterSet w;
    w.add("0.weight", at::tensor(std::vector<float>(firstLayer)).reshape({3, 1}));
    w.add("0.bias", at::zeros({3}));
    w.add("2.weight", at::ones({1, 3}));
    w.add("2.bias", at::zeros({1}));
    return w;
}

// Group a: (0.1, 0.9, 0.2) largest in unit 1, (0.8, 0.3, 0.4) in unit 0;
// group b: (0.2, 0.1, 0.7) and (0.15, 0.2, 0.95), both in unit 2.
std::shared_ptr<const io::CheckpointSet> writeHandMadeSet(const QString& folder) {
    std::vector<sampling::Member> members = {
        {"a1", "a", handMadeMember({0.1f, 0.9f, 0.2f}), {}},
        {"a2", "a", handMadeMember({0.8f, 0.3f, 0.4f}), {}},
        {"b1", "b", handMadeMember({0.2f, 0.1f, 0.7f}), {}},
        {"b2", "b", handMadeMember({0.15f, 0.2f, 0.95f}), {}},
    };
    sampling::SetDescription description;
    description.model = {{"builtin", "mlp"}, {"args", {{"widths", {1, 3, 1}}}}};
    sampling::writeCheckpointSet(folder.toStdString(), description, members);
    return std::make_shared<const io::CheckpointSet>(
        io::openCheckpointSet(folder.toStdString(), {}));
}

// Four members that differ only in two first-layer weights: base + s * (0.4, 0.1, 0)
// for the sign pairs s in (+,+) (+,-) (-,+) (-,-), each in its own group. Their
// mean is the base, so by hand PCA's axes are those two weights, the scores are
// (+-0.4, +-0.1) and the explained variance ratios 0.16 / 0.17 and 0.01 / 0.17.
constexpr double kSignsOfHandPcaSet[4][2] = {{1, 1}, {1, -1}, {-1, 1}, {-1, -1}};
std::shared_ptr<const io::CheckpointSet> writeHandPcaSet(const QString& folder) {
    std::vector<sampling::Member> members;
    for (int k = 0; k < 4; ++k) {
        const double* s = kSignsOfHandPcaSet[k];
        members.push_back({"m" + std::to_string(k),
                           "g" + std::to_string(k),
                           handMadeMember({float(0.3 + 0.4 * s[0]), float(0.5 + 0.1 * s[1]), 0.2f}),
                           {}});
    }
    sampling::SetDescription description;
    description.model = {{"builtin", "mlp"}, {"args", {{"widths", {1, 3, 1}}}}};
    sampling::writeCheckpointSet(folder.toStdString(), description, members);
    return std::make_shared<const io::CheckpointSet>(
        io::openCheckpointSet(folder.toStdString(), {}));
}

// The colour of group g at image pixel `at` (within 1 pixel: a marker is at
// least 4 pixels across, its position exact to a fraction of one).
QString groupColourMissingAt(const QImage& image, QPointF at, int group, int alpha) {
    double rgb[3];
    groupColour(group, rgb);
    // A marker's inside is its colour blended over white: only the 8-bit rounding
    // of the colour and of the blend differs (antialiasing touches only its rim).
    const int distance = modescape::test::nearestColourDistance(image, at, onWhite(rgb, alpha), 1);
    if (distance <= 6)
        return {};
    return QString("group %1 colour not at %2: %3 there")
        .arg(group)
        .arg(modescape::test::describe(at))
        .arg(image.pixelColor(at.toPoint()).name());
}

// The same where the camera puts world point xyz (the 3-D map).
QString groupColourMissing(const QImage& image, vtkRenderer* renderer, const double xyz[3],
                           int group, int alpha) {
    return groupColourMissingAt(image, projectWithCamera(renderer, xyz), group, alpha);
}

// Where a 2-D map's data point is drawn, worked out here from the plot area
// and the range its frame shows (an affine map, y growing upwards).
QPointF expectedMapPixel(const MapFigure& figure, double x, double y) {
    const QRectF area = figure.plotArea();
    const PlotRange& r = figure.frame().range();
    return {area.left() + (x - r.x0) / (r.x1 - r.x0) * area.width(),
            area.bottom() - (y - r.y0) / (r.y1 - r.y0) * area.height()};
}

}  // namespace

class TestMapViews : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void pointsHaveTheirGroupColoursAndTheBackgroundIsWhiteElsewhere() {
        auto view = shownMap(handPlaced());
        QVERIFY(view);
        const QImage image = view->grabImage();
        const double dpr = view->devicePixelRatioF();
        QPointF screen[3];
        for (int i = 0; i < 3; ++i) {
            screen[i] = view->screenPosition(i);
            QVERIFY2(view->rect().contains(screen[i].toPoint()), qPrintable(QString::number(i)));
            double rgb[3];
            groupColour(i, rgb);
            const QColor pixel =
                image.pixelColor(int(screen[i].x() * dpr), int(screen[i].y() * dpr));
            QVERIFY2(colourDistance(pixel, onWhite(rgb, view->model().markerAlpha())) < 30,
                     qPrintable(QString("point %1 is %2").arg(i).arg(pixel.name())));
        }
        // Three distinct colours, and screen y grows downwards: c (y = 1) above a (y = 0).
        QVERIFY(screen[2].y() < screen[0].y() - 50);
        QVERIFY(screen[1].x() > screen[0].x() + 50);
        // Data (0.6, 0.6) is empty: the frame maps it affinely.
        const QPointF empty =
            screen[0] + 0.6 * (screen[1] - screen[0]) + 0.6 * (screen[2] - screen[0]);
        const QColor background = image.pixelColor(int(empty.x() * dpr), int(empty.y() * dpr));
        QCOMPARE(background.name(), QString("#ffffff"));
    }

    // Issue 19: a small group listed first and lying exactly on a large group's
    // points, and a middle group half over it: each group keeps pixels of its
    // colour (translucent markers, larger groups drawn first); a frame with
    // ticks at nice values surrounds the data.
    void markersNeverHideAGroupAndTheFrameHasTicks() {
        symmetry::SetProjection p;
        p.method = "pca";
        p.space = "raw";
        std::vector<std::array<double, 2>> xy;
        auto add = [&](const std::string& group, double x, double y) {
            p.members.push_back(group + std::to_string(p.members.size()));
            p.groups.push_back(group);
            xy.push_back({x, y});
        };
        // "swag" (3 points, first in the list): on the grid points (0, 0), (2, 2), (4, 4).
        for (int k = 0; k < 3; ++k)
            add("swag", 2.0 * k, 2.0 * k);
        // "sgd": a 6 x 6 grid of spacing 1 from (0, 0) to (5, 5), 36 points.
        for (int i = 0; i < 6; ++i)
            for (int j = 0; j < 6; ++j)
                add("sgd", i, j);
        // "hmc": 10 points on the grid's diagonal row y = 1 and between grid points.
        for (int k = 0; k < 10; ++k)
            add("hmc", 0.5 * k, 1.0);
        p.coordinates.resize(Eigen::Index(xy.size()), 2);
        for (std::size_t i = 0; i < xy.size(); ++i)
            p.coordinates.row(Eigen::Index(i)) << xy[i][0], xy[i][1];

        auto view = shownMap(p);
        QVERIFY(view);
        const MapModel& model = view->model();
        QCOMPARE(model.groups(), (std::vector<std::string>{"swag", "sgd", "hmc"}));
        QCOMPARE(model.groupDrawOrder(), (std::vector<int>{1, 2, 0}));  // 36, 10, 3 points
        QVERIFY(model.markerAlpha() < 255);
        const QImage image = view->grabImage();
        image.save(QString(MODESCAPE_TEST_OUTPUT_DIR) + "/map-overlapping-groups.png");

        // Each non-white pixel goes to the nearest of the groups' colours over white,
        // or to the frame's grey: every group must win some pixels.
        std::vector<QColor> classes;
        for (int g = 0; g < 3; ++g)
            classes.push_back(onWhite(groupQColor(g), model.markerAlpha()));
        classes.push_back(QColor(40, 40, 40));  // the frame, ticks and their labels
        std::vector<int> won(classes.size(), 0);
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                if (colourDistance(c, QColor(Qt::white)) < 12)
                    continue;
                std::size_t best = 0;
                for (std::size_t k = 1; k < classes.size(); ++k)
                    if (colourDistance(c, classes[k]) < colourDistance(c, classes[best]))
                        best = k;
                ++won[best];
            }
        qInfo("pixels: swag %d, sgd %d, hmc %d, frame %d", won[0], won[1], won[2], won[3]);
        // A marker is markerPoints() * 4/3 pixels wide: a whole visible one is far above 4 pixels.
        for (int g = 0; g < 3; ++g)
            QVERIFY2(won[std::size_t(g)] >= 4,
                     qPrintable(QString("group %1 has %2 pixels").arg(g).arg(won[std::size_t(g)])));
        // swag lies on top of sgd: its marker centre is swag's colour blended over sgd's.
        const MapFigure* figure = view->canvas()->figure();
        QVERIFY(figure);
        const QPointF at = expectedMapPixel(*figure, 0.0, 0.0);
        QVERIFY(modescape::test::nearestColourDistance(image, at, classes[0], 1) <
                colourDistance(classes[0], classes[1]) / 2);

        // Marker size follows the count: few points large, many small.
        QVERIFY(model.markerPoints() >= 3.0 && model.markerPoints() <= 9.0);
        MapView crowded;
        symmetry::SetProjection many = p;
        many.coordinates = Eigen::MatrixXd::Random(2000, 2);
        many.members.assign(2000, "m");
        many.groups.assign(2000, "g");
        crowded.setProjection(many);
        QVERIFY(crowded.model().markerPoints() < model.markerPoints());
        QVERIFY(crowded.model().markerAlpha() < model.markerAlpha());

        // The frame: the data range with 5% margins (-0.25 .. 5.25), ticks inside
        // it at multiples of 1, 2, 2.5 or 5 times a power of ten.
        const PlotRange& frame = figure->frame().range();
        QCOMPARE(frame.x0, -0.25);
        QCOMPARE(frame.x1, 5.25);
        QCOMPARE(frame.y0, -0.25);
        QCOMPARE(frame.y1, 5.25);
        for (const AxisTicks* ticks : {&figure->frame().xTicks(), &figure->frame().yTicks()}) {
            QVERIFY(ticks->values.size() >= 3);
            const double step = ticks->values[1] - ticks->values[0];
            const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
            QVERIFY2(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 ||
                         std::abs(mantissa - 2.5) < 1e-9 || std::abs(mantissa - 5) < 1e-9,
                     qPrintable(QString::number(step)));
            QVERIFY(ticks->values.front() >= -0.25 && ticks->values.back() <= 5.25);
        }
        // The frame's bottom edge is drawn (a 0.75 pt line, antialiased over up
        // to two pixel rows: far darker than white on every channel).
        const QPointF edge(figure->plotArea().center().x(), figure->plotArea().bottom());
        QVERIFY2(modescape::test::nearestColourDistance(image, edge, classes[3], 1) < 3 * 140,
                 qPrintable(modescape::test::describe(edge)));
    }

    // Issue 23: each point is drawn where the frame's range maps its coordinates
    // into the plot area; moved, it is drawn at the new place and gone from the old.
    void pointsAreDrawnWhereTheFrameMapsTheirCoordinates() {
        symmetry::SetProjection p = handPlaced(4);  // the corners fix the bounds, so the camera
        p.members.push_back("e");
        p.groups.push_back("g1");
        p.coordinates.conservativeResize(5, 2);
        p.coordinates.row(4) << 0.25, 0.75;
        auto view = shownMap(p);
        QVERIFY(view);
        const int groupOf[5] = {0, 1, 2, 0, 1};
        const double dpr = view->devicePixelRatioF();
        QImage image = view->grabImage();
        const MapFigure* figure = view->canvas()->figure();
        QVERIFY(figure);
        for (int i = 0; i < 5; ++i) {
            const QPointF expected =
                expectedMapPixel(*figure, p.coordinates(i, 0), p.coordinates(i, 1));
            // The view's picking positions agree with the independent projection.
            const QPointF picked = view->screenPosition(i) * dpr;
            QVERIFY2((picked - expected).manhattanLength() < 0.5,
                     qPrintable(modescape::test::describe(picked) + " vs " +
                                modescape::test::describe(expected)));
            const QString missing =
                groupColourMissingAt(image, expected, groupOf[i], view->model().markerAlpha());
            QVERIFY2(missing.isEmpty(), qPrintable(missing));
        }
        const QPointF old = expectedMapPixel(*figure, 0.25, 0.75);
        p.coordinates.row(4) << 0.75, 0.25;
        view->setProjection(p);  // same bounds (the corners), so the same frame
        image = view->grabImage();
        figure = view->canvas()->figure();
        QCOMPARE(image.pixelColor(old.toPoint()), QColor(Qt::white));
        const QString missing = groupColourMissingAt(image, expectedMapPixel(*figure, 0.75, 0.25),
                                                     1, view->model().markerAlpha());
        QVERIFY2(missing.isEmpty(), qPrintable(missing));
    }

    // The 3-D map's perspective camera: points at the projection of their coordinates.
    void threeDimensionalPointsAreDrawnWhereThePerspectiveCameraPutsThem() {
        symmetry::SetProjection p;
        p.method = "pca";
        p.space = "raw";
        p.coordinates.resize(4, 3);
        p.coordinates << 0, 0, 0, 1, 0, 0, 0, 1, 0, 0.3, 0.4, 1;
        for (int i = 0; i < 4; ++i) {
            p.members.push_back(std::string(1, char('a' + i)));
            p.groups.push_back("g" + std::to_string(i));
        }
        auto view = shownMap(p);
        QVERIFY(view);
        vtkRenderer* renderer = view->vtkView()->renderer();
        QVERIFY(!renderer->GetActiveCamera()->GetParallelProjection());
        const QImage image = view->vtkView()->grabScene(1.0, false);
        image.save(QString(MODESCAPE_TEST_OUTPUT_DIR) + "/map-3d-projection.png");
        for (int i = 0; i < 4; ++i) {
            const double xyz[3] = {p.coordinates(i, 0), p.coordinates(i, 1), p.coordinates(i, 2)};
            const QPointF camera = projectWithCamera(renderer, xyz);
            const QPointF vtk = projectWithRenderer(renderer, xyz);
            QVERIFY2((camera - vtk).manhattanLength() < 0.5,
                     qPrintable(modescape::test::describe(camera) + " vs " +
                                modescape::test::describe(vtk)));
            const QString missing =
                groupColourMissing(image, renderer, xyz, i, view->model().markerAlpha());
            QVERIFY2(missing.isEmpty(), qPrintable(missing));
        }
    }

    // The map page's PCA on a set whose answer is worked by hand (writeHandPcaSet):
    // the coordinates and ratios, and each member drawn at its hand-worked place.
    void pagePcaMatchesTheHandWorkedScoresAndDrawsThemThere() {
        QTemporaryDir dir;
        auto set = writeHandPcaSet(dir.filePath("set"));
        JobRunner runner;
        MapPage page(&runner, std::make_shared<analysis::SetWorkspace>(*set));
        page.resize(500, 500);
        page.show();
        waitForExposed(page);
        QSignalSpy finished(&page, &MapPage::computeFinished);
        QVERIFY(page.compute() > 0);
        waitForSignals(finished);
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(page.status()));
        const auto& p = page.mapView()->model().projection();
        QCOMPARE(p.coordinates.rows(), Eigen::Index(4));
        // Weights are float32: 0.3 + 0.4 is stored to ~3e-8, far inside 1e-6.
        constexpr double kFloat32 = 1e-6;
        QVERIFY(std::abs(p.explainedVarianceRatio[0] - 0.16 / 0.17) < kFloat32);
        QVERIFY(std::abs(p.explainedVarianceRatio[1] - 0.01 / 0.17) < kFloat32);
        // An axis's sign is arbitrary: take it from the first row.
        double sign[2];
        const double scale[2] = {0.4, 0.1};
        // Row r of the map is member memberOf[r] of writeHandPcaSet ("g<k>/m<k>...").
        int memberOf[4];
        for (int r = 0; r < 4; ++r) {
            memberOf[r] = -1;
            for (int k = 0; k < 4; ++k)
                if (QString::fromStdString(p.members[std::size_t(r)])
                        .contains(QString("m%1").arg(k)))
                    memberOf[r] = k;
            QVERIFY2(memberOf[r] >= 0, p.members[std::size_t(r)].c_str());
        }
        for (int c = 0; c < 2; ++c)
            sign[c] =
                (p.coordinates(0, c) > 0) == (kSignsOfHandPcaSet[memberOf[0]][c] > 0) ? 1.0 : -1.0;
        for (int r = 0; r < 4; ++r) {
            const int k = memberOf[r];
            for (int c = 0; c < 2; ++c) {
                const double expected = sign[c] * kSignsOfHandPcaSet[k][c] * scale[c];
                QVERIFY2(std::abs(p.coordinates(r, c) - expected) < kFloat32,
                         qPrintable(QString("member %1 component %2: %3, by hand %4")
                                        .arg(k)
                                        .arg(c)
                                        .arg(p.coordinates(r, c))
                                        .arg(expected)));
            }
        }
        MapView* map = page.mapView();
        map->model().setShowLegend(false);
        map->model().setShowTexts(false);
        map->refresh();
        const QImage image = map->grabImage();
        const MapFigure* figure = map->canvas()->figure();
        QVERIFY(figure);
        for (int r = 0; r < 4; ++r) {
            const int k = memberOf[r];
            const QPointF at =
                expectedMapPixel(*figure, sign[0] * kSignsOfHandPcaSet[k][0] * scale[0],
                                 sign[1] * kSignsOfHandPcaSet[k][1] * scale[1]);
            const QString missing = groupColourMissingAt(image, at, map->model().groupIndexOf(r),
                                                         map->model().markerAlpha());
            QVERIFY2(missing.isEmpty(), qPrintable(missing));
        }
    }

    void rubberBandAndClicksSelectExactlyTheExpectedMembers() {
        auto view = shownMap(handPlaced(4));
        QVERIFY(view);
        QSignalSpy spy(view.get(), &MapView::selectionChanged);
        const QPointF a = view->screenPosition(0), b = view->screenPosition(1),
                      d = view->screenPosition(3);
        // A band around the bottom row (a, b) with a margin, dragged with the mouse.
        const QPoint from = (a + QPointF(-15, 15)).toPoint();
        const QPoint to = (b + QPointF(15, -15)).toPoint();
        QTest::mousePress(view->surface(), Qt::LeftButton, {}, from);
        QTest::mouseMove(view->surface(), to);
        QTest::mouseRelease(view->surface(), Qt::LeftButton, {}, to);
        QCOMPARE(view->selectedMembers(), QStringList({"a", "b"}));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).toStringList(), QStringList({"a", "b"}));
        // A click on d replaces the selection; Ctrl+click on a adds it; on empty space clears.
        QTest::mouseClick(view->surface(), Qt::LeftButton, {}, d.toPoint());
        QCOMPARE(view->selectedMembers(), QStringList({"d"}));
        QTest::mouseClick(view->surface(), Qt::LeftButton, Qt::ControlModifier, a.toPoint());
        QCOMPARE(view->selectedMembers(), QStringList({"a", "d"}));
        QTest::mouseClick(view->surface(), Qt::LeftButton, {}, ((a + d) / 2).toPoint());
        QVERIFY(view->selectedMembers().isEmpty());
        QCOMPARE(spy.count(), 4);
        // The browser's selection arrives without echoing back.
        view->setSelection({"c", "x"});
        QCOMPARE(view->selectedMembers(), QStringList({"c"}));
        QCOMPARE(spy.count(), 4);
    }

    void metricColouringUsesTheColourMapAndGreyForMissingValues() {
        auto view = shownMap(handPlaced());
        QVERIFY(view);
        view->setMetrics({{"a", {0.5, 1.2}}, {"b", {0.9, 0.3}}});
        view->setColouring(MapColouring::Accuracy);
        double rgb[3], low[3], high[3];
        colormapColor(Colormap::Viridis, 0.0, low);
        colormapColor(Colormap::Viridis, 1.0, high);
        view->model().pointColour(0, rgb);
        QVERIFY(std::abs(rgb[0] - low[0]) + std::abs(rgb[2] - low[2]) < 1e-9);
        view->model().pointColour(1, rgb);
        QVERIFY(std::abs(rgb[0] - high[0]) + std::abs(rgb[1] - high[1]) < 1e-9);
        view->model().pointColour(2, rgb);
        QCOMPARE(rgb[0], 0.6);
        const QImage image = view->grabImage();
        const double dpr = view->devicePixelRatioF();
        const QPointF b = view->screenPosition(1);
        QVERIFY(colourDistance(image.pixelColor(int(b.x() * dpr), int(b.y() * dpr)),
                               onWhite(high, view->model().markerAlpha())) < 30);
        const QString tip = view->tooltipText(1);
        QVERIFY2(tip.contains("<b>b</b>") && tip.contains("group: g1") &&
                     tip.contains("accuracy: 0.9000") && tip.contains("NLL: 0.3000"),
                 qPrintable(tip));
        QCOMPARE(view->pointAt(b.toPoint() + QPoint(3, -2)), 1);
        QCOMPARE(view->pointAt(b.toPoint() + QPoint(40, 40)), -1);
    }

    void mapSharesTheSelectionWithTheSetBrowser() {
        QTemporaryDir dir;
        const QString folder = dir.filePath("set");
        symmetry::test::writeSymmetrySet(folder.toStdString());
        MainWindow window;
        window.resize(1200, 800);
        window.show();
        waitForExposed(window);
        window.openSet(folder);
        MapPage* map = nullptr;
        waitUntil([&] { return (map = window.viewTabs()->findChild<MapPage*>()) != nullptr; });
        QVERIFY(window.findChild<SymmetryPanelsPage*>() != nullptr);
        window.viewTabs()->setCurrentWidget(map);
        QSignalSpy finished(map, &MapPage::computeFinished);
        QVERIFY(map->compute() > 0);
        waitForSignals(finished);
        QCOMPARE(finished.last().at(0).toBool(), true);
        QCOMPARE(map->mapView()->model().pointCount(), 6);
        QVERIFY2(map->status().contains("explained variance"), qPrintable(map->status()));

        // Map -> browser: a click on the map selects the member in the browser.
        const QString first =
            QString::fromStdString(map->mapView()->model().projection().members[0]);
        map->mapView()->clickAt(map->mapView()->screenPosition(0).toPoint(), false);
        QVERIFY(map->mapView()->selectedMembers().contains(first));
        waitUntil([&] { return window.setBrowser()->selectedMembers().contains(first); });
        // Browser -> map.
        const QStringList two = {
            QString::fromStdString(map->mapView()->model().projection().members[4]),
            QString::fromStdString(map->mapView()->model().projection().members[5])};
        window.setBrowser()->selectMembers(two);
        waitUntil([&] { return map->mapView()->selectedMembers() == two; });

        // The symmetry switch: scaling + permutation removed collapses each group's copies.
        const int mapsSoFar = finished.count();
        auto* symmetryRemoved = map->propertiesWidget()->findChild<QComboBox*>("project.symmetry");
        QVERIFY(symmetryRemoved);
        symmetryRemoved->setCurrentIndex(symmetryRemoved->findData("scale+perm"));
        waitForSignals(finished, mapsSoFar + 1);
        const auto& p = map->mapView()->model().projection();
        QVERIFY(p.space.find("scaling+permutation") != std::string::npos);
        for (int i = 1; i < 3; ++i) {
            QVERIFY((p.coordinates.row(i) - p.coordinates.row(0)).norm() < 1e-3);
            QVERIFY((p.coordinates.row(3 + i) - p.coordinates.row(3)).norm() < 1e-3);
        }
        QVERIFY((p.coordinates.row(3) - p.coordinates.row(0)).norm() > 0.1);
        QCOMPARE(map->mapView()->selectedMembers(), two);  // kept across maps
        // Accuracy and NLL arrive from the calibration views' predictions.
        waitUntil([&] { return int(map->mapView()->model().metrics().size()) == 6; });
        QVERIFY(map->mapView()->tooltipText(0).contains("accuracy: 0."));
        // Back to raw: the cached map, at once.
        symmetryRemoved->setCurrentIndex(symmetryRemoved->findData("none"));
        QVERIFY(map->mapView()->model().projection().space == "raw");
    }

    void panelsCountAHandMadeSet() {
        QTemporaryDir dir;
        auto set = writeHandMadeSet(dir.filePath("set"));
        JobRunner runner;
        SymmetryPanelsPage page(&runner, std::make_shared<analysis::SetWorkspace>(*set));
        page.resize(1100, 700);
        page.show();
        waitForExposed(page);
        page.setPair("0.weight", 0, 1);
        page.setIndexTensor("0.weight");
        page.setBins(2);
        QSignalSpy finished(&page, &SymmetryPanelsPage::computeFinished);
        QVERIFY(page.compute() > 0);
        waitForSignals(finished);
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(page.status()));

        // Raw pairs (0.1,0.9) (0.8,0.3) (0.2,0.1) (0.15,0.2) on [0.1, 0.9], bins of 0.4.
        const auto& raw = page.rawPairPanel()->histogram();
        QCOMPARE(raw.bins, 2);
        QVERIFY(std::abs(raw.lo - 0.1) < 1e-6 && std::abs(raw.hi - 0.9) < 1e-6);
        QCOMPARE(raw.count(0, 0), std::int64_t(2));
        QCOMPARE(raw.count(1, 0), std::int64_t(1));
        QCOMPARE(raw.count(0, 1), std::int64_t(1));
        QCOMPARE(raw.count(1, 1), std::int64_t(0));
        std::int64_t total = 0;
        for (auto n : page.removedPairPanel()->histogram().counts)
            total += n;
        QCOMPARE(total, std::int64_t(4));

        // Largest first-layer weight: raw a -> units 1 and 0, b -> 2 and 2; sorting
        // by the (only) incoming weight puts every member's largest in unit 0.
        const auto& rawUnits = page.rawUnitPanel()->histogram();
        QCOMPARE(rawUnits.groups, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(rawUnits.counts[0], (std::vector<std::int64_t>{1, 1, 0}));
        QCOMPARE(rawUnits.counts[1], (std::vector<std::int64_t>{0, 0, 2}));
        const auto& removedUnits = page.removedUnitPanel()->histogram();
        QCOMPARE(removedUnits.counts[0], (std::vector<std::int64_t>{2, 0, 0}));
        QCOMPARE(removedUnits.counts[1], (std::vector<std::int64_t>{2, 0, 0}));

        std::int64_t excess = 0;
        for (auto n : page.massPanel()->excessHistogram().counts)
            excess += n;
        QCOMPARE(excess, std::int64_t(4));
        // By hand: a member's mass is sum w^2 + 3 (three outgoing weights 1, biases 0);
        // scaling unit i by l gives w_i^2 l^2 + 1 / l^2, at least 2 |w_i|, so the minimal
        // mass is 2 sum |w_i| and the excess mass / minimal - 1.
        const double byHand[4] = {3.86 / 2.4 - 1, 3.89 / 3.0 - 1, 3.54 / 2.0 - 1, 3.965 / 2.6 - 1};
        QCOMPARE(page.data()->excessMass.size(), std::size_t(4));
        for (std::size_t m = 0; m < 4; ++m)
            // float32 weights (~1e-8 relative) and the optimiser's convergence: 1e-6.
            QVERIFY2(std::abs(page.data()->excessMass[m] - byHand[m]) < 1e-6,
                     qPrintable(QString("member %1: excess mass %2, by hand %3")
                                    .arg(m)
                                    .arg(page.data()->excessMass[m], 0, 'g', 12)
                                    .arg(byHand[m], 0, 'g', 12)));
        QCOMPARE(page.mmdTable()->rowCount(), 2);
        QCOMPARE(page.mmdTable()->item(0, 0)->text(), QString("0"));
        QVERIFY(std::isfinite(page.mmdTable()->item(0, 1)->text().toDouble()));
        QCOMPARE(page.mmdTable()->item(0, 1)->text(), page.mmdTable()->item(1, 0)->text());

        // Pixels: the full bin (0, 0) has the colour map's top colour, the empty (1, 1) is white.
        const QSize size(400, 400);
        const QImage image = page.rawPairPanel()->renderImage(size);
        QImage sameDevice(size, QImage::Format_ARGB32_Premultiplied);  // the same font and DPI
        QPainter layOut(&sameDevice);
        const PlotFrame frame =
            page.rawPairPanel()->frame(layOut, QRectF(QPointF(0, 0), QSizeF(size)));
        const double w = (raw.hi - raw.lo) / 2;
        const QPointF full = frame.map(raw.lo + 0.5 * w, raw.lo + 0.5 * w);
        const QPointF empty = frame.map(raw.lo + 1.5 * w, raw.lo + 1.5 * w);
        double top[3];
        colormapColor(Colormap::Viridis, 1.0, top);
        QVERIFY(colourDistance(image.pixelColor(full.toPoint()), top) < 6);
        QCOMPARE(image.pixelColor(empty.toPoint()), QColor(Qt::white));
        // Bars as high as their counts: the largest-weight panel's y axis runs from 0 to
        // the largest count (2) at least, and group g's bar for unit u spans x from
        // u - 0.4 + 0.4 g to u + 0.4 g (two groups share 0.8 of a unit's slot).
        const QImage unitImage = page.rawUnitPanel()->renderImage(size);
        const PlotFrame unitFrame =
            page.rawUnitPanel()->frame(layOut, QRectF(QPointF(0, 0), QSizeF(size)));
        QCOMPARE(unitFrame.range().x0, -0.5);
        QCOMPARE(unitFrame.range().y0, 0.0);
        QVERIFY(unitFrame.range().y1 >= 2);
        auto unitPixel = [&](int group, double unit, double count) {
            const double x = unit - 0.2 + 0.4 * group;  // the middle of the bar
            return unitFrame.map(x, count).toPoint();
        };
        // Group a: one member in unit 0 and one in unit 1; group b: two in unit 2.
        for (const auto& [group, unit, count] : {std::tuple{0, 0, 1}, {0, 1, 1}, {1, 2, 2}}) {
            QCOMPARE(unitImage.pixelColor(unitPixel(group, unit, count - 0.1)), groupQColor(group));
            if (count == 1)
                QCOMPARE(unitImage.pixelColor(unitPixel(group, unit, count + 0.1)),
                         QColor(Qt::white));
        }
        QCOMPARE(unitImage.pixelColor(unitPixel(0, 2, 0.5)), QColor(Qt::white));  // a: none in 2
        QCOMPARE(unitImage.pixelColor(unitPixel(1, 0, 0.5)), QColor(Qt::white));  // b: none in 0
        const QImage panels = page.exportImage(1.0, false);
        QVERIFY(!panels.isNull());
        panels.save(QString(MODESCAPE_TEST_OUTPUT_DIR) + "/symmetry-panels.png");
    }

    // `modescape panels --json --png` on the hand-made set prints the numbers the
    // page shows, and draws the page's panels.
    void panelsCommandPrintsThePagesNumbers() {
        QTemporaryDir dir;
        auto set = writeHandMadeSet(dir.filePath("set"));
        JobRunner runner;
        SymmetryPanelsPage page(&runner, std::make_shared<analysis::SetWorkspace>(*set));
        page.setPair("0.weight", 0, 1);
        page.setIndexTensor("0.weight");
        page.setBins(2);
        QSignalSpy finished(&page, &SymmetryPanelsPage::computeFinished);
        QVERIFY(page.compute() > 0);
        waitForSignals(finished);
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(page.status()));

        const QString png = QString(MODESCAPE_TEST_OUTPUT_DIR) + "/symmetry-panels-cli.png";
        QFile::remove(png);
        QProcess p;
        p.start(MODESCAPE_EXE,
                {"panels", dir.filePath("set"), "--pair-tensor", "0.weight", "--element-a", "0",
                 "--element-b", "1", "--index-tensor", "0.weight", "--bins", "2", "--json", "--png",
                 png, "--size", "900x500"});
        QVERIFY(finishProcess(p));
        QVERIFY2(p.exitCode() == 0, qPrintable(p.readAllStandardError()));
        const QJsonObject json = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        const QJsonObject histograms = json["histograms"].toObject();

        // The pair histograms, bin by bin; by hand (see panelsCountAHandMadeSet) the raw
        // one is [[2, 1], [1, 0]] (rows: y bins).
        const QJsonArray rawRows = histograms["raw_pair"].toObject()["counts"].toArray();
        QCOMPARE(rawRows, (QJsonArray{QJsonArray{2, 1}, QJsonArray{1, 0}}));
        for (const auto& [name, panel] : {std::pair{"raw_pair", page.rawPairPanel()},
                                          {"removed_pair", page.removedPairPanel()}}) {
            const auto& shown = panel->histogram();
            const QJsonObject h = histograms[name].toObject();
            QCOMPARE(h["lo"].toDouble(), shown.lo);  // JSON doubles round-trip exactly
            QCOMPARE(h["hi"].toDouble(), shown.hi);
            for (int y = 0; y < 2; ++y)
                for (int x = 0; x < 2; ++x)
                    QCOMPARE(h["counts"].toArray()[y].toArray()[x].toInteger(), shown.count(x, y));
        }
        for (const auto& [name, panel] : {std::pair{"raw_max_unit", page.rawUnitPanel()},
                                          {"removed_max_unit", page.removedUnitPanel()}}) {
            const auto& shown = panel->histogram();
            const QJsonObject counts = histograms[name].toObject()["counts"].toObject();
            QCOMPARE(counts.size(), qsizetype(shown.groups.size()));
            for (std::size_t g = 0; g < shown.groups.size(); ++g)
                for (std::size_t u = 0; u < 3; ++u)
                    QCOMPARE(counts[QString::fromStdString(shown.groups[g])]
                                 .toArray()[qsizetype(u)]
                                 .toInteger(),
                             shown.counts[g][u]);
        }
        const QJsonArray excess = histograms["excess_mass"].toObject()["counts"].toArray();
        const auto& shownExcess = page.massPanel()->excessHistogram();
        QCOMPARE(excess.size(), qsizetype(shownExcess.counts.size()));
        for (qsizetype k = 0; k < excess.size(); ++k)
            QCOMPARE(excess[k].toInteger(), shownExcess.counts[std::size_t(k)]);
        const QJsonArray members = json["members"].toArray();
        QCOMPARE(members.size(), 4);
        for (qsizetype m = 0; m < 4; ++m) {
            const QJsonObject member = members[m].toObject();
            QCOMPARE(member["excess_mass"].toDouble(), page.data()->excessMass[std::size_t(m)]);
            QCOMPARE(member["mass"].toDouble(), page.data()->mass[std::size_t(m)]);
            QCOMPARE(member["minimal_mass"].toDouble(), page.data()->minimalMass[std::size_t(m)]);
        }
        // The MMD table's cells show 4 significant digits of the same number.
        const double mmd = json["mmd"].toObject()["max_mmd2"].toArray()[0].toArray()[1].toDouble();
        QCOMPARE(QString::number(mmd, 'g', 4), page.mmdTable()->item(0, 1)->text());

        // Other bins re-count what was read, without a run: one bin holds all four.
        page.setBins(1);
        QVERIFY(!page.isComputing());
        QCOMPARE(page.rawPairPanel()->histogram().bins, 1);
        QCOMPARE(page.rawPairPanel()->histogram().count(0, 0), std::int64_t(4));
        QCOMPARE(page.massPanel()->excessHistogram().counts, (std::vector<std::int64_t>{4}));
        page.setBins(2);

        // The picture: the page's grid at 900 x 500, so its raw pair panel sits where an
        // in-process grid of that size puts it: the full bin (0, 0) in the colour map's
        // top colour, the empty bin (1, 1) white.
        const QImage image(png);
        QCOMPARE(image.size(), QSize(900, 500));
        // The CLI lays the grid out at its reference size and scales it to the figure.
        SymmetryPanelsGrid grid;
        grid.layout()->setSizeConstraint(QLayout::SetNoConstraint);
        grid.resize(kSymmetryPanelsReferenceSize);
        grid.layout()->activate();
        const QRect g = grid.rawPair()->geometry();
        const double sx = 900.0 / kSymmetryPanelsReferenceSize.width(),
                     sy = 500.0 / kSymmetryPanelsReferenceSize.height();
        const QRectF panel(g.x() * sx, g.y() * sy, g.width() * sx, g.height() * sy);
        const auto& raw = page.rawPairPanel()->histogram();
        std::optional<PlotFrame> laidOut;  // on a device of the figure's DPI and font
        FigureWriter(
            resolveFigure(FigureSize::fromPixels(QSize(900, 500)), kSymmetryPanelsReferenceSize))
            .paintImage([&](QPainter& painter, const QRectF&) {
                laidOut = page.rawPairPanel()->frame(painter, panel);
            });
        const PlotFrame& frame = *laidOut;
        const double w = (raw.hi - raw.lo) / 2;
        double top[3];
        colormapColor(Colormap::Viridis, 1.0, top);
        QVERIFY(colourDistance(
                    image.pixelColor(frame.map(raw.lo + 0.5 * w, raw.lo + 0.5 * w).toPoint()),
                    top) < 6);
        QCOMPARE(image.pixelColor(frame.map(raw.lo + 1.5 * w, raw.lo + 1.5 * w).toPoint()),
                 QColor(Qt::white));
    }

    // `panels --figure x.svg` is a vector file whose axis names are real <text>;
    // `--figure x.pdf --preset paper` opens with pdftoppm and embeds every font.
    void panelsCommandWritesSvgAndPdf() {
        QTemporaryDir dir;
        writeHandMadeSet(dir.filePath("set"));
        const QStringList panelArgs{"panels",         dir.filePath("set"),
                                    "--pair-tensor",  "0.weight",
                                    "--element-a",    "0",
                                    "--element-b",    "1",
                                    "--index-tensor", "0.weight",
                                    "--bins",         "2"};
        const QString svg = QString(MODESCAPE_TEST_OUTPUT_DIR) + "/symmetry-panels.svg";
        const QString pdf = QString(MODESCAPE_TEST_OUTPUT_DIR) + "/symmetry-panels-paper.pdf";
        QFile::remove(svg);
        QFile::remove(pdf);
        // The two PNGs are docs/figures' examples (one paper column, one slide).
        const QString out = QString(MODESCAPE_TEST_OUTPUT_DIR) + "/";
        for (const QStringList& figure :
             {QStringList{"--figure", svg, "--size", "1100x600"},
              QStringList{"--figure", pdf, "--preset", "paper-wide"},
              QStringList{"--figure", out + "panels-paper.png", "--preset", "paper"},
              QStringList{"--figure", out + "panels-slide.png", "--preset", "slides"}}) {
            QProcess p;
            p.start(MODESCAPE_EXE, panelArgs + figure);
            QVERIFY(finishProcess(p));
            QVERIFY2(p.exitCode() == 0, qPrintable(p.readAllStandardError()));
        }
        const QString svgProblem = modescape::test::svgTextProblems(
            svg, {"minimal mass", "mass / minimal mass - 1", "members",
                  "unit (row) of the largest weight", "Excess mass"});
        QVERIFY2(svgProblem.isEmpty(), qPrintable(svgProblem));  // and no raster inside
        QCOMPARE(QImage(out + "panels-paper.png").size(), QSize(2100, 1575));  // 3.5 in, 600 dpi
        QCOMPARE(QImage(out + "panels-slide.png").size(), QSize(1920, 1080));

        // 7.16 in x 4.03 in at 72 dpi (the preset's 16:9), to a pixel of rounding.
        const QString pdfProblem = modescape::test::pdfProblems(pdf, QSizeF(516, 290));
        QVERIFY2(pdfProblem.isEmpty(), qPrintable(pdfProblem));
    }

    void projectCommandWritesJsonAndAPng() {
        QTemporaryDir dir;
        const QString folder = dir.filePath("set");
        symmetry::test::writeSymmetrySet(folder.toStdString());
        const QString png = QString(MODESCAPE_TEST_OUTPUT_DIR) + "/map-pca.png";  // kept to look at
        QFile::remove(png);
        QProcess p;
        p.start(MODESCAPE_EXE, {"project", folder, "--method", "pca", "--json", "--png", png,
                                "--size", "400x300"});
        QVERIFY(finishProcess(p));
        QVERIFY2(p.exitCode() == 0, qPrintable(p.readAllStandardError()));
        const QJsonObject json = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(json["method"].toString(), QString("pca"));
        QCOMPARE(json["explained_variance_ratio"].toArray().size(), 2);
        const QJsonArray points = json["points"].toArray();
        QCOMPARE(points.size(), 6);
        for (const auto& point : points)
            QVERIFY(point.toObject().contains("name") && point.toObject()["x"].isDouble() &&
                    point.toObject()["y"].isDouble());

        const QImage image(png);
        QCOMPARE(image.size(), QSize(400, 300));
        // Six points: markers of alpha 200 (MapModel::markerAlpha for up to 100 points).
        constexpr int kAlpha = 200;
        int nonWhite = 0, group0 = 0, group1 = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                nonWhite += c != QColor(Qt::white);
                group0 += colourDistance(c, onWhite(groupQColor(0), kAlpha)) < 20;
                group1 += colourDistance(c, onWhite(groupQColor(1), kAlpha)) < 20;
            }
        QVERIFY2(nonWhite > 500, qPrintable(QString::number(nonWhite)));
        QVERIFY2(group0 > 20 && group1 > 20, qPrintable(QString("%1 %2").arg(group0).arg(group1)));

        // Three components: a 3-D map (perspective, outline box) still shows both groups.
        const QString png3d = QString(MODESCAPE_TEST_OUTPUT_DIR) + "/map-pca-3d.png";
        QFile::remove(png3d);
        QProcess threeD;
        threeD.start(MODESCAPE_EXE, {"project", folder, "--components", "3", "--png", png3d});
        QVERIFY(finishProcess(threeD));
        QVERIFY2(threeD.exitCode() == 0, qPrintable(threeD.readAllStandardError()));
        const QImage image3d(png3d);
        QCOMPARE(image3d.size(), QSize(800, 640));
        int coloured = 0;
        for (int y = 0; y < image3d.height(); y += 2)
            for (int x = 0; x < image3d.width(); x += 2)
                coloured +=
                    colourDistance(image3d.pixelColor(x, y), onWhite(groupQColor(1), kAlpha)) < 60;
        QVERIFY2(coloured > 10, qPrintable(QString::number(coloured)));

        // t-SNE reports its KL divergence.
        QProcess tsne;
        tsne.start(MODESCAPE_EXE, {"project", folder, "--method", "tsne", "--json"});
        QVERIFY(finishProcess(tsne));
        QCOMPARE(tsne.exitCode(), 0);
        const QJsonObject t = QJsonDocument::fromJson(tsne.readAllStandardOutput()).object();
        QVERIFY(t["kl"].isDouble());
        // Wiring: the command reports the KL the engine computes in process with
        // the same (default) options and seed; t-SNE itself is checked in tests/projection.
        symmetry::SetProjectionOptions options;
        options.method = symmetry::ProjectionMethod::Tsne;
        const auto inProcess =
            symmetry::projectSet(io::openCheckpointSet(folder.toStdString(), {}), options, {});
        QVERIFY2(std::abs(t["kl"].toDouble() - inProcess.kl) <= 1e-9 * inProcess.kl,
                 qPrintable(QString("command %1, in process %2")
                                .arg(t["kl"].toDouble(), 0, 'g', 17)
                                .arg(inProcess.kl, 0, 'g', 17)));
    }
};

int main(int argc, char** argv) {
    setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("ModescapeTests");
    QApplication::setApplicationName("TestMapViews");
    TestMapViews test;
    return QTest::qExec(&test, argc, argv);
}
#include "TestMapViews.moc"

// The 2-D map painted with QPainter (issues 15 and 19 item 14): axis names as
// SVG <text>, the legend and colour bar outside every marker, every group's
// colour in the PNG (a small group drawn over a big one included), picking at
// a marker's pixel, and PlotFrame's tick density at two figure sizes. Writes
// the docs/figures map examples into the test output folder.

#include <QApplication>
#include <QtTest>

#include <cmath>
#include <optional>

#include "tests/common/EventWait.h"
#include "tests/common/FigureFileChecks.h"
#include "ui/GuiApplication.h"
#include "ui/rendering/Colormaps.h"
#include "ui/rendering/FigureSize.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/NiceTicks.h"
#include "ui/rendering/PlotFrame.h"
#include "ui/rendering/TickSpacing.h"
#include "ui/views/map/GroupColours.h"
#include "ui/views/map/MapCanvas.h"
#include "ui/views/map/MapFigure.h"
#include "ui/views/map/MapImage.h"
#include "ui/views/map/MapModel.h"
#include "ui/views/map/MapView.h"

using namespace modescape;
using namespace modescape::ui;

namespace {

// "big": 200 points on a 20 x 10 grid of spacing 0.1 from (0, 0); "small":
// 2 points inside it at (0.5, 0.5) and (1.5, 0.2); "lone": 1 point apart at (3, 1).
symmetry::SetProjection crowdedProjection() {
    symmetry::SetProjection p;
    p.method = "pca";
    p.space = "raw";
    p.explainedVarianceRatio = {0.432, 0.21};
    std::vector<std::array<double, 2>> xy;
    auto add = [&](const std::string& group, double x, double y) {
        p.members.push_back(group + "-" + std::to_string(p.members.size()));
        p.groups.push_back(group);
        xy.push_back({x, y});
    };
    add("small", 0.5, 0.5);  // listed first: the legend's first, drawn last
    for (int i = 0; i < 20; ++i)
        for (int j = 0; j < 10; ++j)
            add("big", 0.1 * i, 0.1 * j);
    add("small", 1.5, 0.2);
    add("lone", 3.0, 1.0);
    p.coordinates.resize(Eigen::Index(xy.size()), 2);
    for (std::size_t i = 0; i < xy.size(); ++i)
        p.coordinates.row(Eigen::Index(i)) << xy[i][0], xy[i][1];
    return p;
}

// Paints the model at `figure`, keeping the layout the painter had.
QImage paintWithLayout(const MapModel& model, const ResolvedFigure& figure,
                       std::optional<MapFigure>& layout) {
    return FigureWriter(figure).paintImage([&](QPainter& painter, const QRectF& bounds) {
        layout.emplace(painter, bounds, model);
        layout->draw(painter);
    });
}

int colourDistance(QColor a, QColor b) {
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) +
           std::abs(a.blue() - b.blue());
}

// `top` at alpha over `below` (8-bit channels).
QColor over(QColor top, int alpha, QColor below) {
    const double a = alpha / 255.0;
    auto channel = [&](int t, int b) { return int(std::lround(a * t + (1 - a) * b)); };
    return QColor(channel(top.red(), below.red()), channel(top.green(), below.green()),
                  channel(top.blue(), below.blue()));
}

}  // namespace

class TestMapFigures : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // The SVG of a map holds its axis names, title and legend as real <text>,
    // and no raster image; t-SNE is spelt "t-SNE" on its axes.
    void svgHoldsTheAxisNamesAsText() {
        const MapModel model = mapModelOf(crowdedProjection());
        const ResolvedFigure figure =
            resolveFigure(FigureSize::fromPreset(FigurePreset::Paper), QSize(800, 600));
        const QString svg = QString(MODESCAPE_TEST_OUTPUT_DIR) + "/map-paper.svg";
        FigureWriter(figure).write(svg, mapFigurePaint(model));
        const QString problems = modescape::test::svgTextProblems(
            svg, {"PC 1 (43.2% of variance)", "PC 2 (21.0% of variance)", "PCA of 203 members, raw",
                  "small", "big", "lone"});
        QVERIFY2(problems.isEmpty(), qPrintable(problems));

        symmetry::SetProjection tsne = crowdedProjection();
        tsne.method = "tsne";
        tsne.explainedVarianceRatio.clear();
        const QByteArray bytes =
            FigureWriter(figure).encode(FigureFormat::Svg, mapFigurePaint(mapModelOf(tsne)));
        const QString missing = modescape::test::labelsNotSvgText(
            bytes, {"t-SNE 1", "t-SNE 2", "t-SNE of 203 members, raw"});
        QVERIFY2(missing.isEmpty(), qPrintable(missing));
        // The docs' example, one paper column as PNG too.
        FigureWriter(figure).write(QString(MODESCAPE_TEST_OUTPUT_DIR) + "/map-paper.png",
                                   mapFigurePaint(model));
    }

    // Legend (by group) and colour bar (by a metric) lie outside the plot area
    // and touch no marker, and no text leaves the figure, at the screen size
    // and in a paper column.
    void legendAndColourBarTouchNoMarker() {
        MapModel model = mapModelOf(crowdedProjection());
        MemberMetricsMap metrics;
        for (std::size_t i = 0; i < model.projection().members.size(); ++i)
            metrics[model.projection().members[i]] = {0.5 + 0.002 * double(i), 0.1};
        model.setMetrics(metrics);
        for (const MapColouring colouring : {MapColouring::Group, MapColouring::Accuracy})
            for (const FigureSize& size : {FigureSize::fromPixels(QSize(800, 600)),
                                           FigureSize::fromPreset(FigurePreset::Paper)}) {
                model.setColouring(colouring);
                std::optional<MapFigure> layout;
                const ResolvedFigure resolved = resolveFigure(size, QSize(800, 600));
                paintWithLayout(model, resolved, layout);
                // No clipped label (issue 15), in a paper column too: every
                // text the frame laid out (ticks, axis names, title, legend) and
                // the colour bar lie inside the figure, to a quarter pixel of
                // glyph rounding.
                const QRectF figureArea = QRectF(QPointF(0, 0), QSizeF(resolved.pixels))
                                              .adjusted(-0.25, -0.25, 0.25, 0.25);
                QVERIFY(!layout->frame().textRects().empty());
                for (const QRectF& text : layout->frame().textRects())
                    QVERIFY2(figureArea.contains(text),
                             qPrintable(QString("text at (%1, %2) %3 x %4 outside %5 x %6")
                                            .arg(text.x())
                                            .arg(text.y())
                                            .arg(text.width())
                                            .arg(text.height())
                                            .arg(resolved.pixels.width())
                                            .arg(resolved.pixels.height())));
                if (colouring == MapColouring::Accuracy)
                    QVERIFY(figureArea.contains(layout->colourBarArea()));
                const QRectF box = colouring == MapColouring::Group ? layout->frame().legendArea()
                                                                    : layout->colourBarArea();
                QVERIFY(!box.isEmpty());
                QVERIFY(!box.intersects(layout->plotArea()));
                for (int i = 0; i < model.pointCount(); ++i) {
                    const double r = layout->markerRadius();
                    const QRectF marker(layout->position(i) - QPointF(r, r), QSizeF(2 * r, 2 * r));
                    QVERIFY2(!box.intersects(marker), qPrintable(QString::number(i)));
                }
            }
    }

    // Every group's colour is in the PNG: "small" drawn over "big" (fewer points
    // last), "lone" alone, "big" around them; the centre of a small marker is
    // small's colour over big's over white.
    void everyGroupsColourIsInThePng() {
        MapModel model = mapModelOf(crowdedProjection());
        model.setShowLegend(false);  // only markers carry group colours
        std::optional<MapFigure> layout;
        const QImage image = paintWithLayout(
            model, resolveFigure(FigureSize::fromPixels(QSize(800, 600)), QSize(800, 600)), layout);
        image.save(QString(MODESCAPE_TEST_OUTPUT_DIR) + "/map-small-over-big.png");
        QCOMPARE(model.groups(), (std::vector<std::string>{"small", "big", "lone"}));
        const int alpha = model.markerAlpha();
        const QColor bigOnWhite = over(groupQColor(1), alpha, Qt::white);
        const QColor smallOverBig = over(groupQColor(0), alpha, bigOnWhite);
        const QColor loneOnWhite = over(groupQColor(2), alpha, Qt::white);
        // Marker centres: antialiasing only touches the rims, so the centre is
        // the blend to 8-bit rounding (a few units per channel).
        constexpr int kRounding = 6;
        QVERIFY(colourDistance(image.pixelColor(layout->position(0).toPoint()), smallOverBig) <=
                kRounding);
        QVERIFY(colourDistance(image.pixelColor(layout->position(201).toPoint()), smallOverBig) <=
                kRounding);
        QVERIFY(colourDistance(image.pixelColor(layout->position(202).toPoint()), loneOnWhite) <=
                kRounding);
        // A big-group point far from the small ones is big's colour (over big neighbours'
        // rims at most: the grid spacing is wider than a marker at 203 points).
        const QColor bigPixel = image.pixelColor(layout->position(1).toPoint());
        QVERIFY2(colourDistance(bigPixel, bigOnWhite) <= kRounding, qPrintable(bigPixel.name()));
        // Counted over the image: each group's colour holds many pixels.
        int counts[3] = {0, 0, 0};
        const QColor wanted[3] = {smallOverBig, bigOnWhite, loneOnWhite};
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                for (int g = 0; g < 3; ++g)
                    counts[g] += colourDistance(image.pixelColor(x, y), wanted[g]) <= kRounding;
        qInfo("pixels: small %d, big %d, lone %d", counts[0], counts[1], counts[2]);
        for (int g = 0; g < 3; ++g)
            QVERIFY2(counts[g] >= 4, qPrintable(QString("group %1: %2").arg(g).arg(counts[g])));
    }

    // A metadata column of numbers colours through viridis with a colour bar
    // named by its key; one of text colours each value in Okabe–Ito, in a legend.
    void metadataColumnsColourByValueOrCategory() {
        MapModel model = mapModelOf(crowdedProjection());
        std::map<std::string, std::string> seeds, methods;
        for (int i = 0; i < model.pointCount(); ++i) {
            const std::string& name = model.projection().members[std::size_t(i)];
            seeds[name] = std::to_string(i % 5);  // 0 .. 4
            methods[name] = i % 2 == 0 ? "adam" : "sgd";
        }
        seeds.erase(model.projection().members[3]);  // a member without the key: grey
        model.setMetadataColumn("seed", seeds);
        model.setColouring(MapColouring::Metadata);
        QVERIFY(model.hasColourBar());
        QVERIFY(model.legendEntries().empty());
        QCOMPARE(model.metricLow(), 0.0);
        QCOMPARE(model.metricHigh(), 4.0);
        double rgb[3], top[3];
        model.pointColour(4, rgb);  // seed 4: the top of viridis
        colormapColor(Colormap::Viridis, 1.0, top);
        QVERIFY(std::abs(rgb[0] - top[0]) + std::abs(rgb[1] - top[1]) + std::abs(rgb[2] - top[2]) <
                1e-12);
        QCOMPARE(model.pointQColor(3), QColor::fromRgbF(0.6f, 0.6f, 0.6f));
        const ResolvedFigure figure =
            resolveFigure(FigureSize::fromPixels(QSize(800, 600)), QSize(800, 600));
        QString missing = modescape::test::labelsNotSvgText(
            FigureWriter(figure).encode(FigureFormat::Svg, mapFigurePaint(model)), {"seed"});
        QVERIFY2(missing.isEmpty(), qPrintable(missing));

        model.setMetadataColumn("method", methods);
        QVERIFY(!model.hasColourBar());
        const auto entries = model.legendEntries();
        QCOMPARE(int(entries.size()), 2);
        QCOMPARE(entries[0].name, QString("adam"));  // member 0's value first
        QCOMPARE(entries[1].colour, groupQColor(1));
        QCOMPARE(model.pointQColor(1), groupQColor(1));  // member 1: "sgd"
        missing = modescape::test::labelsNotSvgText(
            FigureWriter(figure).encode(FigureFormat::Svg, mapFigurePaint(model)), {"adam", "sgd"});
        QVERIFY2(missing.isEmpty(), qPrintable(missing));
    }

    // Issue 15: groups take the Okabe–Ito palette by default, in its order
    // (typed here from Okabe & Ito 2008), cycled beyond eight groups; the
    // legend's entries carry the same colours.
    void groupsTakeTheOkabeItoPaletteByDefault() {
        const QColor okabeIto[8] = {{0, 114, 178},   {230, 159, 0},  {0, 158, 115},  {213, 94, 0},
                                    {204, 121, 167}, {86, 180, 233}, {240, 228, 66}, {0, 0, 0}};
        for (int i = 0; i < 8; ++i)
            QCOMPARE(groupQColor(i).rgb(), okabeIto[i].rgb());
        QCOMPARE(groupQColor(8).rgb(), okabeIto[0].rgb());
        const MapModel model = mapModelOf(crowdedProjection());
        QCOMPARE(model.colouring(), MapColouring::Group);
        const auto entries = model.legendEntries();
        QCOMPARE(int(entries.size()), 3);  // small, big, lone: in the order first met
        for (int i = 0; i < 3; ++i)
            QCOMPARE(entries[std::size_t(i)].colour.rgb(), okabeIto[i].rgb());
        QCOMPARE(model.pointQColor(0).rgb(), okabeIto[0].rgb());  // "small"
        QCOMPARE(model.pointQColor(1).rgb(), okabeIto[1].rgb());  // "big"
    }

    // A click on a pixel of a marker (not only its centre) picks that member:
    // the one seen there, so small-0, drawn over big-56 at (0.5, 0.5), wins.
    void pickingAtAMarkersPixelReturnsItsMember() {
        symmetry::SetProjection p = crowdedProjection();
        MapView view;
        view.resize(800, 600);
        view.setProjection(p);
        view.show();
        modescape::test::waitForExposed(view);
        const QImage image = view.grabImage();
        const double dpr = view.devicePixelRatioF();
        for (const int point : {0, 201, 202}) {
            const QPointF centre = view.screenPosition(point);
            // A pixel right of the centre still inside the marker: not white.
            const double radius = view.model().markerPoints() * 96.0 / 72.0 / 2;
            const QPoint pixel = (centre + QPointF(0.6 * radius, 0)).toPoint();
            QVERIFY(image.pixelColor((QPointF(pixel) * dpr).toPoint()) != QColor(Qt::white));
            view.clickAt(pixel, false);
            QCOMPARE(view.selectedMembers(),
                     QStringList{QString::fromStdString(p.members[std::size_t(point)])});
        }
        // Far from every marker: nothing.
        QCOMPARE(view.pointAt(view.screenPosition(202).toPoint() + QPoint(0, -60)), -1);
    }

    // Ticks at nice values, about 5 to 9 on each axis of an 800x600 map and 3 or
    // 4 in a paper column (kYTickSpacingEm / kXTickSpacingEm lines of text apart).
    void ticksAreNiceAndTheirCountFollowsTheSize() {
        const MapModel model = mapModelOf(crowdedProjection());
        const struct {
            FigureSize size;
            std::size_t least, most;
        } cases[] = {{FigureSize::fromPixels(QSize(800, 600)), 5, 9},
                     {FigureSize::fromPreset(FigurePreset::Paper), 3, 5}};
        for (const auto& c : cases) {
            std::optional<MapFigure> layout;
            const ResolvedFigure figure = resolveFigure(c.size, QSize(800, 600));
            paintWithLayout(model, figure, layout);
            for (const AxisTicks* ticks : {&layout->frame().xTicks(), &layout->frame().yTicks()}) {
                qInfo("%dx%d px: %d ticks, step %g", figure.pixels.width(), figure.pixels.height(),
                      int(ticks->values.size()), ticks->step);
                QVERIFY(ticks->values.size() >= c.least && ticks->values.size() <= c.most);
                const double mantissa =
                    ticks->step / std::pow(10.0, std::floor(std::log10(ticks->step) + 1e-12));
                QVERIFY(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 ||
                        std::abs(mantissa - 2.5) < 1e-9 || std::abs(mantissa - 5) < 1e-9);
                for (double v : ticks->values)  // multiples of the step
                    QVERIFY(std::abs(v / ticks->step - std::round(v / ticks->step)) < 1e-9);
            }
        }
    }
};

int runMapLabelTests(int argc, char** argv);  // TestMapLabels.cpp

int main(int argc, char** argv) {
    modescape::ui::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestMapFigures test;
    const int figures = QTest::qExec(&test, argc, argv);
    return figures | runMapLabelTests(argc, argv);
}
#include "TestMapFigures.moc"

// The connectivity views: the heatmap's cell colours and basin order for a
// hand-made matrix, the path chart's tables and line heights, the tube lying
// on the plane's surface, the page computing paths, plane and matrix on the
// worker, `modescape connect --png`, and `modescape curve-plane --png`, whose
// contour map has the colour of the printed loss where the camera puts each
// grid node.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>

#include <vtkPolyData.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "../connectivity/ConnectivityTestSupport.h"
#include "core/analysis/CurvePlaneAnalysis.h"
#include "core/analysis/SetWorkspace.h"
#include "core/connectivity/BarrierMatrix.h"
#include "core/io/set/OpenSet.h"
#include "tests/common/EventWait.h"
#include "tests/common/FigureFileChecks.h"
#include "tests/ui/ChartChecks.h"
#include "tests/ui/ViewGeometry.h"
#include "ui/GuiApplication.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/jobs/JobRunner.h"
#include "ui/mainwindow/AnimationExport.h"
#include "ui/mainwindow/SessionCamera.h"
#include "ui/rendering/AnimationFrames.h"
#include "ui/rendering/CameraPaths.h"
#include "ui/rendering/Colormaps.h"
#include "ui/rendering/FigureSize.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/LineChart.h"
#include "ui/rendering/OffscreenRender.h"
#include "ui/rendering/RasterFigureSource.h"
#include "ui/rendering/TickSpacing.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/connectivity/BarrierHeatmap.h"
#include "ui/views/connectivity/BarrierHeatmapFigure.h"
#include "ui/views/connectivity/BarrierMatrixPage.h"
#include "ui/views/connectivity/ConnectivityImages.h"
#include "ui/views/connectivity/ConnectivityPage.h"
#include "ui/views/connectivity/CurvePlanePage.h"
#include "ui/views/connectivity/CurvePlaneView.h"
#include "ui/views/connectivity/PathChart.h"
#include "ui/views/connectivity/PathPage.h"
#include "ui/views/landscape/ContourCanvas.h"
#include "ui/views/landscape/ContourFigure.h"
#include "ui/views/landscape/SurfaceGeometry.h"

using namespace modescape;
using namespace modescape::ui;
using connectivity::PathKind;
using connectivity::PathResult;
using modescape::test::describe;
using modescape::test::finishProcess;
using modescape::test::isNiceStep;
using modescape::test::nearestColourDistance;
using modescape::test::projectWithCamera;
using modescape::test::rgbColour;
using modescape::test::updatesWithoutATurn;
using modescape::test::waitForExposed;
using modescape::test::waitForSignals;

namespace {

// Pictures for a person to look at, beside the other tests' outputs.
QString outputPath(const QString& name) {
    return QString(MODESCAPE_TEST_OUTPUT_DIR) + "/connectivity_" + name;
}

int colourDistance(QColor a, const double rgb[3]) {
    return std::abs(a.red() - int(255 * rgb[0])) + std::abs(a.green() - int(255 * rgb[1])) +
           std::abs(a.blue() - int(255 * rgb[2]));
}

// Row iy, column ix of a printed grid ("loss": [[...] per y]).
double cell(const QJsonObject& printed, int ix, int iy) {
    return printed["loss"].toArray()[iy].toArray()[ix].toDouble();
}

int colourDistance(QColor a, QColor b) {
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) +
           std::abs(a.blue() - b.blue());
}

// loss = 0.2 + peak sin(pi t) at 21 points; accuracy 0.9 - peak / 10 sin(pi t).
PathResult bump(PathKind kind, double peak) {
    PathResult r;
    r.kind = kind;
    r.memberA = "a";
    r.memberB = "b";
    for (int i = 0; i <= 20; ++i) {
        const double t = i / 20.0, s = std::sin(M_PI * t);
        r.t.push_back(t);
        r.trainLoss.push_back(0.2 + peak * s);
        r.trainAccuracy.push_back(0.9 - peak / 10 * s);
    }
    r.trainBarrier = connectivity::lossBarrier(r.t, r.trainLoss);
    return r;
}

// The topmost image row holding a pixel of this colour (or height() when none).
int topRowOf(const QImage& image, QColor colour) {
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (colourDistance(image.pixelColor(x, y), colour) < 30)
                return y;
    return image.height();
}

// loss = 1 + x^2 + y^2 on [-1.5, 1.5]^2.
LandscapeGrid bowl(int n) {
    LandscapeGrid grid;
    for (int i = 0; i < n; ++i)
        grid.xs.push_back(-1.5 + 3.0 * i / (n - 1));
    grid.ys = grid.xs;
    for (double y : grid.ys)
        for (double x : grid.xs) {
            grid.loss.push_back(1.0 + x * x + y * y);
            grid.accuracy.push_back(0.5);
        }
    grid.markers = {{"A", 0, 0}, {"B", 1, 0}, {"bend", 0.5, 0.8}};
    return grid;
}

}  // namespace

class TestConnectivityViews : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString setFolder_;

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        setFolder_ = dir_.filePath("moons");
        connectivity::test::writeMoonsSetWithPermutedCopy(setFolder_.toStdString());
    }

    void heatmapColoursCellsByBarrierAndKeepsBasinsTogether() {
        // a and c are joined (0.05 < 0.1), b stands alone: two basins, order a, c, b.
        connectivity::BarrierMatrix m;
        m.members = {"a", "b", "c"};
        m.interpolated = {0.0,  0.8, 0.05,  //
                          0.8,  0.0, 0.9,   //
                          0.05, 0.9, 0.0};
        m.endpointMean = m.interpolated;
        m.threshold = 0.1;
        m.basin = connectivity::basinsBelow(m.interpolated, 3, m.threshold, m.basinCount);
        QCOMPARE(m.basinCount, 2);

        BarrierHeatmap heatmap;
        heatmap.resize(420, 420);
        heatmap.setMatrix(m);
        heatmap.show();
        waitForExposed(heatmap);
        QCOMPARE(heatmap.order(), (std::vector<std::size_t>{0, 2, 1}));
        QVERIFY2(heatmap.title().contains("2 basin"), qPrintable(heatmap.title()));
        QCOMPARE(heatmap.rangeMax(), 0.9);

        const QImage image = heatmap.grab().toImage();  // paints the widget
        image.save(outputPath("heatmap.png"));
        QVERIFY(heatmap.shownLayout().has_value());
        const BarrierHeatmapLayout& layout = *heatmap.shownLayout();
        const double ratio = image.devicePixelRatio();
        // Three cells have room for their values ("0.05" at 9 pt in ~100 px cells).
        QVERIFY(layout.values);
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 3; ++c) {
                const double barrier = m.barrier(heatmap.order()[r], heatmap.order()[c]);
                double expected[3];
                colormapColor(heatmap.colormap(), barrier / heatmap.rangeMax(), expected);
                // Row r is the r-th band from the top. A fifth into the cell: clear of the
                // value in its middle and of the basin outlines on its edges.
                const QRectF cell = layout.cellRect(r, c);
                const QPointF at =
                    (cell.topLeft() + QPointF(cell.width(), cell.height()) * 0.2) * ratio;
                const QColor seen = image.pixelColor(at.toPoint());
                QVERIFY2(colourDistance(seen, expected) < 20,
                         qPrintable(QString("cell (%1, %2) barrier %3: %4 at (%5, %6)")
                                        .arg(r)
                                        .arg(c)
                                        .arg(barrier)
                                        .arg(seen.name())
                                        .arg(at.x())
                                        .arg(at.y())));
                // The value is written in the middle: pixels there differ from the cell colour.
                int ink = 0;
                const QRect middle =
                    QRectF(cell.center() * ratio - QPointF(8, 4), QSizeF(16, 8)).toAlignedRect();
                for (int y = middle.top(); y <= middle.bottom(); ++y)
                    for (int x = middle.left(); x <= middle.right(); ++x)
                        ink += colourDistance(image.pixelColor(x, y), expected) > 120 ? 1 : 0;
                QVERIFY2(ink > 5, qPrintable(QString("no value in cell (%1, %2)").arg(r).arg(c)));
            }
        // The basin a, c is the top-left 2 x 2 block.
        QVERIFY(layout.cellRect(0, 0).top() < layout.cellRect(1, 0).top());
        QVERIFY(layout.cellRect(0, 0).left() < layout.cellRect(0, 1).left());
        // Hovering a cell names its pair and barrier; a name, the full name.
        QCOMPARE(heatmap.toolTipAt(layout.cellRect(0, 2).center()), QString("a – b: barrier 0.8"));
        QCOMPARE(heatmap.toolTipAt(layout.rowNames[1].center()), QString("c"));
        // The colour bar's ticks are nice values inside [0, 0.9].
        QVERIFY(layout.barTicks.values.size() >= 3);
        QCOMPARE(layout.barTicks.values.front(), 0.0);
        QVERIFY(layout.barTicks.values.back() <= 0.9 + 1e-12);
    }

    // Issue 19 item 7: the title names the split, and no member name is clipped on
    // either axis: on screen at two sizes and at the smallest preset (one paper
    // column, 8 pt at 600 dpi), every name's box lies inside the picture, names of
    // neighbouring rows or columns never overlap, and a shortened name's full
    // text is in its tooltip.
    void heatmapTitleNamesTheSplitAndNoNameIsClipped() {
        const ResolvedFigure paper =
            resolveFigure(FigureSize::fromPreset(FigurePreset::Paper), QSize(800, 600));
        for (const int n : {5, 14, 40}) {
            connectivity::BarrierMatrix m;
            for (int k = 0; k < n; ++k)
                m.members.push_back("swag-long-training-run-member-" + std::to_string(k));
            m.interpolated.assign(std::size_t(n * n), 0.3);
            for (int k = 0; k < n; ++k)
                m.interpolated[std::size_t(k * n + k)] = 0.0;
            m.endpointMean = m.interpolated;
            m.basin = connectivity::basinsBelow(m.interpolated, std::size_t(n), m.threshold,
                                                m.basinCount);
            BarrierHeatmap heatmap;
            heatmap.setMatrix(m);
            QVERIFY2(heatmap.title().contains("train split"), qPrintable(heatmap.title()));
            std::vector<std::pair<QString, BarrierHeatmapLayout>> layouts;
            for (const QSize size : {QSize(420, 320), QSize(900, 700)}) {
                heatmap.resize(size);
                heatmap.show();
                waitForExposed(heatmap);
                const QImage image = heatmap.grab().toImage();
                image.save(
                    outputPath(QString("heatmap_long_names_%1_%2.png").arg(n).arg(size.width())));
                layouts.emplace_back(QString("%1x%2").arg(size.width()).arg(size.height()),
                                     *heatmap.shownLayout());
            }
            const QImage printed =
                FigureWriter(paper).paintImage([&](QPainter& painter, const QRectF& bounds) {
                    layouts.emplace_back("paper", heatmap.figure().layOut(painter, bounds));
                    heatmap.figure().paint(painter, bounds);
                });
            printed.save(outputPath(QString("heatmap_long_names_%1_paper.png").arg(n)));
            for (const auto& [where, l] : layouts) {
                const QString what = QString("n %1 at %2: ").arg(n).arg(where);
                QVERIFY(!l.named.empty());
                // With many members in little room only every k-th is named, never all crammed.
                QVERIFY(int(l.named.size()) == (n + l.labelEvery - 1) / l.labelEvery);
                QVERIFY(l.bounds.contains(l.title) && l.bounds.contains(l.cells));
                for (const auto* boxes : {&l.rowNames, &l.columnNames})
                    for (std::size_t k = 0; k < boxes->size(); ++k) {
                        const QRectF& box = (*boxes)[k];
                        QVERIFY2(l.bounds.contains(box) && box.width() > 0,
                                 qPrintable(what + QString("name box (%1, %2) %3 x %4")
                                                       .arg(box.x())
                                                       .arg(box.y())
                                                       .arg(box.width())
                                                       .arg(box.height())));
                        QVERIFY(!box.intersects(l.cells));
                        // Neighbours may touch, never overlap (a hundredth of a pixel of rounding).
                        if (k > 0)
                            QVERIFY2(
                                !(*boxes)[k - 1].adjusted(0.01, 0.01, -0.01, -0.01).intersects(box),
                                qPrintable(what + "names overlap"));
                    }
                for (const QRectF& label : l.barLabels)
                    QVERIFY(l.bounds.contains(label));
                QVERIFY(l.bounds.contains(l.colourBar) && !l.colourBar.intersects(l.cells));
            }
            // At 420 x 320 the names (over 0.4 of the height) are shortened in the
            // middle; the tooltip gives each one whole.
            const BarrierHeatmapLayout& small = layouts.front().second;
            QVERIFY2(small.names.front().contains(QChar(0x2026)), qPrintable(small.names.front()));
            heatmap.resize(420, 320);
            heatmap.grab();
            const BarrierHeatmapLayout& shown = *heatmap.shownLayout();
            QCOMPARE(heatmap.toolTipAt(shown.columnNames.back().center()),
                     heatmap.figure().memberName(shown.named.back()));
        }
        QCOMPARE(elidedMemberName("short"), QString("short"));
        QCOMPARE(elidedMemberName("swag-long-training-run-member-0"),
                 QString("swag-long-...-member-0"));
    }

    // Issue 15: the heatmap as SVG is a vector file whose names, values and colour
    // bar are <text>; as PDF its fonts are embedded; and text follows
    // --font-size: the colour bar's name ("barrier": ascenders, no descender) is
    // twice as high at 16 pt as at 8 pt, and about 0.7 of the size in pixels.
    void heatmapFigureIsVectorAndItsTextHasThePointSize() {
        connectivity::BarrierMatrix m;
        // The suffix all three share is left out of the drawn names.
        m.members = {"alpha-run.safetensors", "beta-run.safetensors", "gamma-run.safetensors"};
        m.interpolated = {0.0, 0.4, 1.2, 0.4, 0.0, 1.1, 1.2, 1.1, 0.0};
        m.endpointMean = m.interpolated;
        m.threshold = 0.5;
        m.basin = connectivity::basinsBelow(m.interpolated, 3, m.threshold, m.basinCount);
        BarrierHeatmapFigure heatmap;
        heatmap.setMatrix(m);
        const FigurePaint paint = [&](QPainter& painter, const QRectF& bounds) {
            heatmap.paint(painter, bounds);
        };
        ResolvedFigure paper =
            resolveFigure(FigureSize::fromPreset(FigurePreset::Paper), QSize(800, 600));
        const QString svg = outputPath("heatmap.svg"), pdf = outputPath("heatmap.pdf");
        FigureWriter(paper).write(svg, paint);
        FigureWriter(paper).write(pdf, paint);
        const QString svgProblem = modescape::test::svgTextProblems(
            svg, {"alpha-run", "gamma-run", "barrier", "1.2", "0.4"});
        QVERIFY2(svgProblem.isEmpty(), qPrintable(svgProblem));
        const QString pdfProblem = modescape::test::pdfProblems(pdf, QSizeF(252, 189));
        QVERIFY2(pdfProblem.isEmpty(), qPrintable(pdfProblem));

        int ink[2] = {0, 0};
        for (int k = 0; k < 2; ++k) {
            ResolvedFigure figure = paper;
            figure.dpi = 300;
            figure.pixels = QSize(1050, 788);
            figure.fontPoints = 8.0 * (k + 1);
            BarrierHeatmapLayout l;
            const QImage image =
                FigureWriter(figure).paintImage([&](QPainter& painter, const QRectF& bounds) {
                    l = heatmap.layOut(painter, bounds);
                    heatmap.paint(painter, bounds);
                });
            image.save(outputPath(QString("heatmap_%1pt.png").arg(figure.fontPoints)));
            ink[k] = modescape::test::inkHeight(image, l.colourBarName.toAlignedRect());
            // The size in pixels is points x dpi / 72: 33.3 px at 8 pt, 66.7 at 16; an
            // ascender ("b") is 0.7 to 0.8 of it in common fonts.
            const double pixels = figure.fontPoints * figure.dpi / 72;
            QVERIFY2(ink[k] > 0.65 * pixels && ink[k] < 0.85 * pixels,
                     qPrintable(QString("%1 px ink at %2 px").arg(ink[k]).arg(pixels)));
        }
        // Each glyph edge rounds to a pixel at both sizes: +-1 px.
        QVERIFY2(std::abs(ink[1] - 2 * ink[0]) <= 1,
                 qPrintable(QString("%1 and %2 px").arg(ink[0]).arg(ink[1])));
    }

    void pathChartDrawsEveryPathAndTheHigherBarrierHigher() {
        PathResult partial = bump(PathKind::Polychain, 0.5);
        for (int i = 11; i <= 20; ++i)
            partial.trainLoss[i] = std::nan("");  // still being evaluated
        PathChart chart;
        chart.setPaths({bump(PathKind::Linear, 2.0), bump(PathKind::Bezier, 0.3), partial},
                       PathChart::Split::Test);  // no test values: drawn from training
        // By hand: both ends have loss 0.2, so the straight line between them is 0.2
        // and the largest excess is the peak, at t = 0.5 (a grid point).
        for (const double peak : {2.0, 0.3}) {
            const PathResult path = bump(PathKind::Linear, peak);
            QVERIFY(std::abs(path.trainBarrier.interpolated - peak) < 1e-12);
            QCOMPARE(path.trainBarrier.tAtMax, 0.5);
        }
        const LineChartData& data = chart.data();
        QCOMPARE(data.series.size(), std::size_t(6));  // loss + accuracy each
        auto finite = [](const ChartSeries& s) {
            return std::count_if(s.y.begin(), s.y.end(), [](double v) { return std::isfinite(v); });
        };
        QCOMPARE(finite(data.series[0]), 21);
        QCOMPARE(finite(data.series[4]), 11);  // the partial polychain's loss
        QCOMPARE(data.series[0].y[10], 2.2);   // t = 0.5: 0.2 + 2
        QVERIFY(data.series[1].rightAxis && !data.series[0].rightAxis);
        QVERIFY2(chart.title().contains("linear 2.000") && chart.title().contains("bezier 0.300"),
                 qPrintable(chart.title()));
        QCOMPARE(data.xName, QString("interpolation t"));
        QCOMPARE(data.yName, QString("train loss"));  // no test values here
        QCOMPARE(data.rightName, QString("train accuracy"));

        // Pixels: only the loss lines; the linear peak is drawn above the Bezier one.
        LineChartData losses = data;
        losses.series = {data.series[0], data.series[2]};
        losses.extraLegend.clear();
        for (ChartSeries& s : losses.series)
            s.name.clear();  // no legend swatches in the path colours
        const QSize size(600, 400);
        const auto painted = modescape::test::paintChart(
            losses, resolveFigure(FigureSize::fromPixels(size), kPathChartSize));
        const QImage& image = painted.image;
        image.save(outputPath("path_chart_losses.png"));
        const int linearTop = topRowOf(image, PathChart::pathColour(PathKind::Linear));
        const int bezierTop = topRowOf(image, PathChart::pathColour(PathKind::Bezier));
        QVERIFY2(bezierTop < image.height(), "no Bezier line drawn");
        // Loss 2.2 against 0.5 on one axis from ~0.2: far apart on a 400 pixel chart.
        QVERIFY2(linearTop + 100 < bezierTop,
                 qPrintable(QString("linear top %1, bezier top %2").arg(linearTop).arg(bezierTop)));
        // Each peak (t = 0.5, loss 0.2 + peak) is drawn where the frame puts that value,
        // and not where the other peak is.
        const std::pair<PathKind, double> peaks[2] = {{PathKind::Linear, 2.2},
                                                      {PathKind::Bezier, 0.5}};
        for (const auto& [kind, loss] : peaks)
            for (const auto& [otherKind, otherLoss] : peaks) {
                const QPointF at = painted.frame->map(0.5, otherLoss);
                // A 1.5 pt (2 px) antialiased line: its colour lies within 2 pixels of the value.
                const int distance =
                    nearestColourDistance(image, at, PathChart::pathColour(kind), 2);
                QVERIFY2(kind == otherKind ? distance < 30 : distance > 90,
                         qPrintable(QString("path %1 at loss %2 %3: colour distance %4")
                                        .arg(int(kind))
                                        .arg(otherLoss)
                                        .arg(modescape::test::describe(at))
                                        .arg(distance)));
            }
    }

    // Issues 15 and 19: at the screen size, the smallest preset and a slide, the
    // legend stands outside the plot and touches no curve, the title clears the
    // plot, and no label runs off the figure.
    void pathChartLegendAndLabelsClearTheCurvesAtEverySize() {
        const LineChartData data = PathChart::chartData(
            {bump(PathKind::Linear, 2.0), bump(PathKind::Bezier, 0.3)}, PathChart::Split::Test);
        const std::pair<const char*, ResolvedFigure> figures[] = {
            {"screen", resolveFigure(FigureSize::fromPixels(kPathChartSize), kPathChartSize)},
            {"paper", resolveFigure(FigureSize::fromPreset(FigurePreset::Paper), kPathChartSize)},
            {"slides",
             resolveFigure(FigureSize::fromPreset(FigurePreset::Slides), kPathChartSize)}};
        for (const auto& [name, figure] : figures) {
            const auto painted = modescape::test::paintChart(data, figure);
            painted.image.save(outputPath(QString("path_chart_%1.png").arg(name)));
            const PlotFrame& frame = *painted.frame;
            const QRectF legend = frame.legendArea();
            qInfo("%s: %dx%d px, plot (%.0f, %.0f) %.0f x %.0f, legend (%.0f, %.0f) %.0f x %.0f",
                  name, figure.pixels.width(), figure.pixels.height(), frame.plotArea().x(),
                  frame.plotArea().y(), frame.plotArea().width(), frame.plotArea().height(),
                  legend.x(), legend.y(), legend.width(), legend.height());
            QVERIFY(!legend.isEmpty());
            QVERIFY(!legend.intersects(frame.plotArea()));
            QCOMPARE(modescape::test::curvePointsInside(legend, chartPoints(frame, data)), 0);
            // The curves lie in the plot area (the axes were widened to hold them).
            for (const QPolygonF& curve : chartPoints(frame, data))
                for (const QPointF& p : curve)
                    QVERIFY(frame.plotArea().adjusted(-0.01, -0.01, 0.01, 0.01).contains(p));
            const std::vector<QRectF>& texts = frame.textRects();
            for (const QRectF& text : texts)
                // Glyph extents round to a quarter pixel at most.
                QVERIFY2(painted.bounds.adjusted(-0.25, -0.25, 0.25, 0.25).contains(text),
                         qPrintable(QString("%1: text at (%2, %3) %4 x %5 outside the figure")
                                        .arg(name)
                                        .arg(text.x())
                                        .arg(text.y())
                                        .arg(text.width())
                                        .arg(text.height())));
            // The title (after the tick labels, legend entries and axis names) ends above
            // the legend and the plot.
            const std::size_t title =
                frame.xTicks().values.size() + frame.yTicks().values.size() + 4 /* legend */ + 2;
            QVERIFY(title < texts.size());
            QVERIFY(texts[title].bottom() <= std::min(frame.plotArea().top(), legend.top()));
            QVERIFY(!texts[title].intersects(legend));
        }
    }

    // Issue 19, item 3: text is sized in points at the figure's DPI, so its height
    // in pixels is points x DPI / 72, at the screen look, twice that size, the
    // paper preset and a larger --font-size.
    void pathChartTextIsSizedInPointsAtTheFiguresDpi() {
        const LineChartData data =
            PathChart::chartData({bump(PathKind::Linear, 2.0)}, PathChart::Split::Test);
        FigureSize bigFont = FigureSize::fromPreset(FigurePreset::Paper);
        bigFont.fontPoints = 12;
        struct Case {
            const char* name;
            ResolvedFigure figure;
        };
        const Case cases[] = {
            {"800x600", resolveFigure(FigureSize::fromPixels(kPathChartSize), kPathChartSize)},
            {"1600x1200", resolveFigure(FigureSize::fromPixels(QSize(1600, 1200)), kPathChartSize)},
            {"paper 8pt",
             resolveFigure(FigureSize::fromPreset(FigurePreset::Paper), kPathChartSize)},
            {"paper 12pt", resolveFigure(bigFont, kPathChartSize)}};
        QCOMPARE(cases[1].figure.dpi, 192.0);  // twice the screen look: 96 dpi x 2
        QCOMPARE(cases[2].figure.dpi, 600.0);
        std::vector<double> lineHeights, inks;
        for (const Case& c : cases) {
            const auto painted = modescape::test::paintChart(data, c.figure);
            // A text line (every label's box is one) and the x-axis name's ink.
            const double line = painted.frame->textRects().front().height();
            const QRectF xName =
                painted.frame->textRects()[painted.frame->xTicks().values.size() +
                                           painted.frame->yTicks().values.size() + 3 /* legend */];
            const int ink = modescape::test::inkHeight(painted.image, xName.toAlignedRect());
            const double pixelsPerPoint = c.figure.dpi / 72.0;
            qInfo("%s: %.0f dpi, %.1f pt = %.1f px; text line %.1f px, x-name ink %d px", c.name,
                  c.figure.dpi, c.figure.fontPoints, c.figure.fontPoints * pixelsPerPoint, line,
                  ink);
            QCOMPARE(painted.fontPixels, c.figure.fontPoints * pixelsPerPoint);
            lineHeights.push_back(line / (c.figure.fontPoints * pixelsPerPoint));
            inks.push_back(ink / (c.figure.fontPoints * pixelsPerPoint));
        }
        // The line height is a fixed multiple of the font size in pixels; hinting
        // rounds ascent and descent to whole pixels (1 px in 12 at 9 pt and 96 dpi).
        for (std::size_t k = 0; k < lineHeights.size(); ++k) {
            const double pixels = cases[k].figure.fontPoints * cases[k].figure.dpi / 72.0;
            QVERIFY2(std::abs(lineHeights[k] - lineHeights[2]) * pixels <= 1.5,
                     qPrintable(QString("%1: %2 vs %3 (line height / font pixels)")
                                    .arg(cases[k].name)
                                    .arg(lineHeights[k])
                                    .arg(lineHeights[2])));
            // Ink: the glyphs' extent, a pixel of antialiasing at each end.
            QVERIFY2(std::abs(inks[k] - inks[2]) * pixels <= 2.5,
                     qPrintable(QString("%1: ink %2 vs %3 of the font's pixels")
                                    .arg(cases[k].name)
                                    .arg(inks[k])
                                    .arg(inks[2])));
        }
    }

    // Issue 19, item 3: `connect --size 1600x1200` drew 33 y ticks. Ticks are nice
    // values whose count follows the axis length in the figure's own units: a
    // figure twice as large has the same ticks; more DPI at the same text size
    // gives more room, never more ticks than labels fit.
    void pathChartTicksAreNiceAndFollowTheAxisLength() {
        PathResult path = bump(PathKind::Linear, 2.0);
        const LineChartData data = PathChart::chartData({path}, PathChart::Split::Test);
        auto frameAt = [&](const ResolvedFigure& figure) {
            return *modescape::test::paintChart(data, figure).frame;
        };
        const PlotFrame screen =
            frameAt(resolveFigure(FigureSize::fromPixels(kPathChartSize), kPathChartSize));
        const PlotFrame twice =
            frameAt(resolveFigure(FigureSize::fromPixels(QSize(1600, 1200)), kPathChartSize));
        const PlotFrame dense =
            frameAt(resolveFigure(FigureSize::fromPixels(QSize(1600, 1200), 96), kPathChartSize));
        for (const PlotFrame* frame : {&screen, &twice, &dense})
            for (const AxisTicks* ticks :
                 {&frame->xTicks(), &frame->yTicks(), &frame->rightTicks()}) {
                QVERIFY(isNiceStep(ticks->step));
                QVERIFY(ticks->values.size() >= 2);
                for (double v : ticks->values)  // multiples of the step
                    QVERIFY(std::abs(v / ticks->step - std::round(v / ticks->step)) < 1e-9);
            }
        QCOMPARE(twice.yTicks().values, screen.yTicks().values);
        QCOMPARE(twice.xTicks().values, screen.xTicks().values);
        QCOMPARE(twice.rightTicks().values, screen.rightTicks().values);
        qInfo("y ticks: %d at 800x600 and 1600x1200, %d at 1600x1200 and 96 dpi",
              int(screen.yTicks().values.size()), int(dense.yTicks().values.size()));
        // A y tick needs kYTickSpacingEm text lines of the axis (docs/figures.md);
        // widening the range to the ticks outside the data adds at most one.
        for (const PlotFrame* frame : {&screen, &twice, &dense}) {
            const double line = frame->textRects().front().height();
            QVERIFY(double(frame->yTicks().values.size()) <=
                    frame->plotArea().height() / (kYTickSpacingEm * line) + 2);
        }
        QVERIFY(screen.yTicks().values.size() < 20);  // not the 33 of the old chart
        QVERIFY(dense.yTicks().values.size() >= screen.yTicks().values.size());
        // The loss axis holds the data (0.2 .. 2.2), the accuracy axis stays in [0, 1].
        QVERIFY(screen.range().y0 <= 0.2 && screen.range().y1 >= 2.2);
        QVERIFY(screen.rightTicks().lo >= 0 && screen.rightTicks().hi <= 1);
    }

    void tubeLiesOnTheSurfaceInBothModes() {
        CurvePlaneView view;
        view.resize(400, 400);
        PlanePath arc{"bezier", Qt::green, {}, {}};
        for (int i = 0; i <= 40; ++i) {  // the quadratic Bezier through (0.5, 0.8)
            const double t = i / 40.0;
            arc.x << 2 * t * (1 - t) * 0.5 + t * t;
            arc.y << 2 * t * (1 - t) * 0.8;
        }
        const LandscapeGrid grid = bowl(31);
        view.setData(grid, {arc});
        view.show();
        waitForExposed(view);
        QCOMPARE(view.mode(), CurvePlaneView::Mode::Surface);
        const SurfaceMapping mapping(grid, view.surfaceView()->style());
        auto checkHeights = [&] {
            QCOMPARE(view.centreLines().size(), std::size_t(1));
            vtkPolyData* line = view.centreLines()[0];
            QCOMPARE(line->GetNumberOfPoints(), vtkIdType(41));
            double worst = 0.0;
            for (vtkIdType k = 0; k < line->GetNumberOfPoints(); ++k) {
                double p[3];
                line->GetPoint(k, p);
                const double surface = mapping.height(1.0 + p[0] * p[0] + p[1] * p[1]);
                worst = std::max(worst, std::abs(p[2] - view.tubeRadius() - surface));
            }
            // Bilinear interpolation of x^2 + y^2 on a 0.1 grid: within 0.005 in loss.
            QVERIFY2(worst < 0.005 * mapping.height(3.0) / 2.0 + 1e-12,
                     qPrintable(QString("worst height error %1").arg(worst)));
        };
        checkHeights();
        const int actorsWithTube = view.vtkView()->renderer()->GetActors()->GetNumberOfItems();
        view.setMode(CurvePlaneView::Mode::Contour);
        checkHeights();  // the tube stays on the surface, which the contour map leaves be
        view.setMode(CurvePlaneView::Mode::Surface);  // back: the tube is not added twice
        QCOMPARE(view.vtkView()->renderer()->GetActors()->GetNumberOfItems(), actorsWithTube);
        const QImage image = view.vtkView()->grabScene(1.0, false);
        QVERIFY(topRowOf(image, Qt::green) < image.height());  // the tube is visible
        // The arc's middle (t = 1/2: (0.5, 0.4), on the surface) is drawn green where
        // the camera puts it; the mirror point (0.5, -0.4), off the arc, is not.
        auto greenAt = [&](const QImage& picture, double x, double y) {
            const double surface = mapping.height(1.0 + x * x + y * y);
            const double world[3] = {x, y, surface + view.tubeRadius()};
            const QPointF at = projectWithCamera(view.vtkView()->renderer(), world);
            const QColor c = picture.pixelColor(at.toPoint());
            return c.green() > 2 * std::max(c.red(), c.blue()) + 40;  // lit green, any shade
        };
        QVERIFY(greenAt(image, 0.5, 0.4));
        QVERIFY(!greenAt(image, 0.5, -0.4));
        // The painted contour map draws the arc as a green line where its
        // frame maps (0.5, 0.4), and not at the mirror point.
        view.setMode(CurvePlaneView::Mode::Contour);
        const QImage contour = view.contourCanvas()->image();
        const ContourFigure* figure = view.contourCanvas()->figure();
        QVERIFY(figure);
        const auto greenOnMap = [&](double x, double y) {
            const QColor c = contour.pixelColor(figure->map(x, y).toPoint());
            return c.green() > 2 * std::max(c.red(), c.blue()) + 40;
        };
        QVERIFY(greenOnMap(0.5, 0.4));
        QVERIFY(!greenOnMap(0.5, -0.4));
    }

    // Issue 19: the member labels on the curve plane never cover a path's tube,
    // on the contour map and on the surface. Without the tubes as obstacles
    // (as before), a label on the contour map covers one.
    void memberLabelsLeaveThePathTubesUncovered() {
        LandscapeGrid grid = bowl(31);
        grid.markers = {
            {"member-a-long-name", 0, 0}, {"member-b-long-name", 1, 0}, {"middle-bend", 0.5, 0.8}};
        PlanePath line{"linear", Qt::blue, {}, {}}, arc{"bezier", Qt::green, {}, {}};
        for (int i = 0; i <= 60; ++i) {  // A -> B straight, and through the bend
            const double t = i / 60.0;
            line.x << t;
            line.y << 0.0;
            arc.x << 2 * t * (1 - t) * 0.5 + t * t;
            arc.y << 2 * t * (1 - t) * 0.8;
        }
        CurvePlaneView view;
        view.resize(420, 360);
        view.setData(grid, {line, arc});
        view.show();
        waitForExposed(view);
        // Label boxes (image pixels) that a tube's projected centre line, widened by the
        // tube's radius on the screen, runs through.
        auto covering = [&] {
            const QImage image = view.vtkView()->grabScene(1.0, false);
            vtkRenderer* renderer = view.vtkView()->renderer();
            QVector<QPolygonF> tubes;
            for (const auto& centre : view.centreLines()) {
                QPolygonF projected;
                for (vtkIdType k = 0; k < centre->GetNumberOfPoints(); ++k)
                    projected << projectWithCamera(renderer, centre->GetPoint(k));
                tubes << projected;
            }
            // The tube's radius on the screen: a world radius at A, projected.
            const double a[3] = {0, 0, 0}, b[3] = {view.tubeRadius(), 0, 0};
            const double radius =
                QLineF(projectWithCamera(renderer, a), projectWithCamera(renderer, b)).length();
            int covered = 0, members = 0;
            for (const auto& label : view.surfaceView()->placedLabels()) {
                if (!label.member)
                    continue;
                ++members;
                const QRectF box = label.box.adjusted(-radius, -radius, radius, radius);
                covered += modescape::test::curvePointsInside(
                               box, std::vector<QPolygonF>(tubes.begin(), tubes.end())) > 0;
            }
            return std::pair{covered, members};
        };
        int coveredWithoutObstacles = 0;
        {
            view.setMode(CurvePlaneView::Mode::Surface);
            const auto [covered, members] = covering();
            view.vtkView()->grabScene(1.0, false).save(outputPath("plane_labels_surface.png"));
            QCOMPARE(members, 3);
            QVERIFY2(
                covered == 0,
                qPrintable(QString("%1 member labels cover a tube on the surface").arg(covered)));
            // The control: the same labels placed without the tubes as obstacles.
            view.surfaceView()->setLabelObstacles({}, 0.0);
            const auto [coveredBefore, membersBefore] = covering();
            qInfo("surface: %d of %d member labels covered a tube before, %d now", coveredBefore,
                  membersBefore, covered);
            coveredWithoutObstacles += coveredBefore;
        }
        // The painted contour map: member labels keep off the path lines; the
        // same figure without the paths (its labels placed as if there were
        // none) is the control.
        view.setMode(CurvePlaneView::Mode::Contour);
        view.contourCanvas()->image().save(outputPath("plane_labels_contour.png"));
        const auto coveringOnMap = [&](const ContourOverlay& overlay) {
            std::optional<ContourFigure> figure;
            ResolvedFigure size = view.contourCanvas()->screenFigure(1.0);
            FigureWriter(size).paintImage([&](QPainter& painter, const QRectF& bounds) {
                figure.emplace(painter, bounds, grid, SurfaceStyle(), overlay);
            });
            std::vector<QPolygonF> lines;
            for (const PlanePath& path : {line, arc}) {
                QPolygonF mapped;
                for (int k = 0; k < path.x.size(); ++k)
                    mapped << figure->map(path.x[k], path.y[k]);
                lines.push_back(mapped);
            }
            int covered = 0, members = 0;
            for (const auto& label : figure->labels())
                if (label.member) {
                    ++members;
                    covered += modescape::test::curvePointsInside(label.box, lines) > 0;
                }
            return std::pair{covered, members};
        };
        const auto [coveredOnMap, membersOnMap] = coveringOnMap(contourOverlayOf({line, arc}));
        QCOMPARE(membersOnMap, 3);
        QVERIFY2(coveredOnMap == 0,
                 qPrintable(QString("%1 member labels cover a path on the map").arg(coveredOnMap)));
        const auto [coveredBeforeOnMap, unused] = coveringOnMap({});
        qInfo("contour: %d member labels covered a path without it, %d with it", coveredBeforeOnMap,
              coveredOnMap);
        coveredWithoutObstacles += coveredBeforeOnMap;
        // The control can fail: without the paths as obstacles a label lands on one.
        QVERIFY(coveredWithoutObstacles > 0);
    }

    void pageComputesPathsAndThePlaneOnTheWorker() {
        auto workspace = std::make_shared<analysis::SetWorkspace>(
            io::openCheckpointSet(setFolder_.toStdString(), {}));
        JobRunner runner;
        ConnectivityPage page(&runner, workspace);
        page.resize(700, 500);
        page.show();
        waitForExposed(page);
        page.setSelection({"g/a.safetensors", "g/c.safetensors"});
        ParameterForm* form = page.pathPage()->form();
        QCOMPARE(form->rawValues()["b"], nlohmann::json("g/c.safetensors"));
        QCOMPARE(page.planePage()->form()->rawValues()["b"], nlohmann::json("g/c.safetensors"));
        auto setValues = [](AnalysisPage* analysisPage, const nlohmann::json& changes) {
            nlohmann::json values = analysisPage->form()->rawValues();
            values.update(changes);
            analysisPage->form()->setValues(values);
        };
        setValues(page.pathPage(), {{"path", "linear"}, {"epochs", 10}, {"points", 21}});
        setValues(page.planePage(), {{"epochs", 10}, {"points", 21}, {"grid-points", 11}});
        QVERIFY(page.pathPage()->form()->editor("path") != nullptr);
        QCOMPARE(page.pathPage()->form()->editor("path")->objectName(), QString("connect.path"));

        // The work runs on the worker while the GUI thread's loop keeps turning:
        // compute() returns at once, and a zero-interval timer ticks between every
        // two progress updates. (How long the GUI stalls is measured by
        // bench/bench_ui_latency, not asserted here.)
        int ticks = 0;
        QTimer tick;
        tick.setInterval(0);
        QObject::connect(&tick, &QTimer::timeout, [&] { ++ticks; });
        std::vector<int> ticksAtUpdate;
        QObject::connect(&runner, &JobRunner::jobProgress, &page,
                         [&](int, double, const QString&) { ticksAtUpdate.push_back(ticks); });
        QSignalSpy finished(&page, &ConnectivityPage::computeFinished);
        tick.start();
        QVERIFY(page.compute() != 0);
        QCOMPARE(page.compute(), 0);  // one job at a time
        QVERIFY(finished.isEmpty());  // not computed on the GUI thread
        waitForSignals(finished);
        tick.stop();
        QVERIFY(finished.takeFirst().first().toBool());
        qInfo("%d progress updates, %d turns of the GUI loop", int(ticksAtUpdate.size()), ticks);
        QVERIFY(!ticksAtUpdate.empty());
        const QString stall = updatesWithoutATurn(ticksAtUpdate);
        QVERIFY2(stall.isEmpty(), qPrintable(stall));

        // The Bezier curve between the same members joins the linear path on the chart.
        setValues(page.pathPage(), {{"path", "bezier"}});
        QVERIFY(page.compute() != 0);
        waitForSignals(finished);
        QVERIFY(finished.takeFirst().first().toBool());

        QCOMPARE(page.paths().size(), std::size_t(2));
        const PathResult& linear = page.paths()[0];
        const PathResult& bezier = page.paths()[1];
        QCOMPARE(linear.kind, PathKind::Linear);
        QCOMPARE(bezier.kind, PathKind::Bezier);
        QCOMPARE(linear.t.size(), std::size_t(21));
        // Both paths start at A and end at B: same end losses.
        QCOMPARE(linear.trainLoss.front(), bezier.trainLoss.front());
        QVERIFY(std::abs(linear.trainLoss.back() - bezier.trainLoss.back()) < 1e-6);
        qInfo("barriers: linear %g, bezier %g", linear.barrier(), bezier.barrier());
        QVERIFY(linear.barrier() > 0.1);  // two independently trained members
        QCOMPARE(page.chart()->data().series.size(), std::size_t(4));  // loss, accuracy each
        QCOMPARE(page.chart()->data().series[2].y, bezier.testLoss);

        QVERIFY(page.computePlane() != 0);
        waitForSignals(finished);
        QVERIFY(finished.takeFirst().first().toBool());
        const auto& plane = page.plane();
        QCOMPARE(plane.surface.computedPoints(), std::int64_t(11 * 11));
        QCOMPARE(plane.surface.markers.size(), std::size_t(3));
        QCOMPARE(plane.x.size(), std::size_t(61));
        QVERIFY(std::abs(plane.x.front()) < 1e-6 && std::abs(plane.y.front()) < 1e-6);
        QVERIFY(std::abs(plane.x.back() - 1.0) < 1e-4 && std::abs(plane.y.back()) < 1e-4);
        QVERIFY(plane.bendY > 0.0);
        // The landscape at A is A's own loss on the test split (the curve's t = 0).
        QVERIFY(std::abs(plane.surface.centerLoss - linear.testLoss.front()) < 1e-4);
        // The page shows what `modescape curve-plane` prints: the same analysis
        // with the same values gives the same grid.
        const auto& shown =
            std::any_cast<const analysis::CurvePlaneOutcome&>(page.planePage()->result());
        const nlohmann::json json = analysis::curvePlaneJson(shown);
        QCOMPARE(json["loss"][0][0].get<double>(), plane.surface.lossAt(0, 0));

        page.showView(ConnectivityPage::View::PlaneSurface);
        QCOMPARE(page.planeView()->centreLines().size(), std::size_t(2));  // linear + bezier
        QVERIFY(page.planeView()->centreLines()[1]->GetNumberOfPoints() > 50);
        const QImage image = page.exportImage(1.0, false);
        QVERIFY(!image.isNull());
        image.save(outputPath("plane_surface.png"));
        page.showView(ConnectivityPage::View::PlaneContour);
        page.exportImage(1.0, false).save(outputPath("plane_contour.png"));
        // The contour map paints itself: File > Export writes a vector figure.
        const FigurePaint contourPaint = page.figurePaint();
        QVERIFY(contourPaint);
        QVERIFY(
            !FigureWriter(resolveFigure(FigureSize::fromPreset(FigurePreset::Paper), page.size()))
                 .encode(FigureFormat::Svg, contourPaint)
                 .contains("<image"));
        page.showView(ConnectivityPage::View::PlaneSurface);
        QVERIFY(!page.figurePaint());  // the surface is pixels: File > Export embeds an image

        // Issue 15: a flight along the trained curve over its surface (`render
        // --animate flight`, File > Export animation): the first camera looks at
        // the curve's start (member A), the last at its end (B), and the frames differ.
        {
            constexpr int kFrames = 4;
            QVERIFY(canAnimate(*page.planePage(), AnimationKind::Flight));
            QVERIFY(!canAnimate(*page.pathPage(), AnimationKind::Flight));
            const PageAnimation flight =
                animationOf(*page.planePage(), AnimationKind::Flight, kFrames, QSize(160, 120));
            QCOMPARE(flight.cameras.size(), std::size_t(kFrames));
            vtkPolyData* curve = page.planeView()->centreLines().back();
            Point3 start, end;
            curve->GetPoint(0, start.data());
            curve->GetPoint(curve->GetNumberOfPoints() - 1, end.data());
            // Interpolated along the arc length: equal up to the rounding of a sum.
            const auto near = [](const Point3& a, const Point3& b) {
                return std::hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]) <
                       1e-9 * (1 + std::hypot(b[0], b[1], b[2]));
            };
            QVERIFY(near(flight.cameras.front().focalPoint, start));
            QVERIFY(near(flight.cameras.back().focalPoint, end));
            QVERIFY(!near(start, end));
            QTemporaryDir frames;
            const QStringList files =
                writeAnimationFrames(frames.path(), flight.cameras, flight.scene);
            QCOMPARE(files.size(), kFrames);
            // As `render` makes a figure of a 3-D view: the page laid out at
            // the frames' aspect, so a frame is 160 x 120 exactly, whatever
            // the page's own size.
            std::vector<QImage> images;
            for (const QString& file : files) {
                images.emplace_back(QImage(file).convertToFormat(QImage::Format_RGB32));
                QCOMPARE(images.back().size(), QSize(160, 120));
            }
            for (int a = 0; a < kFrames; ++a)
                for (int b = a + 1; b < kFrames; ++b)
                    QVERIFY2(
                        images[std::size_t(a)] != images[std::size_t(b)],
                        qPrintable(
                            QString("flight frames %1 and %2 are equal").arg(a + 1).arg(b + 1)));
            placeCamera(*page.planeView()->vtkView(), flight.original);
        }
        page.showView(ConnectivityPage::View::Chart);
        page.exportImage(1.0, false).save(outputPath("page_chart.png"));
        // File > Export of the chart paints it: an SVG with the axis names as text.
        const FigurePaint paint = page.figurePaint();
        QVERIFY(paint);
        const QByteArray svg =
            FigureWriter(resolveFigure(FigureSize::fromPreset(FigurePreset::Paper), page.size()))
                .encode(FigureFormat::Svg, paint);
        const QString missing =
            modescape::test::labelsNotSvgText(svg, {"interpolation t", "linear"});
        QVERIFY2(missing.isEmpty(), qPrintable("not <text> in the SVG: " + missing));
        QVERIFY(!svg.contains("<image"));
    }

    void pageComputesTheMatrixAndCancels() {
        auto workspace = std::make_shared<analysis::SetWorkspace>(
            io::openCheckpointSet(setFolder_.toStdString(), {}));
        JobRunner runner;
        ConnectivityPage page(&runner, workspace);
        page.resize(600, 500);
        page.show();
        waitForExposed(page);
        nlohmann::json matrixValues = page.matrixPage()->form()->rawValues();
        matrixValues["points"] = 11;
        page.matrixPage()->form()->setValues(matrixValues);
        page.setSelection({"g/a.safetensors", "g/b.safetensors", "g/c.safetensors"});
        QSignalSpy finished(&page, &ConnectivityPage::computeFinished);
        QVERIFY(page.computeMatrix() != 0);
        waitForSignals(finished);
        QVERIFY(finished.takeFirst().first().toBool());
        const auto& m = page.matrix();
        QCOMPARE(m.size(), std::size_t(3));
        for (double b : m.interpolated)
            QVERIFY(std::isfinite(b));
        QCOMPARE(page.heatmap()->order(), basinOrder(m.basin));
        QVERIFY(page.heatmap()->title().contains(QString::number(m.basinCount) + " basin"));

        // A long training is cancelled: the job ends as stopped (1000 epochs take
        // minutes; a job deaf to Cancel would end as completed, or at the CTest timeout).
        nlohmann::json pathValues = page.pathPage()->form()->rawValues();
        pathValues["path"] = "bezier";
        pathValues["epochs"] = 1000;
        page.pathPage()->form()->setValues(pathValues);
        QSignalSpy progress(&runner, &JobRunner::jobProgress);
        QVERIFY(page.compute() != 0);
        waitForSignals(progress);  // the training is under way
        QVERIFY(finished.isEmpty());
        page.cancel();
        waitForSignals(finished);
        QCOMPARE(finished.first().first().toBool(), false);
    }

    // `barrier-matrix --figure`: the heatmap as a vector PDF of the paper preset.
    void barrierMatrixCommandWritesAVectorFigure() {
        const QString pdf = outputPath("cli_matrix.pdf");
        QFile::remove(pdf);
        QProcess run;
        run.start(MODESCAPE_EXE, {"barrier-matrix", setFolder_, "--points", "11", "--figure", pdf,
                                  "--preset", "paper"});
        QVERIFY(finishProcess(run));
        QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
        const QString problem = modescape::test::pdfProblems(pdf, QSizeF(252, 189));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void connectCommandWritesTheChartAndTheHeatmap() {
        const QString chartPng = outputPath("cli_path.png");
        QProcess run;
        run.start(MODESCAPE_EXE, {"connect", setFolder_, "g/a.safetensors", "g/c.safetensors",
                                  "--points", "11", "--png", chartPng, "--size", "500x300"});
        QVERIFY(finishProcess(run));
        QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
        QImage chart(chartPng);
        QCOMPARE(chart.size(), QSize(500, 300));
        QVERIFY(topRowOf(chart, PathChart::pathColour(PathKind::Linear)) < chart.height());

        // Issue 15: two paths in one vector figure: every axis name and legend entry
        // is real <text> in the SVG (no picture inside), and the paper PDF embeds its fonts.
        const QString svg = outputPath("cli_paths.svg"), pdf = outputPath("cli_paths_paper.pdf");
        QFile::remove(svg);
        QFile::remove(pdf);
        for (const QStringList& figure :
             {QStringList{"--figure", svg, "--size", "1600x1200"},
              QStringList{"--figure", pdf, "--preset", "paper"},
              QStringList{"--figure", outputPath("cli_paths_paper.png"), "--preset", "paper"}}) {
            run.start(MODESCAPE_EXE,
                      QStringList{"connect", setFolder_, "g/a.safetensors", "g/c.safetensors",
                                  "--path", "linear,bezier", "--epochs", "2", "--points", "11"} +
                          figure);
            QVERIFY(finishProcess(run));
            QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
        }
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        const QByteArray svgText = svgFile.readAll();
        const QString missing = modescape::test::labelsNotSvgText(
            svgText, {"interpolation t", "test loss", "test accuracy", "linear", "bezier", "loss",
                      "accuracy"});
        QVERIFY2(missing.isEmpty(), qPrintable("not <text> in the SVG: " + missing));
        QVERIFY(!svgText.contains("<image"));
        const QString fonts = modescape::test::fontsNotEmbedded(pdf);
        QVERIFY2(fonts.isEmpty(), qPrintable(fonts));
        QCOMPARE(QImage(outputPath("cli_paths_paper.png")).size(), QSize(2100, 1575));

        const QString matrixPng = outputPath("cli_matrix.png");
        run.start(MODESCAPE_EXE,
                  {"connect", setFolder_, "--matrix", "--points", "11", "--png", matrixPng});
        QVERIFY(finishProcess(run));
        QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
        QImage heatmap(matrixPng);
        QCOMPARE(heatmap.size(), QSize(800, 600));

        run.start(MODESCAPE_EXE, {"connect", setFolder_, "g/a.safetensors", "g/c.safetensors",
                                  "--png", chartPng, "--size", "12x12"});
        QVERIFY(finishProcess(run));
        QVERIFY(run.exitCode() != 0);
        QVERIFY(run.readAllStandardError().contains("between 16"));
    }

    // `curve-plane --png --contour`: at the pixel where the painted contour
    // map puts each of four inner grid nodes, the picture has the colour of
    // the band holding the loss the same run printed there (viridis over
    // [loss_min, loss_max], the default style); the layout is that of the same
    // figure painted here (it depends only on the grid and the size).
    void curvePlaneCommandPngColoursEachGridNodeByItsLoss() {
        const QString curve = dir_.filePath("png-curve");
        QProcess run;
        run.start(MODESCAPE_EXE,
                  {"connect", setFolder_, "g/a.safetensors", "g/c.safetensors", "--path", "bezier",
                   "--epochs", "3", "--points", "5", "--save-curve", curve});
        QVERIFY(finishProcess(run));
        QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
        const QString png = outputPath("cli_curve_plane.png");
        const QSize size(400, 300);
        run.start(MODESCAPE_EXE, {"curve-plane", setFolder_, "--curve", curve, "--grid-points", "5",
                                  "--png", png, "--contour", "--size", "400x300", "--json"});
        QVERIFY(finishProcess(run));
        QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());
        const QJsonObject printed = QJsonDocument::fromJson(run.readAllStandardOutput()).object();
        const QImage written(png);
        QCOMPARE(written.size(), size);

        analysis::SetWorkspace workspace(io::openCheckpointSet(setFolder_.toStdString(), {}));
        const analysis::Analysis& planeAnalysis = analysis::curvePlaneAnalysis();
        const auto values = planeAnalysis.complete(
            {{"curve", curve.toStdString()}, {"grid-points", 5}}, &workspace.set());
        const auto outcome =
            std::any_cast<analysis::CurvePlaneOutcome>(planeAnalysis.run(workspace, values, {}));
        // The layout `--size 400x300` gives (curve-plane's screen look is 800x600).
        std::optional<ContourFigure> figure;
        const LandscapeGrid grid = curvePlaneGrid(outcome.plane);
        const ContourOverlay overlay = contourOverlayOf(curvePlanePaths(outcome.plane));
        FigureWriter(resolveFigure(FigureSize::fromPixels(size), {800, 600}))
            .paintImage([&](QPainter& painter, const QRectF& bounds) {
                figure.emplace(painter, bounds, grid, SurfaceStyle(), overlay);
            });
        QVERIFY(figure && figure->drawable());

        for (const int iy : {1, 3})
            for (const int ix : {1, 3}) {
                const double x = printed["xs"].toArray()[ix].toDouble();
                const double y = printed["ys"].toArray()[iy].toDouble();
                const QPointF pixel = figure->map(x, y);
                QVERIFY(written.rect().contains(pixel.toPoint()));
                // The node's band colour (the colour map at the middle of the
                // band its loss falls in). Of the 3 x 3 pixels around it, the
                // one nearest counts (an iso-line or a path may pass by).
                const QColor expected = figure->bandColour(cell(printed, ix, iy));
                int bestDistance = 3 * 255;
                for (int dy = -1; dy <= 1; ++dy)
                    for (int dx = -1; dx <= 1; ++dx)
                        bestDistance = std::min(
                            bestDistance,
                            colourDistance(written.pixelColor(pixel.toPoint() + QPoint(dx, dy)),
                                           expected));
                QVERIFY2(bestDistance <= 6,
                         qPrintable(QString("node (%1, %2) at %3: %4 away from its band's %5")
                                        .arg(ix)
                                        .arg(iy)
                                        .arg(describe(pixel))
                                        .arg(bestDistance)
                                        .arg(expected.name())));
            }
    }
};

int main(int argc, char** argv) {
    modescape::ui::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestConnectivityViews test;
    return QTest::qExec(&test, argc, argv);
}
#include "TestConnectivityViews.moc"

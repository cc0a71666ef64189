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

#include <vtkAxis.h>
#include <vtkChartLegend.h>
#include <vtkChartXY.h>
#include <vtkContext2D.h>
#include <vtkContextScene.h>
#include <vtkPlot.h>
#include <vtkPolyData.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <cmath>

#include "../connectivity/ConnectivityTestSupport.h"
#include "core/analysis/CurvePlaneAnalysis.h"
#include "core/analysis/SetWorkspace.h"
#include "core/connectivity/BarrierMatrix.h"
#include "core/io/set/OpenSet.h"
#include "tests/common/EventWait.h"
#include "tests/common/FigureFileChecks.h"
#include "tests/ui/ViewGeometry.h"
#include "ui/GuiApplication.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/jobs/JobRunner.h"
#include "ui/rendering/Colormaps.h"
#include "ui/rendering/FigureSize.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/OffscreenRender.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/connectivity/BarrierHeatmap.h"
#include "ui/views/connectivity/BarrierHeatmapFigure.h"
#include "ui/views/connectivity/BarrierMatrixPage.h"
#include "ui/views/connectivity/ConnectivityPage.h"
#include "ui/views/connectivity/CurvePlanePage.h"
#include "ui/views/connectivity/CurvePlaneView.h"
#include "ui/views/connectivity/PathChart.h"
#include "ui/views/connectivity/PathPage.h"
#include "ui/views/landscape/SurfaceGeometry.h"

using namespace modescape;
using namespace modescape::ui;
using connectivity::PathKind;
using connectivity::PathResult;
using modescape::test::chartPixel;
using modescape::test::describe;
using modescape::test::finishProcess;
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
        PathChart chart;
        chart.resize(600, 400);
        PathResult partial = bump(PathKind::Polychain, 0.5);
        for (int i = 11; i <= 20; ++i)
            partial.trainLoss[i] = std::nan("");  // still being evaluated
        chart.setPaths({bump(PathKind::Linear, 2.0), bump(PathKind::Bezier, 0.3), partial},
                       PathChart::Split::Test);  // no test values: drawn from training
        // By hand: both ends have loss 0.2, so the straight line between them is 0.2
        // and the largest excess is the peak, at t = 0.5 (a grid point).
        for (const double peak : {2.0, 0.3}) {
            const PathResult path = bump(PathKind::Linear, peak);
            QVERIFY(std::abs(path.trainBarrier.interpolated - peak) < 1e-12);
            QCOMPARE(path.trainBarrier.tAtMax, 0.5);
        }
        QCOMPARE(chart.tables().size(), std::size_t(3));
        QCOMPARE(chart.tables()[0]->GetNumberOfRows(), vtkIdType(21));
        QCOMPARE(chart.tables()[2]->GetNumberOfRows(), vtkIdType(11));
        QCOMPARE(chart.tables()[0]->GetValue(10, 1).ToDouble(), 2.2);  // t = 0.5: 0.2 + 2
        QCOMPARE(chart.chart()->GetNumberOfPlots(), vtkIdType(6));     // loss + accuracy each
        QVERIFY2(chart.title().contains("linear 2.000") && chart.title().contains("bezier 0.300"),
                 qPrintable(chart.title()));

        // Pixels: only the loss lines, no legend; the linear peak is drawn above the Bezier one.
        chart.chart()->SetShowLegend(false);
        for (vtkIdType p = 1; p < chart.chart()->GetNumberOfPlots(); p += 2)
            chart.chart()->GetPlot(p)->SetVisible(false);
        chart.show();
        waitForExposed(chart);
        const QImage image = chart.vtkView()->grabScene(1.0, false);
        const int linearTop = topRowOf(image, PathChart::pathColour(PathKind::Linear));
        const int bezierTop = topRowOf(image, PathChart::pathColour(PathKind::Bezier));
        QVERIFY2(bezierTop < image.height(), "no Bezier line drawn");
        // Loss 2.2 against 0.5 on one axis from ~0.2: far apart on a 400 pixel chart.
        QVERIFY2(linearTop + 100 < bezierTop,
                 qPrintable(QString("linear top %1, bezier top %2").arg(linearTop).arg(bezierTop)));
        // Each peak (t = 0.5, loss 0.2 + peak) is drawn where the axes put that value,
        // and not where the other peak is.
        const std::pair<PathKind, double> peaks[2] = {{PathKind::Linear, 2.2},
                                                      {PathKind::Bezier, 0.5}};
        for (const auto& [kind, loss] : peaks)
            for (const auto& [otherKind, otherLoss] : peaks) {
                const QPointF at = chartPixel(chart.chart(), vtkAxis::BOTTOM, vtkAxis::LEFT, 0.5,
                                              otherLoss, image.height());
                // A 2-pixel antialiased line: its colour lies within 2 pixels of the value.
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

    // Issue 19: the legend goes to the corner with the fewest curve points and
    // covers none of them; the title stands above the plot, not on its edge.
    void pathChartLegendCoversNoCurveAndTitleClearsThePlot() {
        const QSize size(640, 420);
        PathChart chart;
        chart.resize(size);
        // Loss bumps up in the middle, accuracy dips: every corner has curve ends.
        chart.setPaths({bump(PathKind::Linear, 2.0), bump(PathKind::Bezier, 0.3)},
                       PathChart::Split::Test);
        const QImage withLegend = renderViewOffscreen(*chart.vtkView(), size);
        withLegend.save(outputPath("path_chart_legend.png"));
        vtkContext2D* painter = chart.chart()->GetScene()->GetLastPainter();
        QVERIFY(painter);
        // The legend's box as VTK drew it (scene pixels, origin bottom left).
        const vtkRectf r = chart.chart()->GetLegend()->GetBoundingRect(painter);
        const QRectF box(r.GetX(), size.height() - (r.GetY() + r.GetHeight()), r.GetWidth(),
                         r.GetHeight());
        qInfo("legend corner %d, box (%.0f, %.0f) %.0f x %.0f", int(chart.legendCorner()), box.x(),
              box.y(), box.width(), box.height());
        QVERIFY(box.width() > 20 && box.height() > 20);
        QVERIFY(QRectF(0, 0, size.width(), size.height()).contains(box));

        // The same chart without the legend: no curve pixel where the box was.
        chart.chart()->SetShowLegend(false);
        const QImage curves = renderViewOffscreen(*chart.vtkView(), size);
        int curvePixels = 0, covered = 0;
        for (int y = 0; y < curves.height(); ++y)
            for (int x = 0; x < curves.width(); ++x) {
                const QColor c = curves.pixelColor(x, y);
                // Lines are antialiased: a pixel nearer a path's colour than white counts.
                bool curve = false;
                for (const PathKind kind : {PathKind::Linear, PathKind::Bezier})
                    curve = curve || colourDistance(c, PathChart::pathColour(kind)) <
                                         colourDistance(c, QColor(Qt::white));
                curvePixels += curve;
                covered += curve && box.contains(QPointF(x + 0.5, y + 0.5));
            }
        QVERIFY2(curvePixels > 500, qPrintable(QString::number(curvePixels)));
        QVERIFY2(covered == 0,
                 qPrintable(QString("%1 curve pixels under the legend").arg(covered)));

        // The title's ink (dark grey, unlike the coloured curves) lies above the
        // plot area's top edge; the middle half of the width holds no axis.
        const int plotTop = size.height() - chart.chart()->GetPoint2()[1];
        auto ink = [](QColor c) {
            const int hi = std::max({c.red(), c.green(), c.blue()});
            const int lo = std::min({c.red(), c.green(), c.blue()});
            return hi < 110 && hi - lo < 40;
        };
        int lowestTitleRow = -1;
        for (int y = 0; y < plotTop + 12 && y < curves.height(); ++y)
            for (int x = size.width() / 4; x < 3 * size.width() / 4; ++x)
                if (ink(curves.pixelColor(x, y)))
                    lowestTitleRow = y;
        QVERIFY2(lowestTitleRow >= 0 && lowestTitleRow < plotTop - 1,
                 qPrintable(QString("title down to row %1, plot from row %2")
                                .arg(lowestTitleRow)
                                .arg(plotTop)));
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
        const SurfaceMapping mapping(grid, view.currentView()->style());
        auto checkHeights = [&](bool flat) {
            QCOMPARE(view.centreLines().size(), std::size_t(1));
            vtkPolyData* line = view.centreLines()[0];
            QCOMPARE(line->GetNumberOfPoints(), vtkIdType(41));
            double worst = 0.0;
            for (vtkIdType k = 0; k < line->GetNumberOfPoints(); ++k) {
                double p[3];
                line->GetPoint(k, p);
                const double surface = flat ? 0.0 : mapping.height(1.0 + p[0] * p[0] + p[1] * p[1]);
                worst = std::max(worst, std::abs(p[2] - view.tubeRadius() - surface));
            }
            // Bilinear interpolation of x^2 + y^2 on a 0.1 grid: within 0.005 in loss.
            QVERIFY2(worst < 0.005 * mapping.height(3.0) / 2.0 + 1e-12,
                     qPrintable(QString("worst height error %1").arg(worst)));
        };
        checkHeights(false);
        const int actorsWithTube = view.vtkView()->renderer()->GetActors()->GetNumberOfItems();
        view.setMode(CurvePlaneView::Mode::Contour);
        checkHeights(true);
        view.setMode(CurvePlaneView::Mode::Surface);  // back: the tube is not added twice
        QCOMPARE(view.vtkView()->renderer()->GetActors()->GetNumberOfItems(), actorsWithTube);
        const QImage image = view.vtkView()->grabScene(1.0, false);
        QVERIFY(topRowOf(image, Qt::green) < image.height());  // the tube is visible
        // The arc's middle (t = 1/2: (0.5, 0.4), on the surface) is drawn green where
        // the camera puts it; the mirror point (0.5, -0.4), off the arc, is not.
        auto greenAt = [&](const QImage& picture, double x, double y, bool flat) {
            const double surface = flat ? 0.0 : mapping.height(1.0 + x * x + y * y);
            const double world[3] = {x, y, surface + view.tubeRadius()};
            const QPointF at = projectWithCamera(view.vtkView()->renderer(), world);
            const QColor c = picture.pixelColor(at.toPoint());
            return c.green() > 2 * std::max(c.red(), c.blue()) + 40;  // lit green, any shade
        };
        QVERIFY(greenAt(image, 0.5, 0.4, false));
        QVERIFY(!greenAt(image, 0.5, -0.4, false));
        view.setMode(CurvePlaneView::Mode::Contour);
        // No iso-line labels: their boxes are drawn over the map and may sit on
        // the arc's middle (a placement that ignores paths; issue 19, item 8).
        SurfaceStyle unlabelled = view.currentView()->style();
        unlabelled.isolineCount = 0;
        view.setStyle(unlabelled);
        const QImage contour = view.vtkView()->grabScene(1.0, false);
        QVERIFY(greenAt(contour, 0.5, 0.4, true));
        QVERIFY(!greenAt(contour, 0.5, -0.4, true));
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
        QCOMPARE(page.chart()->tables().size(), std::size_t(2));
        QCOMPARE(page.chart()->tables()[1]->GetNumberOfRows(), vtkIdType(21));

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
        page.showView(ConnectivityPage::View::Chart);
        page.exportImage(1.0, false).save(outputPath("page_chart.png"));
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

    // `curve-plane --png --contour`: at the pixel where the camera puts each of
    // four inner grid nodes, the picture has the colour of the loss the same
    // run printed there, on viridis over [loss_min, loss_max] (the view's
    // default style, 12 isolines); the camera is that of the same view drawing
    // the same plane here (it depends only on the grid).
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
        CurvePlaneView view;
        view.resize(size);
        view.setMode(CurvePlaneView::Mode::Contour);
        showCurvePlane(view, outcome.plane);
        view.refreshHidden();
        renderViewOffscreen(*view.vtkView(), size);
        vtkRenderer* renderer = view.vtkView()->renderer();

        const double low = printed["loss_min"].toDouble(), high = printed["loss_max"].toDouble();
        QVERIFY(high > low);
        for (const int iy : {1, 3})
            for (const int ix : {1, 3}) {
                const double world[3] = {printed["xs"].toArray()[ix].toDouble(),
                                         printed["ys"].toArray()[iy].toDouble(), 0.0};
                const double level = (cell(printed, ix, iy) - low) / (high - low);
                const QPointF pixel = projectWithCamera(renderer, world);
                QVERIFY(written.rect().contains(pixel.toPoint()));
                // The contour map is drawn in isolineCount + 1 = 13 bands of
                // equal width, each in one colour of its range: the colour at
                // the node is viridis within 1/13 of its level (+ 0.01 for the
                // 8-bit channels). Of the 3 x 3 pixels around it, the one
                // nearest the colour map (an isoline is 1 pixel wide) counts.
                double bestLevel = -1.0;
                int bestDistance = 3 * 255;
                for (int dy = -1; dy <= 1; ++dy)
                    for (int dx = -1; dx <= 1; ++dx) {
                        const QColor c = written.pixelColor(pixel.toPoint() + QPoint(dx, dy));
                        for (int k = 0; k <= 1000; ++k) {
                            double rgb[3];
                            colormapColor(Colormap::Viridis, k / 1000.0, rgb);
                            const int d = colourDistance(c, rgbColour(rgb));
                            if (d < bestDistance) {
                                bestDistance = d;
                                bestLevel = k / 1000.0;
                            }
                        }
                    }
                QVERIFY2(bestDistance <= 12 && std::abs(bestLevel - level) <= 1.0 / 13 + 0.01,
                         qPrintable(QString("node (%1, %2) at %3: level %4 drawn as %5 (colour "
                                            "distance %6)")
                                        .arg(ix)
                                        .arg(iy)
                                        .arg(describe(pixel))
                                        .arg(level)
                                        .arg(bestLevel)
                                        .arg(bestDistance)));
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

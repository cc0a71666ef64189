// Figures (issues 15 and 19): nice ticks, figure sizes, the FigureWriter's
// text size at two sizes and at print size, and the symmetry panels' axes,
// legends and labels at the smallest preset.

#include <QApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QtTest>

#include <cmath>

#include "core/common/Error.h"
#include "ui/mainwindow/ExportImageDialog.h"
#include "ui/rendering/FigureSize.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/LineChart.h"
#include "ui/rendering/NiceTicks.h"
#include "ui/views/map/MassPanel.h"
#include "ui/views/map/MaxUnitHistogramPanel.h"

using namespace modescape;
using namespace modescape::ui;

namespace {

// True when step is 1, 2, 2.5 or 5 times a power of ten.
bool isNiceStep(double step) {
    const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-12));
    for (double nice : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (std::abs(mantissa - nice) < 1e-9)
            return true;
    return false;
}

// From the first to the last row holding a dark pixel (text ink).
int inkHeight(const QImage& image) {
    int top = image.height(), bottom = -1;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (qGray(image.pixel(x, y)) < 128) {
                top = std::min(top, y);
                bottom = std::max(bottom, y);
                break;
            }
    return bottom - top + 1;
}

// A capital H drawn at the painter's font, as views draw their labels.
void paintH(QPainter& painter, const QRectF& bounds) {
    painter.setPen(Qt::black);
    painter.drawText(bounds, Qt::AlignCenter, QStringLiteral("H"));
}

// A mass panel of three members in two groups whose masses are all >= 100.
void fillMassPanel(MassPanel& panel) {
    symmetry::Histogram1d excess;
    excess.lo = 0.01;
    excess.hi = 0.91;
    excess.counts = {1, 0, 2};
    panel.setMasses({136000, 150000, 120000}, {100000, 148000, 119000}, excess,
                    {"deep-ensemble", "swag", "deep-ensemble"});
}

}  // namespace

class TestFigures : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // Steps 1, 2, 2.5, 5 x 10^k, at most the asked count, covering the data when extended.
    void ticksAreNiceAndBounded() {
        const struct {
            double lo, hi;
        } ranges[] = {{-0.798, 17.2}, {0, 1}, {-46.5, 1001}, {0.0031, 0.0047}, {136000, 151000},
                      {-3, -2.2},     {5, 5}, {1e-7, 3e-7},  {0.5, 0.99}};
        for (const auto& r : ranges)
            for (int count : {2, 3, 5, 8, 12}) {
                const AxisTicks t = niceTicks(r.lo, r.hi, count, true);
                QVERIFY2(isNiceStep(t.step), qPrintable(QString::number(t.step)));
                // Extended across 0 the least is 3 (below, 0, above).
                const int limit = r.lo < 0 && r.hi > 0 ? std::max(count, 3) : count;
                QVERIFY2(int(t.values.size()) <= limit,
                         qPrintable(QString("%1..%2, %3 ticks asked, %4 given")
                                        .arg(r.lo)
                                        .arg(r.hi)
                                        .arg(count)
                                        .arg(t.values.size())));
                QVERIFY(t.values.size() >= 2);
                QVERIFY(t.lo <= std::min(r.lo, r.hi) && t.hi >= std::max(r.lo, r.hi));
                for (double v : t.values)  // multiples of the step (to rounding of v / step)
                    QVERIFY(std::abs(v / t.step - std::round(v / t.step)) < 1e-9);
            }
        // By hand: -0.798..17.2 in at most 5 ticks -> step 5, ticks -5, 0, 5, 10, 15, 20.
        const AxisTicks t = niceTicks(-0.798, 17.2, 6, true);
        QCOMPARE(t.values, (std::vector<double>{-5, 0, 5, 10, 15, 20}));
        QCOMPARE(niceTicks(0, 1, 5, false).values, (std::vector<double>{0, 0.25, 0.5, 0.75, 1}));
        // Two values that agree to 1e-10 (minimal and L2 mass of one member) are a flat
        // range, widened to 0.5..1.5: short labels, not 12-digit ones.
        const AxisTicks agreeing = niceTicks(1.0, 1.0 + 1e-10, 5, true);
        QCOMPARE(agreeing.values, (std::vector<double>{0.5, 0.75, 1, 1.25, 1.5}));
        QCOMPARE(tickLabel(agreeing.values[1], agreeing.step), QString("0.75"));
        // A narrow but real range keeps its own ticks.
        QCOMPARE(niceTicks(1.0, 1.0 + 4e-6, 5, false).values.size(), std::size_t(5));
    }

    // The count follows the axis length: twice the length, about twice the ticks.
    void tickCountFollowsLength() {
        QCOMPARE(tickCountForLength(400, 40), 11);
        QCOMPARE(tickCountForLength(60, 40), 2);
        QCOMPARE(tickCountForLength(10, 40), 2);
        const auto shortAxis = niceTicks(0, 1, tickCountForLength(200, 40), false);
        const auto longAxis = niceTicks(0, 1, tickCountForLength(800, 40), false);
        QVERIFY(longAxis.values.size() > shortAxis.values.size());
        QVERIFY(longAxis.values.size() <= 21);
    }

    void tickLabelsShowTheStepsDecimals() {
        QCOMPARE(tickLabel(0.25, 0.25), QString("0.25"));
        QCOMPARE(tickLabel(2.5, 2.5), QString("2.5"));
        QCOMPARE(tickLabel(136000, 2000), QString("136000"));  // not "1.36e+05"
        QCOMPARE(tickLabel(-1e-17, 0.1), QString("0.0"));      // never "-0"
        QCOMPARE(tickLabel(3e6, 1e6), QString("3e+06"));
        QCOMPARE(tickLabel(15, 5), QString("15"));
    }

    void sizesResolve() {
        // 3.5 in at 600 dpi: 2100 px; 4:3 -> 1575 px; 8 pt text.
        const ResolvedFigure paper =
            resolveFigure(FigureSize::fromPreset(FigurePreset::Paper), QSize(800, 600));
        QCOMPARE(paper.pixels, QSize(2100, 1575));
        QCOMPARE(paper.dpi, 600.0);
        QCOMPARE(paper.fontPoints, 8.0);
        const ResolvedFigure slide =
            resolveFigure(FigureSize::fromPreset(FigurePreset::Slides), QSize(800, 600));
        QCOMPARE(slide.pixels, QSize(1920, 1080));
        // Pixels twice the reference: the screen look at twice the resolution.
        const ResolvedFigure big =
            resolveFigure(FigureSize::fromPixels(QSize(1600, 1200)), QSize(800, 600));
        QCOMPARE(big.dpi, 192.0);
        // A width only: the height follows the view's aspect.
        const ResolvedFigure wide = resolveFigure(
            FigureSize::fromInches(parseLengthInches("8.89cm", 300), 0, 300), QSize(1100, 600));
        QCOMPARE(wide.pixels, QSize(1050, 573));  // 3.5 in x 300; 1050 x 6 / 11 = 572.7
        QCOMPARE(parseLengthInches("252pt", 300), 3.5);
        QCOMPARE(parseLengthInches("600px", 300), 2.0);
        QCOMPARE(parseFontPoints("8pt"), 8.0);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, parseLengthInches("3.5 furlongs", 300));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, parseLengthInches("-2in", 300));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, figureFormatOf("figure.jpg"));
        QCOMPARE(figureFormatOf("a/B.PDF"), FigureFormat::Pdf);
    }

    // File > Export asks for the same sizes as the command line.
    void exportDialogGivesTheSizeAsked() {
        ExportImageDialog dialog;
        const QSize view(500, 400);
        QCOMPARE(dialog.figureSize(view).pixels, QSize(1000, 800));  // scale 2 by default
        dialog.choosePreset("paper");
        const ResolvedFigure paper = resolveFigure(dialog.figureSize(view), view);
        QCOMPARE(paper.pixels.width(), 2100);  // 3.5 in at the preset's 600 dpi
        QCOMPARE(paper.fontPoints, 8.0);
        dialog.chooseCustomSize(89, 60, "mm", 300);
        const FigureSize custom = dialog.figureSize(view);
        QVERIFY(std::abs(custom.widthInches - 89 / 25.4) < 1e-12);
        QVERIFY(std::abs(custom.heightInches - 60 / 25.4) < 1e-12);
        QCOMPARE(custom.dpi, 300.0);
        dialog.chooseCustomSize(640, 480, "px", 300);
        QCOMPARE(dialog.figureSize(view).pixels, QSize(640, 480));
    }

    // Text grows with the figure: an H at 1600x1200 is twice as high as at 800x600.
    void textScalesWithTheFigure() {
        const QSize reference(800, 600);
        const QImage small =
            FigureWriter(resolveFigure(FigureSize::fromPixels(reference), reference))
                .paintImage(paintH);
        const QImage large =
            FigureWriter(resolveFigure(FigureSize::fromPixels(QSize(1600, 1200)), reference))
                .paintImage(paintH);
        const int h1 = inkHeight(small), h2 = inkHeight(large);
        QVERIFY2(h1 >= 6, qPrintable(QString::number(h1)));
        // Each glyph edge rounds to a pixel at both sizes: +-1 px.
        QVERIFY2(std::abs(h2 - 2 * h1) <= 1, qPrintable(QString("%1 and %2 px").arg(h1).arg(h2)));
    }

    // A 3.5 in figure at 600 dpi has 8 pt text: an H as high as 8 pt's cap height at 600 dpi.
    void printSizeTextHasItsPointSize() {
        const FigureWriter writer(
            resolveFigure(FigureSize::fromPreset(FigurePreset::Paper), QSize(800, 600)));
        double pointSize = 0, capHeight = 0;
        const QImage image = writer.paintImage([&](QPainter& painter, const QRectF& bounds) {
            pointSize = painter.font().pointSizeF();
            capHeight = QFontMetricsF(painter.font(), painter.device()).capHeight();
            paintH(painter, bounds);
        });
        QCOMPARE(pointSize, 8.0);
        QCOMPARE(image.logicalDpiY(), 600);
        // 8 pt at 600 dpi is 66.7 px; a cap height is about 0.7 of it.
        QVERIFY2(capHeight > 40 && capHeight < 55, qPrintable(QString::number(capHeight)));
        QVERIFY2(std::abs(inkHeight(image) - capHeight) <= 1.5,  // edge rounding, both ends
                 qPrintable(QString("%1 vs %2").arg(inkHeight(image)).arg(capHeight)));
    }

    // Masses >= 0 start the axes at 0 or above (not at -46.5); ticks nice; the legend
    // lies outside the plot area, so it covers no point.
    void massPanelAxesAndLegend() {
        MassPanel panel;
        fillMassPanel(panel);
        QImage image(QSize(360, 400), QImage::Format_ARGB32_Premultiplied);
        QPainter painter(&image);
        const PlotFrame frame = panel.scatterFrame(painter, QRectF(0, 0, 360, 400));
        QVERIFY(frame.range().x0 >= 0 && frame.range().y0 >= 0);
        QVERIFY(isNiceStep(frame.xTicks().step) && isNiceStep(frame.yTicks().step));
        for (const QString& label : {tickLabel(frame.yTicks().values.back(), frame.yTicks().step)})
            QVERIFY2(!label.contains('e'), qPrintable(label));
        QVERIFY(!frame.legendArea().isEmpty());
        QVERIFY(!frame.legendArea().intersects(frame.plotArea()));
        for (std::size_t i = 0; i < panel.masses().size(); ++i) {
            const QPointF p = frame.map(panel.minimalMasses()[i], panel.masses()[i]);
            QVERIFY(frame.plotArea().contains(p));
            QVERIFY(!frame.legendArea().contains(p));
        }
    }

    // At the smallest preset (one paper column), a third of the width per panel: every
    // tick label, axis name, title and legend entry lies inside its panel.
    void noLabelClippedAtTheSmallestPreset() {
        const FigureWriter writer(
            resolveFigure(FigureSize::fromPreset(FigurePreset::Paper), QSize(1100, 600)));
        MassPanel mass;
        fillMassPanel(mass);
        MaxUnitHistogramPanel units;
        symmetry::GroupIndexHistogram h;
        h.groups = {"deep-ensemble", "swag"};
        h.units = 12;
        h.counts = {std::vector<std::int64_t>(12, 3), std::vector<std::int64_t>(12, 1)};
        units.setHistogram(h, "Largest weight of 0.weight, raw");
        int checked = 0;
        writer.paintImage([&](QPainter& painter, const QRectF& bounds) {
            const QRectF third(bounds.topLeft(), QSizeF(bounds.width() / 3, bounds.height()));
            const QRectF half(bounds.topLeft(), QSizeF(bounds.width() / 3, bounds.height() / 2));
            for (const auto& [frame, panel] : {std::pair{mass.scatterFrame(painter, third), third},
                                               std::pair{mass.excessFrame(painter, third), third},
                                               std::pair{units.frame(painter, half), half}}) {
                QVERIFY(frame.plotArea().width() > 1 && frame.plotArea().height() > 1);
                for (const QRectF& text : frame.textRects()) {
                    // Rounding of glyph extents: a quarter pixel.
                    QVERIFY2(panel.adjusted(-0.25, -0.25, 0.25, 0.25).contains(text),
                             qPrintable(QString("text at (%1, %2) %3 x %4 outside the panel")
                                            .arg(text.x())
                                            .arg(text.y())
                                            .arg(text.width())
                                            .arg(text.height())));
                    ++checked;
                }
                for (double v : frame.xTicks().values)
                    QVERIFY(v == std::round(v) || !frame.xTicks().values.empty());
            }
        });
        QVERIFY(checked > 15);
    }

    // A line chart in a third of a paper column: its legend (long names) cannot
    // stand beside the plot, so its entries flow in rows above it, inside the
    // figure, clear of the plot and of every curve; the right axis's labels too.
    void narrowLineChartPutsItsLegendInRowsAbove() {
        LineChartData data;
        data.xName = "interpolation t";
        data.yName = "test loss";
        data.rightName = "test accuracy";
        data.rightUnitInterval = true;
        ChartSeries loss{"a long path name", Qt::blue,       ChartSeries::Style::Line, false, false,
                         {0, 0.5, 1},        {0.2, 2.2, 0.2}};
        ChartSeries accuracy{"another long path name",
                             Qt::red,
                             ChartSeries::Style::DashedLine,
                             true,
                             false,
                             {0, 0.5, 1},
                             {0.9, 0.7, 0.9}};
        data.series = {loss, accuracy};
        data.extraLegend = {{"loss", {Qt::black, LegendMark::Kind::Line}}};
        const FigureWriter writer(
            resolveFigure(FigureSize::fromPreset(FigurePreset::Paper), QSize(800, 600)));
        writer.paintImage([&](QPainter& painter, const QRectF& bounds) {
            const QRectF third(bounds.topLeft(), QSizeF(bounds.width() / 3, bounds.height()));
            const PlotFrame frame = lineChartFrame(painter, third, data);
            const QRectF legend = frame.legendArea();
            QVERIFY(!legend.isEmpty());
            QVERIFY(legend.bottom() <= frame.plotArea().top());  // above the plot
            QVERIFY(!legend.intersects(frame.plotArea()));
            QVERIFY(third.contains(legend));
            QVERIFY(frame.rightTicks().lo >= 0 && frame.rightTicks().hi <= 1);
            // Legend entries: three, in fewer rows than entries or each on its own.
            const std::size_t first = frame.xTicks().values.size() + frame.yTicks().values.size();
            for (std::size_t k = first; k < first + 3; ++k)
                QVERIFY(legend.adjusted(-0.25, -0.25, 0.25, 0.25).contains(frame.textRects()[k]));
            for (const QRectF& text : frame.textRects())
                QVERIFY2(third.adjusted(-0.25, -0.25, 0.25, 0.25).contains(text),
                         qPrintable(QString("text at (%1, %2) %3 x %4 outside")
                                        .arg(text.x())
                                        .arg(text.y())
                                        .arg(text.width())
                                        .arg(text.height())));
            for (const QPolygonF& curve : chartPoints(frame, data))
                for (const QPointF& p : curve)
                    QVERIFY(!legend.contains(p) &&
                            frame.plotArea().adjusted(-1, -1, 1, 1).contains(p));
        });
    }
};

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    TestFigures test;
    return QTest::qExec(&test, argc, argv);
}

#include "TestFigures.moc"

// The reliability diagram renders a known bin table: accuracy bars as high as
// the table says, red gap bars between accuracy and confidence, no bar for an
// empty bin, histogram bars of each bin's share of the samples, lines at the
// mean accuracy and confidence. Pixels are read from the painted figure at the
// places its frames (ReliabilityFrames) map the values to. Also: nice ticks,
// text in points at the figure's DPI, legends beside the data, and true
// vector SVG / PDF files.
#include <QPainter>
#include <QtTest>

#include <optional>

#include "core/calibration/Binning.h"
#include "tests/common/FigureFileChecks.h"
#include "ui/GuiApplication.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/views/calibration/ReliabilityDiagramImage.h"
#include "ui/views/calibration/ReliabilityDiagramScene.h"

using modescape::calibration::BinningStrategy;
using modescape::calibration::ReliabilityTable;
using modescape::ui::PlotFrame;
using modescape::ui::ReliabilityDiagramScene;
using modescape::ui::ReliabilityFrames;

namespace {

QColor colour(const double rgb[3]) {
    return QColor::fromRgbF(float(rgb[0]), float(rgb[1]), float(rgb[2]));
}

bool near(QColor a, QColor b, int tolerance = 4) {
    return std::abs(a.red() - b.red()) <= tolerance &&
           std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

// True when step is 1, 2, 2.5 or 5 times a power of ten.
bool isNiceStep(double step) {
    const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-12));
    for (double nice : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (std::abs(mantissa - nice) < 1e-9)
            return true;
    return false;
}

// Four non-empty bins out of five (the first is empty), worked by hand:
// ECE = (10 * .2 + 20 * 0 + 30 * .2 + 40 * .3) / 100 = .20,
// mean confidence = (3 + 10 + 21 + 36) / 100 = .70, mean accuracy = (1 + 10 + 27 + 24) / 100 = .62.
ReliabilityTable knownTable() {
    ReliabilityTable t;
    t.strategy = BinningStrategy::EqualWidth;
    t.binCount = 5;
    t.bins = {{0.2, 0.4, 10, 0.3, 0.1},
              {0.4, 0.6, 20, 0.5, 0.5},
              {0.6, 0.8, 30, 0.7, 0.9},
              {0.8, 1.0, 40, 0.9, 0.6}};
    t.ece = 0.20;
    t.mce = 0.30;
    t.meanConfidence = 0.70;
    t.meanAccuracy = 0.62;
    return t;
}

QPoint pixelOf(const PlotFrame& frame, double x, double y) {
    const QPointF p = frame.map(x, y);
    return {int(p.x()), int(p.y())};
}

}  // namespace

class TestReliabilityDiagram : public QObject {
    Q_OBJECT
  private:
    const QSize size{800, 640};
    QImage image;
    std::optional<ReliabilityFrames> frames;

    QColor at(const PlotFrame& frame, double u, double v) const {
        return image.pixelColor(pixelOf(frame, u, v));
    }
    // True when a pixel within `radius` columns of (u, v) has the colour (thin lines).
    bool colourNear(const PlotFrame& frame, double u, double v, QColor wanted,
                    int radius = 2) const {
        const QPoint p = pixelOf(frame, u, v);
        for (int dx = -radius; dx <= radius; ++dx)
            if (near(image.pixelColor(p.x() + dx, p.y()), wanted))
                return true;
        return false;
    }

  private Q_SLOTS:
    void initTestCase() {
        image = modescape::ui::renderReliabilityDiagram({knownTable(), "hand-made table"}, size);
        frames = modescape::ui::reliabilityFramesAt({knownTable(), "hand-made table"}, size);
        QCOMPARE(image.size(), size);
        image.save(QString(MODESCAPE_TEST_OUTPUT_DIR) + "/reliability-diagram.png");
    }

    void eceTextIsThePercentage() {
        QCOMPARE(ReliabilityDiagramScene::eceText(knownTable()), std::string("ECE = 20.00%"));
        ReliabilityTable adaptive = knownTable();
        adaptive.strategy = BinningStrategy::EqualMass;
        adaptive.ece = 0.0312;
        QCOMPARE(ReliabilityDiagramScene::eceText(adaptive), std::string("Adaptive ECE = 3.12%"));
    }

    void accuracyBarsHaveTheTableHeights() {
        const PlotFrame& d = frames->diagram;
        const QColor blue = colour(ReliabilityDiagramScene::kAccuracyColour);
        const QColor white(255, 255, 255);
        // Bin (.4, .6]: accuracy .5 = confidence .5, so no gap: blue below, white above.
        QVERIFY2(near(at(d, 0.5, 0.47), blue), qPrintable(at(d, 0.5, 0.47).name()));
        QVERIFY2(near(at(d, 0.45, 0.56), white), qPrintable(at(d, 0.45, 0.56).name()));
        // Bin (.8, 1]: accuracy .6.
        QVERIFY(near(at(d, 0.9, 0.57), blue));
        QVERIFY(near(at(d, 0.9, 0.3), blue));
        // The empty bin (0, .2] has no bar.
        QVERIFY2(near(at(d, 0.1, 0.03), white), qPrintable(at(d, 0.1, 0.03).name()));
        QVERIFY(near(at(d, 0.15, 0.5), white));
    }

    // Issue 23: a bar's edges lie on the rows of its values, to the pixel: in the
    // column of bin (.8, 1], blue starts at accuracy .6 and red ends at confidence .9
    // (at u = .85, where the diagonal crosses the red bar, not its edges).
    void barEdgesAreOnTheRowsOfTheirValues() {
        const PlotFrame& d = frames->diagram;
        const QColor blue = colour(ReliabilityDiagramScene::kAccuracyColour);
        const QColor red = colour(ReliabilityDiagramScene::kGapColour);
        const int x = pixelOf(d, 0.85, 0.0).x();
        int firstRed = -1, firstBlue = -1;  // scanning down from the diagram's top
        for (int y = pixelOf(d, 0.85, 1.0).y(); y < pixelOf(d, 0.85, 0.0).y(); ++y) {
            if (firstRed < 0 && near(image.pixelColor(x, y), red))
                firstRed = y;
            if (firstBlue < 0 && near(image.pixelColor(x, y), blue))
                firstBlue = y;
        }
        // An edge at a fractional row is antialiased over its two neighbours, and
        // the bar's 0.5 pt outline (0.7 px here) lies on the blue edge.
        const double confidenceRow = d.map(0.85, 0.9).y();
        const double accuracyRow = d.map(0.85, 0.6).y();
        QVERIFY2(
            std::abs(firstRed - confidenceRow) <= 1.0,
            qPrintable(
                QString("red from row %1, confidence .9 at %2").arg(firstRed).arg(confidenceRow)));
        QVERIFY2(
            std::abs(firstBlue - accuracyRow) <= 1.5,
            qPrintable(
                QString("blue from row %1, accuracy .6 at %2").arg(firstBlue).arg(accuracyRow)));
    }

    // Issue 19: ticks at nice values, as many as the axis length holds, marked under
    // the confidence axis at their columns and nowhere half-way between.
    void axisTicksAreNiceAndAtTheirValues() {
        const PlotFrame& d = frames->diagram;
        for (const PlotFrame* frame : {&frames->diagram, &frames->histogram}) {
            QVERIFY(isNiceStep(frame->xTicks().step) && isNiceStep(frame->yTicks().step));
            QVERIFY(frame->xTicks().values.size() >= 3 && frame->yTicks().values.size() >= 3);
        }
        // The whole 0..1 confidence range, both ends labelled.
        QCOMPARE(d.xTicks().values.front(), 0.0);
        QCOMPARE(d.xTicks().values.back(), 1.0);
        // 2 px below the frame, on the 3 pt (4 px) tick marks.
        const int y = int(d.plotArea().bottom()) + 2;
        auto darkNear = [&](double u) {
            const int x = int(d.map(u, 0).x());
            for (int dx = -1; dx <= 1; ++dx)  // a 1-pixel line at a fractional column
                if (image.pixelColor(x + dx, y).lightness() < 160)
                    return true;
            return false;
        };
        const auto& ticks = d.xTicks().values;
        for (std::size_t k = 0; k < ticks.size(); ++k) {
            QVERIFY2(darkNear(ticks[k]), qPrintable(QString("no tick at %1").arg(ticks[k])));
            if (k + 1 < ticks.size())
                QVERIFY2(!darkNear((ticks[k] + ticks[k + 1]) / 2),
                         qPrintable(QString("a tick after %1").arg(ticks[k])));
        }
    }

    void redGapBarsSpanAccuracyToConfidence() {
        const PlotFrame& d = frames->diagram;
        const QColor red = colour(ReliabilityDiagramScene::kGapColour);
        const QColor blue = colour(ReliabilityDiagramScene::kAccuracyColour);
        const QColor white(255, 255, 255);
        // Overconfident bin (.8, 1]: red from .6 up to .9, white above.
        QVERIFY2(near(at(d, 0.9, 0.63), red), qPrintable(at(d, 0.9, 0.63).name()));
        QVERIFY(near(at(d, 0.9, 0.87), red));
        QVERIFY(near(at(d, 0.93, 0.95), white));
        // Underconfident bin (.6, .8]: blue up to .7, red from .7 to the accuracy .9.
        QVERIFY(near(at(d, 0.7, 0.67), blue));
        QVERIFY(near(at(d, 0.7, 0.73), red));
        QVERIFY(near(at(d, 0.7, 0.87), red));
        QVERIFY(near(at(d, 0.66, 0.95), white));
        // Bin (.2, .4]: accuracy .1, confidence .3.
        QVERIFY(near(at(d, 0.3, 0.07), blue));
        QVERIFY(near(at(d, 0.3, 0.2), red));
        QVERIFY(near(at(d, 0.33, 0.4), white));
    }

    // Bars of each bin's sample count: 10, 20, 30 and 40.
    void histogramBarsAreTheBinsCounts() {
        const PlotFrame& h = frames->histogram;
        const QColor grey = colour(ReliabilityDiagramScene::kHistogramColour);
        const QColor white(255, 255, 255);
        QVERIFY(h.range().y1 >= 40.0 && h.range().y0 == 0.0);
        QVERIFY2(near(at(h, 0.5, 18), grey), qPrintable(at(h, 0.5, 18).name()));
        QVERIFY(near(at(h, 0.5, 22), white));
        QVERIFY(near(at(h, 0.75, 28), grey));
        QVERIFY(near(at(h, 0.75, 32), white));
        QVERIFY(near(at(h, 0.9, 38), grey));
        QVERIFY(near(at(h, 0.1, 2), white));
    }

    void meanLinesAtAccuracyAndConfidence() {
        const PlotFrame& h = frames->histogram;
        // Above the bars of bin (.6, .8] (30%), the lines stand alone.
        const double v = 35;
        QVERIFY(colourNear(h, 0.62, v, colour(ReliabilityDiagramScene::kMeanAccuracyColour)));
        QVERIFY(colourNear(h, 0.70, v, colour(ReliabilityDiagramScene::kMeanConfidenceColour)));
        QVERIFY(!colourNear(h, 0.66, v, colour(ReliabilityDiagramScene::kMeanAccuracyColour)));
    }

    // Both legends (the ECE and the colours; the means) lie beside the data: their
    // boxes meet neither plot area, and ink is drawn in them.
    void legendsLieOutsideTheData() {
        for (const PlotFrame* frame : {&frames->diagram, &frames->histogram}) {
            const QRectF legend = frame->legendArea();
            QVERIFY(!legend.isEmpty());
            for (const PlotFrame* other : {&frames->diagram, &frames->histogram})
                QVERIFY2(!legend.intersects(other->plotArea()),
                         qPrintable(QString("legend at (%1, %2) %3 x %4")
                                        .arg(legend.x())
                                        .arg(legend.y())
                                        .arg(legend.width())
                                        .arg(legend.height())));
            QVERIFY(modescape::test::inkHeight(image, legend.toAlignedRect()) > 5);
        }
        // The two plot areas line up, so confidence is at the same column in both.
        QCOMPARE(frames->diagram.plotArea().left(), frames->histogram.plotArea().left());
        QCOMPARE(frames->diagram.plotArea().right(), frames->histogram.plotArea().right());
    }

    // Issue 19: text is in points at the figure's DPI. The top y tick label ("1.0":
    // digits, as high as capitals) is a cap height high: 9 pt at 96 dpi, twice as
    // high at 192 dpi (1600 x 1280), and the ticks stay the same.
    void textHeightIsPointsAtTheDpi() {
        using namespace modescape::ui;
        const ReliabilityDiagramData data{knownTable(), "hand-made table"};
        int ink[2] = {0, 0};
        double capHeight[2] = {0, 0};
        std::vector<double> ticks[2];
        for (int k = 0; k < 2; ++k) {
            const ResolvedFigure figure =
                resolveFigure(FigureSize::fromPixels(kReliabilityReferenceSize * (k + 1)),
                              kReliabilityReferenceSize);
            QCOMPARE(figure.dpi, 96.0 * (k + 1));
            const ReliabilityFrames f = reliabilityFramesAt(data, figure);
            const QImage picture =
                FigureWriter(figure).paintImage([&](QPainter& painter, const QRectF& bounds) {
                    ReliabilityDiagramScene scene;
                    scene.setData(data);
                    scene.paint(painter, bounds);
                    capHeight[k] = QFontMetricsF(painter.font(), painter.device()).capHeight();
                });
            // The frame's texts: the x tick labels, then the y tick labels bottom up.
            const std::size_t top =
                f.diagram.xTicks().values.size() + f.diagram.yTicks().values.size() - 1;
            QCOMPARE(f.diagram.yTicks().values.back(), 1.0);
            ink[k] =
                modescape::test::inkHeight(picture, f.diagram.textRects()[top].toAlignedRect());
            ticks[k] = f.diagram.yTicks().values;
        }
        // 9 pt at 96 dpi is 12 px; a cap height is 0.65 to 0.8 of the size in common fonts.
        QVERIFY2(capHeight[0] > 0.65 * 12 && capHeight[0] < 0.8 * 12,
                 qPrintable(QString::number(capHeight[0])));
        QVERIFY2(std::abs(capHeight[1] - 2 * capHeight[0]) < 0.5,
                 qPrintable(QString::number(capHeight[1])));
        // The ink is the cap height to a pixel of rounding at each edge.
        for (int k = 0; k < 2; ++k)
            QVERIFY2(
                std::abs(ink[k] - capHeight[k]) <= 2.0,
                qPrintable(QString("ink %1 px, cap height %2 px").arg(ink[k]).arg(capHeight[k])));
        QCOMPARE(ticks[0], ticks[1]);
    }

    // Issue 21: with the report's curves, a risk-coverage chart sits right of
    // the diagram and the smoothed reliability curve over it; bootstrap bands
    // are whiskers at the bins' centres. The risk curve here is flat at .25
    // up to coverage .5 and rises straight to .5 at coverage 1; the smooth
    // curve is accuracy = confidence - .1 wherever there is density.
    void riskCoverageSmoothCurveAndBands() {
        using namespace modescape::ui;
        using modescape::calibration::CalibrationCurves;
        ReliabilityDiagramData data{knownTable(), "curves"};
        CalibrationCurves curves;
        for (int i = 0; i <= 100; ++i) {
            const double c = i / 100.0;
            curves.riskCoverage.coverage.push_back(c);
            curves.riskCoverage.risk.push_back(c <= 0.5 ? 0.25 : 0.25 + (c - 0.5) * 0.5);
            curves.smooth.confidence.push_back(c);
            curves.smooth.accuracy.push_back(c - 0.1);
            curves.smooth.density.push_back(c >= 0.3 ? 1.0 : 0.0);
        }
        curves.smooth.sigma = 0.05;
        data.curves = curves;
        data.aurc = 0.28;
        data.smoothEce = 0.1;
        data.table.bins[2].accuracyLower = 0.8;  // bin (.6, .8], accuracy .9
        data.table.bins[2].accuracyUpper = 0.95;
        const QImage picture = renderReliabilityDiagram(data, size);
        const ReliabilityFrames f = reliabilityFramesAt(data, size);
        QVERIFY(f.riskCoverage.has_value());
        const PlotFrame& rc = *f.riskCoverage;
        QVERIFY(rc.plotArea().left() > f.diagram.plotArea().right());
        // The risk line passes where the data puts it, within a pixel or two.
        const auto lineNear = [&](const PlotFrame& frame, double x, double y, const double rgb[3]) {
            const QPoint p = pixelOf(frame, x, y);
            for (int dy = -2; dy <= 2; ++dy)
                if (near(picture.pixelColor(p.x(), p.y() + dy), colour(rgb), 40))
                    return true;
            return false;
        };
        const std::pair<double, double> onTheLine[] = {
            {0.2, 0.25}, {0.4, 0.25}, {0.75, 0.375}, {0.9, 0.45}};
        for (const auto& [x, y] : onTheLine)
            QVERIFY2(lineNear(rc, x, y, ReliabilityDiagramScene::kRiskColour),
                     qPrintable(QString("no risk line at coverage %1").arg(x)));
        // And nowhere near risk .1 (the curve never goes there).
        QVERIFY(!lineNear(rc, 0.4, 0.1, ReliabilityDiagramScene::kRiskColour));
        // The smooth curve at (.45, .35), drawn from .3 up; none at .15.
        QVERIFY(lineNear(f.diagram, 0.45, 0.35, ReliabilityDiagramScene::kSmoothColour));
        QVERIFY(!lineNear(f.diagram, 0.15, 0.05, ReliabilityDiagramScene::kSmoothColour));
        // The band of bin (.6, .8] at confidence .7 from .8 to .95 (above the bar at .9 too).
        QVERIFY(lineNear(f.diagram, 0.7, 0.93, ReliabilityDiagramScene::kBandColour));
        QVERIFY(!lineNear(f.diagram, 0.7, 0.98, ReliabilityDiagramScene::kBandColour));
        // Without curves the layout is the old one: no risk-coverage frame.
        QVERIFY(!reliabilityFramesAt({knownTable(), ""}, size).riskCoverage.has_value());
    }

    void requestedSizeAndTransparency() {
        const modescape::ui::ReliabilityDiagramData data{knownTable(), ""};
        const QImage small = modescape::ui::renderReliabilityDiagram(data, QSize(333, 271), true);
        QCOMPARE(small.size(), QSize(333, 271));
        QCOMPARE(small.pixelColor(2, 2).alpha(), 0);
        const ReliabilityFrames f = modescape::ui::reliabilityFramesAt(data, QSize(333, 271));
        QCOMPARE(small.pixelColor(pixelOf(f.diagram, 0.9, 0.3)).alpha(), 255);
    }

    // Issue 19: equal-mass bins of a two-class task, whose edges are known by
    // hand: the sorted confidences .5 .55 | .6 .7 | .8 .9 | .95 1 make 4 bins of
    // 2 spanning [.5, .55], [.6, .7], [.8, .9], [.95, 1]. Each bar's left and
    // right pixel edges are where the axis maps its bin's edges (within a
    // pixel: edges on fractional columns are antialiased), nothing is drawn
    // left of .5, and the legend lies beside the plot area.
    void adaptiveBarsSpanTheirBinsConfidences() {
        const std::vector<double> confidence = {0.9, 0.5, 1.0, 0.6, 0.8, 0.55, 0.95, 0.7};
        const std::vector<std::uint8_t> correct = {0, 1, 1, 1, 1, 0, 1, 1};
        const ReliabilityTable table = modescape::calibration::reliabilityTable(
            confidence, correct, 4, BinningStrategy::EqualMass);
        const double edges[4][2] = {{0.5, 0.55}, {0.6, 0.7}, {0.8, 0.9}, {0.95, 1.0}};
        QCOMPARE(table.bins.size(), std::size_t(4));
        for (std::size_t b = 0; b < 4; ++b) {
            QCOMPARE(table.bins[b].lower, edges[b][0]);
            QCOMPARE(table.bins[b].upper, edges[b][1]);
        }
        for (const QSize shape : {QSize(800, 640), QSize(640, 520)}) {
            const modescape::ui::ReliabilityDiagramData data{table, "two classes"};
            const QImage picture = modescape::ui::renderReliabilityDiagram(data, shape);
            const PlotFrame box = modescape::ui::reliabilityFramesAt(data, shape).diagram;
            // Every bar is at least .5 high: at height .1 each is crossed by this row.
            const int row = pixelOf(box, 0, 0.1).y();
            auto drawn = [&](int x) { return picture.pixelColor(x, row).lightness() < 235; };
            std::vector<std::pair<int, int>> runs;  // [first, last] non-white pixels
            const int from = pixelOf(box, 0.25, 0).x();
            const int to = int(std::ceil(box.map(1.0, 0).x())) + 1;
            for (int x = from; x <= to; ++x) {
                if (!drawn(x))
                    continue;
                if (runs.empty() || runs.back().second != x - 1)
                    runs.push_back({x, x});
                else
                    runs.back().second = x;
            }
            QVERIFY2(runs.size() == 4, qPrintable(QString("%1 runs").arg(runs.size())));
            for (std::size_t b = 0; b < 4; ++b) {
                const double left = box.map(edges[b][0], 0).x();
                const double right = box.map(edges[b][1], 0).x();
                qInfo("bin %zu: pixels %d..%d, axis %.1f..%.1f", b, runs[b].first, runs[b].second,
                      left, right);
                // Pixel i covers [i, i + 1): its centre is within a pixel of the edge.
                QVERIFY(std::abs(runs[b].first + 0.5 - left) <= 1.0);
                QVERIFY(std::abs(runs[b].second + 0.5 - right) <= 1.0);
            }
            QVERIFY(!box.legendArea().isEmpty());
            QVERIFY(!box.legendArea().intersects(box.plotArea()));
        }
    }

    // A true vector file: the axis names, legend entries and title are <text> in
    // the SVG (a double column), no raster image; the PDF has the paper preset's
    // page and its fonts embedded.
    void svgAndPdfAreVectorsWithRealText() {
        using namespace modescape::ui;
        const ReliabilityDiagramData data{knownTable(), "hand-made table"};
        const QString out = QString(MODESCAPE_TEST_OUTPUT_DIR) + "/";
        const ResolvedFigure paper =
            resolveFigure(FigureSize::fromPreset(FigurePreset::Paper), kReliabilityReferenceSize);
        const ResolvedFigure wide = resolveFigure(FigureSize::fromPreset(FigurePreset::PaperWide),
                                                  kReliabilityReferenceSize);
        writeReliabilityDiagramFigure(data, out + "reliability.svg", wide);
        writeReliabilityDiagramFigure(data, out + "reliability.pdf", paper);
        writeReliabilityDiagramFigure(data, out + "reliability-paper.png", paper);
        const QString svg = modescape::test::svgTextProblems(
            out + "reliability.svg", {"confidence", "accuracy", "samples", "gap",
                                      "ECE = 20.00% - hand-made table (5 equal-width bins)"});
        QVERIFY2(svg.isEmpty(), qPrintable(svg));
        const QString pdf = modescape::test::pdfProblems(out + "reliability.pdf",
                                                         QSizeF(252, 189));  // 3.5 x 2.625 in
        QVERIFY2(pdf.isEmpty(), qPrintable(pdf));
        QCOMPARE(QImage(out + "reliability-paper.png").size(), QSize(2100, 1575));
    }

    // At the smallest preset (one paper column, 8 pt at 600 dpi) every text of both
    // charts lies inside the figure.
    void noLabelClippedAtThePaperPreset() {
        using namespace modescape::ui;
        const ResolvedFigure paper =
            resolveFigure(FigureSize::fromPreset(FigurePreset::Paper), kReliabilityReferenceSize);
        const ReliabilityFrames f =
            reliabilityFramesAt({knownTable(), "selection BMA (10 members)"}, paper);
        const QRectF inside(QPointF(0, 0), QSizeF(paper.pixels));
        int checked = 0;
        for (const PlotFrame* frame : {&f.diagram, &f.histogram}) {
            QVERIFY(frame->plotArea().width() > 100 && frame->plotArea().height() > 100);
            for (const QRectF& text : frame->textRects()) {
                // Rounding of glyph extents: a quarter pixel.
                QVERIFY2(inside.adjusted(-0.25, -0.25, 0.25, 0.25).contains(text),
                         qPrintable(QString("text at (%1, %2) %3 x %4")
                                        .arg(text.x())
                                        .arg(text.y())
                                        .arg(text.width())
                                        .arg(text.height())));
                ++checked;
            }
        }
        QVERIFY(checked > 12);
    }

    void emptyTableRendersAxesOnly() {
        const QImage empty =
            modescape::ui::renderReliabilityDiagram({ReliabilityTable{}, ""}, QSize(400, 320));
        const QColor blue = colour(ReliabilityDiagramScene::kAccuracyColour);
        int blues = 0;
        for (int y = 0; y < empty.height(); y += 2)
            for (int x = 0; x < empty.width(); x += 2)
                if (near(empty.pixelColor(x, y), blue))
                    ++blues;
        QCOMPARE(blues, 0);
    }
};

int main(int argc, char** argv) {
    modescape::ui::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestReliabilityDiagram test;
    return QTest::qExec(&test, argc, argv);
}
#include "TestReliabilityDiagram.moc"

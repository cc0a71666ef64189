// The reliability diagram renders a known bin table: accuracy bars as high as
// the table says, red gap bars between accuracy and confidence, no bar for an
// empty bin, histogram bars scaled to the fullest bin, lines at the mean
// accuracy and confidence. Pixels are read from an offscreen render.
#include <QtTest>

#include "core/calibration/Binning.h"
#include "ui/GuiApplication.h"
#include "ui/views/calibration/ReliabilityDiagramImage.h"
#include "ui/views/calibration/ReliabilityDiagramScene.h"

using modescape::calibration::BinningStrategy;
using modescape::calibration::ReliabilityTable;
using modescape::ui::ReliabilityDiagramScene;
using modescape::ui::ViewportBox;

namespace {

QColor colour(const double rgb[3]) {
    return QColor::fromRgbF(float(rgb[0]), float(rgb[1]), float(rgb[2]));
}

bool near(QColor a, QColor b, int tolerance = 4) {
    return std::abs(a.red() - b.red()) <= tolerance &&
           std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
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

}  // namespace

class TestReliabilityDiagram : public QObject {
    Q_OBJECT
  private:
    const QSize size{800, 640};
    QImage image;

    QPoint pixel(const ViewportBox& box, double u, double v) const {
        return {int(box.x(u) * size.width()), int((1.0 - box.y(v)) * size.height())};
    }
    QColor at(const ViewportBox& box, double u, double v) const {
        return image.pixelColor(pixel(box, u, v));
    }
    // True when a pixel within `radius` of (u, v) has the colour (thin lines).
    bool colourNear(const ViewportBox& box, double u, double v, QColor wanted,
                    int radius = 2) const {
        const QPoint p = pixel(box, u, v);
        for (int dx = -radius; dx <= radius; ++dx)
            if (near(image.pixelColor(p.x() + dx, p.y()), wanted))
                return true;
        return false;
    }

  private Q_SLOTS:
    void initTestCase() {
        image = modescape::ui::renderReliabilityDiagram({knownTable(), "hand-made table"}, size);
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
        const auto& d = ReliabilityDiagramScene::kDiagram;
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
        const auto& d = ReliabilityDiagramScene::kDiagram;
        const QColor blue = colour(ReliabilityDiagramScene::kAccuracyColour);
        const QColor red = colour(ReliabilityDiagramScene::kGapColour);
        const int x = pixel(d, 0.85, 0.0).x();
        int firstRed = -1, firstBlue = -1;  // scanning down from the diagram's top
        for (int y = pixel(d, 0.85, 1.0).y(); y < pixel(d, 0.85, 0.0).y(); ++y) {
            if (firstRed < 0 && near(image.pixelColor(x, y), red))
                firstRed = y;
            if (firstBlue < 0 && near(image.pixelColor(x, y), blue))
                firstBlue = y;
        }
        // An edge at a fractional row is rasterised on one of its two neighbours.
        const double confidenceRow = (1.0 - d.y(0.9)) * size.height();
        const double accuracyRow = (1.0 - d.y(0.6)) * size.height();
        QVERIFY2(
            std::abs(firstRed - confidenceRow) <= 1.0,
            qPrintable(
                QString("red from row %1, confidence .9 at %2").arg(firstRed).arg(confidenceRow)));
        QVERIFY2(
            std::abs(firstBlue - accuracyRow) <= 1.0,
            qPrintable(
                QString("blue from row %1, accuracy .6 at %2").arg(firstBlue).arg(accuracyRow)));
    }

    // Ticks under the confidence axis at 0, .2, ..., 1, and none between them.
    void axisTicksAreAtTheirValues() {
        const auto& d = ReliabilityDiagramScene::kDiagram;
        // Half-way down the 0.008-high tick mark below the frame.
        const int y = int((1.0 - (d.bottom - 0.004)) * size.height());
        auto darkNear = [&](double u) {
            const int x = int(d.x(u) * size.width());
            for (int dx = -1; dx <= 1; ++dx)  // a 1-pixel line at a fractional column
                if (image.pixelColor(x + dx, y).lightness() < 160)
                    return true;
            return false;
        };
        for (const double u : {0.0, 0.2, 0.4, 0.6, 0.8, 1.0})
            QVERIFY2(darkNear(u), qPrintable(QString("no tick at %1").arg(u)));
        for (const double u : {0.1, 0.3, 0.5, 0.7, 0.9})
            QVERIFY2(!darkNear(u), qPrintable(QString("a tick at %1").arg(u)));
    }

    void redGapBarsSpanAccuracyToConfidence() {
        const auto& d = ReliabilityDiagramScene::kDiagram;
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

    void histogramIsScaledToTheFullestBin() {
        const auto& h = ReliabilityDiagramScene::kHistogram;
        const QColor grey = colour(ReliabilityDiagramScene::kHistogramColour);
        const QColor white(255, 255, 255);
        // Counts 10, 20, 30, 40: heights .25, .5, .75, 1.
        QVERIFY2(near(at(h, 0.5, 0.45), grey), qPrintable(at(h, 0.5, 0.45).name()));
        QVERIFY(near(at(h, 0.5, 0.56), white));
        QVERIFY(near(at(h, 0.75, 0.7), grey));
        QVERIFY(near(at(h, 0.75, 0.8), white));
        QVERIFY(near(at(h, 0.9, 0.95), grey));
        QVERIFY(near(at(h, 0.1, 0.1), white));
    }

    void meanLinesAtAccuracyAndConfidence() {
        const auto& h = ReliabilityDiagramScene::kHistogram;
        // Above the bars of bin (.6, .8] (height .75), the lines stand alone.
        QVERIFY(colourNear(h, 0.62, 0.9, colour(ReliabilityDiagramScene::kMeanAccuracyColour)));
        QVERIFY(colourNear(h, 0.70, 0.9, colour(ReliabilityDiagramScene::kMeanConfidenceColour)));
        QVERIFY(!colourNear(h, 0.66, 0.9, colour(ReliabilityDiagramScene::kMeanAccuracyColour)));
    }

    void textIsDrawnInTheUpperLeft() {
        // "ECE = 20.00%" in bold near the diagram's upper-left corner: some dark pixels there.
        const auto& d = ReliabilityDiagramScene::kDiagram;
        const QPoint from = pixel(d, 0.03, 0.97), to = pixel(d, 0.25, 0.90);
        int dark = 0;
        for (int y = from.y(); y <= to.y(); ++y)
            for (int x = from.x(); x <= to.x(); ++x)
                if (image.pixelColor(x, y).lightness() < 80)
                    ++dark;
        QVERIFY2(dark > 30, qPrintable(QString::number(dark)));
    }

    void requestedSizeAndTransparency() {
        const QImage small =
            modescape::ui::renderReliabilityDiagram({knownTable(), ""}, QSize(333, 271), true);
        QCOMPARE(small.size(), QSize(333, 271));
        QCOMPARE(small.pixelColor(2, 2).alpha(), 0);
        const QPoint bar = QPoint(int(ReliabilityDiagramScene::kDiagram.x(0.9) * 333),
                                  int((1.0 - ReliabilityDiagramScene::kDiagram.y(0.3)) * 271));
        QCOMPARE(small.pixelColor(bar).alpha(), 255);
    }

    // Issue 19: equal-mass bins of a two-class task, whose edges are known by
    // hand: the sorted confidences .5 .55 | .6 .7 | .8 .9 | .95 1 make 4 bins of
    // 2 spanning [.5, .55], [.6, .7], [.8, .9], [.95, 1]. Each bar's left and
    // right pixel edges are where the axis maps its bin's edges (within a
    // pixel: the outline is one pixel wide on a fractional position), nothing
    // is drawn left of .5, and the legend covers neither a bar nor the diagonal.
    void adaptiveBarsSpanTheirBinsConfidences() {
        const std::vector<double> confidence = {0.9, 0.5, 1.0, 0.6, 0.8, 0.55, 0.95, 0.7};
        const std::vector<std::uint8_t> correct = {0, 1, 1, 1, 1, 0, 1, 1};
        const ReliabilityTable table = modescape::calibration::reliabilityTable(
            confidence, correct, 4, BinningStrategy::EqualMass);
        const double edges[4][2] = {{0.5, 0.55}, {0.6, 0.7}, {0.8, 0.9}, {0.95, 1.0}};
        QCOMPARE(table.bins.size(), std::size_t(4));
        for (const QSize shape : {QSize(800, 640), QSize(640, 520)}) {
            const QImage picture =
                modescape::ui::renderReliabilityDiagram({table, "two classes"}, shape);
            // Every bar is at least .5 high: at height .1 each is crossed by this row.
            const auto& box = ReliabilityDiagramScene::kDiagram;
            const int row = int((1.0 - box.y(0.1)) * shape.height());
            auto drawn = [&](int x) { return picture.pixelColor(x, row).lightness() < 235; };
            std::vector<std::pair<int, int>> runs;  // [first, last] non-white pixels
            const int from = int(box.x(0.25) * shape.width());
            const int to = int(std::ceil(box.x(1.0) * shape.width())) + 1;
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
                const double left = box.x(edges[b][0]) * shape.width();
                const double right = box.x(edges[b][1]) * shape.width();
                qInfo("bin %zu: pixels %d..%d, axis %.1f..%.1f", b, runs[b].first, runs[b].second,
                      left, right);
                // Pixel i covers [i, i + 1): its centre is within a pixel of the edge.
                QVERIFY(std::abs(runs[b].first + 0.5 - left) <= 1.0);
                QVERIFY(std::abs(runs[b].second + 0.5 - right) <= 1.0);
            }

            // The legend: every pixel it changes is white without it.
            const QImage bare =
                modescape::ui::renderReliabilityDiagram({table, "two classes", false}, shape);
            QRect changed;
            for (int y = 0; y < shape.height(); ++y)
                for (int x = 0; x < shape.width(); ++x)
                    if (picture.pixel(x, y) != bare.pixel(x, y))
                        changed |= QRect(x, y, 1, 1);
            QVERIFY(!changed.isEmpty());
            // Its box, not only its glyphs, is clear: two pixels around it too.
            const QRect around = changed.adjusted(-2, -2, 2, 2);
            int covered = 0;
            for (int y = around.top(); y <= around.bottom(); ++y)
                for (int x = around.left(); x <= around.right(); ++x)
                    covered += bare.pixelColor(x, y) == QColor(Qt::white) ? 0 : 1;
            QVERIFY2(covered == 0, qPrintable(QString("the legend (%1,%2 %3x%4) covers %5 pixels")
                                                  .arg(around.x())
                                                  .arg(around.y())
                                                  .arg(around.width())
                                                  .arg(around.height())
                                                  .arg(covered)));
        }
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

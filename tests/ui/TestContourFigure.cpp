// The contour map as a QPainter figure (issue 15). Marching squares on
// hand-worked grids: a plane, whose iso-lines are straight and exact; a
// cone, whose iso-line crossings on the grid edges follow from linear
// interpolation by hand; a saddle, resolved both ways by its centre value;
// unknown cells. The figure: its pixel at a grid point of known value has
// the colour map's colour there, an iso-line's ink lies where the plane puts
// it, its SVG holds the axis names as <text>, the bands as <path> and the
// lines as <polyline> with no <image>, and its PDF opens in poppler with
// fonts embedded.
// The landscape page's contour mode exports through the same paint function.
#include <QtTest>

#include <QApplication>
#include <QTemporaryDir>

#include <cmath>
#include <functional>
#include <optional>

#include "tests/common/FigureFileChecks.h"
#include "ui/GuiApplication.h"
#include "ui/rendering/Colormaps.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/MarchingSquares.h"
#include "ui/views/landscape/ContourCanvas.h"
#include "ui/views/landscape/ContourFigure.h"

using namespace modescape::ui;
namespace contour = modescape::ui::contour;

namespace {

contour::ScalarGrid gridOf(std::vector<double> xs, std::vector<double> ys,
                           const std::function<double(double, double)>& f) {
    contour::ScalarGrid grid;
    grid.xs = std::move(xs);
    grid.ys = std::move(ys);
    for (const double y : grid.ys)
        for (const double x : grid.xs)
            grid.values.push_back(f(x, y));
    return grid;
}

std::vector<double> steps(double from, double step, int count) {
    std::vector<double> values;
    for (int k = 0; k < count; ++k)
        values.push_back(from + k * step);
    return values;
}

// The signed area of a polygon (positive counter-clockwise, y up).
double areaOf(const contour::Polygon& polygon) {
    double twice = 0;
    for (std::size_t k = 0; k < polygon.size(); ++k) {
        const auto& a = polygon[k];
        const auto& b = polygon[(k + 1) % polygon.size()];
        twice += a.x * b.y - b.x * a.y;
    }
    return twice / 2;
}

// A slice whose loss is alpha on [0, 1] x [0, 1] (21 x 11 points): the
// iso-line at v is the vertical line alpha = v.
LandscapeGrid planeSlice() {
    LandscapeGrid grid;
    for (int i = 0; i <= 20; ++i)
        grid.xs << i * 0.05;
    for (int j = 0; j <= 10; ++j)
        grid.ys << j * 0.1;
    for (const double y : grid.ys)
        for (const double x : grid.xs) {
            (void)y;
            grid.loss << x;
            grid.accuracy << 1 - x;
        }
    grid.title = "Test loss, plane";
    grid.xTitle = QString::fromUtf8("α (PCA 1)");
    grid.yTitle = QString::fromUtf8("β (PCA 2)");
    grid.split = "test";
    return grid;
}

}  // namespace

class TestContourFigure : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // f = x + 2y on a 0.25 grid: the iso-line at 1.3 is the straight line
    // x + 2y = 1.3, one open polyline from the bottom edge (y = 0 at x = 1 is
    // f = 1 < 1.3, so it starts on the right edge at y = 0.15) to the left
    // edge (x = 0, y = 0.65), crossing every grid line on the way.
    void planeIsoLineIsTheExactLine() {
        const auto grid = gridOf(steps(0, 0.25, 5), steps(0, 0.25, 5),
                                 [](double x, double y) { return x + 2 * y; });
        const auto lines = contour::isoLines(grid, 1.3);
        QCOMPARE(lines.size(), std::size_t(1));
        QVERIFY(!lines[0].closed);
        const std::vector<contour::Point> expected = {{1, 0.15},  {0.8, 0.25}, {0.75, 0.275},
                                                      {0.5, 0.4}, {0.3, 0.5},  {0.25, 0.525},
                                                      {0, 0.65}};
        auto points = lines[0].points;
        if (points.front().x < points.back().x)
            std::reverse(points.begin(), points.end());
        QCOMPARE(points.size(), expected.size());
        for (std::size_t k = 0; k < points.size(); ++k) {
            QVERIFY2(std::abs(points[k].x - expected[k].x) < 1e-12 &&
                         std::abs(points[k].y - expected[k].y) < 1e-12,
                     qPrintable(
                         QString("point %1 at (%2, %3)").arg(k).arg(points[k].x).arg(points[k].y)));
        }
        // The region x + 2y >= 1.3 of the unit square: its area is 1 minus
        // the trapezoid below the line, (0.65 + 0.15) / 2 = 0.4, so 0.6.
        double area = 0;
        for (const auto& polygon : contour::regionAbove(grid, 1.3)) {
            QVERIFY2(areaOf(polygon) > 0, "a polygon is not counter-clockwise");
            area += areaOf(polygon);
        }
        QVERIFY2(std::abs(area - 0.6) < 1e-12, qPrintable(QString::number(area, 'g', 17)));
    }

    // f = sqrt(x^2 + y^2) on a 0.25 grid over [-1, 1]^2: the iso-line at 0.5
    // is one closed loop of 12 crossings. On the axes f is |x| or |y|, linear
    // along each edge, so the loop passes (+-0.5, 0) and (0, +-0.5) exactly;
    // on the line x = 0.25 it crosses between y = 0.25 (f = 0.353553) and
    // y = 0.5 (f = 0.559017) at y = 0.25 + 0.25 (0.5 - 0.353553) / (0.559017
    // - 0.353553) = 0.428191.
    void coneIsoLineIsOneLoopThroughTheHandWorkedCrossings() {
        const auto grid = gridOf(steps(-1, 0.25, 9), steps(-1, 0.25, 9),
                                 [](double x, double y) { return std::hypot(x, y); });
        const auto lines = contour::isoLines(grid, 0.5);
        QCOMPARE(lines.size(), std::size_t(1));
        QVERIFY(lines[0].closed);
        QCOMPARE(lines[0].points.size(), std::size_t(12));
        const double f1 = std::hypot(0.25, 0.25), f2 = std::hypot(0.25, 0.5);
        const double crossing = 0.25 + 0.25 * (0.5 - f1) / (f2 - f1);
        QVERIFY(std::abs(crossing - 0.428191) < 1e-6);
        const std::vector<contour::Point> expected = {
            {0.5, 0},          {0, 0.5},          {-0.5, 0},          {0, -0.5},
            {0.25, crossing},  {crossing, 0.25},  {-0.25, crossing},  {-crossing, 0.25},
            {0.25, -crossing}, {crossing, -0.25}, {-0.25, -crossing}, {-crossing, -0.25}};
        for (const auto& e : expected) {
            bool found = false;
            for (const auto& p : lines[0].points)
                found = found || (std::abs(p.x - e.x) < 1e-12 && std::abs(p.y - e.y) < 1e-12);
            QVERIFY2(found, qPrintable(QString("no crossing at (%1, %2)").arg(e.x).arg(e.y)));
        }
        // Neighbours along the loop are neighbours on the circle (no zigzag).
        const auto& p = lines[0].points;
        for (std::size_t k = 0; k < p.size(); ++k) {
            const auto& q = p[(k + 1) % p.size()];
            QVERIFY(std::hypot(p[k].x - q.x, p[k].y - q.y) < 0.3);
        }
    }

    // One cell with corners 1 (lower left), -1, 1 (upper right), -1: a saddle.
    // At 0.5 the centre value 0 is below the level, so the two corners above
    // are cut off, each by the segment between its edges' crossings at 0.75 of
    // the way from it (-1 + 2 (1 - 0.5) / 2 = -0.5). At -0.5 the centre is
    // above: the corners below are cut off and the region above is one
    // hexagon of area 4 - 2 (0.5 x 0.5 x 0.5) = 3.75.
    void saddleIsResolvedByItsCentre() {
        const auto grid = gridOf({-1, 1}, {-1, 1}, [](double x, double y) { return x * y; });
        const auto high = contour::isoLines(grid, 0.5);
        QCOMPARE(high.size(), std::size_t(2));
        for (const auto& line : high) {
            QCOMPARE(line.points.size(), std::size_t(2));
            const auto& a = line.points[0];
            const auto& b = line.points[1];
            // Both ends 0.5 from the cut-off corner (-1, -1) or (1, 1).
            const double cx = a.x + b.x < 0 ? -1 : 1;
            QCOMPARE(std::abs(a.x - cx) + std::abs(a.y - cx), 0.5);
            QCOMPARE(std::abs(b.x - cx) + std::abs(b.y - cx), 0.5);
        }
        const auto corners = contour::regionAbove(grid, 0.5);
        QCOMPARE(corners.size(), std::size_t(2));
        for (const auto& triangle : corners)
            QCOMPARE(areaOf(triangle), 0.125);
        const auto low = contour::regionAbove(grid, -0.5);
        QCOMPARE(low.size(), std::size_t(1));
        QCOMPARE(areaOf(low[0]), 3.75);
        QCOMPARE(contour::isoLines(grid, -0.5).size(), std::size_t(2));
    }

    // A cell with an unknown corner has no line and no region; the line stops there.
    void unknownCellsAreLeftOut() {
        auto grid = gridOf(steps(0, 1, 3), steps(0, 1, 2), [](double x, double) { return x; });
        QCOMPARE(contour::isoLines(grid, 0.5).size(), std::size_t(1));
        grid.values[0] = std::nan("");  // (0, 0): the left cell is unknown
        QVERIFY(contour::isoLines(grid, 0.5).empty());
        QCOMPARE(contour::isoLines(grid, 1.5).size(), std::size_t(1));
        double area = 0;
        for (const auto& polygon : contour::regionAbove(grid, 0))
            area += areaOf(polygon);
        QCOMPARE(area, 1.0);  // the right cell only
    }

    // The plane's figure at 1600x1200, 240 dpi: levels at nice numbers
    // (0.1 ... 0.9 for 12 asked), the pixel at grid point alpha = 0.25 (the
    // middle of the band [0.2, 0.3]) is viridis(0.25) exactly, and the
    // iso-line alpha = 0.5 is ink at the column where the frame maps 0.5.
    void pixelsHaveTheColourMapsColourAndTheLineWhereThePlanePutsIt() {
        const LandscapeGrid grid = planeSlice();
        SurfaceStyle style;
        style.showMarkers = false;
        ResolvedFigure size;
        size.pixels = QSize(1600, 1200);
        size.dpi = 240;
        std::optional<ContourFigure> figure;
        const QImage image = FigureWriter(size).paintImage([&](QPainter& painter, const QRectF& b) {
            figure.emplace(painter, b, grid, style);
            figure->draw(painter);
        });
        QVERIFY(figure && figure->drawable());
        const std::vector<double> levels = figure->levels();
        QCOMPARE(levels.size(), std::size_t(9));
        for (std::size_t k = 0; k < levels.size(); ++k)
            QVERIFY(std::abs(levels[k] - 0.1 * double(k + 1)) < 1e-12);
        double rgb[3];
        colormapColor(Colormap::Viridis, 0.25, rgb);
        const QColor expected = QColor::fromRgbF(float(rgb[0]), float(rgb[1]), float(rgb[2]));
        QCOMPARE(figure->bandColour(0.25), expected);
        // Rows away from every label.
        const auto free = [&](QPointF p) {
            for (const auto& label : figure->labels())
                if (label.box.adjusted(-8, -8, 8, 8).contains(p))
                    return false;
            return true;
        };
        int checked = 0;
        for (const double beta : {0.15, 0.45, 0.85}) {
            const QPointF cell = figure->map(0.25, beta);
            if (!free(cell))
                continue;
            const QColor got = image.pixelColor(cell.toPoint());
            QVERIFY2(std::abs(got.red() - expected.red()) <= 1 &&
                         std::abs(got.green() - expected.green()) <= 1 &&
                         std::abs(got.blue() - expected.blue()) <= 1,
                     qPrintable(QString("%1 at beta %2, expected %3")
                                    .arg(got.name(), QString::number(beta), expected.name())));
            const QPointF line = figure->map(0.5, beta);
            if (!free(line))
                continue;
            int darkest = 255;
            for (int dx = -1; dx <= 1; ++dx)
                darkest = std::min(
                    darkest, qGray(image.pixel(int(std::floor(line.x())) + dx, int(line.y()))));
            QVERIFY2(
                darkest < 60,
                qPrintable(QString("no ink at alpha 0.5, beta %1: %2").arg(beta).arg(darkest)));
            // Half a band away there is no line: the band's own colour.
            const QPointF between = figure->map(0.45, beta);
            QVERIFY(qGray(image.pixel(between.toPoint())) > 80);
            ++checked;
        }
        QVERIFY(checked >= 2);
        // The colour bar shows the bands: its middle at 0.25 is the same colour.
        const QRectF bar = figure->colourBarArea();
        const QPointF barAt(bar.center().x(), bar.bottom() - 0.25 * bar.height());
        const QColor inBar = image.pixelColor(barAt.toPoint());
        QVERIFY2(std::abs(inBar.red() - expected.red()) <= 1 &&
                     std::abs(inBar.green() - expected.green()) <= 1 &&
                     std::abs(inBar.blue() - expected.blue()) <= 1,
                 qPrintable(inBar.name()));
    }

    // SVG: the axis names, the colour bar's name and the iso-line values as
    // <text>, the bands as <path> and the lines as <polyline>, no <image>.
    // PDF: one page of 3.5 x 2.625 in, fonts embedded.
    void svgAndPdfAreVectorWithRealText() {
        QTemporaryDir dir;
        const LandscapeGrid grid = planeSlice();
        const SurfaceStyle style;
        const FigurePaint paint = [&](QPainter& painter, const QRectF& bounds) {
            paintContour(painter, bounds, grid, style);
        };
        const ResolvedFigure paper =
            resolveFigure(FigureSize::fromPreset(FigurePreset::Paper), QSize(800, 600));
        const QString svg = dir.filePath("contour.svg"), pdf = dir.filePath("contour.pdf");
        FigureWriter(paper).write(svg, paint);
        FigureWriter(paper).write(pdf, paint);
        // The axis names mix Greek and Latin: written as one <text> per script run.
        const QString svgProblem = modescape::test::svgTextRunProblems(
            svg, {QString::fromUtf8("α (PCA 1)"), QString::fromUtf8("β (PCA 2)")});
        QVERIFY2(svgProblem.isEmpty(), qPrintable(svgProblem));
        const QString wholeProblem =
            modescape::test::svgTextProblems(svg, {"test loss", "Test loss, plane", "0.5", "0.9"});
        QVERIFY2(wholeProblem.isEmpty(), qPrintable(wholeProblem));
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        // The 10 bands as <path> (one fill each), the 9 iso-lines as <polyline>
        // (each line of the plane crosses the whole map: one each, and more
        // for the frame's ticks).
        QCOMPARE(text.count("<path"), qsizetype(10));
        QVERIFY2(text.count("<polyline") >= 9,
                 qPrintable(QString::number(text.count("<polyline"))));
        const QString pdfProblem = modescape::test::pdfProblems(pdf, QSizeF(252, 189));
        QVERIFY2(pdfProblem.isEmpty(), qPrintable(pdfProblem));
    }

    // Iso-line labels and member names never overlap, stay in the plot area,
    // and every member is named; at 800x600 and in a paper column no text of
    // the frame and not the colour bar leaves the figure.
    void labelsDoNotOverlap() {
        LandscapeGrid grid = planeSlice();
        grid.markers = {{"a", 0.2, 0.5}, {"b", 0.5, 0.5}, {"c", 0.8, 0.5}};
        const SurfaceStyle style;
        for (const QSize pixels : {QSize(800, 600), QSize(2100, 1575)}) {
            ResolvedFigure size;
            size.pixels = pixels;
            size.dpi = pixels.width() > 1000 ? 600 : 96;
            size.fontPoints = pixels.width() > 1000 ? 8 : 9;
            std::optional<ContourFigure> figure;
            FigureWriter(size).paintImage([&](QPainter& painter, const QRectF& b) {
                figure.emplace(painter, b, grid, style);
            });
            QVector<QRectF> boxes;
            int members = 0;
            for (const auto& label : figure->labels()) {
                boxes << label.box;
                members += label.member ? 1 : 0;
                QVERIFY(figure->plotArea().adjusted(-1, -1, 1, 1).contains(label.box));
            }
            QCOMPARE(members, 3);
            QVERIFY(boxes.size() > 3);  // some iso-line values too
            // No tick label, axis name or title is cut off, nor the colour bar.
            const QRectF image(QPointF(0, 0), QSizeF(pixels));
            for (const QRectF& text : figure->frame().textRects())
                QVERIFY2(image.contains(text), qPrintable(QString("%1, %2 %3x%4")
                                                              .arg(text.x())
                                                              .arg(text.y())
                                                              .arg(text.width())
                                                              .arg(text.height())));
            QVERIFY(image.contains(figure->colourBarArea()));
            QVERIFY(!figure->colourBarArea().intersects(figure->plotArea()));
            for (int i = 0; i < boxes.size(); ++i)
                for (int j = i + 1; j < boxes.size(); ++j)
                    QVERIFY(!boxes[i].intersects(boxes[j]));
        }
    }

    // The canvas paints the figure (the screen is the export), and a click
    // reads out the nearest grid point on screen, never in the figure.
    void canvasShowsTheFigureAndReadsOutAClick() {
        ContourCanvas canvas;
        canvas.resize(640, 480);
        canvas.setGrid(planeSlice());
        const ContourFigure* figure = canvas.figure();
        QVERIFY(figure && figure->drawable());
        const QPointF at = figure->map(0.25, 0.5) / canvas.devicePixelRatioF();
        QSignalSpy picked(&canvas, &ContourCanvas::pointPicked);
        QTest::mouseClick(&canvas, Qt::LeftButton, {}, at.toPoint());
        QCOMPARE(picked.size(), 1);
        QCOMPARE(picked[0][0].toInt(), 5);
        QCOMPARE(picked[0][2].toDouble(), 0.25);
        QVERIFY(canvas.readout().contains("loss 0.25"));
        const QImage exported = canvas.figureImage(1.0, false);
        QCOMPARE(exported.size(), canvas.image().size());
        QVERIFY(exported == canvas.image().convertToFormat(exported.format()));
    }
};

int main(int argc, char** argv) {
    modescape::ui::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestContourFigure test;
    return QTest::qExec(&test, argc, argv);
}

#include "TestContourFigure.moc"

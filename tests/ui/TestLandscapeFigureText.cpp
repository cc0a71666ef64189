// Issue 19, item 3 for the VTK landscape figures: text is sized in points at
// the figure's DPI (8 pt at 600 dpi is 66.7 pixels high), the colour bar
// carries nice numbers, and at the paper preset (one column, 3.5 in) no two
// of the figure's texts overlap and none is cut off at the image's edge.
#include <QtTest>

#include <QStackedWidget>

#include <vtkActor.h>
#include <vtkActorCollection.h>
#include <vtkCubeAxesActor.h>
#include <vtkDoubleArray.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>

#include <cmath>
#include <functional>

#include "tests/common/EventWait.h"
#include "tests/ui/ViewGeometry.h"
#include "ui/GuiApplication.h"
#include "ui/rendering/FigureSize.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/OffscreenRender.h"
#include "ui/rendering/RasterFigureSource.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/landscape/ColourBarTicks.h"
#include "ui/views/landscape/ContourCanvas.h"
#include "ui/views/landscape/FigureText.h"
#include "ui/views/landscape/LandscapeSurfaceView.h"

using namespace modescape;
using namespace modescape::ui;

namespace {

// A random-direction slice as `render --preset paper` of the two-moons set
// draws it (docs/figures/render-landscape-paper.png): loss from 0.171 at
// the centre to 0.95, axes named after the directions.
LandscapeGrid randomSlice() {
    LandscapeGrid grid;
    const int n = 11;
    for (int i = 0; i < n; ++i)
        grid.xs.push_back(-1.0 + 2.0 * i / (n - 1));
    grid.ys = grid.xs;
    for (double b : grid.ys)
        for (double a : grid.xs) {
            grid.loss.push_back(0.171 + 0.779 * (a * a + b * b) / 2.0);
            grid.accuracy.push_back(0.9);
        }
    grid.title = "Test loss, random directions, seed 0";
    grid.xTitle = QString::fromUtf8("α (random direction 1)");
    grid.yTitle = QString::fromUtf8("β (random direction 2)");
    return grid;
}

// The figure at a physical size: the view is 800x600 on screen (what
// `render` gives a page) and exported as File > Export and `render` do.
QImage figureAt(LandscapeSurfaceView& view, const ResolvedFigure& figure) {
    view.resize(800, 600);
    view.vtkView()->resize(800, 600);  // never shown: its layout does not run
    return view.grabFigure(figure.pixels.width() / 800.0, false, false, figureTextPixels(figure));
}

bool inked(QColor c) {
    // The text is near-black (0.1 grey) on white; a pixel a quarter of the
    // way to the ink counts, which takes in the glyphs' antialiased edges.
    return std::min({c.red(), c.green(), c.blue()}) < 192;
}

// The first band of rows holding ink from the top, first and last row
// (-1 when none): the title, ending at the first blank row below it.
std::pair<int, int> topInkBand(const QImage& image) {
    int first = -1, last = -1;
    for (int y = 0; y < image.height(); ++y) {
        bool any = false;
        for (int x = 0; x < image.width() && !any; ++x)
            any = inked(image.pixelColor(x, y));
        if (any) {
            first = first < 0 ? y : first;
            last = y;
        } else if (first >= 0) {
            break;
        }
    }
    return {first, last};
}

// Every text of the figure, one group at a time: the others are made fully
// transparent (their layout stays as it is) and everything that is not text
// is hidden, so the ink of a render is that group's alone.
struct TextGroups {
    LandscapeSurfaceView& view;
    std::vector<vtkTextProperty*> all;
    std::vector<std::pair<QString, std::vector<vtkTextProperty*>>> groups;

    explicit TextGroups(LandscapeSurfaceView& v) : view(v) {
        vtkCubeAxesActor* axes = view.axesActor();
        vtkScalarBarActor* bar = view.scalarBarActor();
        groups = {{"title", {view.titleActor()->GetTextProperty()}},
                  {"x tick labels", {axes->GetLabelTextProperty(0)}},
                  {"x title", {axes->GetTitleTextProperty(0)}},
                  {"y tick labels", {axes->GetLabelTextProperty(1)}},
                  {"y title", {axes->GetTitleTextProperty(1)}},
                  {"z tick labels", {axes->GetLabelTextProperty(2)}},
                  {"colour bar", {bar->GetTitleTextProperty(), bar->GetLabelTextProperty()}}};
        for (const auto& group : groups)
            all.insert(all.end(), group.second.begin(), group.second.end());
        // No surface, iso-lines or axis lines: only text (and the colour bar's swatch).
        vtkActorCollection* actors = view.vtkView()->renderer()->GetActors();
        actors->InitTraversal();
        while (vtkActor* actor = actors->GetNextActor())
            if (actor != axes)
                actor->SetVisibility(false);
        for (vtkProperty* lines : {axes->GetXAxesLinesProperty(), axes->GetYAxesLinesProperty(),
                                   axes->GetZAxesLinesProperty()})
            lines->SetColor(1, 1, 1);
    }

    // The ink of group k alone.
    QImage render(int k, const ResolvedFigure& figure) {
        for (vtkTextProperty* text : all)
            text->SetOpacity(0.0);
        for (vtkTextProperty* text : groups[std::size_t(k)].second)
            text->SetOpacity(1.0);
        // The colour bar's swatch belongs to its group.
        view.scalarBarActor()->SetDrawColorBar(groups[std::size_t(k)].first == "colour bar");
        return figureAt(view, figure);
    }
};

QVector<QPoint> inkPixels(const QImage& image) {
    QVector<QPoint> points;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (inked(image.pixelColor(x, y)))
                points << QPoint(x, y);
    return points;
}

}  // namespace

class TestLandscapeFigureText : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // Issue 19, item 1 for the contour map: the first switch from the surface
    // to the contour (the page's two views in a stack, the contour given the
    // grid while hidden) shows the whole map, the member marker a small dot.
    void firstSwitchToTheContourFramesTheWholeMap() {
        QStackedWidget stack;
        auto* surface = new LandscapeSurfaceView;
        auto* contour = new ContourCanvas;
        stack.addWidget(surface);
        stack.addWidget(contour);
        stack.resize(400, 300);
        stack.show();
        modescape::test::waitForExposed(stack);
        LandscapeGrid grid = randomSlice();
        grid.markers.push_back({"m0", 0.1, -0.2});
        surface->setGrid(grid);
        contour->setGrid(grid);
        stack.setCurrentWidget(contour);
        const QImage image = contour->image();
        const ContourFigure* figure = contour->figure();
        QVERIFY(figure);
        for (double a : {-1.0, 1.0})
            for (double b : {-1.0, 1.0}) {
                const QPointF pixel = figure->map(a, b);
                QVERIFY2(QRectF(image.rect()).contains(pixel),
                         qPrintable(modescape::test::describe(pixel)));
            }
        // The marker's red (ContourFigure.cpp) on well under 2% of the
        // picture: a disc 5 pt across.
        int red = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                red += c.red() > 150 && c.green() < 80 && c.blue() < 80 ? 1 : 0;
            }
        QVERIFY2(red > 0 && red < 0.02 * image.width() * image.height(),
                 qPrintable(QString("%1 marker pixels").arg(red)));
    }

    // The same figure at 300 and at 600 dpi (one paper column, 8 pt): the
    // text is twice as many pixels high, and as many as its points say. (The
    // painted contour map; the surface's VTK text below.)
    void textHeightFollowsTheDpi() {
        SurfaceStyle style;  // the title on top: no colour bar, lines or markers
        style.showScalarBar = style.showMarkers = false;
        style.isolineCount = 0;
        LandscapeGrid grid = randomSlice();
        grid.title = "plane through members";  // ascenders (l, h, b) and descenders (p, g)

        double heights[2] = {0, 0};
        const double dpis[2] = {300, 600};
        for (int k = 0; k < 2; ++k) {
            const ResolvedFigure figure =
                resolveFigure(FigureSize::fromPreset(FigurePreset::Paper, dpis[k]), {800, 600});
            QCOMPARE(figure.fontPoints, 8.0);
            const QImage image =
                FigureWriter(figure).paintImage([&](QPainter& painter, const QRectF& bounds) {
                    paintContour(painter, bounds, grid, style);
                });
            QCOMPARE(image.size(), figure.pixels);
            // The title is the top band of ink; the map starts below a gap.
            const auto [first, last] = topInkBand(image);
            QVERIFY(first >= 0);
            heights[k] = last - first + 1;
            // The title is bold at the text's size (8 pt: 33.3 px at 300 dpi);
            // from the top of "l" to the bottom of "p" DejaVu and Liberation
            // Sans span 0.93 to 0.99 of the font size (ascender 0.76, descender 0.23).
            const double fontPixels = 8.0 * dpis[k] / 72.0;
            QVERIFY2(heights[k] >= 0.85 * fontPixels && heights[k] <= 1.1 * fontPixels,
                     qPrintable(QString("%1 px of ink for a %2 px font at %3 dpi")
                                    .arg(heights[k])
                                    .arg(fontPixels)
                                    .arg(dpis[k])));
            if (k == 1)
                image.save(QString(MODESCAPE_TEST_OUTPUT_DIR) + "/landscape-title-600dpi.png");
        }
        // Twice the DPI, twice the pixels (ink edges within a row each, so 2
        // within 3 rows).
        QVERIFY2(std::abs(heights[1] - 2 * heights[0]) <= 3,
                 qPrintable(QString("%1 -> %2").arg(heights[0]).arg(heights[1])));
    }

    // File > Export at 2x and a 2x `render --scale 2` double the screen's text.
    void exportAtTwiceTheSizeDoublesTheText() {
        LandscapeSurfaceView view;
        view.setGrid(randomSlice());
        view.resize(800, 600);
        view.vtkView()->resize(800, 600);
        view.grabFigure(1.0, false);
        vtkTextProperty* tick = view.axesActor()->GetLabelTextProperty(0);
        QCOMPARE(tick->GetFontSize(), int(kScreenTextPixels));  // 9 pt at 96 dpi
        view.grabFigure(2.0, false);
        QCOMPARE(tick->GetFontSize(), 2 * int(kScreenTextPixels));
        QCOMPARE(view.scalarBarActor()->GetLabelTextProperty()->GetFontSize(),
                 2 * int(kScreenTextPixels));
    }

    // Hand-worked: 0.171 .. 0.95 on a 1000-pixel bar with 8 pt labels at
    // 600 dpi (66.7 px; ticks 4.5 lines apart, 300 px, as on the painted
    // charts) leaves room for 4 ticks; a step of 0.1 would give 8 (0.2 ..
    // 0.9), so 0.2: 0.2 0.4 0.6 0.8.
    void colourBarTicksAreNiceNumbers() {
        const ColourBarTicks ticks = colourBarTicks(0.171, 0.95, 1000, 8.0 * 600 / 72);
        QCOMPARE(ticks.values.size(), std::size_t(4));
        for (int k = 0; k < 4; ++k)
            QCOMPARE(ticks.values[std::size_t(k)], 0.2 * (k + 1));
        QCOMPARE(ticks.format, std::string("%.1f"));
        // Losses in the thousands: whole numbers.
        const ColourBarTicks large = colourBarTicks(1210, 3990, 400, 12);
        QCOMPARE(large.format, std::string("%.0f"));
        // 400 px at 12 px text (54 px a tick) fit 8 labels: a step of 250 would give
        // 11 (1250 .. 3750), 500 gives 5.
        QCOMPARE(large.values.front(), 1500.0);
        QCOMPARE(large.values.back(), 3500.0);
        QCOMPARE(large.values.size(), std::size_t(5));

        // And the view shows them: the paper figure's colour bar.
        LandscapeSurfaceView view;
        view.setGrid(randomSlice());
        figureAt(view, resolveFigure(FigureSize::fromPreset(FigurePreset::Paper), {800, 600}));
        vtkScalarBarActor* bar = view.scalarBarActor();
        QVERIFY(bar->GetUseCustomLabels());
        vtkDoubleArray* values = bar->GetCustomLabels();
        QVERIFY(values && values->GetNumberOfTuples() >= 3);
        QCOMPARE(QString(bar->GetLabelFormat()), QString("%.1f"));
        for (vtkIdType k = 0; k < values->GetNumberOfTuples(); ++k) {
            const double value = values->GetValue(k);
            // Multiples of 0.1 or 0.2 (the step for this bar's length), printed exactly.
            QVERIFY2(std::abs(value * 10 - std::round(value * 10)) < 1e-9,
                     qPrintable(QString::number(value)));
            QVERIFY(value >= 0.171 && value <= 0.95);
        }
    }

    // At the paper preset no two texts of the surface figure touch (their ink
    // 2 pixels apart at least), and none reaches the image's edge.
    // (The painted contour map's texts: test_ui_contour_figure.)
    void paperFigureTextsNeitherOverlapNorLeaveTheImage() {
        QVERIFY2(!figureFontFile().empty(), "no font with Greek letters found on this system");
        LandscapeSurfaceView view;
        SurfaceStyle style;
        style.showMarkers = false;
        view.setStyle(style);
        view.setGrid(randomSlice());
        const ResolvedFigure paper =
            resolveFigure(FigureSize::fromPreset(FigurePreset::Paper), {800, 600});
        figureAt(view, paper)
            .save(QString(MODESCAPE_TEST_OUTPUT_DIR) + "/landscape-surface-paper.png");
        TextGroups texts(view);
        std::vector<QImage> masks;
        for (int k = 0; k < int(texts.groups.size()); ++k) {
            const QImage image = texts.render(k, paper);
            const QString name = texts.groups[std::size_t(k)].first;
            const QVector<QPoint> ink = inkPixels(image);
            // The colour bar gives the loss: the height axis has no numbers of its own.
            if (name == "z tick labels")
                QVERIFY2(ink.isEmpty(), "the height axis has numbers beside the colour bar");
            else
                QVERIFY2(!ink.isEmpty(), qPrintable(name + " drew nothing"));
            QImage mask(image.size(), QImage::Format_Grayscale8);
            mask.fill(0);
            for (const QPoint& p : ink) {
                QVERIFY2(
                    p.x() >= 2 && p.y() >= 2 && p.x() < image.width() - 2 &&
                        p.y() < image.height() - 2,
                    qPrintable(QString("%1 cut off at (%2, %3)").arg(name).arg(p.x()).arg(p.y())));
                // Grown by 2 pixels: texts closer than that count as touching.
                for (int dy = -2; dy <= 2; ++dy)
                    for (int dx = -2; dx <= 2; ++dx)
                        mask.setPixel(p.x() + dx, p.y() + dy, 255);
            }
            for (int other = 0; other < int(masks.size()); ++other) {
                int shared = 0;
                for (const QPoint& p : ink)
                    shared += qGray(masks[std::size_t(other)].pixel(p)) > 0 ? 1 : 0;
                QVERIFY2(shared == 0,
                         qPrintable(QString("%1 overlaps %2 in %3 pixels")
                                        .arg(name, texts.groups[std::size_t(other)].first)
                                        .arg(shared)));
            }
            masks.push_back(mask);
        }
    }
};

int main(int argc, char** argv) {
    modescape::ui::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestLandscapeFigureText test;
    return QTest::qExec(&test, argc, argv);
}

#include "TestLandscapeFigureText.moc"

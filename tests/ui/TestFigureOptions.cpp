// Issue 15's figure options beyond the size: titles optional for every kind of
// figure, TIFF output at the asked DPI, and the 3-D map's text in points.
//
// - Titles: `render --no-title` leaves the barrier heatmap's title out of its
//   SVG (the colour bar's name stays), and the title band of the landscape's
//   3-D surface and of the 3-D map changes; the window's File > Export image
//   with its "Title" box off writes the same PNGs, pixel for pixel, and the
//   next export with the box on has the title again; a subcommand's
//   `--figure ... --no-title` leaves it out too.
// - `render` runs a set's TorchScript model only with --allow-torchscript
//   (without: it fails naming the model and the option, and writes nothing).
// - TIFF: a figure written as .tif has the PNG's size and pixels and the DPI
//   in its resolution tags (read back with libtiff), transparent too;
//   `render --format png,tiff` writes both for a painted and a VTK view.
// - The 3-D map's text follows the figure's text height (points x DPI / 72):
//   twice the DPI or twice the points give twice the font sizes and taller
//   title ink; in a paper column its axes' names still fit the width.
#include <QtTest>

#include <QDir>
#include <QPainter>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <vtkTextActor.h>
#include <vtkTextProperty.h>

#include <tiffio.h>

#include "core/session/Session.h"
#include "tests/common/EventWait.h"
#include "tests/common/FigureFileChecks.h"
#include "tests/common/MoonsSet.h"
#include "tests/common/RunModescape.h"
#include "ui/mainwindow/ExportImageDialog.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/SessionFigures.h"
#include "ui/rendering/FigureTitles.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/RasterFigureSource.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/map/MapImage.h"
#include "ui/views/map/MapPage.h"
#include "ui/views/map/MapScene3d.h"
#include "ui/views/map/MapView.h"

using namespace modescape;
using namespace modescape::ui;
using modescape::test::exitCodeOf;

namespace {

// A TIFF read back with libtiff (not our writer): its 8-bit RGB or RGBA
// (unassociated alpha) samples as ARGB32 pixels, and its resolution in dots
// per inch; a null image when it cannot be read or has another layout.
struct TiffRead {
    QImage image;
    double xDpi = 0, yDpi = 0;
    uint16_t samples = 0;
};

TiffRead readTiff(const QString& path) {
    TiffRead read;
    TIFF* tiff = TIFFOpen(path.toLocal8Bit().constData(), "r");
    if (!tiff)
        return read;
    uint32_t width = 0, height = 0;
    float x = 0, y = 0;
    uint16_t unit = RESUNIT_NONE;
    TIFFGetField(tiff, TIFFTAG_IMAGEWIDTH, &width);
    TIFFGetField(tiff, TIFFTAG_IMAGELENGTH, &height);
    TIFFGetField(tiff, TIFFTAG_SAMPLESPERPIXEL, &read.samples);
    TIFFGetField(tiff, TIFFTAG_XRESOLUTION, &x);
    TIFFGetField(tiff, TIFFTAG_YRESOLUTION, &y);
    TIFFGetFieldDefaulted(tiff, TIFFTAG_RESOLUTIONUNIT, &unit);
    const double perInch = unit == RESUNIT_CENTIMETER ? 2.54 : unit == RESUNIT_INCH ? 1.0 : 0.0;
    read.xDpi = x * perInch;
    read.yDpi = y * perInch;
    uint16_t bits = 0, planar = PLANARCONFIG_CONTIG;
    TIFFGetFieldDefaulted(tiff, TIFFTAG_BITSPERSAMPLE, &bits);
    TIFFGetFieldDefaulted(tiff, TIFFTAG_PLANARCONFIG, &planar);
    if (width > 0 && height > 0 && bits == 8 && planar == PLANARCONFIG_CONTIG &&
        (read.samples == 3 || read.samples == 4)) {
        read.image = QImage(int(width), int(height), QImage::Format_ARGB32);
        std::vector<uchar> row(std::size_t(TIFFScanlineSize(tiff)));
        for (uint32_t r = 0; r < height && !read.image.isNull(); ++r) {
            if (TIFFReadScanline(tiff, row.data(), r, 0) != 1) {
                read.image = QImage();
                break;
            }
            for (uint32_t c = 0; c < width; ++c) {
                const uchar* p = row.data() + std::size_t(c) * read.samples;
                read.image.setPixel(int(c), int(r),
                                    qRgba(p[0], p[1], p[2], read.samples == 4 ? p[3] : 255));
            }
        }
    }
    TIFFClose(tiff);
    return read;
}

QImage argb(const QImage& image) {
    return image.convertToFormat(QImage::Format_ARGB32);
}

// Pixels of near-black grey ink (the figures' text colour, 0.1 grey) in `area`:
// the surfaces' viridis colours are never grey.
int greyInk(const QImage& image, QRect area) {
    area &= image.rect();
    int count = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            const int high = std::max({c.red(), c.green(), c.blue()});
            const int low = std::min({c.red(), c.green(), c.blue()});
            if (high < 110 && high - low < 16)
                ++count;
        }
    return count;
}

// Three groups of members in three components, for the 3-D map.
symmetry::SetProjection projection3d() {
    symmetry::SetProjection p;
    p.method = "pca";
    p.space = "raw";
    p.explainedVarianceRatio = {0.5, 0.3, 0.1};
    p.coordinates.resize(12, 3);
    for (int i = 0; i < 12; ++i) {
        p.members.push_back("m" + std::to_string(i));
        p.groups.push_back(i < 4 ? "a" : i < 8 ? "b" : "c");
        p.coordinates.row(i) << std::cos(i), std::sin(1.3 * i), 0.1 * i;
    }
    return p;
}

}  // namespace

class TestFigureOptions : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    QString session_;

    QString renderInto(const QString& folder, const QStringList& extra) {
        const QString out = dir_.filePath(folder);
        return exitCodeOf(QStringList{"render", session_, "--out", out} + extra) == 0 ? out
                                                                                      : QString();
    }

  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir_.isValid());
        const QString set = dir_.filePath("moons");
        // Four members, as initialised from seeds 0 to 3: a PCA of three
        // components needs more than three.
        const model::MlpModel mlp = test::moonsSetMlp();
        std::vector<sampling::Member> members;
        for (int i = 0; i < 4; ++i)
            members.push_back({"m" + std::to_string(i),
                               "g",
                               mlp.initialParameters(static_cast<std::uint64_t>(i)),
                               {}});
        test::writeMoonsSet(set.toStdString(), std::move(members));
        session_ = dir_.filePath("kinds.modescape");
        QCOMPARE(exitCodeOf({"session", "init", set, "--out", session_, "--view",
                             "landscape:grid=-1:1:7,-1:1:7", "--view", "barrier-matrix:points=3",
                             "--view", "project:components=3"}),
                 0);
    }

    void noTitleInEveryKindAndTheWindowsExportAgrees() {
        const QString titled = renderInto("titled", {"--format", "png,svg"});
        const QString untitled = renderInto("untitled", {"--format", "png,svg", "--no-title"});
        QVERIFY(!titled.isEmpty() && !untitled.isEmpty());
        const auto file = [](const QString& folder, const char* name) {
            return QDir(folder).filePath(name);
        };

        // The heatmap: its title ("... barriers (test split loss): 1 basin(s)
        // below ...") is <text> with the title and absent without; the colour
        // bar's name and the members' names stay.
        const auto svgText = [](const QString& path) {
            QFile svg(path);
            return svg.open(QIODevice::ReadOnly) ? test::svgJoinedText(svg.readAll()) : QString();
        };
        const QString heatmapTitled = svgText(file(titled, "barrier-matrix.svg"));
        const QString heatmapUntitled = svgText(file(untitled, "barrier-matrix.svg"));
        QVERIFY2(heatmapTitled.contains("split loss)"), qPrintable(heatmapTitled));
        QVERIFY2(!heatmapUntitled.contains("split loss)"), qPrintable(heatmapUntitled));
        QVERIFY(!heatmapUntitled.contains("basin"));
        for (const char* kept : {"barrier", "m0", "m2"})
            QVERIFY2(heatmapUntitled.contains(kept), kept);

        // The 3-D surface: the title's grey ink in the top band's middle is gone.
        const QImage surface(file(titled, "landscape.png"));
        const QImage bare(file(untitled, "landscape.png"));
        QCOMPARE(bare.size(), surface.size());
        const QRect band(surface.width() / 4, 0, surface.width() / 2, 28);
        QVERIFY2(greyInk(surface, band) > 40, qPrintable(QString::number(greyInk(surface, band))));
        QVERIFY2(greyInk(bare, band) * 4 < greyInk(surface, band),
                 qPrintable(QString::number(greyInk(bare, band))));
        // The 3-D map: its bold title at the top left.
        const QImage map(file(titled, "project.png"));
        const QImage mapBare(file(untitled, "project.png"));
        const QRect corner(0, 0, map.width() / 2, map.height() / 12);
        QVERIFY2(greyInk(map, corner) > 40, qPrintable(QString::number(greyInk(map, corner))));
        QCOMPARE(greyInk(mapBare, corner), 0);

        // The window's File > Export image with the "Title" box off writes the
        // same PNGs; the next export with the box on has the title again.
        ExportImageDialog dialog;
        QVERIFY(dialog.titleShown());  // on by default
        dialog.setTitleShown(false);
        QVERIFY(!dialog.titleShown());
        MainWindow window;
        SessionFigures figures(window);
        figures.open(session::readSession(session_.toStdString()));
        const QSize pixels(800, 600);  // render's default size
        for (const char* id : {"barrier-matrix", "landscape", "project"}) {
            figures.compute(id);
            figures.layOut(id, figureViewSize(pixels));
            if (QString(id) == "project")  // a map of three components: a VTK scene
                QVERIFY(dynamic_cast<MapPage&>(figures.page(id))
                            .mapView()
                            ->model()
                            .isThreeDimensional());
            const QString png = QString("%1.png").arg(id);
            const QString exported = dir_.filePath(QString("gui-untitled-%1").arg(png));
            QVERIFY(window.exportCurrentView(exported, FigureSize::fromPixels(pixels), false,
                                             dialog.titleShown()));
            QVERIFY(figureTitlesShown());  // for that export only
            QVERIFY2(argb(QImage(exported)) == argb(QImage(file(untitled, qPrintable(png)))),
                     qPrintable(exported + " differs from render --no-title"));
            const QString again = dir_.filePath(QString("gui-titled-%1").arg(png));
            QVERIFY(window.exportCurrentView(again, FigureSize::fromPixels(pixels), false, true));
            QVERIFY2(argb(QImage(again)) == argb(QImage(file(titled, qPrintable(png)))),
                     qPrintable(again + " differs from render"));
        }
    }

    void subcommandFiguresLeaveTheTitleOut() {
        // A subcommand's --figure with --no-title: the reliability diagram's
        // SVG keeps its axis names without its title ("... equal-width bins)"),
        // and a landscape surface's top band loses the title's ink.
        const QString set = dir_.filePath("moons");
        const auto svgText = [](const QString& path) {
            QFile svg(path);
            return svg.open(QIODevice::ReadOnly) ? test::svgJoinedText(svg.readAll()) : QString();
        };
        const QString titled = dir_.filePath("calibrate-titled.svg");
        const QString bare = dir_.filePath("calibrate-bare.svg");
        QCOMPARE(exitCodeOf({"calibrate", set, "--figure", titled}), 0);
        QCOMPARE(exitCodeOf({"calibrate", set, "--figure", bare, "--no-title"}), 0);
        QVERIFY2(svgText(titled).contains("bins)"), qPrintable(svgText(titled)));
        QVERIFY2(!svgText(bare).contains("bins)"), qPrintable(svgText(bare)));
        QVERIFY2(svgText(bare).contains("confidence"), qPrintable(svgText(bare)));

        const QString surface = dir_.filePath("landscape-titled.png");
        const QString surfaceBare = dir_.filePath("landscape-bare.png");
        const QStringList grid{"--grid", "-1:1:5,-1:1:5"};
        QCOMPARE(exitCodeOf(QStringList{"landscape", set, "--figure", surface} + grid), 0);
        QCOMPARE(
            exitCodeOf(QStringList{"landscape", set, "--figure", surfaceBare, "--no-title"} + grid),
            0);
        const QImage withTitle(surface), without(surfaceBare);
        QCOMPARE(without.size(), withTitle.size());
        const QRect band(withTitle.width() / 4, 0, withTitle.width() / 2, 28);
        QVERIFY2(greyInk(withTitle, band) > 40,
                 qPrintable(QString::number(greyInk(withTitle, band))));
        QVERIFY2(greyInk(without, band) * 4 < greyInk(withTitle, band),
                 qPrintable(QString::number(greyInk(without, band))));
        // --no-title without --figure is refused, before any work.
        QVERIFY(exitCodeOf({"calibrate", set, "--no-title"}) != 0);
    }

    void renderRunsATorchScriptModelOnlyWhenAllowed() {
        // The set's model is a scripted MLP 2-32-32-2 (PyTorch's own file):
        // code, so `render` runs it only with --allow-torchscript.
        const QString set = dir_.filePath("scripted");
        const model::MlpModel mlp = test::moonsSetMlp();
        std::vector<sampling::Member> members;
        for (int i = 0; i < 2; ++i)
            members.push_back({"s" + std::to_string(i),
                               "g",
                               mlp.initialParameters(static_cast<std::uint64_t>(i)),
                               {}});
        sampling::SetDescription description;
        description.model = {{"torchscript", "model.pt"}};
        description.datasets = {{"train", "moons:n=200,seed=1"}, {"test", "moons:n=300,seed=2"}};
        sampling::writeCheckpointSet(set.toStdString(), description, members);
        QVERIFY(
            QFile::copy(MODESCAPE_FIXTURES_DIR "/models/mlp_relu_scripted.pt", set + "/model.pt"));
        const QString session = dir_.filePath("scripted.modescape");
        QCOMPARE(exitCodeOf({"session", "init", set, "--out", session, "--view", "calibrate"}), 0);

        const test::Run refused =
            test::runModescape({"render", session, "--out", dir_.filePath("refused")});
        const QString said = refused.out + refused.err;
        QVERIFY2(refused.code != 0, qPrintable(said));
        QVERIFY2(said.contains(set + "/model.pt") && said.contains("--allow-torchscript"),
                 qPrintable(said));
        QVERIFY(!QFile::exists(dir_.filePath("refused/calibrate.png")));

        QCOMPARE(exitCodeOf(
                     {"render", session, "--out", dir_.filePath("allowed"), "--allow-torchscript"}),
                 0);
        QVERIFY(!QImage(dir_.filePath("allowed/calibrate.png")).isNull());
    }

    void tiffHasThePngsPixelsAndTheDpi() {
        // A painted figure, opaque and transparent, 3.5 x 2 in at 150 dpi.
        const FigurePaint paint = [](QPainter& painter, const QRectF& bounds) {
            painter.fillRect(bounds.adjusted(20, 20, -200, -60), QColor(40, 120, 200, 160));
            painter.setPen(Qt::black);
            painter.drawText(bounds.adjusted(30, 30, 0, 0), "test loss α β");
            painter.drawEllipse(bounds.center(), 60, 40);
        };
        ResolvedFigure figure =
            resolveFigure(FigureSize::fromInches(3.5, 2.0, 150), QSize(800, 600));
        QCOMPARE(figure.pixels, QSize(525, 300));
        for (const bool transparent : {false, true}) {
            figure.transparent = transparent;
            const QString stem = dir_.filePath(transparent ? "clear" : "opaque");
            FigureWriter(figure).write(stem + ".png", paint);
            FigureWriter(figure).write(stem + ".TIF", paint);  // the suffix in any case
            const TiffRead tiff = readTiff(stem + ".TIF");
            QVERIFY2(!tiff.image.isNull(), qPrintable(stem));
            QCOMPARE(tiff.samples, uint16_t(transparent ? 4 : 3));
            QCOMPARE(tiff.xDpi, 150.0);
            QCOMPARE(tiff.yDpi, 150.0);
            const QImage png(stem + ".png");
            QCOMPARE(tiff.image.size(), QSize(525, 300));
            QVERIFY(tiff.image == argb(png));
            QVERIFY(transparent == (qAlpha(tiff.image.pixel(1, 1)) == 0));
        }
        QCOMPARE(figureFormatOf("a.tiff"), FigureFormat::Tiff);
        try {
            figureFormatOf("a.jpg");
            QFAIL("a .jpg figure was accepted");
        } catch (const std::exception& e) {
            QVERIFY2(QString(e.what()).contains(".tif"), e.what());
        }

        // `render --format png,tiff` at 200 dpi: the painted heatmap and the
        // VTK surface, each TIFF the PNG's pixels with 200 dpi recorded.
        const QString out = renderInto(
            "tiff", {"--view", "barrier-matrix", "--view", "landscape", "--format", "png,tiff",
                     "--width", "3.5in", "--height", "2.625in", "--dpi", "200"});
        QVERIFY(!out.isEmpty());
        for (const char* id : {"barrier-matrix", "landscape"}) {
            const TiffRead tiff = readTiff(QDir(out).filePath(QString("%1.tiff").arg(id)));
            QVERIFY2(!tiff.image.isNull(), id);
            QCOMPARE(tiff.image.size(), QSize(700, 525));
            QCOMPARE(tiff.xDpi, 200.0);
            QCOMPARE(tiff.yDpi, 200.0);
            QVERIFY2(tiff.image == argb(QImage(QDir(out).filePath(QString("%1.png").arg(id)))), id);
        }
    }

    void map3dTextFollowsDpiAndFontSize() {
        const MapModel model = mapModelOf(projection3d());
        QVERIFY(model.isThreeDimensional());
        VtkView view;
        MapScene3d scene(view.renderer(), model);
        const auto sizes = [&](double dpi, double points) {
            ResolvedFigure figure;
            figure.dpi = dpi;
            figure.fontPoints = points;
            scene.setTextPixels(figureTextPixels(figure));
            return std::make_pair(scene.titleActor()->GetTextProperty()->GetFontSize(),
                                  scene.axesLabelActor()->GetTextProperty()->GetFontSize());
        };
        // 9 pt at 96 dpi is the screen's 12-pixel text: title 16, axes 14.
        QCOMPARE(sizes(96, 9), std::make_pair(16, 14));
        QCOMPARE(sizes(192, 9), std::make_pair(32, 28));  // --dpi twice
        QCOMPARE(sizes(96, 18), std::make_pair(32, 28));  // --font-size twice
        QCOMPARE(sizes(600, 8), std::make_pair(89, 78));  // the paper preset: 66.7 px text
        scene.setTextPixels(0);                           // the scale's again
        scene.setScale(2);
        QCOMPARE(scene.titleActor()->GetTextProperty()->GetFontSize(), 32);

        // Rendered at one pixel size, twice the text height gives title ink
        // about twice as tall.
        const QSize size(800, 640);
        const QImage small = renderMap3dImage(model, size, false, 12);
        const QImage large = renderMap3dImage(model, size, false, 24);
        // A paper column (3.5 in at 150 dpi, 8 pt): the three axes' names, too
        // wide at that size, are set smaller until they fit the width.
        const QImage column = renderMap3dImage(model, QSize(525, 394), false, 8 * 150 / 72.0);
        const QRect bottom(0, column.height() - 40, column.width(), 40);
        QVERIFY(greyInk(column, bottom) > 20);
        QCOMPARE(greyInk(column, QRect(0, bottom.top(), 4, 40)), 0);
        QCOMPARE(greyInk(column, QRect(column.width() - 4, bottom.top(), 4, 40)), 0);

        const QRect corner(0, 0, 400, 80);
        const int smallInk = test::inkHeight(small, corner),
                  largeInk = test::inkHeight(large, corner);
        QVERIFY2(
            smallInk >= 8 && largeInk >= int(1.7 * smallInk) && largeInk <= int(2.3 * smallInk),
            qPrintable(QString("%1 %2").arg(smallInk).arg(largeInk)));
    }
};

QTEST_MAIN(TestFigureOptions)
#include "TestFigureOptions.moc"

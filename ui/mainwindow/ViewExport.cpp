#include "ui/mainwindow/ViewExport.h"

#include <QPainter>

#include <algorithm>

#include "core/common/Error.h"
#include "ui/rendering/FigureSource.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/RasterFigureSource.h"
#include "ui/views/ViewPage.h"

namespace modescape::ui {

namespace {

// A raster view renders at a scale of its on-screen size; a VTK view sizes
// its text from the figure's points at its DPI.
QImage rasterOf(ViewPage& page, const ResolvedFigure& figure, bool transparent) {
    const QSize pixels = figure.pixels;
    const double scale = std::min(double(pixels.width()) / std::max(1, page.width()),
                                  double(pixels.height()) / std::max(1, page.height()));
    auto* raster = dynamic_cast<RasterFigureSource*>(&page);
    QImage image = raster ? raster->figureImage(scale, transparent, figureTextPixels(figure))
                          : page.exportImage(scale, transparent);
    if (image.isNull())
        throw Error("the view gave back no image");
    return image;
}

}  // namespace

FigurePaint viewFigurePaint(ViewPage& page, const ResolvedFigure& figure, bool transparent) {
    auto* source = dynamic_cast<FigureSource*>(&page);
    if (FigurePaint paint = source ? source->figurePaint() : FigurePaint())
        return paint;
    const QImage image = rasterOf(page, figure, transparent);
    return [image](QPainter& painter, const QRectF& bounds) {
        // At the image's own aspect ratio (a view's pixels may round off the pane's).
        const QSizeF size = QSizeF(image.size()).scaled(bounds.size(), Qt::KeepAspectRatio);
        painter.save();
        painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
        painter.drawImage(QRectF(bounds.topLeft(), size), image);
        painter.restore();
    };
}

ResolvedFigure writeViewFigure(ViewPage& page, const QString& path, const FigureSize& size,
                               bool transparent) {
    ResolvedFigure figure = resolveFigure(size, page.size());
    figure.transparent = transparent;
    auto* source = dynamic_cast<FigureSource*>(&page);
    if (const FigurePaint paint = source ? source->figurePaint() : FigurePaint()) {
        FigureWriter(figure).write(path, paint);
        return figure;
    }
    const QImage image = rasterOf(page, figure, transparent);
    figure.pixels = image.size();
    FigureWriter(figure).writeRaster(path, image);
    return figure;
}

}  // namespace modescape::ui

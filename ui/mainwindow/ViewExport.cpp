#include "ui/mainwindow/ViewExport.h"

#include <algorithm>

#include "core/common/Error.h"
#include "ui/rendering/FigureSource.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/RasterFigureSource.h"
#include "ui/views/ViewPage.h"

namespace modescape::ui {

ResolvedFigure writeViewFigure(ViewPage& page, const QString& path, const FigureSize& size,
                               bool transparent) {
    ResolvedFigure figure = resolveFigure(size, page.size());
    figure.transparent = transparent;
    auto* source = dynamic_cast<FigureSource*>(&page);
    if (const FigurePaint paint = source ? source->figurePaint() : FigurePaint()) {
        FigureWriter(figure).write(path, paint);
        return figure;
    }
    // A raster view renders at a scale of its on-screen size.
    const double scale = std::min(double(figure.pixels.width()) / std::max(1, page.width()),
                                  double(figure.pixels.height()) / std::max(1, page.height()));
    // A VTK view sizes its text from the figure's points at its DPI.
    auto* raster = dynamic_cast<RasterFigureSource*>(&page);
    const QImage image = raster ? raster->figureImage(scale, transparent, figureTextPixels(figure))
                                : page.exportImage(scale, transparent);
    if (image.isNull())
        throw Error("the view gave back no image");
    figure.pixels = image.size();
    FigureWriter(figure).writeRaster(path, image);
    return figure;
}

}  // namespace modescape::ui

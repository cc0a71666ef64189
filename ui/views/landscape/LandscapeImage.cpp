#include "ui/views/landscape/LandscapeImage.h"

#include "ui/rendering/OffscreenRender.h"
#include "ui/rendering/RasterFigureSource.h"
#include "ui/views/landscape/GridFromResult.h"
#include "ui/views/landscape/LandscapeLineChart.h"
#include "ui/views/landscape/LandscapeSurfaceView.h"

namespace modescape::ui {

QImage renderLandscapeImage(const landscape::LandscapeResult& result, LandscapeFigure figure,
                            const SurfaceStyle& style, const ResolvedFigure& figureSize) {
    const LandscapeGrid grid = gridFromResult(result);
    const QSize size = figureSize.pixels;
    if (grid.isOneDimensional())
        return FigureWriter(figureSize).paintImage(landscapeLinePaint(result));
    LandscapeSurfaceView view(figure == LandscapeFigure::Surface
                                  ? LandscapeSurfaceView::Mode::Surface
                                  : LandscapeSurfaceView::Mode::Contour);
    view.resize(size);
    view.setTextPixels(figureTextPixels(figureSize));
    view.setStyle(style);
    view.setGrid(grid);
    return renderViewOffscreen(*view.vtkView(), size);
}

FigurePaint landscapeLinePaint(const landscape::LandscapeResult& result) {
    const LandscapeGrid grid = gridFromResult(result);
    if (!grid.isOneDimensional())
        return {};
    return lineChartPaint(LandscapeLineChart::chartData(grid));
}

}  // namespace modescape::ui

#include "ui/views/landscape/LandscapeImage.h"

#include <QPainter>

#include "ui/rendering/OffscreenRender.h"
#include "ui/rendering/RasterFigureSource.h"
#include "ui/views/landscape/ContourFigure.h"
#include "ui/views/landscape/GridFromResult.h"
#include "ui/views/landscape/LandscapeLineChart.h"
#include "ui/views/landscape/LandscapeSurfaceView.h"

namespace modescape::ui {

QImage renderLandscapeImage(const landscape::LandscapeResult& result, LandscapeFigure figure,
                            const SurfaceStyle& style, const ResolvedFigure& figureSize) {
    const LandscapeGrid grid = gridFromResult(result);
    const QSize size = figureSize.pixels;
    if (const FigurePaint paint = landscapeFigurePaint(result, figure, style))
        return FigureWriter(figureSize).paintImage(paint);
    LandscapeSurfaceView view;
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

FigurePaint landscapeFigurePaint(const landscape::LandscapeResult& result, LandscapeFigure figure,
                                 const SurfaceStyle& style) {
    if (FigurePaint line = landscapeLinePaint(result))
        return line;
    if (figure != LandscapeFigure::Contour)
        return {};
    return [grid = gridFromResult(result), style](QPainter& painter, const QRectF& bounds) {
        paintContour(painter, bounds, grid, style);
    };
}

}  // namespace modescape::ui

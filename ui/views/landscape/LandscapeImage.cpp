#include "ui/views/landscape/LandscapeImage.h"

#include "ui/rendering/OffscreenRender.h"
#include "ui/views/landscape/GridFromResult.h"
#include "ui/views/landscape/LandscapeLineChart.h"
#include "ui/views/landscape/LandscapeSurfaceView.h"

namespace modescape::ui {

QImage renderLandscapeImage(const landscape::LandscapeResult& result, LandscapeFigure figure,
                            const SurfaceStyle& style, QSize size) {
    const LandscapeGrid grid = gridFromResult(result);
    if (grid.isOneDimensional()) {
        LandscapeLineChart chart;
        chart.resize(size);
        chart.setTextScale(TwoAxisChart::textScaleFor(size));
        chart.setGrid(grid);
        return renderViewOffscreen(*chart.vtkView(), size);
    }
    LandscapeSurfaceView view(figure == LandscapeFigure::Surface
                                  ? LandscapeSurfaceView::Mode::Surface
                                  : LandscapeSurfaceView::Mode::Contour);
    view.resize(size);
    view.setStyle(style);
    view.setGrid(grid);
    return renderViewOffscreen(*view.vtkView(), size);
}

}  // namespace modescape::ui

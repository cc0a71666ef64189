#include "ui/views/map/SymmetryPanelsImage.h"

#include <QLayout>

#include "ui/rendering/FigureWriter.h"
#include "ui/views/map/SymmetryPanelsGrid.h"

namespace modescape::ui {
namespace {

// The grid laid out at the reference size without showing it; figures scale
// that layout, so every size shows the same arrangement.
void layOut(SymmetryPanelsGrid& grid, const symmetry::SymmetryPanelsResult& result) {
    grid.showPanels(result.data, result.histograms);
    grid.layout()->setSizeConstraint(QLayout::SetNoConstraint);
    grid.resize(kSymmetryPanelsReferenceSize);
    grid.layout()->activate();
}

}  // namespace

QImage renderSymmetryPanels(const symmetry::SymmetryPanelsResult& result, QSize size,
                            bool transparentBackground) {
    SymmetryPanelsGrid grid;
    layOut(grid, result);
    ResolvedFigure figure =
        resolveFigure(FigureSize::fromPixels(size), kSymmetryPanelsReferenceSize);
    figure.transparent = transparentBackground;
    return FigureWriter(figure).paintImage(
        [&grid](QPainter& painter, const QRectF& bounds) { grid.paintFigure(painter, bounds); });
}

void writeSymmetryPanelsFigure(const symmetry::SymmetryPanelsResult& result, const QString& path,
                               const ResolvedFigure& figure) {
    SymmetryPanelsGrid grid;
    layOut(grid, result);
    FigureWriter(figure).write(path, [&grid](QPainter& painter, const QRectF& bounds) {
        grid.paintFigure(painter, bounds);
    });
}

}  // namespace modescape::ui

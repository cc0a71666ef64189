#include "ui/views/map/SymmetryPanelsImage.h"

#include <QLayout>

#include "ui/rendering/OffscreenRender.h"
#include "ui/views/map/SymmetryPanelsGrid.h"

namespace modescape::ui {

QImage renderSymmetryPanels(const symmetry::SymmetryPanelsResult& result, QSize size,
                            bool transparentBackground) {
    SymmetryPanelsGrid grid;
    grid.showPanels(result.data, result.histograms);
    // Exactly `size`, even below the panels' minimum sizes; activate() places
    // the panels without showing the grid.
    grid.layout()->setSizeConstraint(QLayout::SetNoConstraint);
    grid.resize(size);
    grid.layout()->activate();
    return grid.paintedImage(1.0, transparentBackground);
}

void writeSymmetryPanelsImage(const symmetry::SymmetryPanelsResult& result, const std::string& path,
                              int width, int height) {
    ensureOffscreenApplication();
    writeImageFile(renderSymmetryPanels(result, QSize(width, height)),
                   QString::fromStdString(path));
}

}  // namespace modescape::ui

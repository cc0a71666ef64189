#include "ui/views/calibration/ReliabilityDiagramImage.h"

#include <algorithm>

#include "ui/rendering/OffscreenRender.h"
#include "ui/rendering/VtkView.h"

namespace modescape::ui {

QImage renderReliabilityDiagram(const ReliabilityDiagramData& data, QSize size,
                                bool transparentBackground) {
    VtkView view;
    ReliabilityDiagramScene scene(view.renderer());
    scene.setData(data);
    scene.setFontScale(
        std::clamp(std::min(double(size.width()) / kReliabilityReferenceSize.width(),
                            double(size.height()) / kReliabilityReferenceSize.height()),
                   0.5, 8.0));
    return renderViewOffscreen(view, size, transparentBackground);
}

void writeReliabilityDiagramImage(const ReliabilityDiagramData& data, const std::string& path,
                                  int width, int height) {
    ensureOffscreenApplication();
    writeImageFile(renderReliabilityDiagram(data, QSize(width, height)),
                   QString::fromStdString(path));
}

}  // namespace modescape::ui

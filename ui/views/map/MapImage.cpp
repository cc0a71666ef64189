#include "ui/views/map/MapImage.h"

#include <algorithm>

#include "ui/rendering/OffscreenRender.h"
#include "ui/rendering/VtkView.h"

namespace modescape::ui {

QImage renderMapImage(const symmetry::SetProjection& projection, QSize size,
                      const MemberMetricsMap& metrics, MapColouring colouring,
                      bool transparentBackground) {
    VtkView view;
    MapScene scene(view.renderer());
    scene.setScale(std::clamp(std::min(double(size.width()) / kMapReferenceSize.width(),
                                       double(size.height()) / kMapReferenceSize.height()),
                              0.5, 8.0));
    scene.setMetrics(metrics);
    scene.setColouring(colouring);
    scene.setProjection(projection);
    return renderViewOffscreen(view, size, transparentBackground);
}

void writeMapImage(const symmetry::SetProjection& projection, const std::string& path, int width,
                   int height) {
    ensureOffscreenApplication();
    writeImageFile(renderMapImage(projection, QSize(width, height)), QString::fromStdString(path));
}

}  // namespace modescape::ui

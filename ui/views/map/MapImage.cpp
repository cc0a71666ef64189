#include "ui/views/map/MapImage.h"

#include <algorithm>
#include <memory>

#include "ui/rendering/OffscreenRender.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/map/MapFigure.h"
#include "ui/views/map/MapScene3d.h"

namespace modescape::ui {

MapModel mapModelOf(const symmetry::SetProjection& projection) {
    MapModel model;
    model.setProjection(projection);
    return model;
}

FigurePaint mapFigurePaint(MapModel model) {
    auto shared = std::make_shared<const MapModel>(std::move(model));
    return
        [shared](QPainter& painter, const QRectF& bounds) { paintMap(painter, bounds, *shared); };
}

QImage renderMap3dImage(const MapModel& model, QSize size, bool transparentBackground,
                        double textPixels) {
    VtkView view;
    MapScene3d scene(view.renderer(), model);
    scene.setScale(std::clamp(std::min(double(size.width()) / kMapReferenceSize.width(),
                                       double(size.height()) / kMapReferenceSize.height()),
                              0.5, 8.0));
    scene.setTextPixels(textPixels);
    scene.resetCamera();
    return renderViewOffscreen(view, size, transparentBackground);
}

}  // namespace modescape::ui

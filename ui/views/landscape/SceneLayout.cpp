#include "ui/views/landscape/SceneLayout.h"

#include <vtkCamera.h>
#include <vtkPoints.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace modescape::ui {

FigureLayout layoutFigure(QSize render, const FigureFonts& fonts, const FigureParts& parts) {
    const double w = render.width(), h = render.height();
    const double pad = 8.0 * fonts.scale;
    double left = pad, right = pad, bottom = pad, top = pad;
    if (parts.title)
        top += 1.6 * fonts.title;
    if (parts.axes) {
        // Tick numbers ("-0.75": about 3 em wide) and the axis title beside them.
        left += 3.2 * fonts.tick + 1.8 * fonts.axisTitle;
        bottom += 1.8 * fonts.tick + 1.8 * fonts.axisTitle;
        if (parts.perspective) {  // the loss axis and the far side's labels
            right += 1.5 * fonts.tick;
            // The x title hangs below the axis's middle, above its lowest
            // end; the y title, along its receding axis, reaches above the
            // axis's far end (toward the figure's title).
            bottom -= 0.6 * fonts.axisTitle;
            top += 0.6 * fonts.axisTitle;
        } else {  // the map's axes stand off it by kMapAxisGap
            left += kMapAxisGap * fonts.tick;
            bottom += kMapAxisGap * fonts.tick;
        }
    }
    FigureLayout layout;
    if (parts.scalarBar) {
        // The bar, then its numbers ("1.64e+03": about 5 em) to its right.
        const double bar = 1.4 * fonts.tick, numbers = 5.0 * fonts.tick;
        const double width = bar + numbers;
        const double x = w - pad - width;
        const double barTop = h - top - 1.8 * fonts.axisTitle;
        layout.scalarBar =
            QRectF(x, bottom, width, std::max(1.0, barTop - bottom + 1.8 * fonts.axisTitle));
        right += width + 2.0 * pad;
    }
    layout.plot =
        QRectF(left, bottom, std::max(1.0, w - left - right), std::max(1.0, h - bottom - top));
    return layout;
}

QRectF projectedBounds(vtkRenderer* renderer, const double b[6]) {
    double lo[2] = {std::numeric_limits<double>::infinity(),
                    std::numeric_limits<double>::infinity()};
    double hi[2] = {-lo[0], -lo[1]};
    for (int corner = 0; corner < 8; ++corner) {
        renderer->SetWorldPoint(b[corner & 1], b[2 + ((corner >> 1) & 1)],
                                b[4 + ((corner >> 2) & 1)], 1.0);
        renderer->WorldToDisplay();
        double d[3];
        renderer->GetDisplayPoint(d);
        for (int k = 0; k < 2; ++k) {
            lo[k] = std::min(lo[k], d[k]);
            hi[k] = std::max(hi[k], d[k]);
        }
    }
    return QRectF(lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1]);
}

QRectF projectedPoints(vtkRenderer* renderer, vtkPoints* points, int limit) {
    const vtkIdType n = points ? points->GetNumberOfPoints() : 0;
    if (n == 0)
        return {};
    const vtkIdType stride = std::max<vtkIdType>(1, n / std::max(1, limit));
    double lo[2] = {std::numeric_limits<double>::infinity(),
                    std::numeric_limits<double>::infinity()};
    double hi[2] = {-lo[0], -lo[1]};
    for (vtkIdType k = 0; k < n; k += stride) {
        double p[3], d[3];
        points->GetPoint(k, p);
        renderer->SetWorldPoint(p[0], p[1], p[2], 1.0);
        renderer->WorldToDisplay();
        renderer->GetDisplayPoint(d);
        for (int c = 0; c < 2; ++c) {
            lo[c] = std::min(lo[c], d[c]);
            hi[c] = std::max(hi[c], d[c]);
        }
    }
    return QRectF(lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1]);
}

namespace {

// Moves the camera (position and focal point together) so that what was at
// display offset (dx, dy) from the centre of `area` comes to its centre.
void pan(vtkCamera* camera, double dx, double dy, double worldPerPixel) {
    double right[3], up[3], direction[3];
    camera->GetViewUp(up);
    camera->GetDirectionOfProjection(direction);
    right[0] = direction[1] * up[2] - direction[2] * up[1];
    right[1] = direction[2] * up[0] - direction[0] * up[2];
    right[2] = direction[0] * up[1] - direction[1] * up[0];
    double p[3], f[3];
    camera->GetPosition(p);
    camera->GetFocalPoint(f);
    for (int k = 0; k < 3; ++k) {
        const double shift = (dx * right[k] + dy * up[k]) * worldPerPixel;
        p[k] += shift;
        f[k] += shift;
    }
    camera->SetPosition(p);
    camera->SetFocalPoint(f);
}

}  // namespace

double worldPerPixel(vtkRenderer* renderer) {
    vtkCamera* camera = renderer->GetActiveCamera();
    const double height = std::max(1, renderer->GetSize()[1]);
    return camera->GetParallelProjection()
               ? 2.0 * camera->GetParallelScale() / height
               : 2.0 * camera->GetDistance() * std::tan(camera->GetViewAngle() * M_PI / 360.0) /
                     height;
}

void panPicture(vtkRenderer* renderer, double dx, double dy) {
    pan(renderer->GetActiveCamera(), -dx, -dy, worldPerPixel(renderer));
}

void frameBounds(vtkRenderer* renderer, const double bounds[6], const QRectF& area) {
    vtkCamera* camera = renderer->GetActiveCamera();
    renderer->ResetCamera(bounds);
    // Parallel: one step is exact. Perspective: zoom and pan change the
    // projection of points at other depths a little; three steps settle it.
    const int steps = camera->GetParallelProjection() ? 1 : 4;
    for (int step = 0; step < steps; ++step) {
        const QRectF drawn = projectedBounds(renderer, bounds);
        if (drawn.width() <= 0 && drawn.height() <= 0)
            return;
        const double zoom = std::min(drawn.width() > 0 ? area.width() / drawn.width() : 1e9,
                                     drawn.height() > 0 ? area.height() / drawn.height() : 1e9);
        camera->Zoom(zoom);
        const QRectF zoomed = projectedBounds(renderer, bounds);
        panPicture(renderer, area.center().x() - zoomed.center().x(),
                   area.center().y() - zoomed.center().y());
    }
    renderer->ResetCameraClippingRange(bounds);
}

}  // namespace modescape::ui

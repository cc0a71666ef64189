#pragma once
// Where a datum must appear in a rendered picture, computed by the test and not
// asked of the view: a world point through the camera's own parameters
// (position, focal point, view-up, view angle or parallel scale, viewport),
// a chart value through its axis range and the axis ends on the screen. Plus
// colour look-ups around a pixel. Images are grabbed at scale 1, so image
// pixels are the render window's device pixels (VTK counts rows from the
// bottom, images from the top).

#include <QColor>
#include <QImage>
#include <QPointF>

#include <vtkAxis.h>
#include <vtkCamera.h>
#include <vtkChartXY.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkVector.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

namespace modescape::test {

using Vec3 = std::array<double, 3>;

inline Vec3 minus(const double* a, const double* b) {
    return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}
inline double dot(const Vec3& a, const Vec3& b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
inline Vec3 cross(const Vec3& a, const Vec3& b) {
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
inline Vec3 normalised(const Vec3& a) {
    const double n = std::sqrt(dot(a, a));
    return {a[0] / n, a[1] / n, a[2] / n};
}

// The image pixel (top-left origin, device pixels) where the camera puts a world
// point, from the pinhole (or parallel) model written out here: camera axes from
// the view direction and view-up, then the vertical view angle or the parallel
// scale (half the viewport's height in world units), then the viewport.
// Assumes VTK's defaults for window centre, shear and a vertical view angle.
inline QPointF projectWithCamera(vtkRenderer* renderer, const double world[3]) {
    vtkCamera* camera = renderer->GetActiveCamera();
    const Vec3 back = normalised(minus(camera->GetPosition(), camera->GetFocalPoint()));
    const double* up = camera->GetViewUp();
    const Vec3 right = normalised(cross({up[0], up[1], up[2]}, back));
    const Vec3 upward = cross(back, right);
    const Vec3 relative = minus(world, camera->GetPosition());
    const double x = dot(relative, right), y = dot(relative, upward), depth = -dot(relative, back);
    const int* size = renderer->GetSize();
    const int* origin = renderer->GetOrigin();
    const double aspect = double(size[0]) / double(size[1]);
    const double halfHeight =
        camera->GetParallelProjection()
            ? camera->GetParallelScale()
            : depth * std::tan(camera->GetViewAngle() * M_PI / 360.0);  // half the angle
    const double ndcX = x / (halfHeight * aspect), ndcY = y / halfHeight;
    const double displayX = origin[0] + (ndcX + 1.0) / 2.0 * size[0];
    const double displayY = origin[1] + (ndcY + 1.0) / 2.0 * size[1];
    const int windowHeight = renderer->GetRenderWindow()->GetSize()[1];
    return {displayX, windowHeight - displayY};
}

// The same through VTK's own world-to-display transform (a cross-check).
inline QPointF projectWithRenderer(vtkRenderer* renderer, const double world[3]) {
    renderer->SetWorldPoint(world[0], world[1], world[2], 1.0);
    renderer->WorldToDisplay();
    double display[3];
    renderer->GetDisplayPoint(display);
    return {display[0], renderer->GetRenderWindow()->GetSize()[1] - display[1]};
}

// The image pixel of chart value (x, y): linear between the axis ends, whose
// scene positions (bottom-left origin) VTK computed when it drew the chart.
inline double axisPixel(vtkAxis* axis, double value, bool vertical) {
    const float* from = axis->GetPoint1();
    const float* to = axis->GetPoint2();
    const int k = vertical ? 1 : 0;
    const double fraction =
        (value - axis->GetMinimum()) / (axis->GetMaximum() - axis->GetMinimum());
    return from[k] + fraction * (to[k] - from[k]);
}
inline QPointF chartPixel(vtkChartXY* chart, int xAxis, int yAxis, double x, double y,
                          int imageHeight) {
    return {axisPixel(chart->GetAxis(xAxis), x, false),
            imageHeight - axisPixel(chart->GetAxis(yAxis), y, true)};
}

inline QColor rgbColour(const double rgb[3]) {
    return QColor(int(std::lround(255 * rgb[0])), int(std::lround(255 * rgb[1])),
                  int(std::lround(255 * rgb[2])));
}

// Sum of the channel differences (0 for the same colour, at most 765).
inline int colourDistance(QColor a, QColor b) {
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) +
           std::abs(a.blue() - b.blue());
}

// The smallest colour distance to `wanted` among the pixels within `radius` of p.
inline int nearestColourDistance(const QImage& image, QPointF p, QColor wanted, int radius) {
    int best = 3 * 255;
    const int cx = int(std::floor(p.x())), cy = int(std::floor(p.y()));
    for (int y = cy - radius; y <= cy + radius; ++y)
        for (int x = cx - radius; x <= cx + radius; ++x)
            if (image.valid(x, y))
                best = std::min(best, colourDistance(image.pixelColor(x, y), wanted));
    return best;
}

inline QString describe(QPointF p) {
    return QString("(%1, %2)").arg(p.x(), 0, 'f', 1).arg(p.y(), 0, 'f', 1);
}

}  // namespace modescape::test

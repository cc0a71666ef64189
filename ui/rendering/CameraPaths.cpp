#include "ui/rendering/CameraPaths.h"

#include <cmath>
#include <numbers>

#include "core/common/Error.h"

namespace modescape::ui {
namespace {

Point3 rotatedAboutZ(const Point3& v, double radians) {
    const double c = std::cos(radians), s = std::sin(radians);
    return {c * v[0] - s * v[1], s * v[0] + c * v[1], v[2]};
}

double distance(const Point3& a, const Point3& b) {
    return std::hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

// The point at arc length `s` along the path (clamped to its ends).
Point3 pointAt(const std::vector<Point3>& path, const std::vector<double>& arc, double s) {
    if (s <= 0)
        return path.front();
    for (std::size_t i = 1; i < path.size(); ++i) {
        if (s > arc[i] && i + 1 < path.size())
            continue;
        const double span = arc[i] - arc[i - 1];
        const double t = span > 0 ? std::min(1.0, (s - arc[i - 1]) / span) : 0.0;
        Point3 p;
        for (int k = 0; k < 3; ++k)
            p[k] = path[i - 1][k] + t * (path[i][k] - path[i - 1][k]);
        return p;
    }
    return path.back();
}

}  // namespace

session::Camera turntableCamera(const session::Camera& start, int frame, int frames) {
    const double radians = 2 * std::numbers::pi * frame / std::max(1, frames);
    session::Camera camera = start;
    Point3 offset;
    for (int k = 0; k < 3; ++k)
        offset[k] = start.position[k] - start.focalPoint[k];
    offset = rotatedAboutZ(offset, radians);
    for (int k = 0; k < 3; ++k)
        camera.position[k] = start.focalPoint[k] + offset[k];
    camera.viewUp = rotatedAboutZ(start.viewUp, radians);
    return camera;
}

session::Camera flightCamera(const session::Camera& start, const std::vector<Point3>& path,
                             int frame, int frames) {
    std::vector<double> arc(path.size(), 0.0);
    for (std::size_t i = 1; i < path.size(); ++i)
        arc[i] = arc[i - 1] + distance(path[i - 1], path[i]);
    const double length = path.empty() ? 0.0 : arc.back();
    if (path.size() < 2 || !(length > 0))
        throw InvalidArgument("a flight needs a curve of some length to follow");
    const double s = length * frame / std::max(1, frames - 1);
    const Point3 target = pointAt(path, arc, s);
    // The heading: from a little behind to a little ahead along the curve, in
    // the horizontal plane (the first segment's at a start or end).
    const double step = 0.05 * length;
    const Point3 ahead = pointAt(path, arc, std::min(length, s + step));
    const Point3 behind = pointAt(path, arc, std::max(0.0, s - step));
    double hx = ahead[0] - behind[0], hy = ahead[1] - behind[1];
    if (std::hypot(hx, hy) == 0) {
        hx = path[1][0] - path[0][0];
        hy = path[1][1] - path[0][1];
    }
    const double norm = std::hypot(hx, hy);
    hx = norm > 0 ? hx / norm : 1.0;
    hy = norm > 0 ? hy / norm : 0.0;
    // As far from the point as the session's camera is from its focal point
    // (the scene's scale): half of that behind, a third above.
    const double reach = distance(start.position, start.focalPoint);
    session::Camera camera = start;
    camera.focalPoint = target;
    camera.position = {target[0] - 0.5 * reach * hx, target[1] - 0.5 * reach * hy,
                       target[2] + 0.35 * reach};
    camera.viewUp = {0, 0, 1};
    return camera;
}

}  // namespace modescape::ui

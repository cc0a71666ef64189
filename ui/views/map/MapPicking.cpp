#include "ui/views/map/MapPicking.h"

#include <algorithm>
#include <cmath>

namespace modescape::ui {

int nearestScreenPoint(const std::vector<ScreenPoint>& points, double x, double y,
                       double maxDistance) {
    int best = -1;
    double bestDistance = maxDistance;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double d = std::hypot(points[i].x - x, points[i].y - y);
        if (d <= bestDistance) {
            best = int(i);
            bestDistance = d;
        }
    }
    return best;
}

std::vector<int> screenPointsInRectangle(const std::vector<ScreenPoint>& points, double x0,
                                         double y0, double x1, double y1) {
    const double left = std::min(x0, x1), right = std::max(x0, x1);
    const double bottom = std::min(y0, y1), top = std::max(y0, y1);
    std::vector<int> inside;
    for (std::size_t i = 0; i < points.size(); ++i)
        if (points[i].x >= left && points[i].x <= right && points[i].y >= bottom &&
            points[i].y <= top)
            inside.push_back(int(i));
    return inside;
}

}  // namespace modescape::ui

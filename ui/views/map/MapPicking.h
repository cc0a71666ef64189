#pragma once
// Which map points a click or a rubber band hits, from the points' screen
// positions (pixels, any origin as long as the query uses the same one).

#include <vector>

namespace modescape::ui {

struct ScreenPoint {
    double x = 0, y = 0;
};

// The point closest to (x, y) within maxDistance pixels, or -1.
int nearestScreenPoint(const std::vector<ScreenPoint>& points, double x, double y,
                       double maxDistance);

// Indices of the points inside the rectangle spanned by two corners (any
// order, edges included), ascending.
std::vector<int> screenPointsInRectangle(const std::vector<ScreenPoint>& points, double x0,
                                         double y0, double x1, double y1);

}  // namespace modescape::ui

#pragma once
// Camera paths of the animations (docs/figures.md, "Animations"): a turntable
// around a surface and a flight along a curve lying on one. Pure geometry on
// session::Camera, so a path can be checked without rendering.

#include <array>
#include <vector>

#include "core/session/Session.h"

namespace modescape::ui {

using Point3 = std::array<double, 3>;

// Frame `frame` of `frames` of a turntable: `start` turned by 360 x frame /
// frames degrees about the vertical axis (the surfaces' height, z) through
// its focal point, so frame `frames` would be `start` again.
session::Camera turntableCamera(const session::Camera& start, int frame, int frames);

// Frame `frame` of `frames` of a flight along `path` (at least two points, in
// scene coordinates): the camera looks at the point a fraction frame /
// (frames - 1) along the path's length, from behind it along the path's
// heading and above it (half and a third of the distance between `start`'s
// position and focal point, the scene's scale), with z up. `start` gives the
// view angle and projection. Throws InvalidArgument for a path without length.
session::Camera flightCamera(const session::Camera& start, const std::vector<Point3>& path,
                             int frame, int frames);

}  // namespace modescape::ui

#pragma once
// A VtkView's camera as a session keeps it (core/session/Session.h), and back.

#include "core/session/Session.h"

namespace modescape::ui {

class VtkView;

session::Camera cameraOf(const VtkView& view);
// Places the view's camera and redraws.
void placeCamera(VtkView& view, const session::Camera& camera);

}  // namespace modescape::ui

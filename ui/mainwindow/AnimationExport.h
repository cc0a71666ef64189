#pragma once
// Animations of a 3-D view (docs/figures.md): a turntable of a landscape or
// curve-plane surface, a flight along a trained connectivity curve over
// the surface of its plane, and a training trajectory growing epoch by epoch
// over the surface of its PCA plane (docs/trajectory.md). What to move and what to grab, for a page
// of the window; `modescape render --animate` and File > Export animation both use it, and
// ui/rendering/AnimationFrames writes the frames and the video.

#include <QSize>

#include <optional>
#include <string>
#include <vector>

#include "core/session/Session.h"
#include "ui/rendering/AnimationFrames.h"

namespace modescape::ui {

class ViewPage;

enum class AnimationKind { Turntable, Flight, Trajectory };

// "turntable", "flight" or "trajectory"; nullopt otherwise.
std::optional<AnimationKind> animationKindNamed(const std::string& name);

struct PageAnimation {
    std::vector<session::Camera> cameras;  // one per frame
    AnimationScene scene;                  // places a camera on the page's view, grabs it
    session::Camera original;              // the camera before, to put back afterwards
};

// Whether the page can show the animation: a turntable needs a 3-D surface
// (the landscape, a curve plane or a trajectory plane), a flight a curve
// plane with its curve, a growing trajectory the trajectory view.
bool canAnimate(const ViewPage& page, AnimationKind kind);

// Members of each path drawn in frame `frame` of `frames` of the trajectory
// animation: 1 in the first frame, all `members` in the last, evenly between
// (so frames <= members give frames different pictures).
int trajectoryMembersShown(int members, int frame, int frames);

// The animation of `page`'s surface in `frames` frames of `pixels` (the
// page's view is rendered at that size). A landscape or curve plane shown as
// a contour map or a chart is switched to its surface. Throws
// modescape::Error saying why the page cannot be animated so.
PageAnimation animationOf(ViewPage& page, AnimationKind kind, int frames, QSize pixels);

}  // namespace modescape::ui

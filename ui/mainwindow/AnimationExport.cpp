#include "ui/mainwindow/AnimationExport.h"

#include <QPointer>

#include <vtkPolyData.h>

#include <algorithm>
#include <cmath>

#include "core/common/Error.h"
#include "ui/mainwindow/SessionCamera.h"
#include "ui/mainwindow/SessionFigures.h"
#include "ui/rendering/CameraPaths.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/connectivity/CurvePlanePage.h"
#include "ui/views/connectivity/CurvePlaneView.h"
#include "ui/views/landscape/LandscapePage.h"
#include "ui/views/trajectory/TrajectoryPage.h"
#include "ui/views/trajectory/TrajectoryView.h"

namespace modescape::ui {
namespace {

// The trained curve's centre line (the plane's last path; the first is the
// straight line A -> B) in scene coordinates.
std::vector<Point3> curveOf(const CurvePlaneView& view) {
    std::vector<Point3> points;
    if (view.centreLines().empty())
        return points;
    vtkPolyData* line = view.centreLines().back();
    for (vtkIdType i = 0; line && i < line->GetNumberOfPoints(); ++i) {
        Point3 p;
        line->GetPoint(i, p.data());
        points.push_back(p);
    }
    return points;
}

// The 3-D view to move, with the page switched to its surface.
VtkView* surfaceViewOf(ViewPage& page) {
    if (auto* landscape = dynamic_cast<LandscapePage*>(&page)) {
        if (!landscape->result().has_value())
            throw Error("the landscape has no computed surface to animate yet");
        landscape->applyDisplaySettings({{"view", "surface"}});
        return landscape->cameraView();
    }
    if (auto* plane = dynamic_cast<CurvePlanePage*>(&page)) {
        if (plane->plane().surface.xs.empty())
            throw Error("the curve plane has no computed surface to animate yet");
        plane->view()->setMode(CurvePlaneView::Mode::Surface);
        plane->view()->refreshHidden();  // a hidden view builds its scene only when asked
        return plane->view()->vtkView();
    }
    if (auto* trajectory = dynamic_cast<TrajectoryPage*>(&page)) {
        if (!trajectory->hasResult())
            throw Error("the trajectory has no computed surface to animate yet");
        trajectory->applyDisplaySettings({{"view", "surface"}});
        trajectory->view()->refreshHidden();
        return trajectory->view()->vtkView();
    }
    return nullptr;
}

}  // namespace

int trajectoryMembersShown(int members, int frame, int frames) {
    if (frames <= 1)
        return members;
    // Frame 0 shows the first member, the last frame all of them.
    return 1 + int(std::lround(double(members - 1) * frame / double(frames - 1)));
}

std::optional<AnimationKind> animationKindNamed(const std::string& name) {
    if (name == "turntable")
        return AnimationKind::Turntable;
    if (name == "flight")
        return AnimationKind::Flight;
    if (name == "trajectory")
        return AnimationKind::Trajectory;
    return std::nullopt;
}

bool canAnimate(const ViewPage& page, AnimationKind kind) {
    if (kind == AnimationKind::Flight)
        return dynamic_cast<const CurvePlanePage*>(&page) != nullptr;
    if (kind == AnimationKind::Trajectory)
        return dynamic_cast<const TrajectoryPage*>(&page) != nullptr;
    return dynamic_cast<const LandscapePage*>(&page) ||
           dynamic_cast<const CurvePlanePage*>(&page) || dynamic_cast<const TrajectoryPage*>(&page);
}

PageAnimation animationOf(ViewPage& page, AnimationKind kind, int frames, QSize pixels) {
    if (frames < 2)
        throw InvalidArgument("an animation needs at least 2 frames");
    if (!canAnimate(page, kind))
        throw InvalidArgument(kind == AnimationKind::Flight
                                  ? "a flight follows a connectivity curve: it needs a "
                                    "curve-plane view"
                              : kind == AnimationKind::Trajectory
                                  ? "a growing trajectory needs a trajectory view"
                                  : "a turntable turns a surface: it needs a landscape, "
                                    "curve-plane or trajectory view");
    VtkView* view = surfaceViewOf(page);
    if (!view)
        throw Error("the view shows no 3-D surface");
    PageAnimation animation;
    animation.original = cameraOf(*view);
    if (kind == AnimationKind::Turntable) {
        for (int k = 0; k < frames; ++k)
            animation.cameras.push_back(turntableCamera(animation.original, k, frames));
    } else if (kind == AnimationKind::Trajectory) {
        // A still camera; the path grows by frame (scene.prepare below).
        animation.cameras.assign(std::size_t(frames), animation.original);
    } else {
        const std::vector<Point3> curve = curveOf(*static_cast<CurvePlanePage&>(page).view());
        for (int k = 0; k < frames; ++k)
            animation.cameras.push_back(flightCamera(animation.original, curve, k, frames));
    }
    QPointer<VtkView> target(view);
    QPointer<ViewPage> source(&page);
    if (kind == AnimationKind::Trajectory) {
        QPointer<TrajectoryPage> trajectory(static_cast<TrajectoryPage*>(&page));
        animation.scene.prepare = [trajectory, frames](int index) {
            if (trajectory)
                trajectory->view()->setShownMembers(
                    trajectoryMembersShown(trajectory->view()->longestPath(), index, frames));
        };
    }
    animation.scene.place = [target](const session::Camera& camera) {
        if (target)
            placeCamera(*target, camera);
    };
    // As `render` makes a figure of a 3-D view: the view laid out at the
    // frame's aspect (600 pixels high), rendered at the scale that gives the
    // frame's pixels exactly. In the window the page goes back to its own
    // size after each grab.
    // The 3-D view, not the page, is what gets the frame's aspect: a page
    // with controls beside or above its view (the curve plane) is made
    // larger by their room.
    animation.scene.grab = [source, target, pixels] {
        if (!source || !target)
            return QImage();
        const QSize shown = source->size();
        const QSize wanted = figureViewSize(pixels);
        // Without handing posted events out: a shown page's parent layout
        // would put its size back before the grab.
        if (target->size() != wanted) {
            layOutAt(*source, wanted, false);
            const QSize controls = source->size() - target->size();
            if (!controls.isNull())
                layOutAt(*source, wanted + controls, false);
        }
        const double scale = std::min(double(pixels.width()) / std::max(1, target->width()),
                                      double(pixels.height()) / std::max(1, target->height()));
        QImage image = source->exportImage(scale, false);
        if (source->size() != shown)
            layOutAt(*source, shown, false);
        return image;
    };
    return animation;
}

}  // namespace modescape::ui

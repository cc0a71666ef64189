#pragma once
// A trajectory result shown: the surface on the trajectories' PCA plane as a
// 3-D surface (LandscapeSurfaceView, VTK) with the paths, member balls,
// scatter, epoch colour bar and legend of a TrajectoryOverlay on top, or as a
// painted contour map (ContourCanvas) with the same drawn flat
// (TrajectoryContour). Only the view on screen is rebuilt.

#include <QWidget>

#include "core/trajectory/TrajectoryResult.h"
#include "ui/views/landscape/LandscapeGrid.h"
#include "ui/views/landscape/LandscapeSurfaceView.h"
#include "ui/views/trajectory/TrajectoryOverlay.h"

class QStackedWidget;

namespace modescape::ui {

class ContourCanvas;
class VtkView;

class TrajectoryView : public QWidget {
    Q_OBJECT
  public:
    using Mode = LandscapeSurfaceView::Mode;

    explicit TrajectoryView(QWidget* parent = nullptr);

    void setMode(Mode mode);
    Mode mode() const;
    LandscapeSurfaceView* surfaceView() const { return surface_; }
    ContourCanvas* contourCanvas() const { return contour_; }
    // The 3-D surface's VTK view (the contour map is painted, not VTK).
    VtkView* vtkView() const;

    void setResult(const trajectory::TrajectoryResult& result);
    const trajectory::TrajectoryResult& result() const { return result_; }
    // Draws only the first `shown` members of each path (< 0: all): the
    // frames of the trajectory animation.
    void setShownMembers(int shown);
    // The members of the longest path: how many frames the path grows over.
    int longestPath() const;

    const TrajectoryOverlay& overlay() const { return overlay_; }
    // Brings the current view up to date even while hidden (offscreen pictures).
    void refreshHidden();

  protected:
    void showEvent(QShowEvent* event) override;

  private:
    void refreshView();

    QStackedWidget* stack_ = nullptr;
    LandscapeSurfaceView* surface_ = nullptr;
    ContourCanvas* contour_ = nullptr;
    trajectory::TrajectoryResult result_;
    LandscapeGrid grid_;
    TrajectoryOverlay overlay_;
    int shown_ = -1;
    bool surfaceStale_ = false, contourStale_ = false;
};

// The grid the views draw for a trajectory result: its surface, titled with
// the groups and the centre, axes named after the principal directions.
LandscapeGrid trajectoryGrid(const trajectory::TrajectoryResult& result);

}  // namespace modescape::ui

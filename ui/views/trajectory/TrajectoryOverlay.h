#pragma once
// The trajectories of a trajectory result drawn over a landscape view
// (LandscapeSurfaceView, the 3-D surface) without changing it:
// each path as a tube through its members coloured by epoch (with its own
// colour bar), a ball at every member whose size grows with its projection
// error, the scatter groups as points, and a legend with the plane's
// explained variance and the range of the projection errors. The view clears
// its scene when its grid or style changes; attach() again afterwards.

#include <QString>

#include <functional>
#include <vector>

#include <vtkSmartPointer.h>

#include "core/trajectory/TrajectoryResult.h"

class vtkActor;
class vtkActor2D;
class vtkLookupTable;
class vtkPolyData;
class vtkRenderer;

namespace modescape::ui {

class LandscapeSurfaceView;
struct LandscapeGrid;

class TrajectoryOverlay {
  public:
    TrajectoryOverlay();
    ~TrajectoryOverlay();

    // Draws `result`'s paths and scatter on `view` (its grid is `grid`),
    // removing what this overlay drew before. shown < 0: every member of
    // every path; else the first `shown` members of each (the animation).
    void attach(LandscapeSurfaceView& view, const LandscapeGrid& grid,
                const trajectory::TrajectoryResult& result, int shown = -1);
    // Removes every actor this overlay added.
    void detach();

    // Each path's centre line (one vertex per member drawn, at its (alpha,
    // beta) and height on the surface), in the result's group order.
    const std::vector<vtkSmartPointer<vtkPolyData>>& pathLines() const { return lines_; }
    // Points of the scatter groups drawn (one vertex each).
    vtkPolyData* scatterPoints() const;
    // The legend's text, as drawn.
    QString legendText() const { return legend_; }
    // The radius a member with this projection error is drawn with.
    double markerRadius(double projectionError) const;

  private:
    using Height = std::function<double(double x, double y)>;
    void addPath(const std::vector<trajectory::TrajectoryPoint>& points, int shown,
                 const Height& height);
    void addScatter(const std::vector<trajectory::TrajectoryPoint>& points, const Height& height);
    void addEpochBar(const trajectory::TrajectoryResult& result);
    void addLegend(const trajectory::TrajectoryResult& result);
    // Before each render: the legend's and the colour bar's text for its size.
    void sizeText();

    vtkRenderer* renderer_ = nullptr;
    LandscapeSurfaceView* view_ = nullptr;
    std::vector<vtkSmartPointer<vtkActor>> actors_;
    std::vector<vtkSmartPointer<vtkActor2D>> overlays_;
    std::vector<vtkSmartPointer<vtkPolyData>> lines_;
    vtkSmartPointer<vtkPolyData> scatter_;
    vtkSmartPointer<vtkLookupTable> epochColours_;
    QString legend_;
    unsigned long observer_ = 0;  // the renderer's StartEvent observer (sizeText)
    double baseRadius_ = 0.01;
    double lift_ = 0.0;
};

// The legend's lines: explained variance (and of each direction), the
// projection errors' range and what marker size means, the scatter groups.
QString trajectoryLegend(const trajectory::TrajectoryResult& result);

}  // namespace modescape::ui

#pragma once
// Paths drawn on the loss landscape of the plane through A, B and a curve's
// middle bend (Garipov et al. 2018, figure 1): the slice as a 3-D surface
// (LandscapeSurfaceView, VTK) with each path as a tube lying on it, or as a
// painted contour map (ContourCanvas) with each path as a line over it; A, B
// and the bend marked.

#include <QColor>
#include <QString>
#include <QVector>
#include <QWidget>

#include <vector>

#include <vtkSmartPointer.h>

#include "core/connectivity/CurvePlaneResult.h"
#include "ui/views/landscape/ContourFigure.h"
#include "ui/views/landscape/LandscapeGrid.h"
#include "ui/views/landscape/LandscapeSurfaceView.h"
#include "ui/views/landscape/SurfaceStyle.h"

class QStackedWidget;
class vtkActor;
class vtkPolyData;
class vtkRenderer;

namespace modescape::ui {

class ContourCanvas;
class VtkView;

// A path in plane coordinates.
struct PlanePath {
    QString name;
    QColor colour;
    QVector<double> x, y;
};

class CurvePlaneView : public QWidget {
    Q_OBJECT
  public:
    using Mode = LandscapeSurfaceView::Mode;

    explicit CurvePlaneView(QWidget* parent = nullptr);

    void setMode(Mode mode);
    Mode mode() const;
    LandscapeSurfaceView* surfaceView() const { return surface_; }
    ContourCanvas* contourCanvas() const { return contour_; }
    // The 3-D surface's VTK view (the contour map is painted, not VTK).
    VtkView* vtkView() const;

    // The grid carries the A, B and bend markers.
    void setData(const LandscapeGrid& grid, const QVector<PlanePath>& paths);
    void setStyle(const SurfaceStyle& style);

    // Each path's tube centre line on the surface (x, y, height), for tests:
    // the tube lies on the surface, lifted by tubeRadius().
    const std::vector<vtkSmartPointer<vtkPolyData>>& centreLines() const { return centreLines_; }
    double tubeRadius() const;
    // Brings the current view up to date even while hidden (offscreen pictures).
    void refreshHidden();

  protected:
    void showEvent(QShowEvent* event) override;

  private:
    // Building a slice's scene takes a while (100+ ms on a software renderer):
    // only the view on screen is brought up to date, the other when shown.
    void refreshCurrentView();
    void refreshView();
    void addTubes();

    QStackedWidget* stack_ = nullptr;
    LandscapeSurfaceView* surface_ = nullptr;
    ContourCanvas* contour_ = nullptr;
    LandscapeGrid grid_;
    QVector<PlanePath> paths_;
    SurfaceStyle style_;
    struct Staleness {
        bool data = false, style = false;
    };
    Staleness surfaceStale_;
    std::vector<vtkSmartPointer<vtkPolyData>> centreLines_;
    std::vector<vtkSmartPointer<vtkActor>> tubes_;
    vtkRenderer* tubeRenderer_ = nullptr;  // where tubes_ were added
};

// Shows a curve-plane result: its grid with the A, B and bend markers, the
// straight path A -> B (the plane's x axis) and the curve.
void showCurvePlane(CurvePlaneView& view, const connectivity::CurvePlaneResult& plane);

// The grid and paths a curve-plane result is drawn with.
LandscapeGrid curvePlaneGrid(const connectivity::CurvePlaneResult& plane);
QVector<PlanePath> curvePlanePaths(const connectivity::CurvePlaneResult& plane);
// The paths as lines over a contour map, named in its legend.
ContourOverlay contourOverlayOf(const QVector<PlanePath>& paths);

}  // namespace modescape::ui

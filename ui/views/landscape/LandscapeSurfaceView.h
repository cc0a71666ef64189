#pragma once
// A 2-D loss slice drawn with VTK, either as a 3-D surface warped by loss
// (iso-lines on it, axes, labelled member markers) or flat as a contour map
// (filled bands and labelled iso-lines). Clicking the slice reports the
// nearest grid point. Redrawing never recomputes anything.

#include <QImage>
#include <QWidget>

#include <vtkSmartPointer.h>

#include "ui/views/landscape/LandscapeGrid.h"
#include "ui/views/landscape/SurfaceStyle.h"

class vtkActor;
class vtkCornerAnnotation;
class vtkContourFilter;
class vtkPolyData;

namespace modescape::ui {

class SurfaceMapping;
class VtkView;

class LandscapeSurfaceView : public QWidget {
    Q_OBJECT
  public:
    enum class Mode { Surface, Contour };

    explicit LandscapeSurfaceView(Mode mode, QWidget* parent = nullptr);

    Mode mode() const { return mode_; }
    VtkView* vtkView() const { return view_; }

    // Replaces the drawn slice; the camera is reset only when the grid's
    // extent changes (a slice filling in row by row keeps the user's view).
    void setGrid(const LandscapeGrid& grid);
    void setStyle(const SurfaceStyle& style);
    const SurfaceStyle& style() const { return style_; }

    // The grid point nearest to (alpha, beta), as shown after a click.
    QString describePoint(int i, int j) const;
    // Shows grid point (i, j)'s readout (what a click on it does). The readout
    // belongs to its result: a grid of another extent or title clears it.
    void pickGridPoint(int i, int j);
    // The readout shown in the corner ("" when none).
    QString readout() const;
    // The figure for export: the view without its readout unless asked.
    QImage grabFigure(double scale, bool transparentBackground, bool withReadout = false);

  Q_SIGNALS:
    void pointPicked(int i, int j, double alpha, double beta, double loss, double accuracy);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void rebuildScene(bool resetCamera);
    void addSurface(vtkPolyData* surface, const SurfaceMapping& mapping);
    void addIsolines(vtkPolyData* surface, const SurfaceMapping& mapping);
    void addIsolineLabels(vtkContourFilter* contours, double lift);
    void addMarkers(const SurfaceMapping& mapping);
    void addAxes(const SurfaceMapping& mapping);
    void addScalarBar(const SurfaceMapping& mapping);
    void pickAt(const QPoint& widgetPosition);
    // Frames the whole slice (its plane and height range), whatever part of
    // it is computed yet, so the first rows never leave the camera on a marker.
    void placeCamera(const SurfaceMapping& mapping);

    Mode mode_;
    VtkView* view_ = nullptr;
    LandscapeGrid grid_;
    SurfaceStyle style_;
    vtkSmartPointer<vtkCornerAnnotation> annotation_;
    vtkSmartPointer<vtkActor> surfaceActor_;
    QPoint pressPosition_;
    int pickedI_ = -1, pickedJ_ = -1;  // the picked grid point; -1 = none
    QString shownTitle_;
    double extentKey_[4] = {0, 0, 0, 0};
    // A new extent asked for framing that has not happened yet (nothing to frame).
    bool cameraPending_ = true;
};

}  // namespace modescape::ui

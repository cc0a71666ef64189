#pragma once
// A 2-D loss slice drawn with VTK as a 3-D surface warped by loss (iso-lines
// on it, axes, labelled member markers). (The flat contour map is painted:
// ContourCanvas.) Clicking the slice reports the nearest grid point.
// Redrawing never recomputes anything.
//
// Text and framing follow the render size: at the start of every render the
// fonts are sized for it (FigureText), the camera fills the plot area left
// by the title, axes and colour bar (SceneLayout) unless the user moved it,
// and labels are placed on the screen where they collide with nothing
// (LabelPlacement), so a figure exported at any size reads the same.

#include <QImage>
#include <QRectF>
#include <QVector>
#include <QWidget>

#include <array>

#include <vtkSmartPointer.h>

#include "ui/views/landscape/FigureText.h"
#include "ui/views/landscape/LandscapeGrid.h"
#include "ui/views/landscape/SurfaceStyle.h"

class vtkActor;
class vtkCallbackCommand;
class vtkCornerAnnotation;
class vtkContourFilter;
class vtkCubeAxesActor;
class vtkObject;
class vtkPolyData;
class vtkScalarBarActor;
class vtkTextActor;

namespace modescape::ui {

class SurfaceMapping;
class VtkView;

class LandscapeSurfaceView : public QWidget {
    Q_OBJECT
  public:
    // How a landscape view shows its slice: this 3-D surface, or the painted
    // contour map (the curve plane's and the trajectory's mode).
    enum class Mode { Surface, Contour };

    explicit LandscapeSurfaceView(QWidget* parent = nullptr);
    ~LandscapeSurfaceView() override;
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
    // `textPixels` is the figure's text height in its pixels (its points x
    // DPI / 72); 0: the screen's text x scale.
    QImage grabFigure(double scale, bool transparentBackground, bool withReadout = false,
                      double textPixels = 0);
    // The text height of every render from now on (a view rendered only for
    // a figure, `landscape --figure`); 0: the screen's (FigureText.h).
    void setTextPixels(double pixels);

    // A label as the last render placed it: its text and its box in image
    // pixels (top-left origin, the render's size).
    struct PlacedLabel {
        QString text;
        QRectF box;
        bool member = true;  // a member's name (the surface labels nothing else)
    };
    QVector<PlacedLabel> placedLabels() const { return placed_; }
    // World polylines no label may cover (the curve plane's path tubes,
    // `radius` thick in world units); every render places labels off them.
    void setLabelObstacles(const QVector<QVector<std::array<double, 3>>>& lines, double radius);
    // The figure's text actors, for checks of their strings and sizes
    // (nullptr when the style hides them).
    vtkTextActor* titleActor() const;
    vtkCubeAxesActor* axesActor() const;
    vtkScalarBarActor* scalarBarActor() const;

  Q_SIGNALS:
    void pointPicked(int i, int j, double alpha, double beta, double loss, double accuracy);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void rebuildScene(bool resetCamera);
    void addSurface(vtkPolyData* surface, const SurfaceMapping& mapping);
    void addIsolines(vtkPolyData* surface, const SurfaceMapping& mapping);
    void addMarkers(const SurfaceMapping& mapping);
    void addAxes(const SurfaceMapping& mapping);
    void addScalarBar(const SurfaceMapping& mapping);
    void pickAt(const QPoint& widgetPosition);
    // Points the camera at the whole slice (its plane and height range),
    // whatever part of it is computed yet, so the first rows never leave the
    // camera on a marker; the next render frames it in the plot area.
    void placeCamera(const SurfaceMapping& mapping);
    // Before every render: fonts, the colour bar's box, the framing and the
    // labels for the size being rendered.
    static void beforeRender(vtkObject*, unsigned long, void* self, void*);
    void layoutForRender();
    void placeScreenLabels(const QRectF& plot, const FigureFonts& fonts);
    double textPixels() const;

    struct MemberLabel {
        vtkSmartPointer<vtkTextActor> actor;
        std::array<double, 3> position;  // the marker's centre
    };

    VtkView* view_ = nullptr;
    LandscapeGrid grid_;
    SurfaceStyle style_;
    vtkSmartPointer<vtkCornerAnnotation> annotation_;
    vtkSmartPointer<vtkActor> surfaceActor_;
    vtkSmartPointer<vtkTextActor> title_;
    vtkSmartPointer<vtkCubeAxesActor> axes_;
    vtkSmartPointer<vtkScalarBarActor> scalarBar_;
    vtkSmartPointer<vtkCallbackCommand> renderHook_;
    QVector<MemberLabel> memberLabels_;
    QVector<PlacedLabel> placed_;
    QVector<QVector<std::array<double, 3>>> obstacleLines_;
    double obstacleRadius_ = 0;
    double sliceBounds_[6] = {0, 0, 0, 0, 0, 0};
    bool framePending_ = false;           // the camera was placed, not yet framed
    int framedSize_[2] = {0, 0};          // the render size it was framed for
    bool framedWithTitle_ = true;         // and whether that render had a title
    unsigned long framedCameraTime_ = 0;  // the camera's MTime after framing
    double barLeft_ = -1;                 // the colour bar's x beside the framed slice
    double textPixels_ = 0;               // 0: the screen's
    QPoint pressPosition_;
    int pickedI_ = -1, pickedJ_ = -1;  // the picked grid point; -1 = none
    QString shownTitle_;
    double extentKey_[4] = {0, 0, 0, 0};
    // A new extent asked for framing that has not happened yet (nothing to frame).
    bool cameraPending_ = true;
};

}  // namespace modescape::ui

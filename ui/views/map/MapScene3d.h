#pragma once
// The 3-D map (three components) as a VTK scene: one point per member in a
// perspective view with an outline box, coloured as the MapModel says, the
// selected members ringed in black, a legend or colour bar, a title and the
// three axes' names. 2-D maps are painted with QPainter instead (MapFigure).
// It draws into a renderer it does not own.

#include <vtkNew.h>

#include <memory>

#include "ui/views/map/MapModel.h"

class vtkActor;
class vtkPolyData;
class vtkRenderer;
class vtkScalarBarActor;
class vtkTextActor;

namespace modescape::ui {

class GroupLegend;

class MapScene3d {
  public:
    MapScene3d(vtkRenderer* renderer, const MapModel& model);
    ~MapScene3d();
    MapScene3d(const MapScene3d&) = delete;
    MapScene3d& operator=(const MapScene3d&) = delete;

    // Redraws from the model (after any change); hides everything for a 2-D model.
    void refresh();
    // Multiplies point sizes and texts (pictures larger than the screen).
    void setScale(double scale);
    void resetCamera();

  private:
    void refreshPoints();
    void refreshAnnotations();

    vtkRenderer* renderer_;
    const MapModel& model_;
    double scale_ = 1.0;

    vtkNew<vtkPolyData> points_;
    vtkNew<vtkPolyData> selection_;
    vtkNew<vtkActor> pointActor_;
    vtkNew<vtkActor> selectionActor_;
    vtkNew<vtkActor> outlineActor_;
    std::unique_ptr<GroupLegend> legend_;
    vtkNew<vtkScalarBarActor> colourBar_;
    vtkNew<vtkTextActor> title_;
    vtkNew<vtkTextActor> axesLabel_;
};

}  // namespace modescape::ui

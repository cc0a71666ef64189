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
    // The figure's text height in its pixels (its points x DPI / 72, as the
    // landscape's VTK figures take it): texts are sized from it instead of
    // from the scale, so they follow --dpi and --font-size. 0: the scale's.
    void setTextPixels(double pixels);
    // The text's multiple of the screen's (12-pixel text at 96 dpi).
    double textScale() const;
    // For checks of their strings and sizes.
    vtkTextActor* titleActor() const { return title_; }
    vtkTextActor* axesLabelActor() const { return axesLabel_; }
    void resetCamera();

  private:
    void refreshPoints();
    void refreshAnnotations();
    void styleTexts();
    // At the start of each render: the title shown or not, long lines fitted.
    void beforeRender();

    vtkRenderer* renderer_;
    const MapModel& model_;
    double scale_ = 1.0;
    double textPixels_ = 0;  // 0: the screen's text x scale_

    vtkNew<vtkPolyData> points_;
    vtkNew<vtkPolyData> selection_;
    vtkNew<vtkActor> pointActor_;
    vtkNew<vtkActor> selectionActor_;
    vtkNew<vtkActor> outlineActor_;
    std::unique_ptr<GroupLegend> legend_;
    vtkNew<vtkScalarBarActor> colourBar_;
    vtkNew<vtkTextActor> title_;
    bool titleWanted_ = false;    // shown when titles are (FigureTitles.h), at each render
    unsigned long observer_ = 0;  // the renderer's StartEvent observer that decides it
    vtkNew<vtkTextActor> axesLabel_;
};

}  // namespace modescape::ui

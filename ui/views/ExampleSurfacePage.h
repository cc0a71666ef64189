#pragma once
// The first tab of a fresh window: an analytic example surface (clearly
// labelled as such) that shows the 3-D view works before any set is open.

#include "ui/views/ViewPage.h"

class vtkActor;
class vtkScalarBarActor;

namespace modescape::ui {

class VtkView;

class ExampleSurfacePage : public ViewPage {
    Q_OBJECT
  public:
    explicit ExampleSurfacePage(QWidget* parent = nullptr);

    QWidget* propertiesWidget() override { return properties_; }
    QImage exportImage(double scale, bool transparentBackground) override;
    VtkView* view() const { return view_; }

  private:
    void buildScene();
    QWidget* buildProperties();

    VtkView* view_;
    QWidget* properties_;
    vtkActor* surface_ = nullptr;
    vtkScalarBarActor* scalarBar_ = nullptr;
};

}  // namespace modescape::ui

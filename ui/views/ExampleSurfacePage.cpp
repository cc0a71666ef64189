#include "ui/views/ExampleSurfacePage.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCornerAnnotation.h>
#include <vtkDoubleArray.h>
#include <vtkLookupTable.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkStructuredGrid.h>
#include <vtkStructuredGridGeometryFilter.h>
#include <vtkTextProperty.h>

#include <cmath>

#include "ui/rendering/Colormaps.h"
#include "ui/rendering/VtkView.h"

namespace modescape::ui {

ExampleSurfacePage::ExampleSurfacePage(QWidget* parent) : ViewPage(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    view_ = new VtkView(this);
    view_->setObjectName("exampleSurfaceView");
    layout->addWidget(view_);
    buildScene();
    properties_ = buildProperties();
}

void ExampleSurfacePage::buildScene() {
    // A two-basin function standing in for a loss slice until a set is opened.
    constexpr int n = 61;
    vtkNew<vtkPoints> points;
    vtkNew<vtkDoubleArray> height;
    height->SetName("value");
    for (int j = 0; j < n; ++j) {
        for (int i = 0; i < n; ++i) {
            const double a = -1.0 + 2.0 * i / (n - 1), b = -1.0 + 2.0 * j / (n - 1);
            const double z = 0.6 * (a * a + b * b) -
                             0.5 * std::exp(-8 * ((a - 0.4) * (a - 0.4) + (b + 0.3) * (b + 0.3))) -
                             0.4 * std::exp(-8 * ((a + 0.5) * (a + 0.5) + (b - 0.4) * (b - 0.4)));
            points->InsertNextPoint(a, b, z);
            height->InsertNextValue(z);
        }
    }
    vtkNew<vtkStructuredGrid> grid;
    grid->SetDimensions(n, n, 1);
    grid->SetPoints(points);
    grid->GetPointData()->SetScalars(height);

    vtkNew<vtkStructuredGridGeometryFilter> geometry;
    geometry->SetInputData(grid);
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputConnection(geometry->GetOutputPort());
    auto lut = makeLookupTable(Colormap::Viridis, height->GetRange());
    mapper->SetLookupTable(lut);
    mapper->SetScalarRange(height->GetRange());
    vtkNew<vtkActor> actor;
    actor->SetMapper(mapper);
    view_->renderer()->AddActor(actor);
    surface_ = actor;

    vtkNew<vtkScalarBarActor> bar;
    bar->SetLookupTable(lut);
    bar->SetTitle("value");
    bar->SetNumberOfLabels(5);
    bar->SetWidth(0.08);
    bar->SetHeight(0.6);
    bar->SetPosition(0.9, 0.2);
    bar->GetTitleTextProperty()->SetColor(0.1, 0.1, 0.1);
    bar->GetLabelTextProperty()->SetColor(0.1, 0.1, 0.1);
    view_->renderer()->AddViewProp(bar);
    scalarBar_ = bar;

    vtkNew<vtkCornerAnnotation> note;
    note->SetText(vtkCornerAnnotation::UpperLeft,
                  "Example surface (analytic) - open a checkpoint set to compute real ones");
    note->GetTextProperty()->SetColor(0.25, 0.25, 0.25);
    note->GetTextProperty()->SetFontSize(13);
    note->SetMaximumFontSize(14);
    view_->renderer()->AddViewProp(note);

    vtkCamera* camera = view_->renderer()->GetActiveCamera();
    camera->SetFocalPoint(0, 0, 0);
    camera->SetPosition(0.4, -3.0, 2.4);  // three-quarter view from the front, z up
    camera->SetViewUp(0, 0, 1);
    view_->renderer()->ResetCamera();
}

QWidget* ExampleSurfacePage::buildProperties() {
    auto* panel = new QWidget(this);
    auto* form = new QFormLayout(panel);
    form->addRow(new QLabel(tr("<b>Example surface</b>"), panel));
    auto* showBar = new QCheckBox(panel);
    showBar->setObjectName("showScalarBar");
    showBar->setChecked(true);
    form->addRow(tr("Scalar bar"), showBar);
    auto* edges = new QCheckBox(panel);
    edges->setObjectName("showEdges");
    form->addRow(tr("Mesh edges"), edges);
    connect(showBar, &QCheckBox::toggled, this, [this](bool on) {
        scalarBar_->SetVisibility(on);
        view_->requestRender();
    });
    connect(edges, &QCheckBox::toggled, this, [this](bool on) {
        surface_->GetProperty()->SetEdgeVisibility(on);
        surface_->GetProperty()->SetEdgeColor(0.2, 0.2, 0.2);
        view_->requestRender();
    });
    return panel;
}

QImage ExampleSurfacePage::exportImage(double scale, bool transparentBackground) {
    return view_->grabScene(scale, transparentBackground);
}

}  // namespace modescape::ui

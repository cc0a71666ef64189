#include "ui/mainwindow/SessionCamera.h"

#include <vtkCamera.h>
#include <vtkRenderer.h>

#include "ui/rendering/VtkView.h"

namespace modescape::ui {

session::Camera cameraOf(const VtkView& view) {
    vtkCamera* c = view.renderer()->GetActiveCamera();
    session::Camera camera;
    c->GetPosition(camera.position.data());
    c->GetFocalPoint(camera.focalPoint.data());
    c->GetViewUp(camera.viewUp.data());
    camera.viewAngle = c->GetViewAngle();
    camera.parallel = c->GetParallelProjection() != 0;
    camera.parallelScale = c->GetParallelScale();
    return camera;
}

void placeCamera(VtkView& view, const session::Camera& camera) {
    vtkCamera* c = view.renderer()->GetActiveCamera();
    c->SetPosition(camera.position.data());
    c->SetFocalPoint(camera.focalPoint.data());
    c->SetViewUp(camera.viewUp.data());
    c->SetViewAngle(camera.viewAngle);
    c->SetParallelProjection(camera.parallel ? 1 : 0);
    c->SetParallelScale(camera.parallelScale);
    view.renderer()->ResetCameraClippingRange();
    view.requestRender();
}

}  // namespace modescape::ui

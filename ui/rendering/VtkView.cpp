#include "ui/rendering/VtkView.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLFramebufferObject>
#include <QWheelEvent>

#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkOpenGLState.h>
#include <vtkRenderer.h>

#include <cmath>
#include <cstring>

namespace modescape::ui {

VtkView::VtkView(QWidget* parent) : QOpenGLWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setMinimumSize(160, 120);

    renderer_->SetBackground(1.0, 1.0, 1.0);
    renderer_->SetBackgroundAlpha(1.0);  // opaque unless a transparent grab asks otherwise
    renderWindow_->AddRenderer(renderer_);
    renderWindow_->SetAlphaBitPlanes(1);
    renderWindow_->SetMultiSamples(0);

    interactor_->SetRenderWindow(renderWindow_);
    vtkNew<vtkInteractorStyleTrackballCamera> style;
    interactor_->SetInteractorStyle(style);
    // The interactor must not render by itself: it asks Qt for a frame instead.
    interactor_->EnableRenderOff();
    interactor_->AddObserver(vtkCommand::RenderEvent, this, &VtkView::requestRenderFromVtk);

    renderWindow_->AddObserver(vtkCommand::WindowMakeCurrentEvent, this, &VtkView::onMakeCurrent);
    renderWindow_->AddObserver(vtkCommand::WindowIsCurrentEvent, this, &VtkView::onIsCurrent);
    interactor_->Initialize();
}

VtkView::~VtkView() {
    makeCurrent();
    renderWindow_->Finalize();
    doneCurrent();
}

vtkRenderer* VtkView::renderer() const {
    return renderer_;
}
vtkGenericOpenGLRenderWindow* VtkView::renderWindow() const {
    return renderWindow_;
}

void VtkView::resetCamera() {
    renderer_->ResetCamera();
    requestRender();
}

void VtkView::requestRender() {
    update();
}

void VtkView::requestRenderFromVtk(vtkObject*, unsigned long, void*) {
    update();
}

void VtkView::onMakeCurrent(vtkObject*, unsigned long, void*) {
    // Not QOpenGLWidget::makeCurrent(): that rebinds Qt's framebuffer mid-render.
    if (context())
        context()->makeCurrent(context()->surface());
}

void VtkView::onIsCurrent(vtkObject*, unsigned long, void* callData) {
    auto* isCurrent = static_cast<bool*>(callData);
    *isCurrent = context() && QOpenGLContext::currentContext() == context();
}

void VtkView::initializeGL() {
    renderWindow_->SetOwnContext(false);
    renderWindow_->SetFrameBlitModeToBlitToCurrent();
    renderWindow_->SetReadyForRendering(true);
    renderWindow_->InitializeFromCurrentContext();
    const qreal dpr = devicePixelRatioF();
    renderWindow_->SetSize(std::lround(width() * dpr), std::lround(height() * dpr));
    interactor_->SetSize(renderWindow_->GetSize());
    initialized_ = true;
}

void VtkView::resizeGL(int width, int height) {
    const qreal dpr = devicePixelRatioF();
    renderWindow_->SetSize(std::lround(width * dpr), std::lround(height * dpr));
    interactor_->SetSize(renderWindow_->GetSize());
    interactor_->ConfigureEvent();
}

void VtkView::paintGL() {
    if (initialized_)
        renderIntoCurrentFramebuffer();
}

QImage VtkView::grabScene(double scale, bool transparentBackground) {
    if (!(scale > 0.0))
        scale = 1.0;
    if (!initialized_)
        grabFramebuffer();  // never shown: this creates the GL context
    const qreal dpr = devicePixelRatioF();
    const QSize target(std::max(1L, std::lround(width() * dpr * scale)),
                       std::max(1L, std::lround(height() * dpr * scale)));

    // Render once into an offscreen framebuffer of the target size: exact at
    // any scale, and it keeps the alpha channel for transparent exports.
    makeCurrent();
    QOpenGLFramebufferObjectFormat format;
    format.setAttachment(QOpenGLFramebufferObject::CombinedDepthStencil);
    format.setInternalTextureFormat(GL_RGBA8);
    QOpenGLFramebufferObject framebuffer(target, format);
    framebuffer.bind();

    int* size = renderWindow_->GetSize();
    const int previousSize[2] = {size[0], size[1]};
    const double previousAlpha = renderer_->GetBackgroundAlpha();
    renderer_->SetBackgroundAlpha(transparentBackground ? 0.0 : 1.0);
    renderWindow_->SetSize(target.width(), target.height());
    renderIntoCurrentFramebuffer();
    QImage image = framebuffer.toImage(true);
    framebuffer.release();
    renderWindow_->SetSize(previousSize[0], previousSize[1]);
    renderer_->SetBackgroundAlpha(previousAlpha);
    doneCurrent();
    update();
    return image.convertToFormat(QImage::Format_RGBA8888);
}

void VtkView::renderIntoCurrentFramebuffer() {
    // VTK caches GL state; Qt changed it (framebuffer binding, depth test)
    // since VTK last looked, so resynchronise before rendering.
    vtkOpenGLState* state = renderWindow_->GetState();
    state->Reset();
    state->Push();
    state->vtkglDepthFunc(GL_LEQUAL);
    renderWindow_->Render();
    state->Pop();
    ++renderCount_;
}

void VtkView::forwardMouse(QMouseEvent* event, unsigned long vtkEvent) {
    const qreal dpr = devicePixelRatioF();
    const QPointF p = event->position();
    interactor_->SetEventInformationFlipY(std::lround(p.x() * dpr), std::lround(p.y() * dpr),
                                          (event->modifiers() & Qt::ControlModifier) ? 1 : 0,
                                          (event->modifiers() & Qt::ShiftModifier) ? 1 : 0, 0,
                                          event->type() == QEvent::MouseButtonDblClick ? 1 : 0);
    interactor_->InvokeEvent(vtkEvent, event);
}

void VtkView::mousePressEvent(QMouseEvent* event) {
    switch (event->button()) {
        case Qt::LeftButton:
            forwardMouse(event, vtkCommand::LeftButtonPressEvent);
            break;
        case Qt::MiddleButton:
            forwardMouse(event, vtkCommand::MiddleButtonPressEvent);
            break;
        case Qt::RightButton:
            forwardMouse(event, vtkCommand::RightButtonPressEvent);
            break;
        default:
            break;
    }
}

void VtkView::mouseReleaseEvent(QMouseEvent* event) {
    switch (event->button()) {
        case Qt::LeftButton:
            forwardMouse(event, vtkCommand::LeftButtonReleaseEvent);
            break;
        case Qt::MiddleButton:
            forwardMouse(event, vtkCommand::MiddleButtonReleaseEvent);
            break;
        case Qt::RightButton:
            forwardMouse(event, vtkCommand::RightButtonReleaseEvent);
            break;
        default:
            break;
    }
}

void VtkView::mouseMoveEvent(QMouseEvent* event) {
    forwardMouse(event, vtkCommand::MouseMoveEvent);
}

void VtkView::enterEvent(QEnterEvent*) {
    interactor_->InvokeEvent(vtkCommand::EnterEvent);
}
void VtkView::leaveEvent(QEvent*) {
    interactor_->InvokeEvent(vtkCommand::LeaveEvent);
}

void VtkView::wheelEvent(QWheelEvent* event) {
    // One notch (120 units) zooms by 10%; touchpads send finer steps.
    const double notches = event->angleDelta().y() / 120.0;
    if (notches != 0.0)
        zoomBy(std::pow(1.1, notches));
    event->accept();
}

void VtkView::zoomBy(double factor) {
    vtkCamera* camera = renderer_->GetActiveCamera();
    if (camera->GetParallelProjection())
        camera->SetParallelScale(camera->GetParallelScale() / factor);
    else
        camera->Dolly(factor);
    renderer_->ResetCameraClippingRange();
    requestRender();
}

void VtkView::keyPressEvent(QKeyEvent* event) {
    // Our own key map: VTK's default one quits on 'q'/'e' and toggles wireframe on 'w'.
    switch (event->key()) {
        case Qt::Key_R:
        case Qt::Key_Home:
            resetCamera();
            break;
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            zoomBy(1.25);
            break;
        case Qt::Key_Minus:
            zoomBy(0.8);
            break;
        default:
            QOpenGLWidget::keyPressEvent(event);
            return;
    }
    event->accept();
}

}  // namespace modescape::ui

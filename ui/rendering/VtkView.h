#pragma once
// A QOpenGLWidget that hosts a vtkGenericOpenGLRenderWindow. Debian's VTK Qt
// module is built for Qt 5 only, so Modescape embeds VTK in Qt 6 itself.
// Rendering is lazy: the scene is drawn only when requestRender() or an
// interaction asked for it.

#include <QImage>
#include <QOpenGLWidget>

#include <vtkNew.h>
#include <vtkSmartPointer.h>

class vtkGenericOpenGLRenderWindow;
class vtkGenericRenderWindowInteractor;
class vtkRenderer;
class vtkObject;

namespace modescape::ui {

class VtkView : public QOpenGLWidget {
    Q_OBJECT
  public:
    explicit VtkView(QWidget* parent = nullptr);
    ~VtkView() override;

    vtkRenderer* renderer() const;
    vtkGenericOpenGLRenderWindow* renderWindow() const;

    // Fits the camera to the visible props and redraws.
    void resetCamera();
    // Schedules one redraw; several requests before the next frame make one render.
    void requestRender();

    // Renders the current scene into an image of scale x the widget's pixel size
    // (any positive scale). With transparentBackground the
    // background pixels get alpha 0.
    QImage grabScene(double scale = 1.0, bool transparentBackground = false);

    // Number of times VTK actually rendered (lets tests check laziness).
    int renderCount() const { return renderCount_; }

  protected:
    void initializeGL() override;
    void resizeGL(int width, int height) override;
    void paintGL() override;

    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void enterEvent(QEnterEvent* event) override;
    void leaveEvent(QEvent* event) override;

  private:
    void onMakeCurrent(vtkObject*, unsigned long, void*);
    void onIsCurrent(vtkObject*, unsigned long, void* callData);
    void requestRenderFromVtk(vtkObject*, unsigned long, void*);
    void renderIntoCurrentFramebuffer();
    void forwardMouse(QMouseEvent* event, unsigned long vtkEvent);
    void zoomBy(double factor);

    vtkNew<vtkGenericOpenGLRenderWindow> renderWindow_;
    vtkNew<vtkGenericRenderWindowInteractor> interactor_;
    vtkNew<vtkRenderer> renderer_;
    bool initialized_ = false;
    int renderCount_ = 0;
};

}  // namespace modescape::ui

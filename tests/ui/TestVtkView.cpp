// The Qt 6 <-> VTK view renders a known scene; grabs have the right size and alpha.
#include <QtTest>

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkNew.h>
#include <vtkPlaneSource.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>

#include "tests/common/EventWait.h"
#include "ui/GuiApplication.h"
#include "ui/rendering/VtkView.h"

using modescape::test::drainPostedEvents;
using modescape::test::waitForExposed;
using modescape::test::waitUntil;
using modescape::ui::VtkView;

namespace {
// Background is pure blue-grey, the object pure orange; lighting off so the
// object's pixels are exactly its colour.
const QColor kBackground(40, 60, 90);
const QColor kObject(230, 120, 20);

bool near(QColor a, QColor b, int tolerance = 3) {
    return std::abs(a.red() - b.red()) <= tolerance &&
           std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}
}  // namespace

class TestVtkView : public QObject {
    Q_OBJECT
  private:
    std::unique_ptr<VtkView> view;

  private Q_SLOTS:
    void init() {
        view = std::make_unique<VtkView>();
        view->resize(200, 160);
        view->renderer()->SetBackground(kBackground.redF(), kBackground.greenF(),
                                        kBackground.blueF());
        vtkNew<vtkPlaneSource> plane;  // a unit square facing the camera
        vtkNew<vtkPolyDataMapper> mapper;
        mapper->SetInputConnection(plane->GetOutputPort());
        vtkNew<vtkActor> actor;
        actor->SetMapper(mapper);
        actor->GetProperty()->SetColor(kObject.redF(), kObject.greenF(), kObject.blueF());
        actor->GetProperty()->LightingOff();
        view->renderer()->AddActor(actor);
        view->renderer()->ResetCamera();
        view->renderer()->GetActiveCamera()->Zoom(0.5);  // leaves background around the square
        view->show();
        waitForExposed(*view);
    }
    void cleanup() { view.reset(); }

    void rendersCentreObjectAndBackgroundCorner() {
        const QImage image = view->grabScene(1.0, false);
        QCOMPARE(image.size(), QSize(200, 160) * view->devicePixelRatioF());
        const QColor centre = image.pixelColor(image.width() / 2, image.height() / 2);
        const QColor corner = image.pixelColor(2, 2);
        QVERIFY2(near(centre, kObject), qPrintable(centre.name()));
        QVERIFY2(near(corner, kBackground), qPrintable(corner.name()));
        QCOMPARE(corner.alpha(), 255);
        image.save(QString(MODESCAPE_TEST_OUTPUT_DIR) + "/vtkview.png");
    }

    void doubleScaleGrabHasTwiceTheSize() {
        const QImage one = view->grabScene(1.0, false);
        const QImage two = view->grabScene(2.0, false);
        QCOMPARE(two.size(), one.size() * 2);
        QVERIFY(near(two.pixelColor(two.width() / 2, two.height() / 2), kObject));
        QVERIFY(near(two.pixelColor(3, 3), kBackground));
        const QImage fractional = view->grabScene(1.5, false);
        QCOMPARE(fractional.size(), QSize(300, 240) * view->devicePixelRatioF());
    }

    void transparentGrabHasClearCorner() {
        const QImage image = view->grabScene(1.0, true);
        QCOMPARE(image.pixelColor(1, 1).alpha(), 0);
        QCOMPARE(image.pixelColor(image.width() / 2, image.height() / 2).alpha(), 255);
        // The on-screen background is opaque again afterwards.
        QCOMPARE(view->grabScene(1.0, false).pixelColor(1, 1).alpha(), 255);
    }

    // Rendering is lazy: once every pending event has been delivered, the view
    // has not rendered again by itself; two requests before the next frame make
    // at most two renders (one, usually).
    void rendersOnlyWhenAsked() {
        view->grabFramebuffer();
        QVERIFY(drainPostedEvents());  // false for a view that keeps scheduling frames
        const int before = view->renderCount();
        QVERIFY(drainPostedEvents());
        QCOMPARE(view->renderCount(), before);  // nothing changed, nothing rendered
        view->requestRender();
        view->requestRender();
        QCOMPARE(view->renderCount(), before);  // a request schedules, it does not render
        waitUntil([&] { return view->renderCount() > before; });
        QVERIFY(drainPostedEvents());
        QVERIFY(view->renderCount() <= before + 2);
    }

    void wheelZoomsAndResetRestores() {
        vtkCamera* camera = view->renderer()->GetActiveCamera();
        view->resetCamera();
        const double distance = camera->GetDistance();
        QWheelEvent wheel(QPointF(100, 80), view->mapToGlobal(QPointF(100, 80)), QPoint(),
                          QPoint(0, 240), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(view.get(), &wheel);
        QVERIFY(camera->GetDistance() < distance * 0.9);
        QTest::keyClick(view.get(), Qt::Key_R);
        QVERIFY(std::abs(camera->GetDistance() - distance) < 1e-6 * distance);
    }

    void dragRotatesTheCamera() {
        vtkCamera* camera = view->renderer()->GetActiveCamera();
        double before[3];
        camera->GetPosition(before);
        QTest::mousePress(view.get(), Qt::LeftButton, {}, QPoint(100, 80));
        QTest::mouseMove(view.get(), QPoint(140, 80));
        QTest::mouseRelease(view.get(), Qt::LeftButton, {}, QPoint(140, 80));
        double after[3];
        camera->GetPosition(after);
        const double moved =
            std::hypot(after[0] - before[0], after[1] - before[1], after[2] - before[2]);
        QVERIFY2(moved > 1e-3, "the trackball drag did not move the camera");
    }
};

int main(int argc, char** argv) {
    modescape::ui::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestVtkView test;
    return QTest::qExec(&test, argc, argv);
}
#include "TestVtkView.moc"

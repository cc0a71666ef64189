#include "ui/rendering/OffscreenRender.h"

#include <QApplication>
#include <QOffscreenSurface>
#include <QOpenGLContext>

#include "core/common/Error.h"
#include "ui/GuiApplication.h"
#include "ui/rendering/ImageExport.h"
#include "ui/rendering/VtkView.h"

namespace modescape::ui {
namespace {

bool hasDisplay() {
    // Qt's xcb platform aborts the process without a display: ask first.
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    if (!platform.isEmpty() && !platform.startsWith("xcb"))
        return true;  // the user chose one
    return !qgetenv("DISPLAY").isEmpty() || !qgetenv("WAYLAND_DISPLAY").isEmpty();
}

void checkOpenGl() {
    QOpenGLContext context;
    context.setFormat(QSurfaceFormat::defaultFormat());
    QOffscreenSurface surface;
    surface.setFormat(context.format());
    surface.create();
    if (!context.create() || !surface.isValid() || !context.makeCurrent(&surface))
        throw Error(
            "rendering an image needs OpenGL 3.2, and none could be set up on this display (" +
            qEnvironmentVariable("DISPLAY", "no DISPLAY").toStdString() +
            "); try `xvfb-run -a -s '-screen 0 1600x1000x24 +extension GLX' modescape ...`");
    context.doneCurrent();
}

}  // namespace

void ensureOffscreenApplication() {
    if (QApplication::instance())
        return;
    if (!hasDisplay())
        throw Error(
            "rendering an image needs an X display (VTK renders through GLX) and DISPLAY is not "
            "set; "
            "run the command under `xvfb-run -a`");
    static int argc = 1;
    static char name[] = "modescape";
    static char* argv[] = {name, nullptr};
    setDefaultSurfaceFormat();
    // Deliberately never deleted: destroying a QApplication among the static
    // destructors after main() returns is undefined; the process ends anyway.
    new QApplication(argc, argv);
    checkOpenGl();
}

QImage renderViewOffscreen(VtkView& view, QSize size, bool transparentBackground) {
    view.setAttribute(Qt::WA_DontShowOnScreen);
    // grabScene renders width x dpr x scale pixels: choose the scale that gives `size`.
    view.resize(size);
    const double dpr = view.devicePixelRatioF();
    QImage image = view.grabScene(1.0 / dpr, transparentBackground);
    if (image.isNull())
        throw Error("the OpenGL renderer returned no image");
    if (image.size() != size)  // rounding of a fractional device pixel ratio
        image = image.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    return image;
}

void writeImageFile(const QImage& image, const QString& path) {
    if (!saveImageAtomically(image, path))
        throw IoError(path.toStdString(),
                      "could not write the image (check the folder exists and is writable)");
}

}  // namespace modescape::ui

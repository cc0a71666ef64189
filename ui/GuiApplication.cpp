#include "ui/GuiApplication.h"

#include <QApplication>
#include <QFileInfo>
#include <QSurfaceFormat>

#include "ui/AppResources.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/PresentationMode.h"
#include "ui/mainwindow/SessionActions.h"
#include "ui/mainwindow/TorchScriptConsent.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/ExampleSurfacePage.h"

namespace modescape::ui {

void setDefaultSurfaceFormat() {
    QSurfaceFormat format;
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setVersion(3, 2);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setDepthBufferSize(24);
    format.setStencilBufferSize(8);
    format.setAlphaBufferSize(8);
    format.setSamples(0);
    QSurfaceFormat::setDefaultFormat(format);
}

namespace {

void openStart(MainWindow& window, const GuiStart& start) {
    if (start.set.endsWith(".modescape")) {
        window.sessions()->openSession(start.set);
    } else if (start.set.isEmpty()) {
        // With no set named, the demo set is opened (built once on first start).
        window.openDemoSet();
    } else {
        const QString set = setToOpen(start.set);
        if (!start.overrides.empty())
            window.useOverrides(set, start.overrides);
        window.openSet(set, start.allowOutside);
    }
}

}  // namespace

QString setToOpen(const QString& given) {
    const QFileInfo info(given);
    return info.isFile() && info.suffix() == QStringLiteral("safetensors") ? info.absolutePath()
                                                                           : given;
}

void startWindow(MainWindow& window, const GuiStart& start) {
    auto* example = new ExampleSurfacePage(&window);
    window.showStartPage(example, QObject::tr("Example surface"));
    // A window that did not close normally left its session: offered first.
    SessionActions* sessions = window.sessions();
    if (!sessions->offerAutosaveRestore(sessions->defaultRestoreQuestion()))
        openStart(window, start);
    window.show();
    if (start.present)
        window.presentation()->enter();
}

int runGui(int argc, char** argv, const GuiStart& start) {
    setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Modescape");
    QApplication::setApplicationName("Modescape");
    QApplication::setWindowIcon(applicationIcon());
    QGuiApplication::setDesktopFileName(kDesktopFileName);
    installTorchScriptApproval();

    MainWindow window;
    startWindow(window, start);
    return app.exec();
}

}  // namespace modescape::ui

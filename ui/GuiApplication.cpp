#include "ui/GuiApplication.h"

#include <QApplication>
#include <QSurfaceFormat>

#include "ui/mainwindow/MainWindow.h"
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

int runGui(int argc, char** argv, const GuiStart& start) {
    setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Modescape");
    QApplication::setApplicationName("Modescape");
    installTorchScriptApproval();

    MainWindow window;
    auto* example = new ExampleSurfacePage(&window);
    window.showStartPage(example, QObject::tr("Example surface"));
    // With no set named, the demo set is opened (built once on first start).
    if (start.set.isEmpty()) {
        window.openDemoSet();
    } else {
        if (!start.overrides.empty())
            window.useOverrides(start.set, start.overrides);
        window.openSet(start.set, start.allowOutside);
    }
    window.show();
    return app.exec();
}

}  // namespace modescape::ui

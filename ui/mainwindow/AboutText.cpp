#include "ui/mainwindow/AboutText.h"

#include <vtkVersion.h>

#include "core/common/Version.h"
#include "ui/AppResources.h"

namespace modescape::ui {

QString aboutText(const QString& deviceDescription) {
    return aboutTextTemplate().arg(QString::fromStdString(modescapeVersion()), QString(qVersion()),
                                   QString(vtkVersion::GetVTKVersion()),
                                   QString::fromStdString(libtorchVersion()),
                                   QString::fromStdString(eigenVersion()), deviceDescription);
}

}  // namespace modescape::ui

#include "ui/mainwindow/AboutText.h"

#include <vtkVersion.h>

#include "core/common/Version.h"

namespace modescape::ui {

QString aboutText(const QString& deviceDescription) {
    return QStringLiteral(
               "<h3>Modescape %1</h3>"
               "<p>Explore the posterior of Bayesian neural networks: loss landscapes, "
               "symmetry-aware maps, mode connectivity and calibration.</p>"
               "<table>"
               "<tr><td>Qt</td><td>%2</td></tr>"
               "<tr><td>VTK</td><td>%3</td></tr>"
               "<tr><td>LibTorch</td><td>%4</td></tr>"
               "<tr><td>Eigen</td><td>%5</td></tr>"
               "<tr><td>Device</td><td>%6</td></tr>"
               "</table>")
        .arg(QString::fromStdString(modescapeVersion()), QString(qVersion()),
             QString(vtkVersion::GetVTKVersion()), QString::fromStdString(libtorchVersion()),
             QString::fromStdString(eigenVersion()), deviceDescription);
}

}  // namespace modescape::ui

#include "ui/rendering/ImageExport.h"

#include <QFileInfo>
#include <QSaveFile>

namespace modescape::ui {

bool saveImageAtomically(const QImage& image, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    QByteArray format = QFileInfo(path).suffix().toLower().toLatin1();
    if (format.isEmpty())
        format = "png";
    if (!image.save(&file, format.constData())) {
        file.cancelWriting();
        return false;
    }
    return file.commit();
}

}  // namespace modescape::ui

#include "ui/mainwindow/LayoutFigure.h"

#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>

#include <cmath>

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "core/session/SplitPanes.h"
#include "ui/mainwindow/SessionFigures.h"
#include "ui/mainwindow/ViewExport.h"

namespace modescape::ui {

std::string tabsViewOf(const session::Session& session) {
    if (!session.layout.current.empty())
        return session.layout.current;
    return session.views.empty() ? std::string() : session.views.front().id;
}

void writeLayoutFigure(SessionFigures& figures, const session::Session& session,
                       const QString& path, const ResolvedFigure& figure, bool transparent) {
    QImage picture(figure.pixels, QImage::Format_ARGB32);
    picture.fill(transparent ? Qt::transparent : Qt::white);
    const int dotsPerMeter = int(std::lround(figure.dpi / 0.0254));  // as the panes' PNGs say
    picture.setDotsPerMeterX(dotsPerMeter);
    picture.setDotsPerMeterY(dotsPerMeter);
    QTemporaryDir scratch;
    if (!scratch.isValid())
        throw IoError(path.toStdString(), "no temporary folder for the panes' figures");
    QPainter painter(&picture);
    for (const session::PaneArea& area :
         session::splitPaneAreas(session.layout.split, figure.pixels.width(),
                                 figure.pixels.height(), tabsViewOf(session))) {
        if (area.view.empty() || area.width <= 0 || area.height <= 0)
            continue;  // an empty pane stays background
        const QSize size(area.width, area.height);
        figures.compute(area.view);
        figures.layOut(area.view, figureViewSize(size));
        const QString pane = scratch.filePath(QString::fromStdString(area.view) + ".png");
        writeViewFigure(figures.page(area.view), pane, FigureSize::fromPixels(size, figure.dpi),
                        transparent);
        const QImage image(pane);
        if (image.isNull())
            throw IoError(pane.toStdString(), "the pane's figure could not be read back");
        painter.drawImage(area.x, area.y, image);
    }
    painter.end();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    picture.save(&buffer, "PNG");
    io::writeFileAtomically(path.toStdString(), bytes.constData(), std::size_t(bytes.size()));
}

}  // namespace modescape::ui

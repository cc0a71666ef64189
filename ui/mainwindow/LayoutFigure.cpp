#include "ui/mainwindow/LayoutFigure.h"

#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>

#include <cmath>
#include <utility>
#include <vector>

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "core/session/SplitPanes.h"
#include "ui/mainwindow/SessionFigures.h"
#include "ui/mainwindow/ViewExport.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/TiffEncoder.h"

namespace modescape::ui {

std::string tabsViewOf(const session::Session& session) {
    if (!session.layout.current.empty())
        return session.layout.current;
    return session.views.empty() ? std::string() : session.views.front().id;
}

namespace {

// The PNG (or TIFF): each pane's own PNG (written as `render --view` writes it at the
// pane's size) copied to its place, so a pane equals that figure pixel for pixel.
void writeLayoutPng(SessionFigures& figures, const session::Session& session, const QString& path,
                    const ResolvedFigure& figure, bool transparent) {
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
    if (figureFormatOf(path) == FigureFormat::Tiff) {
        bytes = encodeTiff(picture, figure.dpi);
    } else {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        picture.save(&buffer, "PNG");
    }
    io::writeFileAtomically(path.toStdString(), bytes.constData(), std::size_t(bytes.size()));
}

// SVG / PDF: one painter, each pane drawn by its view's figure paint
// (viewFigurePaint) into the pane's rectangle — vector views stay vector,
// VTK views are their pixels at the figure's DPI.
void writeLayoutVector(SessionFigures& figures, const session::Session& session,
                       const QString& path, const ResolvedFigure& figure, bool transparent) {
    std::vector<std::pair<QRectF, FigurePaint>> panes;
    for (const session::PaneArea& area :
         session::splitPaneAreas(session.layout.split, figure.pixels.width(),
                                 figure.pixels.height(), tabsViewOf(session))) {
        if (area.view.empty() || area.width <= 0 || area.height <= 0)
            continue;  // an empty pane stays background
        ResolvedFigure pane = figure;
        pane.pixels = QSize(area.width, area.height);
        pane.transparent = transparent;
        figures.compute(area.view);
        figures.layOut(area.view, figureViewSize(pane.pixels));
        panes.emplace_back(QRectF(area.x, area.y, area.width, area.height),
                           viewFigurePaint(figures.page(area.view), pane, transparent));
    }
    ResolvedFigure whole = figure;
    whole.transparent = transparent;
    FigureWriter(whole).write(path, [&panes](QPainter& painter, const QRectF&) {
        for (const auto& [rect, paint] : panes) {
            painter.save();
            painter.setClipRect(rect);  // a pane draws nothing outside its share
            paint(painter, rect);
            painter.restore();
        }
    });
}

}  // namespace

void writeLayoutFigure(SessionFigures& figures, const session::Session& session,
                       const QString& path, const ResolvedFigure& figure, bool transparent) {
    if (isRasterFormat(figureFormatOf(path)))
        writeLayoutPng(figures, session, path, figure, transparent);
    else
        writeLayoutVector(figures, session, path, figure, transparent);
}

}  // namespace modescape::ui

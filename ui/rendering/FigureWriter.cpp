#include "ui/rendering/FigureWriter.h"

#include <QBuffer>
#include <QFileInfo>
#include <QGuiApplication>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>

#include <cmath>

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "ui/rendering/TiffEncoder.h"

namespace modescape::ui {

FigureFormat figureFormatOf(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == "png")
        return FigureFormat::Png;
    if (suffix == "svg")
        return FigureFormat::Svg;
    if (suffix == "pdf")
        return FigureFormat::Pdf;
    if (suffix == "tif" || suffix == "tiff")
        return FigureFormat::Tiff;
    throw InvalidArgument(path.toStdString() +
                          ": a figure file must end in .png, .svg, .pdf or .tif (the suffix picks "
                          "the format)");
}

double figurePixels(const QPainter& painter, double points) {
    const QPaintDevice* device = painter.device();
    return points * (device ? device->logicalDpiY() : 96) / 72.0;
}

void FigureWriter::preparePainter(QPainter& painter) const {
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    QFont font = QGuiApplication::font();
    font.setPointSizeF(figure_.fontPoints);
    painter.setFont(font);
}

QImage FigureWriter::paintImage(const FigurePaint& paint) const {
    QImage image(figure_.pixels, QImage::Format_ARGB32_Premultiplied);
    const int dotsPerMeter = int(std::lround(figure_.dpi / 0.0254));
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    image.fill(figure_.transparent ? Qt::transparent : Qt::white);
    QPainter painter(&image);
    preparePainter(painter);
    paint(painter, QRectF(QPointF(0, 0), QSizeF(figure_.pixels)));
    return image;
}

QByteArray FigureWriter::encode(FigureFormat format, const FigurePaint& paint) const {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    const QRectF bounds(QPointF(0, 0), QSizeF(figure_.pixels));
    const int dpi = int(std::lround(figure_.dpi));
    if (format == FigureFormat::Png) {
        paintImage(paint).save(&buffer, "PNG");
    } else if (format == FigureFormat::Tiff) {
        return encodeTiff(paintImage(paint), figure_.dpi);
    } else if (format == FigureFormat::Svg) {
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(figure_.pixels);
        svg.setViewBox(bounds);
        svg.setResolution(dpi);  // the width and height attributes: physical size
        svg.setTitle(QStringLiteral("Modescape figure"));
        QPainter painter(&svg);
        if (!figure_.transparent)
            painter.fillRect(bounds, Qt::white);
        preparePainter(painter);
        paint(painter, bounds);
    } else {
        QPdfWriter pdf(&buffer);
        pdf.setCreator(QStringLiteral("Modescape"));
        pdf.setResolution(dpi);
        const QSizeF points(figure_.pixels.width() * 72.0 / dpi,
                            figure_.pixels.height() * 72.0 / dpi);
        pdf.setPageSize(QPageSize(points, QPageSize::Point, QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter(&pdf);
        if (!figure_.transparent)
            painter.fillRect(bounds, Qt::white);
        preparePainter(painter);
        paint(painter, bounds);
    }
    return bytes;
}

void FigureWriter::write(const QString& path, const FigurePaint& paint) const {
    const QByteArray bytes = encode(figureFormatOf(path), paint);
    if (bytes.isEmpty())
        throw IoError(path.toStdString(), "could not encode the figure");
    io::writeFileAtomically(path.toStdString(), bytes.constData(), std::size_t(bytes.size()));
}

void FigureWriter::writeRaster(const QString& path, const QImage& image) const {
    write(path, [&image](QPainter& painter, const QRectF& bounds) {
        painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
        painter.drawImage(bounds, image);
    });
}

}  // namespace modescape::ui

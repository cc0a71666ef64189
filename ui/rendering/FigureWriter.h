#pragma once
// Writes a figure as PNG, SVG, PDF or TIFF, chosen by the file's suffix, from the
// one paint function a 2-D view draws itself with (on screen too), so every
// format shows the same picture:
//
//   const ResolvedFigure figure = resolveFigure(FigureSize::fromPreset(FigurePreset::Paper),
//                                               QSize(800, 600));
//   FigureWriter(figure).write("fig.pdf", [&](QPainter& p, const QRectF& r) { view.paint(p, r); });
//
// The paint function gets a painter whose font is the figure's (its point size
// is fontPoints; the device's DPI is the figure's, so points come out at print
// size) and the rectangle to fill, in device pixels. It should size its text
// from painter.font() and its lines and margins with figurePixels(). SVG and
// PDF are true vector files with real text (<text> elements; fonts embedded in
// the PDF). Pictures that exist only as pixels (the 3-D VTK views) go through
// writeRaster(): a PNG as is, a PDF or SVG holding the image at the figure's
// DPI. TIFF is the PNG's pixels (a painted view too) with the DPI recorded
// (TiffEncoder.h). Files are written atomically (io::writeFileAtomically). Needs a
// QGuiApplication (for fonts). Errors throw modescape::IoError naming the file
// or modescape::InvalidArgument for an unknown suffix.

#include <QImage>
#include <QRectF>
#include <QString>

#include <functional>

#include "ui/rendering/FigureSize.h"

class QPainter;

namespace modescape::ui {

enum class FigureFormat { Png, Svg, Pdf, Tiff };

// By the suffix (case-insensitive; png, svg, pdf, tif or tiff). Throws
// InvalidArgument naming the file.
FigureFormat figureFormatOf(const QString& path);
// PNG and TIFF hold pixels; SVG and PDF are vector pages.
inline bool isRasterFormat(FigureFormat format) {
    return format == FigureFormat::Png || format == FigureFormat::Tiff;
}

using FigurePaint = std::function<void(QPainter& painter, const QRectF& bounds)>;

// `points` on the painter's device in pixels (lines, margins, marker sizes).
double figurePixels(const QPainter& painter, double points);

class FigureWriter {
  public:
    explicit FigureWriter(const ResolvedFigure& figure) : figure_(figure) {}

    const ResolvedFigure& figure() const { return figure_; }
    // The figure painted into an image (the PNG's pixels); its DPI is set.
    QImage paintImage(const FigurePaint& paint) const;
    // The file's bytes in `format`.
    QByteArray encode(FigureFormat format, const FigurePaint& paint) const;
    // Encodes by the suffix and replaces `path` atomically.
    void write(const QString& path, const FigurePaint& paint) const;
    // A raster picture (3-D views): PNG as is, SVG / PDF with the image
    // embedded at the figure's DPI and size.
    void writeRaster(const QString& path, const QImage& image) const;

  private:
    void preparePainter(QPainter& painter) const;

    ResolvedFigure figure_;
};

}  // namespace modescape::ui

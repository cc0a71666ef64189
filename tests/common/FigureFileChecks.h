#pragma once
// Checks of written figure files shared by the figure tests: an SVG holds
// given strings as <text> elements and no raster <image>; a PDF opens with
// poppler (pdftoppm) and every font pdffonts lists is embedded. Each returns
// an empty string when the file passes, otherwise what is wrong.

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <cmath>

#include "tests/common/EventWait.h"

namespace modescape::test {

inline QString svgTextProblems(const QString& path, const QStringList& labels) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return path + " cannot be read";
    const QString text = QString::fromUtf8(file.readAll());
    if (text.contains("<image"))
        return path + " holds a raster <image>";
    for (const QString& label : labels) {
        // QSvgGenerator writes each drawn string inside a <text ...> element.
        const QRegularExpression element("<text[^>]*>\\s*" + QRegularExpression::escape(label) +
                                         "\\s*</text>");
        if (!element.match(text).hasMatch())
            return label + " is not a <text> of " + path;
    }
    return {};
}

// The page rendered by pdftoppm at 72 dpi has `points` (to a pixel of
// rounding) and every font is embedded.
inline QString pdfProblems(const QString& path, QSizeF points) {
    QTemporaryDir dir;
    QProcess render;
    const QString prefix = dir.filePath("page");
    render.start("pdftoppm", {"-png", "-r", "72", "-singlefile", path, prefix});
    if (!finishProcess(render) || render.exitCode() != 0)
        return "pdftoppm (poppler-utils) failed on " + path + ": " +
               QString::fromUtf8(render.readAllStandardError());
    const QImage page(prefix + ".png");
    if (std::abs(page.width() - points.width()) > 1 ||
        std::abs(page.height() - points.height()) > 1)
        return QString("%1: page %2x%3 pt, not %4x%5")
            .arg(path)
            .arg(page.width())
            .arg(page.height())
            .arg(points.width())
            .arg(points.height());
    QProcess fonts;
    fonts.start("pdffonts", {path});
    if (!finishProcess(fonts) || fonts.exitCode() != 0)
        return "pdffonts failed on " + path;
    // A header of two lines, then one line per font whose "emb" column says yes.
    const QStringList lines =
        QString::fromUtf8(fonts.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
    if (lines.size() < 3)
        return path + " lists no font";
    for (const QString& line : lines.mid(2))
        if (!line.contains(QRegularExpression("\\s(yes)\\s+(yes|no)\\s+(yes|no)\\s+\\d+")))
            return "not embedded: " + line;
    return {};
}

// From the first to the last row of `area` holding a dark pixel (text ink).
inline int inkHeight(const QImage& image, QRect area) {
    area &= image.rect();
    int top = -1, bottom = -2;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x)
            if (qGray(image.pixel(x, y)) < 128) {
                if (top < 0)
                    top = y;
                bottom = y;
                break;
            }
    return bottom - top + 1;
}

}  // namespace modescape::test

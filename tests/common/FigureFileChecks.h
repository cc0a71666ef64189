#pragma once
// Checks of written figure files shared by the figure tests: an SVG holds
// given strings as <text> elements and no raster <image>; a PDF opens with
// poppler (pdftoppm) and every font pdffonts lists is embedded. Each returns
// an empty string when the file passes, otherwise what is wrong.

#include <QByteArray>
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

// The labels that are not the whole text of some <text> element of the SVG
// (QSvgGenerator writes every drawn string as one), joined by ", ".
inline QString labelsNotSvgText(const QByteArray& svg, const QStringList& labels) {
    const QString text = QString::fromUtf8(svg);
    QStringList missing;
    for (const QString& label : labels) {
        const QRegularExpression element("<text[^>]*>\\s*" + QRegularExpression::escape(label) +
                                         "\\s*</text>");
        if (!element.match(text).hasMatch())
            missing << label;
    }
    return missing.join(", ");
}

// The text of every <text> element in document order, joined with nothing
// between: QSvgGenerator writes a string that mixes scripts ("α (PCA 1)") as
// one element per script run ("α (", "PCA 1)"), side by side.
inline QString svgJoinedText(const QByteArray& svg) {
    QString joined;
    const QRegularExpression element("<text[^>]*>([^<]*)</text>");
    for (auto it = element.globalMatch(QString::fromUtf8(svg)); it.hasNext();)
        joined += it.next().captured(1);
    return joined;
}

// An SVG that holds no <image> and has each label as its text (whole in one
// <text> element, or in consecutive ones for a string of several scripts).
inline QString svgTextRunProblems(const QString& path, const QStringList& labels) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return path + " cannot be read";
    const QByteArray svg = file.readAll();
    if (svg.contains("<image"))
        return path + " holds a raster <image>";
    const QString joined = svgJoinedText(svg);
    QStringList missing;
    for (const QString& label : labels)
        if (!joined.contains(label.toHtmlEscaped()))
            missing << label;
    return missing.isEmpty() ? QString() : missing.join(", ") + " not <text> of " + path;
}

// `pdffonts FILE`'s lines of fonts not embedded, or why it could not tell;
// "" when every font is embedded.
inline QString fontsNotEmbedded(const QString& pdf) {
    QProcess fonts;
    fonts.start("pdffonts", {pdf});
    if (!finishProcess(fonts) || fonts.exitCode() != 0)
        return "pdffonts (poppler-utils) failed on " + pdf + ": " + fonts.readAllStandardError();
    // A header of two lines, then one line per font whose "emb" column says yes.
    const QStringList lines =
        QString::fromUtf8(fonts.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
    if (lines.size() < 3)
        return "no font in " + pdf + ": " + lines.join('\n');
    QStringList bad;
    for (const QString& line : lines.mid(2))
        if (!line.contains(QRegularExpression("\\s(yes)\\s+(yes|no)\\s+(yes|no)\\s+\\d+")))
            bad << line;
    return bad.join('\n');
}

inline QString svgTextProblems(const QString& path, const QStringList& labels) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return path + " cannot be read";
    const QString text = QString::fromUtf8(file.readAll());
    if (text.contains("<image"))
        return path + " holds a raster <image>";
    const QString missing = labelsNotSvgText(text.toUtf8(), labels);
    if (!missing.isEmpty())
        return missing + " not <text> of " + path;
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
    const QString notEmbedded = fontsNotEmbedded(path);
    if (!notEmbedded.isEmpty())
        return path + ": " + notEmbedded;
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

#include "ui/views/connectivity/BarrierHeatmapFigure.h"

#include <QFontMetricsF>
#include <QLinearGradient>
#include <QObject>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "ui/rendering/FigureTitles.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/TickSpacing.h"

namespace modescape::ui {
namespace {

const QColor kInk(31, 31, 31);
const QColor kMissing(191, 191, 191);  // a pair not computed yet

QFont boldOf(QFont font) {
    font.setBold(true);
    return font;
}

QFont scaledOf(QFont font, double factor) {
    font.setPointSizeF(font.pointSizeF() * factor);
    return font;
}

QColor colourAt(Colormap map, double t) {
    double rgb[3];
    colormapColor(map, std::clamp(t, 0.0, 1.0), rgb);
    return QColor::fromRgbF(float(rgb[0]), float(rgb[1]), float(rgb[2]));
}

// Values are written with the decimals two significant digits of the largest need.
int valueDecimals(double rangeMax) {
    return std::clamp(1 - int(std::floor(std::log10(rangeMax))), 0, 6);
}

// The file suffix (".safetensors") every name ends with, or "".
QString commonSuffix(const std::vector<std::string>& names) {
    if (names.empty())
        return {};
    const QString first = QString::fromStdString(names.front());
    const qsizetype dot = first.lastIndexOf('.');
    if (dot <= 0)
        return {};
    const QString suffix = first.mid(dot);
    for (const std::string& name : names) {
        const QString text = QString::fromStdString(name);
        if (!text.endsWith(suffix) || text.size() == suffix.size())
            return {};
    }
    return suffix;
}

constexpr int kTitleFlags = Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap;
// Cell values are a little smaller than the names.
constexpr double kValueScale = 0.85;

}  // namespace

std::vector<std::size_t> basinOrder(const std::vector<int>& basin) {
    std::vector<std::size_t> order(basin.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return basin[a] < basin[b]; });
    return order;
}

void BarrierHeatmapFigure::setMatrix(const connectivity::BarrierMatrix& matrix) {
    matrix_ = matrix;
    const std::size_t n = matrix_.size();
    if (matrix_.basin.size() == n) {
        order_ = basinOrder(matrix_.basin);
    } else {
        order_.resize(n);
        std::iota(order_.begin(), order_.end(), std::size_t(0));
    }
    rangeMax_ = 0.0;
    for (double b : matrix_.interpolated)
        if (std::isfinite(b))
            rangeMax_ = std::max(rangeMax_, b);
    if (rangeMax_ <= 0.0)
        rangeMax_ = 1.0;  // all zero: any range shows them at its low end
    if (n == 0)
        title_ = QObject::tr("No barrier matrix computed yet");
    else
        title_ = QObject::tr("%1 barriers (%2 split loss): %n basin(s) below %3", nullptr,
                             matrix_.basinCount)
                     .arg(QString::fromUtf8(connectivity::pathKindName(matrix_.kind)))
                     .arg(QString::fromStdString(matrix_.split))
                     .arg(matrix_.threshold, 0, 'g', 3);
}

QString BarrierHeatmapFigure::memberName(int k) const {
    return QString::fromStdString(matrix_.members[order_[std::size_t(k)]]);
}

BarrierHeatmapLayout BarrierHeatmapFigure::layOut(const QPainter& painter, QRectF bounds) const {
    BarrierHeatmapLayout l;
    l.bounds = bounds;
    const QFontMetricsF metrics(painter.font(), painter.device());
    const QFontMetricsF bold(boldOf(painter.font()), painter.device());
    const double em = metrics.height(), gap = figurePixels(painter, 2),
                 tick = figurePixels(painter, 3);
    l.nameFontPoints = painter.font().pointSizeF();
    l.valueFontPoints = l.nameFontPoints * kValueScale;

    l.title = bold.boundingRect(QRectF(bounds.left() + gap, bounds.top() + gap,
                                       std::max(1.0, bounds.width() - 2 * gap), 1e6),
                                kTitleFlags, title_);
    l.title = QRectF(bounds.left() + gap, l.title.top(), bounds.width() - 2 * gap,
                     std::min(l.title.height(), 2 * bold.lineSpacing()));
    const int n = int(matrix_.size());
    if (n > 0 && !figureTitlesShown())  // no title: its room goes to the cells
        l.title.setHeight(0);
    if (n == 0)
        return l;

    // Names longer than 0.4 of the figure are shortened in the middle (the full
    // name is in the view's tooltip); a file suffix all share is left out.
    const double maxName = std::max(em, 0.4 * std::min(bounds.width(), bounds.height()));
    const QString suffix = commonSuffix(matrix_.members);
    double widestName = 0;
    QStringList names;
    for (int k = 0; k < n; ++k) {
        const QString name = memberName(k);
        names << metrics.elidedText(name.left(name.size() - suffix.size()), Qt::ElideMiddle,
                                    maxName);
        widestName = std::max(widestName, metrics.horizontalAdvance(names.back()));
    }

    // The colour bar's ticks depend on its height, the height on the margins:
    // first a guess, then the ticks of the final height (their labels' width
    // changes little: the same decimals).
    auto barTicks = [&](double height) {
        return niceTicks(0.0, rangeMax_, tickCountForLength(height, kYTickSpacingEm * em), false);
    };
    auto widestTick = [&](const AxisTicks& ticks) {
        double widest = 0;
        for (double v : ticks.values)
            widest = std::max(widest, metrics.horizontalAdvance(tickLabel(v, ticks.step)));
        return widest;
    };
    // Room above the cells for "barrier" over the bar, clear of the top tick's label.
    const double top = l.title.bottom() + 2 * gap + 1.5 * em;
    const double barWidth = em;
    auto cellSide = [&](double tickWidth, double bottom) {
        const double left = gap + widestName + gap;
        const double right = 2 * gap + em + barWidth + tick + gap + tickWidth + gap;
        const double w = bounds.width() - left - right;
        const double h = bounds.bottom() - top - bottom;
        return std::max(1.0, std::min(w, h) / n);
    };
    double tickWidth = widestTick(barTicks(bounds.height() / 2));
    double bottom = gap + em + gap;
    l.cell = cellSide(tickWidth, bottom);
    if (widestName + gap > l.cell) {  // column names wider than a cell: upright
        l.columnsUpright = true;
        bottom = gap + widestName + gap;
        l.cell = cellSide(tickWidth, bottom);
    }
    l.barTicks = barTicks(n * l.cell);
    tickWidth = std::max(tickWidth, widestTick(l.barTicks));
    l.cell = cellSide(tickWidth, bottom);
    // Names need a line of text each: with smaller cells only every k-th is named.
    l.labelEvery = std::max(1, int(std::ceil(em / l.cell)));

    // The block (row names, cells, colour bar) centred in the width left.
    const double side = n * l.cell;
    const double left = gap + widestName + gap;
    const double right = 2 * gap + em + barWidth + tick + gap + tickWidth;
    const double spare = std::max(0.0, bounds.width() - left - side - right - gap);
    const double spareHeight = std::max(0.0, bounds.bottom() - top - bottom - side);
    l.cells = QRectF(bounds.left() + spare / 2 + left, top + spareHeight / 2, side, side);
    l.colourBar = QRectF(l.cells.right() + 2 * gap + em, l.cells.top(), barWidth, side);
    const QString barName = QObject::tr("barrier");
    const double barNameWidth = metrics.horizontalAdvance(barName);
    l.colourBarName = QRectF(
        std::min(l.colourBar.center().x() - barNameWidth / 2, bounds.right() - gap - barNameWidth),
        l.colourBar.top() - em / 2 - gap - em, barNameWidth, em);
    for (double v : l.barTicks.values) {
        const double y = l.colourBar.bottom() - v / rangeMax_ * side;
        const double w = metrics.horizontalAdvance(tickLabel(v, l.barTicks.step));
        l.barLabels.emplace_back(l.colourBar.right() + tick + gap, y - em / 2, w, em);
    }

    for (int k = 0; k < n; k += l.labelEvery) {
        l.named.push_back(k);
        l.names << names[k];
        const double w = metrics.horizontalAdvance(names[k]);
        const QRectF cell = l.cellRect(k, k);
        l.rowNames.emplace_back(l.cells.left() - gap - w, cell.center().y() - em / 2, w, em);
        if (l.columnsUpright)
            l.columnNames.emplace_back(cell.center().x() - em / 2, l.cells.bottom() + gap, em, w);
        else
            l.columnNames.emplace_back(cell.center().x() - w / 2, l.cells.bottom() + gap, w, em);
    }

    // Values in the cells when the widest ("0.85") fits with a margin.
    const QFontMetricsF valueMetrics(scaledOf(painter.font(), kValueScale), painter.device());
    const double valueWidth =
        valueMetrics.horizontalAdvance(QString::number(rangeMax_, 'f', valueDecimals(rangeMax_)));
    l.values = valueWidth + 2 * gap <= l.cell && valueMetrics.height() + gap <= l.cell;
    return l;
}

void BarrierHeatmapFigure::paint(QPainter& painter, QRectF bounds) const {
    const BarrierHeatmapLayout l = layOut(painter, bounds);
    painter.save();
    const QFont base = painter.font();
    const QFontMetricsF metrics(base, painter.device());
    const double tick = figurePixels(painter, 3);

    painter.setPen(kInk);
    painter.setFont(boldOf(base));
    if (l.title.height() > 0)
        painter.drawText(l.title, kTitleFlags, title_);
    painter.setFont(base);
    const int n = int(matrix_.size());
    if (n == 0) {
        painter.restore();
        return;
    }

    // Cells, edge to edge (no antialiased seams between neighbours).
    const bool antialiased = painter.testRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::Antialiasing, false);
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            const double b = matrix_.barrier(order_[std::size_t(r)], order_[std::size_t(c)]);
            painter.fillRect(l.cellRect(r, c),
                             std::isfinite(b) ? colourAt(colormap(), b / rangeMax_) : kMissing);
        }
    painter.setRenderHint(QPainter::Antialiasing, antialiased);

    if (l.values) {
        painter.setFont(scaledOf(base, kValueScale));
        const int decimals = valueDecimals(rangeMax_);
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c) {
                const double b = matrix_.barrier(order_[std::size_t(r)], order_[std::size_t(c)]);
                if (!std::isfinite(b))
                    continue;
                // Light text on the dark low end of the map, dark on the bright high end.
                const QColor fill = colourAt(colormap(), b / rangeMax_);
                const double luminance =
                    0.299 * fill.redF() + 0.587 * fill.greenF() + 0.114 * fill.blueF();
                painter.setPen(luminance < 0.5 ? QColor(Qt::white) : kInk);
                painter.drawText(l.cellRect(r, c), Qt::AlignCenter,
                                 QString::number(b, 'f', decimals));
            }
        painter.setFont(base);
    }

    // Basins: white outlines around the diagonal blocks.
    if (matrix_.basin.size() == std::size_t(n)) {
        painter.setPen(QPen(Qt::white, figurePixels(painter, 1.5)));
        painter.setBrush(Qt::NoBrush);
        for (int start = 0; start < n;) {
            int end = start;
            while (end < n && matrix_.basin[order_[std::size_t(end)]] ==
                                  matrix_.basin[order_[std::size_t(start)]])
                ++end;
            painter.drawRect(QRectF(l.cellRect(start, start).topLeft(),
                                    l.cellRect(end - 1, end - 1).bottomRight()));
            start = end;
        }
    }

    painter.setPen(kInk);
    for (std::size_t k = 0; k < l.named.size(); ++k) {
        painter.drawText(l.rowNames[k], Qt::AlignRight | Qt::AlignVCenter, l.names[int(k)]);
        const QRectF& column = l.columnNames[k];
        if (!l.columnsUpright) {
            painter.drawText(column, Qt::AlignCenter, l.names[int(k)]);
            continue;
        }
        // Upright, reading upwards, ending just below the cells.
        painter.save();
        painter.translate(column.center().x(), column.top());
        painter.rotate(-90);
        painter.drawText(
            QRectF(-column.height(), -column.width() / 2, column.height(), column.width()),
            Qt::AlignRight | Qt::AlignVCenter, l.names[int(k)]);
        painter.restore();
    }

    // The colour bar: the map from 0 (bottom) to the largest barrier (top).
    QLinearGradient gradient(l.colourBar.bottomLeft(), l.colourBar.topLeft());
    for (int s = 0; s <= 16; ++s)
        gradient.setColorAt(s / 16.0, colourAt(colormap(), s / 16.0));
    painter.fillRect(l.colourBar, gradient);
    painter.setPen(QPen(kInk, figurePixels(painter, 0.75)));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(l.colourBar);
    for (std::size_t k = 0; k < l.barTicks.values.size(); ++k) {
        const double v = l.barTicks.values[k];
        const double y = l.colourBar.bottom() - v / rangeMax_ * l.colourBar.height();
        painter.drawLine(QPointF(l.colourBar.right(), y), QPointF(l.colourBar.right() + tick, y));
        painter.drawText(QPointF(l.barLabels[k].left(), l.barLabels[k].top() + metrics.ascent()),
                         tickLabel(v, l.barTicks.step));
    }
    painter.drawText(l.colourBarName, Qt::AlignCenter, QObject::tr("barrier"));
    painter.restore();
}

}  // namespace modescape::ui

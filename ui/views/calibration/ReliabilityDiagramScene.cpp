#include "ui/views/calibration/ReliabilityDiagramScene.h"

#include <QObject>
#include <QPainter>
#include <QPolygonF>

#include <algorithm>
#include <cmath>

#include "ui/rendering/FigureWriter.h"

namespace modescape::ui {
namespace {

QColor colourOf(const double rgb[3]) {
    return QColor::fromRgbF(float(rgb[0]), float(rgb[1]), float(rgb[2]));
}

const QColor kEdgeColour(31, 51, 102);
const QColor kDiagonalColour(90, 90, 90);

QString percent(double fraction, int decimals) {
    return QString::number(100.0 * fraction, 'f', decimals) + '%';
}

// A bar from x0 to x1 (pixels) at least a hairline wide: an equal-mass bin of
// one sample, or of tied confidences, has lower == upper.
QRectF bar(QPointF a, QPointF b, double minWidth) {
    QRectF r = QRectF(a, b).normalized();
    if (r.width() < minWidth)
        r = QRectF(r.center().x() - minWidth / 2, r.top(), minWidth, r.height());
    return r;
}

}  // namespace

std::string ReliabilityDiagramScene::eceText(const calibration::ReliabilityTable& table) {
    const bool adaptive = table.strategy == calibration::BinningStrategy::EqualMass;
    return std::string(adaptive ? "Adaptive ECE = " : "ECE = ") +
           percent(table.ece, 2).toStdString();
}

std::string ReliabilityDiagramScene::title() const {
    const calibration::ReliabilityTable& table = data_.table;
    const bool adaptive = table.strategy == calibration::BinningStrategy::EqualMass;
    // The ECE first: a narrow figure shortens the title at its end.
    std::string title = table.bins.empty() ? std::string("Reliability diagram") : eceText(table);
    if (!data_.subject.empty())
        title += " - " + data_.subject;
    return title + " (" + std::to_string(table.binCount) +
           (adaptive ? " equal-mass" : " equal-width") + " bins)";
}

PlotFrame ReliabilityDiagramScene::diagramFrame(const QPainter& painter, QRectF bounds) const {
    PlotFrameOptions options;
    options.title = QString::fromStdString(title());
    options.xName = QObject::tr("confidence");
    options.yName = QObject::tr("accuracy");
    // Short entries: a legend under 0.3 of the width goes beside the plot area,
    // which leaves a paper column's height to the data.
    if (!data_.table.bins.empty()) {
        options.legend = {QObject::tr("accuracy"), QObject::tr("gap")};
        options.legendMarks = {{colourOf(kAccuracyColour)}, {colourOf(kGapColour)}};
        if (data_.curves) {
            options.legend << QObject::tr("smooth %1").arg(percent(data_.smoothEce, 1));
            options.legendMarks.push_back({colourOf(kSmoothColour), LegendMark::Kind::Line});
        }
        if (!std::isnan(data_.table.bins.front().accuracyLower)) {
            options.legend << QObject::tr("95% CI");
            options.legendMarks.push_back({colourOf(kBandColour), LegendMark::Kind::Line});
        }
    }
    return PlotFrame(painter, bounds, {0, 1, 0, 1}, options);
}

PlotFrame ReliabilityDiagramScene::histogramFrame(const QPainter& painter, QRectF bounds) const {
    const calibration::ReliabilityTable& table = data_.table;
    std::int64_t fullest = 0;
    for (const auto& bin : table.bins)
        fullest = std::max(fullest, bin.count);
    PlotFrameOptions options;
    options.xName = QObject::tr("confidence");
    options.yName = QObject::tr("samples");
    options.integerY = true;
    if (!table.bins.empty()) {
        // The means' lines (their values are in the page's summary and the JSON).
        options.legend = {QObject::tr("accuracy"), QObject::tr("confidence")};
        options.legendMarks = {{colourOf(kMeanAccuracyColour), LegendMark::Kind::Line},
                               {colourOf(kMeanConfidenceColour), LegendMark::Kind::Line}};
    }
    return PlotFrame(painter, bounds, {0, 1, 0, double(std::max<std::int64_t>(fullest, 1))},
                     options);
}

PlotFrame ReliabilityDiagramScene::riskCoverageFrame(const QPainter& painter, QRectF bounds) const {
    double highest = 0.05;
    for (const double r : data_.curves->riskCoverage.risk)
        highest = std::max(highest, r);
    PlotFrameOptions options;
    options.title = QObject::tr("Risk-coverage, AURC = %1").arg(data_.aurc, 0, 'f', 4);
    options.xName = QObject::tr("coverage");
    options.yName = QObject::tr("risk (error rate)");
    return PlotFrame(painter, bounds, {0, 1, 0, std::min(1.0, highest)}, options);
}

ReliabilityFrames ReliabilityDiagramScene::frames(const QPainter& painter, QRectF bounds) const {
    std::optional<PlotFrame> riskCoverage;
    if (data_.curves && !data_.curves->riskCoverage.risk.empty()) {
        // The risk-coverage chart at the right, the diagram and histogram left of it.
        const double width = std::round(bounds.width() * kRiskCoverageShare);
        riskCoverage =
            riskCoverageFrame(painter, QRectF(bounds.right() - width, bounds.top(), width,
                                              std::round(bounds.height() * kDiagramShare)));
        bounds.setRight(bounds.right() - width);
    }
    QRectF upper(bounds.topLeft(),
                 QSizeF(bounds.width(), std::round(bounds.height() * kDiagramShare)));
    QRectF lower(QPointF(bounds.left(), upper.bottom()), bounds.bottomRight());
    PlotFrame diagram = diagramFrame(painter, upper);
    PlotFrame histogram = histogramFrame(painter, lower);
    // Line the plot areas up: the one with the narrower margin gets the other's.
    // The margins come from the labels, which this does not change.
    const double left = diagram.plotArea().left() - histogram.plotArea().left();
    const double right = diagram.plotArea().right() - histogram.plotArea().right();
    (left > 0 ? lower : upper).adjust(std::abs(left), 0, 0, 0);
    (right < 0 ? lower : upper).adjust(0, 0, -std::abs(right), 0);
    return {diagramFrame(painter, upper), histogramFrame(painter, lower), riskCoverage};
}

void ReliabilityDiagramScene::paint(QPainter& painter, QRectF bounds) const {
    const ReliabilityFrames f = frames(painter, bounds);
    paintDiagram(painter, f.diagram);
    paintHistogram(painter, f.histogram);
    if (f.riskCoverage)
        paintRiskCoverage(painter, *f.riskCoverage);
}

void ReliabilityDiagramScene::paintRiskCoverage(QPainter& painter, const PlotFrame& frame) const {
    const calibration::RiskCoverageCurve& curve = data_.curves->riskCoverage;
    painter.save();
    painter.setClipRect(frame.plotArea());
    QPolygonF line;
    for (std::size_t i = 0; i < curve.risk.size(); ++i)
        line << frame.map(curve.coverage[i], curve.risk[i]);
    painter.setPen(QPen(colourOf(kRiskColour), figurePixels(painter, 1.5)));
    painter.drawPolyline(line);
    painter.restore();
    frame.draw(painter);
}

void ReliabilityDiagramScene::paintDiagram(QPainter& painter, const PlotFrame& frame) const {
    painter.save();
    painter.setClipRect(frame.plotArea());
    const double hairline = figurePixels(painter, 0.5);
    const auto& bins = data_.table.bins;
    painter.setPen(Qt::NoPen);
    for (const auto& bin : bins) {
        painter.setBrush(colourOf(kAccuracyColour));
        painter.drawRect(
            bar(frame.map(bin.lower, 0), frame.map(bin.upper, bin.accuracy), hairline));
        painter.setBrush(colourOf(kGapColour));
        painter.drawRect(bar(frame.map(bin.lower, std::min(bin.accuracy, bin.confidence)),
                             frame.map(bin.upper, std::max(bin.accuracy, bin.confidence)),
                             hairline));
    }
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(kEdgeColour, hairline));
    for (const auto& bin : bins)
        painter.drawRect(
            bar(frame.map(bin.lower, 0), frame.map(bin.upper, bin.accuracy), hairline));
    painter.setPen(QPen(kDiagonalColour, figurePixels(painter, 1), Qt::DashLine));
    painter.drawLine(frame.map(0, 0), frame.map(1, 1));
    // Bootstrap bands: the bin's 95 % accuracy interval at its centre.
    painter.setPen(QPen(colourOf(kBandColour), figurePixels(painter, 1)));
    for (const auto& bin : bins) {
        if (std::isnan(bin.accuracyLower) || std::isnan(bin.accuracyUpper))
            continue;
        const double x = (bin.lower + bin.upper) / 2, cap = (bin.upper - bin.lower) / 6;
        painter.drawLine(frame.map(x, bin.accuracyLower), frame.map(x, bin.accuracyUpper));
        painter.drawLine(frame.map(x - cap, bin.accuracyLower),
                         frame.map(x + cap, bin.accuracyLower));
        painter.drawLine(frame.map(x - cap, bin.accuracyUpper),
                         frame.map(x + cap, bin.accuracyUpper));
    }
    // The smoothed reliability curve, where there are confidences to smooth.
    if (data_.curves) {
        const auto& smooth = data_.curves->smooth;
        double densest = 0.0;
        for (const double d : smooth.density)
            densest = std::max(densest, d);
        painter.setPen(QPen(colourOf(kSmoothColour), figurePixels(painter, 2)));
        QPolygonF line;
        for (std::size_t i = 0; i < smooth.confidence.size(); ++i) {
            if (smooth.density[i] < 1e-3 * densest) {
                if (line.size() > 1)
                    painter.drawPolyline(line);
                line.clear();
                continue;
            }
            line << frame.map(smooth.confidence[i], std::clamp(smooth.accuracy[i], 0.0, 1.0));
        }
        if (line.size() > 1)
            painter.drawPolyline(line);
    }
    painter.restore();
    if (bins.empty()) {
        painter.save();
        painter.setPen(QColor(90, 90, 90));
        painter.drawText(frame.plotArea(), Qt::AlignCenter, QObject::tr("No predictions yet"));
        painter.restore();
    }
    frame.draw(painter);
}

void ReliabilityDiagramScene::paintHistogram(QPainter& painter, const PlotFrame& frame) const {
    const calibration::ReliabilityTable& table = data_.table;
    painter.save();
    painter.setClipRect(frame.plotArea());
    const double hairline = figurePixels(painter, 0.5);
    painter.setPen(QPen(QColor(40, 40, 40), hairline));
    painter.setBrush(colourOf(kHistogramColour));
    for (const auto& bin : table.bins)
        painter.drawRect(
            bar(frame.map(bin.lower, 0), frame.map(bin.upper, double(bin.count)), hairline));
    if (!table.bins.empty()) {
        const double width = figurePixels(painter, 1.5);
        const double y0 = frame.range().y0, y1 = frame.range().y1;
        painter.setPen(QPen(colourOf(kMeanAccuracyColour), width));
        painter.drawLine(frame.map(table.meanAccuracy, y0), frame.map(table.meanAccuracy, y1));
        painter.setPen(QPen(colourOf(kMeanConfidenceColour), width));
        painter.drawLine(frame.map(table.meanConfidence, y0), frame.map(table.meanConfidence, y1));
    }
    painter.restore();
    frame.draw(painter);
}

}  // namespace modescape::ui

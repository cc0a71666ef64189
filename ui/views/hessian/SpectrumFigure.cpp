#include "ui/views/hessian/SpectrumFigure.h"

#include <QObject>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

#include "core/analysis/HessianAnalysis.h"
#include "ui/rendering/PlotFrame.h"
#include "ui/views/map/GroupColours.h"

namespace modescape::ui {

SpectrumPicture spectrumPictureOf(const analysis::HessianResult& result) {
    const hessian::HessianSpectrum& s = result.spectrum;
    SpectrumPicture p;
    if (s.density) {
        p.grid = s.density->grid;
        p.density = s.density->values;
    }
    p.top = s.top.values;
    p.title = QObject::tr("Hessian spectrum of %1 (%2, %3 samples)")
                  .arg(QString::fromStdString(result.member), QString::fromStdString(result.split))
                  .arg(s.samples);
    p.note = s.trace.standardError > 0
                 ? QObject::tr("trace %1 ± %2 (%3)")
                       .arg(s.trace.value, 0, 'g', 5)
                       .arg(s.trace.standardError, 0, 'g', 2)
                       .arg(QString::fromLatin1(hessian::traceMethodName(s.traceMethod)))
                 : QObject::tr("trace %1 (%2)")
                       .arg(s.trace.value, 0, 'g', 6)
                       .arg(QString::fromLatin1(hessian::traceMethodName(s.traceMethod)));
    return p;
}

namespace {

void paintDensity(QPainter& painter, QRectF bounds, const SpectrumPicture& p) {
    const double peak = *std::max_element(p.density.begin(), p.density.end());
    const double floor = std::log10(std::max(peak * kDensityFloor, 1e-300));
    std::vector<double> logs;
    for (double v : p.density)
        logs.push_back(std::max(std::log10(std::max(v, 1e-300)), floor));
    double x0 = p.grid.front(), x1 = p.grid.back();
    for (double l : p.top) {
        x0 = std::min(x0, l);
        x1 = std::max(x1, l);
    }
    PlotFrameOptions options;
    options.title = p.title + " — " + p.note;
    options.xName = QObject::tr("eigenvalue");
    options.yName = QObject::tr("density (log10)");
    options.legend = {QObject::tr("density"), QObject::tr("top eigenvalues")};
    const double top = *std::max_element(logs.begin(), logs.end());
    const PlotFrame frame(painter, bounds, {x0, x1, floor, top + 0.05 * (top - floor)}, options);
    painter.save();
    painter.setClipRect(frame.plotArea());
    painter.setPen(QPen(groupQColor(1), figurePixels(painter, 0.75), Qt::DashLine));
    for (double l : p.top)
        painter.drawLine(frame.map(l, frame.range().y0), frame.map(l, frame.range().y1));
    QPainterPath path;
    for (std::size_t i = 0; i < p.grid.size(); ++i) {
        const QPointF point = frame.map(p.grid[i], logs[i]);
        if (i == 0)
            path.moveTo(point);
        else
            path.lineTo(point);
    }
    painter.setPen(QPen(groupQColor(0), figurePixels(painter, 1.2)));
    painter.setBrush(Qt::NoBrush);
    painter.drawPath(path);
    painter.restore();
    frame.draw(painter);
}

void paintTopOnly(QPainter& painter, QRectF bounds, const SpectrumPicture& p) {
    const auto [lo, hi] = std::minmax_element(p.top.begin(), p.top.end());
    const double pad = 0.05 * std::max(*hi - *lo, std::max(std::abs(*hi), 1e-12));
    PlotFrameOptions options;
    options.title = p.title + " — " + p.note;
    options.xName = QObject::tr("rank");
    options.yName = QObject::tr("eigenvalue");
    options.integerX = true;
    const PlotFrame frame(painter, bounds,
                          {0.5, double(p.top.size()) + 0.5, std::min(0.0, *lo - pad), *hi + pad},
                          options);
    painter.save();
    painter.setClipRect(frame.plotArea());
    painter.setPen(QPen(groupQColor(1), figurePixels(painter, 1.2)));
    painter.setBrush(groupQColor(1));
    const double radius = figurePixels(painter, 2.6);
    for (std::size_t i = 0; i < p.top.size(); ++i) {
        const double rank = double(i + 1);
        painter.drawLine(frame.map(rank, std::max(0.0, frame.range().y0)),
                         frame.map(rank, p.top[i]));
        painter.drawEllipse(frame.map(rank, p.top[i]), radius, radius);
    }
    painter.restore();
    frame.draw(painter);
}

}  // namespace

void paintSpectrum(QPainter& painter, QRectF bounds, const SpectrumPicture& picture) {
    if (!picture.density.empty())
        paintDensity(painter, bounds, picture);
    else if (!picture.top.empty())
        paintTopOnly(painter, bounds, picture);
    else
        drawPlaceholder(painter, bounds, QObject::tr("Hessian spectrum"),
                        QObject::tr("Choose a member and press Compute."));
}

void writeSpectrumFigure(const analysis::HessianResult& result, const QString& path,
                         const ResolvedFigure& figure) {
    const SpectrumPicture picture = spectrumPictureOf(result);
    FigureWriter(figure).write(path, [&picture](QPainter& painter, const QRectF& bounds) {
        paintSpectrum(painter, bounds, picture);
    });
}

}  // namespace modescape::ui

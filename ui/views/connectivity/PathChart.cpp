#include "ui/views/connectivity/PathChart.h"

#include <vtkAxis.h>
#include <vtkChartLegend.h>
#include <vtkChartXY.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkPlot.h>
#include <vtkRenderer.h>
#include <vtkTable.h>
#include <vtkTextProperty.h>
#include <vtkTextRenderer.h>
#include <vtkVariant.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "ui/rendering/VtkView.h"
#include "ui/views/connectivity/BarrierHeatmap.h"

namespace modescape::ui {

using connectivity::PathKind;
using connectivity::PathResult;

namespace {

// A quantity's range over the points, widened by 3% each side (a flat one by
// 0.05) so that no curve lies on the frame.
struct Range {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    void add(double v) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    Range padded() const {
        const double pad = hi > lo ? 0.03 * (hi - lo) : 0.05;
        return {lo - pad, hi + pad};
    }
    double fraction(double v) const { return (v - lo) / (hi - lo); }
};

}  // namespace

PathChart::PathChart(QWidget* parent) : TwoAxisChart("t", "loss", "accuracy", parent) {
    vtkView()->setObjectName("pathChartView");
    // VTK draws the title in a thin band on the plot's top edge; top-justified
    // (its default) the text hangs down over the frame, bottom-justified it
    // stands on the band, above the frame.
    chart()->GetTitleProperties()->SetVerticalJustificationToBottom();
    placeObserver_ =
        vtkView()->renderer()->AddObserver(vtkCommand::StartEvent, this, &PathChart::placeLegend);
}

PathChart::~PathChart() {
    vtkView()->renderer()->RemoveObserver(placeObserver_);
}

QColor PathChart::pathColour(PathKind kind) {
    switch (kind) {  // matplotlib's tab10, one hue per kind
        case PathKind::Linear:
            return QColor(31, 119, 180);
        case PathKind::Aligned:
            return QColor(255, 127, 14);
        case PathKind::Bezier:
            return QColor(44, 160, 44);
        case PathKind::Polychain:
            return QColor(148, 103, 189);
    }
    return Qt::black;
}

void PathChart::setPaths(const std::vector<PathResult>& paths, Split split) {
    clear();
    tables_.clear();
    placedFor_ = QSize();  // the legend is placed again for the new curves
    chart()->GetAxis(vtkAxis::LEFT)->SetBehavior(vtkAxis::AUTO);
    chart()->GetAxis(vtkAxis::RIGHT)->SetBehavior(vtkAxis::AUTO);
    QStringList barriers;
    QString ends, splitName;
    for (const PathResult& path : paths) {
        const bool test = split == Split::Test && !path.testLoss.empty();
        const auto& loss = test ? path.testLoss : path.trainLoss;
        const auto& accuracy = test ? path.testAccuracy : path.trainAccuracy;
        auto table = makeChartTable({"t", "loss", "accuracy"});
        for (std::size_t i = 0; i < path.t.size() && i < loss.size(); ++i)
            if (std::isfinite(loss[i]))
                appendChartRow(table, {path.t[i], loss[i], accuracy[i]});
        tables_.push_back(table);
        if (table->GetNumberOfRows() == 0)
            continue;
        const std::string name = connectivity::pathKindName(path.kind);
        const QColor colour = pathColour(path.kind);
        addLine(table, 0, 1, colour, (name + " loss").c_str(), false);
        addLine(table, 0, 2, colour, (name + " accuracy").c_str(), true, true);
        const auto& barrier = test ? path.testBarrier : path.trainBarrier;
        barriers << QString("%1 %2")
                        .arg(QString::fromStdString(name))
                        .arg(barrier.interpolated, 0, 'f', 3);
        // Long member names shortened as the heatmap does: the title fits the figure.
        ends = QString("%1 -> %2")
                   .arg(elidedMemberName(QString::fromStdString(path.memberA)),
                        elidedMemberName(QString::fromStdString(path.memberB)));
        splitName = test ? tr("test") : tr("train");
    }
    title_ = paths.empty() ? tr("No path computed yet")
                           : tr("barrier %1 (%2 split): %3")
                                 .arg(barriers.join(QStringLiteral(", ")), splitName, ends);
    chart()->SetTitle(title_.toUtf8().constData());
    finish();
}

}  // namespace modescape::ui

namespace modescape::ui {

void PathChart::placeLegend(vtkObject*, unsigned long, void*) {
    const int* size = vtkView()->renderer()->GetSize();
    const QSize now(size[0], size[1]);
    if (now == placedFor_ || now.isEmpty())
        return;
    placedFor_ = now;
    // Every drawn point: t, loss (left axis) and accuracy (right axis).
    std::vector<std::array<double, 3>> points;
    Range t, loss, accuracy;
    for (const auto& table : tables_)
        for (vtkIdType r = 0; r < table->GetNumberOfRows(); ++r) {
            const std::array<double, 3> p = {table->GetValue(r, 0).ToDouble(),
                                             table->GetValue(r, 1).ToDouble(),
                                             table->GetValue(r, 2).ToDouble()};
            points.push_back(p);
            t.add(p[0]);
            loss.add(p[1]);
            accuracy.add(p[2]);
        }
    if (points.empty() || !(t.hi > t.lo))
        return;

    // The legend's size in pixels, from its labels as VTK will draw them.
    vtkChartLegend* legend = chart()->GetLegend();
    vtkTextRenderer* text = vtkTextRenderer::GetInstance();
    const int dpi = vtkView()->renderWindow()->GetDPI();
    double labelWidth = 0, labelHeight = 0;
    int entries = 0;
    for (vtkIdType i = 0; i < chart()->GetNumberOfPlots(); ++i) {
        vtkPlot* plot = chart()->GetPlot(i);
        if (!plot->GetVisible() || plot->GetLabel().empty())
            continue;
        int bbox[4] = {0, 0, 0, 0};
        if (text)
            text->GetBoundingBox(legend->GetLabelProperties(), plot->GetLabel(), bbox, dpi);
        labelWidth = std::max(labelWidth, double(bbox[1] - bbox[0]));
        labelHeight = std::max(labelHeight, double(bbox[3] - bbox[2]));
        ++entries;
    }
    const double pad = legend->GetPadding();
    const double legendWidth = legend->GetSymbolWidth() + 3 * pad + labelWidth + 12;
    const double legendHeight = entries * (labelHeight + pad) + pad + 12;
    // The plot area: the last layout's, or the view less the usual room for
    // the axes and the title before the first one (smaller: more room kept).
    const int* p1 = chart()->GetPoint1();
    const int* p2 = chart()->GetPoint2();
    const bool laidOut = p2[0] > p1[0] && p2[1] > p1[1];
    const double plotWidth = laidOut ? p2[0] - p1[0] : std::max(50.0, now.width() - 160.0);
    const double plotHeight = laidOut ? p2[1] - p1[1] : std::max(50.0, now.height() - 110.0);
    const double fx = std::min(0.5, legendWidth / plotWidth);
    const double fy = std::min(0.5, legendHeight / plotHeight);

    const Range lossAxis = loss.padded(), accuracyAxis = accuracy.padded();
    auto right = [](Corner c) { return c == Corner::TopRight || c == Corner::BottomRight; };
    auto top = [](Corner c) { return c == Corner::TopRight || c == Corner::TopLeft; };
    auto underLegend = [&](Corner c, double x) { return right(c) ? x >= 1 - fx : x <= fx; };
    // The corner whose legend-sized box holds the fewest curve points (both axes).
    const Corner corners[4] = {Corner::TopRight, Corner::TopLeft, Corner::BottomRight,
                               Corner::BottomLeft};
    int fewest = std::numeric_limits<int>::max();
    for (const Corner c : corners) {
        int count = 0;
        for (const auto& p : points) {
            if (!underLegend(c, t.fraction(p[0])))
                continue;
            for (const double y : {lossAxis.fraction(p[1]), accuracyAxis.fraction(p[2])})
                count += top(c) ? y >= 1 - fy : y <= fy;
        }
        if (count < fewest) {
            fewest = count;
            corner_ = c;
        }
    }
    // Points still under it: widen each axis away from the corner until they clear it.
    auto fit = [&](int axis, Range range, int column) {
        for (const auto& p : points) {
            if (!underLegend(corner_, t.fraction(p[0])))
                continue;
            const double y = p[std::size_t(column)];
            if (top(corner_) && range.fraction(y) > 1 - fy)
                range.hi = range.lo + (y - range.lo) / (1 - fy);
            if (!top(corner_) && range.fraction(y) < fy)
                range.lo = range.hi - (range.hi - y) / (1 - fy);
        }
        chart()->GetAxis(axis)->SetBehavior(vtkAxis::FIXED);
        chart()->GetAxis(axis)->SetRange(range.lo, range.hi);
    };
    fit(vtkAxis::LEFT, lossAxis, 1);
    fit(vtkAxis::RIGHT, accuracyAxis, 2);
    legend->SetHorizontalAlignment(right(corner_) ? vtkChartLegend::RIGHT : vtkChartLegend::LEFT);
    legend->SetVerticalAlignment(top(corner_) ? vtkChartLegend::TOP : vtkChartLegend::BOTTOM);
}

}  // namespace modescape::ui

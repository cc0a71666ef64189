#include "ui/views/landscape/LandscapeLineChart.h"

#include <cmath>

namespace modescape::ui {

LandscapeLineChart::LandscapeLineChart(QWidget* parent) : LineChartWidget(parent) {
    setObjectName("landscapeLineView");
}

void LandscapeLineChart::setGrid(const LandscapeGrid& grid) {
    setData(chartData(grid));
}

LineChartData LandscapeLineChart::chartData(const LandscapeGrid& grid) {
    LineChartData data;
    data.title = grid.title;
    // QPainter's fonts have α whatever VTK's has: the axis says α, not "alpha".
    QString x = grid.xTitle.isEmpty() ? QStringLiteral("α") : grid.xTitle;
    if (x.startsWith(QStringLiteral("alpha")))
        x.replace(0, 5, QStringLiteral("α"));
    data.xName = x;
    const QString split = grid.split.isEmpty() ? QString() : grid.split + ' ';
    data.yName = split + QObject::tr("loss");
    data.rightName = split + QObject::tr("accuracy");
    data.rightUnitInterval = true;
    data.yNonNegative = true;  // a cross-entropy
    data.placeholder = QObject::tr("Not computed yet");
    // Uncomputed points are NaN: the curves break there, so a slice in progress draws what it has.
    ChartSeries loss{
        QObject::tr("loss"), QColor(31, 119, 180), ChartSeries::Style::Line, false, false, {}, {}};
    ChartSeries accuracy{QObject::tr("accuracy"),
                         QColor(214, 39, 40),
                         ChartSeries::Style::DashedLine,
                         true,
                         false,
                         {},
                         {}};
    for (int i = 0; i < grid.nx(); ++i) {
        loss.x.push_back(grid.xs[i]);
        loss.y.push_back(grid.lossAt(i, 0));
        accuracy.x.push_back(grid.xs[i]);
        accuracy.y.push_back(grid.accuracyAt(i, 0));
    }
    ChartSeries members{
        QObject::tr("members"), Qt::black, ChartSeries::Style::Points, false, false, {}, {}};
    for (const auto& marker : grid.markers) {
        int nearest = 0;
        for (int i = 1; i < grid.nx(); ++i)
            if (std::abs(grid.xs[i] - marker.x) < std::abs(grid.xs[nearest] - marker.x))
                nearest = i;
        if (grid.nx() > 0 && std::isfinite(grid.lossAt(nearest, 0))) {
            members.x.push_back(marker.x);
            members.y.push_back(grid.lossAt(nearest, 0));
        }
    }
    data.series = {loss, accuracy};
    if (!members.x.empty())
        data.series.push_back(members);
    return data;
}

}  // namespace modescape::ui

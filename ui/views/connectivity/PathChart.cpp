#include "ui/views/connectivity/PathChart.h"

#include <QStringList>

#include <cmath>

#include "ui/views/connectivity/BarrierHeatmap.h"

namespace modescape::ui {

using connectivity::PathKind;
using connectivity::PathResult;

PathChart::PathChart(QWidget* parent) : LineChartWidget(parent) {
    setObjectName("pathChartView");
    setPaths({}, Split::Test);
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
    setData(chartData(paths, split));
}

LineChartData PathChart::chartData(const std::vector<PathResult>& paths, Split split) {
    LineChartData data;
    QStringList barriers;
    QString ends, splitName = split == Split::Test ? tr("test") : tr("train");
    for (const PathResult& path : paths) {
        const bool test = split == Split::Test && !path.testLoss.empty();
        const auto& loss = test ? path.testLoss : path.trainLoss;
        const auto& accuracy = test ? path.testAccuracy : path.trainAccuracy;
        const QString name = QString::fromUtf8(connectivity::pathKindName(path.kind));
        const QColor colour = pathColour(path.kind);
        // One legend entry per path (its colour); the key below tells the line styles.
        ChartSeries lossLine{name, colour, ChartSeries::Style::Line, false, false, {}, {}};
        ChartSeries accuracyLine{QString(), colour, ChartSeries::Style::DashedLine, true, false,
                                 {},        {}};
        for (std::size_t i = 0; i < path.t.size() && i < loss.size(); ++i) {
            lossLine.x.push_back(path.t[i]);
            lossLine.y.push_back(loss[i]);
            accuracyLine.x.push_back(path.t[i]);
            accuracyLine.y.push_back(i < accuracy.size() ? accuracy[i] : std::nan(""));
        }
        data.series.push_back(std::move(lossLine));
        data.series.push_back(std::move(accuracyLine));
        const auto& barrier = test ? path.testBarrier : path.trainBarrier;
        barriers << QString("%1 %2").arg(name).arg(barrier.interpolated, 0, 'f', 3);
        // Long member names shortened as the heatmap does: the title fits the figure.
        ends = QString("%1 → %2").arg(elidedMemberName(QString::fromStdString(path.memberA)),
                                      elidedMemberName(QString::fromStdString(path.memberB)));
        splitName = test ? tr("test") : tr("train");
    }
    data.title = paths.empty() ? tr("No path computed yet")
                               : tr("barrier %1 (%2 split): %3")
                                     .arg(barriers.join(QStringLiteral(", ")), splitName, ends);
    data.xName = tr("interpolation t");  // 0 at A, 1 at B (the title names them)
    data.yName = tr("%1 loss").arg(splitName);
    data.rightName = tr("%1 accuracy").arg(splitName);
    data.rightUnitInterval = true;
    data.yNonNegative = true;  // a cross-entropy
    data.placeholder = tr("Choose two members and Compute");
    const QColor key(60, 60, 60);
    data.extraLegend = {{tr("loss"), {key, LegendMark::Kind::Line}},
                        {tr("accuracy"), {key, LegendMark::Kind::DashedLine}}};
    return data;
}

}  // namespace modescape::ui

#include "ui/views/connectivity/PathChart.h"

#include <vtkChartXY.h>
#include <vtkTable.h>

#include <cmath>

#include "ui/rendering/VtkView.h"

namespace modescape::ui {

using connectivity::PathKind;
using connectivity::PathResult;

PathChart::PathChart(QWidget* parent) : TwoAxisChart("t", "loss", "accuracy", parent) {
    vtkView()->setObjectName("pathChartView");
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
        ends = QString("%1 -> %2")
                   .arg(QString::fromStdString(path.memberA), QString::fromStdString(path.memberB));
        splitName = test ? tr("test") : tr("train");
    }
    title_ = paths.empty() ? tr("No path computed yet")
                           : tr("%1, %2 split; barrier %3")
                                 .arg(ends, splitName, barriers.join(QStringLiteral(", ")));
    chart()->SetTitle(title_.toUtf8().constData());
    finish();
}

}  // namespace modescape::ui

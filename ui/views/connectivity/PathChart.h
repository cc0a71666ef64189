#pragma once
// Loss (left axis, solid) and accuracy (right axis, dashed) against t for
// several paths between the same two members at once (linear, aligned,
// Bezier, polychain), one colour per path, with the barriers in the title.
// Painted with the one 2-D chart (ui/rendering/LineChart): the legend stands
// outside the data, text is in points at the figure's DPI, and the widget,
// File > Export and `connect --figure` draw with the same paint function.

#include <QColor>
#include <QString>

#include <vector>

#include "core/connectivity/PathResult.h"
#include "ui/rendering/FigureSource.h"
#include "ui/rendering/LineChart.h"

namespace modescape::ui {

class PathChart : public LineChartWidget {
    Q_OBJECT
  public:
    enum class Split { Train, Test };

    explicit PathChart(QWidget* parent = nullptr);

    // Paths still being evaluated (NaN points) draw what they have. A path
    // without test values is drawn from its training values.
    void setPaths(const std::vector<connectivity::PathResult>& paths, Split split);
    QString title() const { return data().title; }

    // What the chart draws for these paths: per path a loss series then an
    // accuracy series, in the order given, and the line-style key.
    static LineChartData chartData(const std::vector<connectivity::PathResult>& paths, Split split);
    static QColor pathColour(connectivity::PathKind kind);
};

}  // namespace modescape::ui

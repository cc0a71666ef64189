#pragma once
// Loss (left axis, solid) and accuracy (right axis, dashed) against t for
// several paths between the same two members at once (linear, aligned,
// Bezier, polychain), one colour per path, with the barriers in the title.
// The legend goes to the corner of the plot with the fewest curve points, and
// the axes there are widened, when needed, so that no curve runs under it.

#include <QColor>
#include <QSize>
#include <QString>

#include <vector>

#include <vtkSmartPointer.h>
#include <vtkTable.h>

#include "core/connectivity/PathResult.h"
#include "ui/rendering/TwoAxisChart.h"

class vtkObject;

namespace modescape::ui {

class PathChart : public TwoAxisChart {
    Q_OBJECT
  public:
    enum class Split { Train, Test };
    enum class Corner { TopRight, TopLeft, BottomRight, BottomLeft };

    explicit PathChart(QWidget* parent = nullptr);
    ~PathChart() override;

    // Paths still being evaluated (NaN points) draw what they have. A path
    // without test values is drawn from its training values.
    void setPaths(const std::vector<connectivity::PathResult>& paths, Split split);

    // What is drawn, for tests and exports: one table per path with columns
    // t, loss, accuracy (finite points only), in the order given.
    const std::vector<vtkSmartPointer<vtkTable>>& tables() const { return tables_; }
    QString title() const { return title_; }
    // Where the legend is (valid after a render).
    Corner legendCorner() const { return corner_; }

    static QColor pathColour(connectivity::PathKind kind);

  private:
    // Before every render: the legend's corner and the axes' room for it, for
    // the size rendered to (screen or picture); redone when the size changes.
    void placeLegend(vtkObject*, unsigned long, void*);

    std::vector<vtkSmartPointer<vtkTable>> tables_;
    QString title_;
    Corner corner_ = Corner::TopRight;
    QSize placedFor_;
    unsigned long placeObserver_ = 0;
};

}  // namespace modescape::ui

#pragma once
// Loss (left axis, solid) and accuracy (right axis, dashed) against t for
// several paths between the same two members at once (linear, aligned,
// Bezier, polychain), one colour per path, with the barriers in the title.

#include <QColor>
#include <QString>

#include <vector>

#include <vtkSmartPointer.h>
#include <vtkTable.h>

#include "core/connectivity/PathResult.h"
#include "ui/rendering/TwoAxisChart.h"

namespace modescape::ui {

class PathChart : public TwoAxisChart {
    Q_OBJECT
  public:
    enum class Split { Train, Test };

    explicit PathChart(QWidget* parent = nullptr);

    // Paths still being evaluated (NaN points) draw what they have. A path
    // without test values is drawn from its training values.
    void setPaths(const std::vector<connectivity::PathResult>& paths, Split split);

    // What is drawn, for tests and exports: one table per path with columns
    // t, loss, accuracy (finite points only), in the order given.
    const std::vector<vtkSmartPointer<vtkTable>>& tables() const { return tables_; }
    QString title() const { return title_; }

    static QColor pathColour(connectivity::PathKind kind);

  private:
    std::vector<vtkSmartPointer<vtkTable>> tables_;
    QString title_;
};

}  // namespace modescape::ui

#pragma once
// The pairwise barrier matrix as a heatmap: members ordered by basin (each
// basin's members together, basins outlined), one cell per pair coloured by
// its barrier, member names on both axes, a colour bar, and the basin count
// in the title. Pairs not computed yet (NaN) are grey.

#include <QPointF>
#include <QString>
#include <QWidget>

#include <vector>

#include <vtkSmartPointer.h>

#include "core/connectivity/BarrierMatrix.h"
#include "ui/rendering/Colormaps.h"

class vtkObject;

namespace modescape::ui {

class VtkView;

// Member indices sorted by basin, stably (members of a basin keep their order).
std::vector<std::size_t> basinOrder(const std::vector<int>& basin);

class BarrierHeatmap : public QWidget {
    Q_OBJECT
  public:
    explicit BarrierHeatmap(QWidget* parent = nullptr);
    ~BarrierHeatmap() override;

    VtkView* vtkView() const { return view_; }
    void setMatrix(const connectivity::BarrierMatrix& matrix);

    Colormap colormap() const { return Colormap::Viridis; }
    // The colour scale runs from 0 to the largest finite barrier.
    double rangeMax() const { return rangeMax_; }
    // Row / column k of the drawing shows member order()[k].
    const std::vector<std::size_t>& order() const { return order_; }
    QString title() const { return title_; }
    // The centre of drawn cell (row, column) in the view's pixels (origin top
    // left), valid after a render at the view's size.
    QPointF cellCentre(int row, int column) const;

  private:
    void rebuildScene();
    void addCells();
    void addBasinOutlines();
    void addLabels();
    void addTitleAndColourBar();
    // Before every render, at the size rendered to (screen or picture).
    void fitCamera(vtkObject*, unsigned long, void*);

    VtkView* view_ = nullptr;
    connectivity::BarrierMatrix matrix_;
    std::vector<std::size_t> order_;
    double rangeMax_ = 1.0;
    QString title_;
    unsigned long fitObserver_ = 0;
};

}  // namespace modescape::ui

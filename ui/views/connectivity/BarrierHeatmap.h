#pragma once
// The pairwise barrier matrix as a heatmap: members ordered by basin (each
// basin's members together, basins outlined), one cell per pair coloured by
// its barrier, member names on both axes, a colour bar, and the split and the
// basin count in the title. Pairs not computed yet (NaN) are grey. The
// margins around the cells are measured from the longest name at render time,
// so names are never clipped; long names are shortened in the middle.

#include <QPointF>
#include <QRectF>
#include <QString>
#include <QWidget>

#include <vector>

#include <vtkSmartPointer.h>

#include "core/connectivity/BarrierMatrix.h"
#include "ui/rendering/Colormaps.h"

class vtkObject;
class vtkTextActor;

namespace modescape::ui {

class VtkView;

// Member indices sorted by basin, stably (members of a basin keep their order).
std::vector<std::size_t> basinOrder(const std::vector<int>& basin);

// A member name as the axes show it: names longer than `maxCharacters` keep
// their start and end around an ellipsis ("swag-run-…-member-07").
QString elidedMemberName(const QString& name, int maxCharacters = 22);

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
    // The boxes of the member names on both axes in the view's device pixels
    // (origin top left), valid after a render.
    std::vector<QRectF> labelBoxes() const;

  private:
    void rebuildScene();
    void addCells();
    void addBasinOutlines();
    void addLabels();
    void addTitleAndColourBar();
    // Before every render, at the size rendered to (screen or picture).
    void fitCamera(vtkObject*, unsigned long, void*);
    // Pixels the names, the title and the colour bar need around the cells.
    struct Margins {
        double left = 0, right = 0, bottom = 0, top = 0;
    };
    Margins measureMargins(double cellPixels) const;

    VtkView* view_ = nullptr;
    connectivity::BarrierMatrix matrix_;
    std::vector<std::size_t> order_;
    double rangeMax_ = 1.0;
    QString title_;
    std::vector<vtkSmartPointer<vtkTextActor>> rowLabels_, columnLabels_;
    vtkSmartPointer<vtkTextActor> titleActor_;
    unsigned long fitObserver_ = 0;
};

}  // namespace modescape::ui

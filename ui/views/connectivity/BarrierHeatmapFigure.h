#pragma once
// The pairwise barrier matrix as a heatmap painted with QPainter: members
// ordered by basin (each basin's members together, basins outlined in white),
// one cell per pair coloured by its barrier (viridis from 0 to the largest
// barrier; pairs not computed yet, NaN, grey) with its value written in the
// cell when the cell has room, member names on both axes, a colour bar with
// nice ticks, and the split and the basin count in the title. Everything is
// measured from the painter's font at its DPI: names are never clipped —
// column names turn upright when they are wider than a cell, a file suffix
// all names share (".safetensors") is left out, names that would take more
// than 0.4 of the figure are shortened in the middle,
// and with more members than lines of text fit only every k-th is named. The
// same paint() draws the Connectivity tab's matrix, File > Export and
// `barrier-matrix --figure` (PNG, SVG, PDF).

#include <QRectF>
#include <QString>
#include <QStringList>

#include <vector>

#include "core/connectivity/BarrierMatrix.h"
#include "ui/rendering/Colormaps.h"
#include "ui/rendering/NiceTicks.h"

class QPainter;

namespace modescape::ui {

// Member indices sorted by basin, stably (members of a basin keep their order).
std::vector<std::size_t> basinOrder(const std::vector<int>& basin);

// Where everything goes in a rectangle, for one painter's font and DPI.
struct BarrierHeatmapLayout {
    QRectF bounds;
    QRectF title;                     // the (possibly two-line) title
    QRectF cells;                     // the n x n cells, square
    double cell = 0;                  // a cell's side
    QRectF colourBar;                 // the bar itself
    QRectF colourBarName;             // "barrier", above the bar
    AxisTicks barTicks;               // on [0, rangeMax], inside the range
    std::vector<QRectF> barLabels;    // one per tick, right of the bar
    bool columnsUpright = false;      // column names rotated to read upwards
    int labelEvery = 1;               // every k-th member is named
    std::vector<int> named;           // drawn position of each named member
    QStringList names;                // as drawn (shortened when too long)
    std::vector<QRectF> rowNames;     // left of the cells, one per named member
    std::vector<QRectF> columnNames;  // below the cells (as the rotated text covers)
    bool values = false;              // the cells have room for their values
    double nameFontPoints = 0, valueFontPoints = 0;

    QRectF cellRect(int row, int column) const {
        return {cells.left() + column * cell, cells.top() + row * cell, cell, cell};
    }
};

class BarrierHeatmapFigure {
  public:
    void setMatrix(const connectivity::BarrierMatrix& matrix);
    const connectivity::BarrierMatrix& matrix() const { return matrix_; }

    Colormap colormap() const { return Colormap::Viridis; }
    // The colour scale runs from 0 to the largest finite barrier.
    double rangeMax() const { return rangeMax_; }
    // Row / column k of the drawing shows member order()[k].
    const std::vector<std::size_t>& order() const { return order_; }
    QString title() const { return title_; }
    // The full name of drawn row / column k.
    QString memberName(int k) const;

    BarrierHeatmapLayout layOut(const QPainter& painter, QRectF bounds) const;
    void paint(QPainter& painter, QRectF bounds) const;

  private:
    connectivity::BarrierMatrix matrix_;
    std::vector<std::size_t> order_;
    double rangeMax_ = 1.0;
    QString title_ = QStringLiteral("No barrier matrix computed yet");
};

}  // namespace modescape::ui

#pragma once
// Contour geometry of a scalar grid by marching squares: the iso-lines at a
// value (chained into polylines) and the region at or above a value as
// polygons (the filled bands of a contour map, painted level over level).
// Plain C++ (no Qt, no VTK), so it is unit-tested on hand-worked grids.
//
// A value is linear along each cell edge: an iso-line crosses an edge where
// the linear interpolation of its two corners equals the level, and within a
// cell the crossings are joined by straight segments. A corner is "above"
// when its value is >= the level. A saddle cell (two opposite corners above,
// the other two below) is resolved by its centre value, the mean of its four
// corners: at or above the level the above corners are joined through the
// middle, else they are cut off one by one. Lines and regions use the same
// crossings and the same rule, so a region's edge lies exactly on its line.
// A cell with a NaN corner (not computed yet) has neither.

#include <vector>

namespace modescape::ui::contour {

struct Point {
    double x = 0, y = 0;
};

// Values on a rectilinear grid: xs ascending (nx), ys ascending (ny), values
// row-major [j * nx + i] at (xs[i], ys[j]); NaN = unknown.
struct ScalarGrid {
    std::vector<double> xs, ys, values;
    int nx() const { return int(xs.size()); }
    int ny() const { return int(ys.size()); }
    double at(int i, int j) const { return values[std::size_t(j) * xs.size() + std::size_t(i)]; }
};

struct Polyline {
    std::vector<Point> points;
    bool closed = false;  // a loop: the last point joins the first (not repeated)
};

// The iso-lines at `level`, each crossing cell after cell until it leaves the
// grid, reaches an unknown cell, or closes on itself.
std::vector<Polyline> isoLines(const ScalarGrid& grid, double level);

using Polygon = std::vector<Point>;  // counter-clockwise with y up

// The part of the grid where the value is >= level, as polygons cell by cell;
// runs of whole cells along a row are merged into one rectangle. Painted in
// one fill (non-zero winding), the polygons join without seams; painted level
// over level in increasing order, they give the filled bands.
std::vector<Polygon> regionAbove(const ScalarGrid& grid, double level);

}  // namespace modescape::ui::contour

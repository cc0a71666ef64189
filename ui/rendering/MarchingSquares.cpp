#include "ui/rendering/MarchingSquares.h"

#include <array>
#include <cmath>
#include <unordered_map>

namespace modescape::ui::contour {
namespace {

// One cell's view of the grid: corners counter-clockwise from (i, j):
// c0 (i, j), c1 (i+1, j), c2 (i+1, j+1), c3 (i, j+1); edge k runs from
// corner k to corner k+1 (mod 4).
class Cell {
  public:
    Cell(const ScalarGrid& grid, int i, int j, double level)
        : grid_(grid), i_(i), j_(j), level_(level) {
        static constexpr int di[4] = {0, 1, 1, 0}, dj[4] = {0, 0, 1, 1};
        for (int k = 0; k < 4; ++k) {
            value_[k] = grid.at(i + di[k], j + dj[k]);
            known_ = known_ && std::isfinite(value_[k]);
            if (value_[k] >= level)
                mask_ |= 1 << k;
        }
    }

    bool known() const { return known_; }
    int mask() const { return mask_; }
    bool above(int corner) const { return (mask_ >> (corner & 3)) & 1; }
    // Two opposite corners above, the other two below.
    bool saddle() const { return mask_ == 5 || mask_ == 10; }
    // In a saddle: whether the above corners are joined through the middle.
    bool aboveJoined() const {
        return (value_[0] + value_[1] + value_[2] + value_[3]) / 4 >= level_;
    }
    bool crossed(int edge) const { return above(edge) != above(edge + 1); }

    Point corner(int k) const {
        static constexpr int di[4] = {0, 1, 1, 0}, dj[4] = {0, 0, 1, 1};
        return {grid_.xs[std::size_t(i_ + di[k])], grid_.ys[std::size_t(j_ + dj[k])]};
    }
    // The grid edge under the cell's edge k: a horizontal edge (i, j)-(i+1, j)
    // is 2 (j nx + i), a vertical one (i, j)-(i, j+1) is 2 (j nx + i) + 1. Two
    // cells sharing an edge name it alike, so lines can be chained.
    long long edgeId(int edge) const {
        const long long nx = grid_.nx();
        switch (edge & 3) {
            case 0:
                return 2 * (j_ * nx + i_);
            case 1:
                return 2 * (j_ * nx + i_ + 1) + 1;
            case 2:
                return 2 * ((j_ + 1) * nx + i_);
            default:
                return 2 * (j_ * nx + i_) + 1;
        }
    }
    // Where the level crosses edge k, interpolated from the edge's lower-index
    // end to its higher one whichever cell asks, so both get the same bits.
    Point crossing(int edge) const {
        static constexpr int from[4] = {0, 1, 3, 0}, to[4] = {1, 2, 2, 3};
        const int a = from[edge & 3], b = to[edge & 3];
        const Point pa = corner(a), pb = corner(b);
        const double t = (level_ - value_[a]) / (value_[b] - value_[a]);
        return {pa.x + t * (pb.x - pa.x), pa.y + t * (pb.y - pa.y)};
    }

  private:
    const ScalarGrid& grid_;
    int i_, j_;
    double level_;
    double value_[4] = {0, 0, 0, 0};
    bool known_ = true;
    int mask_ = 0;
};

// The cell's iso-line segments as pairs of its edges (0, 1 or 2 segments).
std::vector<std::array<int, 2>> cellSegments(const Cell& cell) {
    const int mask = cell.mask();
    if (mask == 0 || mask == 15)
        return {};
    if (cell.saddle()) {
        // Cut off the two corners on the side that is not joined: corner k
        // lies between edges k-1 and k.
        const bool cutAbove = !cell.aboveJoined();
        std::vector<std::array<int, 2>> segments;
        for (int k = 0; k < 4; ++k)
            if (cell.above(k) == cutAbove)
                segments.push_back({(k + 3) % 4, k});
        return segments;
    }
    std::array<int, 2> segment{-1, -1};
    int n = 0;
    for (int k = 0; k < 4; ++k)
        if (cell.crossed(k))
            segment[std::size_t(n++)] = k;
    return {segment};
}

}  // namespace

std::vector<Polyline> isoLines(const ScalarGrid& grid, double level) {
    struct Segment {
        long long a, b;
    };
    std::vector<Segment> segments;
    std::unordered_map<long long, Point> position;
    std::unordered_map<long long, std::vector<int>> atEdge;
    for (int j = 0; j + 1 < grid.ny(); ++j)
        for (int i = 0; i + 1 < grid.nx(); ++i) {
            const Cell cell(grid, i, j, level);
            if (!cell.known())
                continue;
            for (const auto& edges : cellSegments(cell)) {
                const Segment s{cell.edgeId(edges[0]), cell.edgeId(edges[1])};
                position[s.a] = cell.crossing(edges[0]);
                position[s.b] = cell.crossing(edges[1]);
                atEdge[s.a].push_back(int(segments.size()));
                atEdge[s.b].push_back(int(segments.size()));
                segments.push_back(s);
            }
        }

    std::vector<bool> used(segments.size(), false);
    // Follows segments from `edge` on through each shared edge.
    const auto walk = [&](int first, long long edge) {
        Polyline line;
        line.points.push_back(position[edge]);
        for (int s = first; s >= 0;) {
            used[std::size_t(s)] = true;
            edge = segments[std::size_t(s)].a == edge ? segments[std::size_t(s)].b
                                                      : segments[std::size_t(s)].a;
            line.points.push_back(position[edge]);
            s = -1;
            for (const int next : atEdge[edge])
                if (!used[std::size_t(next)])
                    s = next;
        }
        return line;
    };
    std::vector<Polyline> lines;
    // Open lines start at an end (an edge only one segment touches).
    for (std::size_t s = 0; s < segments.size(); ++s)
        for (const long long end : {segments[s].a, segments[s].b})
            if (!used[s] && atEdge[end].size() == 1)
                lines.push_back(walk(int(s), end));
    // What is left are loops: the walk comes back to its first crossing.
    for (std::size_t s = 0; s < segments.size(); ++s)
        if (!used[s]) {
            Polyline loop = walk(int(s), segments[s].a);
            loop.points.pop_back();
            loop.closed = true;
            lines.push_back(std::move(loop));
        }
    return lines;
}

std::vector<Polygon> regionAbove(const ScalarGrid& grid, double level) {
    std::vector<Polygon> polygons;
    for (int j = 0; j + 1 < grid.ny(); ++j) {
        int runFrom = -1;  // the first cell of a run of whole cells in this row
        const auto flush = [&](int end) {
            if (runFrom < 0)
                return;
            const double x0 = grid.xs[std::size_t(runFrom)], x1 = grid.xs[std::size_t(end)];
            const double y0 = grid.ys[std::size_t(j)], y1 = grid.ys[std::size_t(j + 1)];
            polygons.push_back({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}});
            runFrom = -1;
        };
        for (int i = 0; i + 1 < grid.nx(); ++i) {
            const Cell cell(grid, i, j, level);
            if (!cell.known() || cell.mask() != 15)
                flush(i);
            if (!cell.known() || cell.mask() == 0)
                continue;
            if (cell.mask() == 15) {
                if (runFrom < 0)
                    runFrom = i;
                continue;
            }
            if (cell.saddle() && !cell.aboveJoined()) {
                // Two corner triangles, each between its two crossings.
                for (int k = 0; k < 4; ++k)
                    if (cell.above(k))
                        polygons.push_back(
                            {cell.crossing((k + 3) % 4), cell.corner(k), cell.crossing(k)});
                continue;
            }
            // Round the cell: its above corners and the crossings between.
            Polygon polygon;
            for (int k = 0; k < 4; ++k) {
                if (cell.above(k))
                    polygon.push_back(cell.corner(k));
                if (cell.crossed(k))
                    polygon.push_back(cell.crossing(k));
            }
            polygons.push_back(std::move(polygon));
        }
        flush(grid.nx() - 1);
    }
    return polygons;
}

}  // namespace modescape::ui::contour

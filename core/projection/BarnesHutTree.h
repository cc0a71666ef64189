#pragma once
// A 2-D quadtree for Barnes-Hut t-SNE: far cells act as one body at their
// centre of mass, which makes the repulsive forces O(N log N) per iteration.
// Built top-down by partitioning the points in place, so every cell covers a
// contiguous range of a depth-first point order; leaves hold up to a few points,
// summed exactly when the cell cannot be summarised.

#include <cstdint>
#include <vector>

namespace modescape::projection {

class BarnesHutTree {
  public:
    // xy: row-major [n, 2] positions; copied, so they may change afterwards.
    BarnesHutTree(const double* xy, int64_t n);

    // For point i: returns z_i = sum_{j != i} w_ij and adds sum_{j != i} w_ij^2 (y_i - y_j)
    // to force[0..1], with w_ij = 1 / (1 + |y_i - y_j|^2). A cell of width s whose
    // centre of mass is at distance r from y_i is summarised when it does not
    // contain i and s / r < theta (scikit-learn's rule); theta = 0 is exact.
    double repulsion(int64_t i, double theta, double force[2]) const;

    // repulsion() for every point, in parallel, with one walk per group of at
    // most 16 nearby points: a cell is summarised only when the criterion holds
    // for every point of the group, so each point's sums are at least as exact
    // as repulsion()'s. force ([n, 2], row-major) is overwritten. Returns
    // Z = sum_i z_i, summed in index order: the same bits for any thread count.
    // theta > 0 sums in float32 lanes (relative error ~1e-7 per point);
    // theta = 0 in float64.
    double repulsionOfAll(double theta, double* force) const;

    int64_t nodeCount() const { return int64_t(nodes_.size()); }

  private:
    struct Node {
        double massX = 0, massY = 0;  // centre of mass
        double width2 = 0;            // squared cell width
        int32_t begin = 0, end = 0;   // its points: order_[begin, end)
        int32_t firstChild = -1;      // childCount consecutive nodes, or -1 for a leaf
        int32_t childCount = 0;
    };

    void build(int32_t node, double centreX, double centreY, double half, int depth);
    double repulsionAt(int32_t position, double theta2, double force[2]) const;

    std::vector<Node> nodes_;
    std::vector<double> xy_;         // positions in tree order, [n, 2]
    std::vector<int32_t> order_;     // tree order -> point index
    std::vector<int32_t> position_;  // point index -> tree order
    std::vector<int32_t> scratch_;
};

}  // namespace modescape::projection

#pragma once
// A 2-D quadtree for Barnes-Hut t-SNE: far cells act as one body at their
// centre of mass, which makes the repulsive forces O(N log N) per iteration.

#include <cstdint>
#include <vector>

namespace modescape::projection {

class BarnesHutTree {
  public:
    // xy: row-major [n, 2] positions, which must stay alive and unchanged while the tree is used.
    BarnesHutTree(const double* xy, int64_t n);

    // For point i: returns z_i = sum_{j != i} w_ij and adds sum_{j != i} w_ij^2 (y_i - y_j)
    // to force[0..1], with w_ij = 1 / (1 + |y_i - y_j|^2). A cell of width s at
    // distance r from y_i is summarised when it does not contain i and s / r < theta.
    double repulsion(int64_t i, double theta, double force[2]) const;

    int64_t nodeCount() const { return int64_t(nodes_.size()); }

  private:
    struct Node {
        double centreX, centreY, halfWidth;
        double massX = 0, massY = 0;  // sums while building, centre of mass after
        int64_t count = 0;
        int64_t firstChild = -1;           // four consecutive children, or -1 for a leaf
        int64_t point = -1;                // a leaf's first point
        int64_t dfsBegin = 0, dfsEnd = 0;  // leaves of this subtree, in depth-first order
    };

    void insert(int64_t point);
    void subdivide(int64_t node);
    int64_t childFor(const Node& node, double x, double y) const;
    void numberLeaves();

    const double* xy_;
    std::vector<Node> nodes_;
    std::vector<int64_t> leafOrderOfPoint_;  // depth-first position of each point's leaf
};

}  // namespace modescape::projection

#include "core/projection/BarnesHutTree.h"

#include "core/common/ParallelFor.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/common/Error.h"
#include "core/projection/TsneLanes.h"

namespace modescape::projection {

namespace {
// Points closer than the cell size at this depth share a leaf (they are
// duplicates for any practical purpose); it bounds the recursion.
constexpr int kMaxDepth = 48;
// A cell with this many points or fewer is a leaf: summing a few points exactly
// costs less than descending further, and is more accurate.
constexpr int32_t kLeafPoints = 8;
// repulsionOfAll walks the tree once per cell of at most this many points.
constexpr int32_t kGroupPoints = 32;
}  // namespace

BarnesHutTree::BarnesHutTree(const double* xy, int64_t n) {
    if (n < 1)
        throw InvalidArgument("Barnes-Hut tree: no points");
    if (n > std::numeric_limits<int32_t>::max() / 2)
        throw InvalidArgument("Barnes-Hut tree: too many points");
    double minX = xy[0], maxX = xy[0], minY = xy[1], maxY = xy[1];
    for (int64_t i = 0; i < n; ++i) {
        if (!std::isfinite(xy[2 * i]) || !std::isfinite(xy[2 * i + 1]))
            throw InvalidArgument(
                "Barnes-Hut tree: non-finite position (t-SNE diverged; lower "
                "the learning rate)");
        minX = std::min(minX, xy[2 * i]), maxX = std::max(maxX, xy[2 * i]);
        minY = std::min(minY, xy[2 * i + 1]), maxY = std::max(maxY, xy[2 * i + 1]);
    }
    order_.resize(size_t(n));
    for (int32_t i = 0; i < int32_t(n); ++i)
        order_[size_t(i)] = i;
    scratch_.resize(size_t(n));
    xy_.assign(xy, xy + 2 * n);  // original order while building
    // Slightly larger than the bounding box so that every point lies strictly inside.
    const double half = 0.5 * std::max(maxX - minX, maxY - minY) * (1 + 1e-6) + 1e-12;
    nodes_.reserve(size_t(n / 2 + 16));
    nodes_.push_back(Node{});
    nodes_[0].begin = 0, nodes_[0].end = int32_t(n);
    build(0, 0.5 * (minX + maxX), 0.5 * (minY + maxY), half, 0);
    // Positions in tree order, so a leaf's points are contiguous in memory.
    std::vector<double> sorted(size_t(2 * n));
    position_.resize(size_t(n));
    for (int32_t s = 0; s < int32_t(n); ++s) {
        const int32_t i = order_[size_t(s)];
        sorted[size_t(2 * s)] = xy_[size_t(2 * i)],
                          sorted[size_t(2 * s + 1)] = xy_[size_t(2 * i + 1)];
        position_[size_t(i)] = s;
    }
    xy_.swap(sorted);
    std::vector<int32_t>().swap(scratch_);
}

// Fills node `index` (its range already set) and creates its children, which
// are consecutive in nodes_ and split its range into the four quadrants.
void BarnesHutTree::build(int32_t index, double centreX, double centreY, double half, int depth) {
    const int32_t begin = nodes_[size_t(index)].begin, end = nodes_[size_t(index)].end;
    double sx = 0, sy = 0;
    for (int32_t s = begin; s < end; ++s)
        sx += xy_[size_t(2 * order_[size_t(s)])], sy += xy_[size_t(2 * order_[size_t(s)] + 1)];
    {
        Node& node = nodes_[size_t(index)];
        node.massX = sx / double(end - begin), node.massY = sy / double(end - begin);
        node.width2 = 4 * half * half;
    }
    if (end - begin <= kLeafPoints || depth >= kMaxDepth)
        return;
    // Stable partition into quadrants (x >= centre: +1, y >= centre: +2).
    int32_t count[4] = {0, 0, 0, 0};
    auto quadrant = [&](int32_t point) {
        return (xy_[size_t(2 * point)] >= centreX ? 1 : 0) +
               (xy_[size_t(2 * point + 1)] >= centreY ? 2 : 0);
    };
    for (int32_t s = begin; s < end; ++s)
        ++count[quadrant(order_[size_t(s)])];
    int32_t start[4], fill[4];
    start[0] = begin;
    for (int q = 1; q < 4; ++q)
        start[q] = start[q - 1] + count[q - 1];
    std::copy(start, start + 4, fill);
    for (int32_t s = begin; s < end; ++s)
        scratch_[size_t(fill[quadrant(order_[size_t(s)])]++)] = order_[size_t(s)];
    std::copy(scratch_.begin() + begin, scratch_.begin() + end, order_.begin() + begin);
    // All points coincide: no split separates them, keep them in one leaf.
    if (std::max({count[0], count[1], count[2], count[3]}) == end - begin &&
        half < 1e-9 * (std::abs(centreX) + std::abs(centreY) + 1))
        return;
    int32_t children = 0;
    for (int q = 0; q < 4; ++q)
        children += count[q] > 0;
    const auto first = int32_t(nodes_.size());
    nodes_[size_t(index)].firstChild = first;
    nodes_[size_t(index)].childCount = children;
    for (int q = 0, c = 0; q < 4; ++q)
        if (count[q] > 0) {
            Node child;
            child.begin = start[q], child.end = start[q] + count[q];
            nodes_.push_back(child);
            ++c;
        }
    const double h = half / 2;
    for (int q = 0, c = 0; q < 4; ++q)
        if (count[q] > 0)
            build(first + c++, centreX + ((q & 1) ? h : -h), centreY + ((q & 2) ? h : -h), h,
                  depth + 1);
}

double BarnesHutTree::repulsionAt(int32_t self, double theta2, double force[2]) const {
    const double x = xy_[size_t(2 * self)], y = xy_[size_t(2 * self + 1)];
    double z = 0, fx = 0, fy = 0;
    int32_t stack[4 * kMaxDepth + 8];
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
        const Node& node = nodes_[size_t(stack[--top])];
        const bool containsSelf = node.begin <= self && self < node.end;
        if (!containsSelf) {
            const double dx = x - node.massX, dy = y - node.massY;
            const double d2 = dx * dx + dy * dy;
            if (node.width2 < theta2 * d2) {
                const double count = double(node.end - node.begin);
                const double w = 1.0 / (1.0 + d2);
                const double cw = count * w;
                z += cw;
                fx += cw * w * dx, fy += cw * w * dy;
                continue;
            }
        }
        if (node.firstChild < 0) {
            for (int32_t s = node.begin; s < node.end; ++s) {
                if (s == self)
                    continue;
                const double dx = x - xy_[size_t(2 * s)], dy = y - xy_[size_t(2 * s + 1)];
                const double w = 1.0 / (1.0 + dx * dx + dy * dy);
                z += w;
                fx += w * w * dx, fy += w * w * dy;
            }
            continue;
        }
        for (int32_t c = node.childCount - 1; c >= 0; --c)
            stack[top++] = node.firstChild + c;
    }
    force[0] += fx;
    force[1] += fy;
    return z;
}

double BarnesHutTree::repulsion(int64_t i, double theta, double force[2]) const {
    return repulsionAt(position_[size_t(i)], theta * theta, force);
}

namespace {

// Far cells and near points that act on one group's points: (x, y, mass), a
// point being a cell of mass 1, so one loop sums both.
struct Interactions {
    std::vector<double> x, y, mass;
    // The float32 copy for theta > 0: coordinates relative to the group's
    // centre (small numbers, so float32 keeps their differences to ~1e-7 of the
    // distance), padded to whole lanes with massless entries.
    std::vector<float> laneX, laneY, laneMass;
    void clear() { x.clear(), y.clear(), mass.clear(); }
    void add(double px, double py, double m) {
        x.push_back(px), y.push_back(py), mass.push_back(m);
    }
    void toLanes(double originX, double originY) {
        const size_t count = x.size();
        const size_t padded = (count + lanes::kWidth - 1) / lanes::kWidth * lanes::kWidth;
        laneX.assign(padded, 0.0f), laneY.assign(padded, 0.0f), laneMass.assign(padded, 0.0f);
        for (size_t e = 0; e < count; ++e) {
            laneX[e] = float(x[e] - originX), laneY[e] = float(y[e] - originY);
            laneMass[e] = float(mass[e]);
        }
    }
};

// z = sum_e m_e w_e and force += sum_e m_e w_e^2 (p - p_e), w_e = 1 / (1 + |p - p_e|^2),
// four independent sums so that the divisions overlap.
double sumInteractions(const Interactions& list, double px, double py, double force[2]) {
    const size_t count = list.x.size();
    double z[4] = {0, 0, 0, 0}, fx[4] = {0, 0, 0, 0}, fy[4] = {0, 0, 0, 0};
    size_t e = 0;
    for (; e + 4 <= count; e += 4)
        for (size_t u = 0; u < 4; ++u) {
            const double dx = px - list.x[e + u], dy = py - list.y[e + u];
            const double w = 1.0 / (1.0 + dx * dx + dy * dy);
            const double mw = list.mass[e + u] * w;
            z[u] += mw, fx[u] += mw * w * dx, fy[u] += mw * w * dy;
        }
    for (; e < count; ++e) {
        const double dx = px - list.x[e], dy = py - list.y[e];
        const double w = 1.0 / (1.0 + dx * dx + dy * dy);
        const double mw = list.mass[e] * w;
        z[0] += mw, fx[0] += mw * w * dx, fy[0] += mw * w * dy;
    }
    force[0] += (fx[0] + fx[1]) + (fx[2] + fx[3]);
    force[1] += (fy[0] + fy[1]) + (fy[2] + fy[3]);
    return (z[0] + z[1]) + (z[2] + z[3]);
}

// The same sums over the float32 lanes (count a multiple of the lane width),
// eight interactions per step; (px, py) relative to the lanes' origin.
MODESCAPE_TSNE_CLONES
double sumLanes(const float* x, const float* y, const float* mass, size_t count, float px, float py,
                double force[2]) {
    using lanes::Float8;
    Float8 z = {}, fx = {}, fy = {};
    for (size_t e = 0; e < count; e += lanes::kWidth) {
        Float8 ex, ey, em;
        lanes::load(ex, x + e), lanes::load(ey, y + e), lanes::load(em, mass + e);
        const Float8 dx = px - ex, dy = py - ey;
        const Float8 w = 1.0f / (1.0f + dx * dx + dy * dy);
        const Float8 mw = em * w;
        z += mw, fx += mw * w * dx, fy += mw * w * dy;
    }
    force[0] += lanes::total(fx);
    force[1] += lanes::total(fy);
    return lanes::total(z);
}

}  // namespace

// One walk per group of nearby points instead of one per point (Barnes'
// grouping): a cell is summarised when the criterion holds for every point of
// the group, i.e. with the distance from its centre of mass to the group's
// bounding box, never more than any of its points' own distance. So each point
// sees the cells the per-point walk would summarise, or finer ones (at least as
// exact); the tree's branches are walked once for up to kGroupPoints points, and
// the sums run over a flat list.
double BarnesHutTree::repulsionOfAll(double theta, double* force) const {
    const auto n = int64_t(order_.size());
    std::vector<double> z(static_cast<size_t>(n));
    const double theta2 = theta * theta;
    // theta > 0 approximates far cells anyway: the sums then run in float32
    // lanes, whose rounding (~1e-7 relative) is far below the approximation's
    // (~1e-2). theta = 0 stays in float64, exact.
    const bool approximate = theta > 0;
    // The groups: the largest cells of at most kGroupPoints points (or leaves
    // of coincident points), in tree order; together they hold every point once.
    std::vector<int32_t> groups, pending{0};
    while (!pending.empty()) {
        const int32_t index = pending.back();
        pending.pop_back();
        const Node& node = nodes_[size_t(index)];
        if (node.end - node.begin <= kGroupPoints || node.firstChild < 0)
            groups.push_back(index);
        else
            for (int32_t c = node.childCount - 1; c >= 0; --c)
                pending.push_back(node.firstChild + c);
    }
    at::parallel_for(0, int64_t(groups.size()), 8, [&](int64_t begin, int64_t end) {
        Interactions list;
        std::vector<int32_t> stack;
        for (int64_t l = begin; l < end; ++l) {
            const Node& group = nodes_[size_t(groups[size_t(l)])];
            double minX = xy_[size_t(2 * group.begin)], maxX = minX;
            double minY = xy_[size_t(2 * group.begin + 1)], maxY = minY;
            for (int32_t s = group.begin; s < group.end; ++s) {
                minX = std::min(minX, xy_[size_t(2 * s)]),
                maxX = std::max(maxX, xy_[size_t(2 * s)]);
                minY = std::min(minY, xy_[size_t(2 * s + 1)]);
                maxY = std::max(maxY, xy_[size_t(2 * s + 1)]);
            }
            list.clear();
            stack.assign(1, 0);
            while (!stack.empty()) {
                const Node& node = nodes_[size_t(stack.back())];
                stack.pop_back();
                if (&node == &group)
                    continue;  // its own points: summed exactly below
                if (node.begin <= group.begin && group.end <= node.end) {  // an ancestor
                    for (int32_t c = node.childCount - 1; c >= 0; --c)
                        stack.push_back(node.firstChild + c);
                    continue;
                }
                const double dx = std::max({minX - node.massX, 0.0, node.massX - maxX});
                const double dy = std::max({minY - node.massY, 0.0, node.massY - maxY});
                if (node.width2 < theta2 * (dx * dx + dy * dy)) {
                    list.add(node.massX, node.massY, double(node.end - node.begin));
                } else if (node.firstChild < 0) {
                    for (int32_t s = node.begin; s < node.end; ++s)
                        list.add(xy_[size_t(2 * s)], xy_[size_t(2 * s + 1)], 1.0);
                } else {
                    for (int32_t c = node.childCount - 1; c >= 0; --c)
                        stack.push_back(node.firstChild + c);
                }
            }
            if (approximate) {
                // The group's own points join the list; each point's own entry then
                // adds exactly 1 to z (w = 1 at distance 0) and nothing to the force.
                for (int32_t s = group.begin; s < group.end; ++s)
                    list.add(xy_[size_t(2 * s)], xy_[size_t(2 * s + 1)], 1.0);
                const double originX = 0.5 * (minX + maxX), originY = 0.5 * (minY + maxY);
                list.toLanes(originX, originY);
                for (int32_t s = group.begin; s < group.end; ++s) {
                    double f[2] = {0, 0};
                    const double zi =
                        sumLanes(list.laneX.data(), list.laneY.data(), list.laneMass.data(),
                                 list.laneX.size(), float(xy_[size_t(2 * s)] - originX),
                                 float(xy_[size_t(2 * s + 1)] - originY), f) -
                        1.0;
                    const int32_t i = order_[size_t(s)];
                    z[size_t(i)] = zi;
                    force[2 * i] = f[0], force[2 * i + 1] = f[1];
                }
                continue;
            }
            for (int32_t s = group.begin; s < group.end; ++s) {
                const double px = xy_[size_t(2 * s)], py = xy_[size_t(2 * s + 1)];
                double f[2] = {0, 0};
                double zi = sumInteractions(list, px, py, f);
                for (int32_t t = group.begin; t < group.end; ++t) {
                    if (t == s)
                        continue;
                    const double dx = px - xy_[size_t(2 * t)], dy = py - xy_[size_t(2 * t + 1)];
                    const double w = 1.0 / (1.0 + dx * dx + dy * dy);
                    zi += w, f[0] += w * w * dx, f[1] += w * w * dy;
                }
                const int32_t i = order_[size_t(s)];
                z[size_t(i)] = zi;
                force[2 * i] = f[0], force[2 * i + 1] = f[1];
            }
        }
    });
    double total = 0;
    for (double zi : z)
        total += zi;
    return total;
}

}  // namespace modescape::projection

#include "core/projection/BarnesHutTree.h"

#include <algorithm>
#include <cmath>

#include "core/common/Error.h"

namespace modescape::projection {

namespace {
// Points closer than the cell size at this depth share a leaf (they are
// duplicates for any practical purpose); it bounds the recursion.
constexpr int kMaxDepth = 48;
}  // namespace

BarnesHutTree::BarnesHutTree(const double* xy, int64_t n) : xy_(xy) {
    if (n < 1)
        throw InvalidArgument("Barnes-Hut tree: no points");
    double minX = xy[0], maxX = xy[0], minY = xy[1], maxY = xy[1];
    for (int64_t i = 0; i < n; ++i) {
        if (!std::isfinite(xy[2 * i]) || !std::isfinite(xy[2 * i + 1]))
            throw InvalidArgument(
                "Barnes-Hut tree: non-finite position (t-SNE diverged; lower "
                "the learning rate)");
        minX = std::min(minX, xy[2 * i]), maxX = std::max(maxX, xy[2 * i]);
        minY = std::min(minY, xy[2 * i + 1]), maxY = std::max(maxY, xy[2 * i + 1]);
    }
    // Slightly larger than the bounding box so that every point lies strictly inside.
    const double half = 0.5 * std::max(maxX - minX, maxY - minY) * (1 + 1e-6) + 1e-12;
    nodes_.reserve(size_t(4 * n));
    nodes_.push_back(Node{0.5 * (minX + maxX), 0.5 * (minY + maxY), half});
    for (int64_t i = 0; i < n; ++i)
        insert(i);
    for (Node& node : nodes_)
        if (node.count > 0)
            node.massX /= double(node.count), node.massY /= double(node.count);
    leafOrderOfPoint_.assign(size_t(n), 0);
    numberLeaves();
}

int64_t BarnesHutTree::childFor(const Node& node, double x, double y) const {
    return node.firstChild + (x >= node.centreX ? 1 : 0) + (y >= node.centreY ? 2 : 0);
}

void BarnesHutTree::subdivide(int64_t index) {
    const Node parent = nodes_[size_t(index)];
    const double q = parent.halfWidth / 2;
    const auto first = int64_t(nodes_.size());
    for (int c = 0; c < 4; ++c)
        nodes_.push_back(
            Node{parent.centreX + ((c & 1) ? q : -q), parent.centreY + ((c & 2) ? q : -q), q});
    Node& node = nodes_[size_t(index)];
    node.firstChild = first;
    // Move the leaf's point(s) down into the child that holds them.
    const double x = xy_[2 * node.point], y = xy_[2 * node.point + 1];
    Node& child = nodes_[size_t(childFor(node, x, y))];
    child.point = node.point;
    child.count = node.count;
    child.massX = node.massX;
    child.massY = node.massY;
    node.point = -1;
}

void BarnesHutTree::insert(int64_t point) {
    const double x = xy_[2 * point], y = xy_[2 * point + 1];
    int64_t index = 0;
    for (int depth = 0;; ++depth) {
        Node& node = nodes_[size_t(index)];
        if (node.firstChild < 0) {
            if (node.count == 0) {
                node.point = point;
            } else {
                const double px = xy_[2 * node.point], py = xy_[2 * node.point + 1];
                if (depth < kMaxDepth && (px != x || py != y)) {
                    subdivide(index);
                    continue;  // re-examine the same node, now internal
                }
            }
            Node& leaf = nodes_[size_t(index)];
            ++leaf.count, leaf.massX += x, leaf.massY += y;
            return;
        }
        ++node.count, node.massX += x, node.massY += y;
        index = childFor(node, x, y);
    }
}

// Each leaf gets a depth-first number; a subtree covers a contiguous range, so
// "does this cell contain point i" is one comparison during the traversal.
void BarnesHutTree::numberLeaves() {
    int64_t counter = 0;
    std::vector<std::pair<int64_t, bool>> stack{{0, false}};
    while (!stack.empty()) {
        auto [index, finished] = stack.back();
        stack.pop_back();
        Node& node = nodes_[size_t(index)];
        if (finished) {
            node.dfsEnd = counter;
            continue;
        }
        node.dfsBegin = counter;
        if (node.firstChild < 0) {
            node.dfsEnd = ++counter;
            continue;
        }
        stack.push_back({index, true});
        for (int c = 3; c >= 0; --c)
            stack.push_back({node.firstChild + c, false});
    }
    // Each point's leaf, found by the same descent as its insertion (a leaf may
    // hold several coincident points, so the leaf cannot name them all).
    for (int64_t i = 0; i < int64_t(leafOrderOfPoint_.size()); ++i) {
        int64_t index = 0;
        while (nodes_[size_t(index)].firstChild >= 0)
            index = childFor(nodes_[size_t(index)], xy_[2 * i], xy_[2 * i + 1]);
        leafOrderOfPoint_[size_t(i)] = nodes_[size_t(index)].dfsBegin;
    }
}

double BarnesHutTree::repulsion(int64_t i, double theta, double force[2]) const {
    const double x = xy_[2 * i], y = xy_[2 * i + 1];
    const int64_t own = leafOrderOfPoint_[size_t(i)];
    double z = 0, fx = 0, fy = 0;
    int64_t stack[4 * kMaxDepth + 8];
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
        const Node& node = nodes_[size_t(stack[--top])];
        if (node.count == 0)
            continue;
        const bool containsSelf = node.dfsBegin <= own && own < node.dfsEnd;
        const double dx = x - node.massX, dy = y - node.massY;
        const double d2 = dx * dx + dy * dy;
        const double width = 2 * node.halfWidth;
        if (node.firstChild < 0 || (!containsSelf && width * width < theta * theta * d2)) {
            const double count = double(node.count - (node.firstChild < 0 && containsSelf ? 1 : 0));
            const double w = 1.0 / (1.0 + d2);
            z += count * w;
            fx += count * w * w * dx;
            fy += count * w * w * dy;
        } else {
            for (int c = 0; c < 4; ++c)
                stack[top++] = node.firstChild + c;
        }
    }
    force[0] += fx;
    force[1] += fy;
    return z;
}

}  // namespace modescape::projection

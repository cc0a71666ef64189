#pragma once
// The groups of units that spec inference (SpecInference.h) discovers while it
// walks a forward graph: each Linear / Conv output starts one, a residual
// addition merges two (union-find: the smaller id, created first, is the root),
// and every tensor axis the units touch is recorded with its role. Plain data,
// no LibTorch.

#include <cstdint>
#include <string>
#include <vector>

#include "core/symmetry/SymmetrySpec.h"

namespace modescape::symmetry {

struct UnitProducer {
    std::string weight;   // the layer's weight ("layer1.0.conv1.weight")
    int inputGroup = -1;  // root of the group its input units belong to; -1: none
};

struct UnitGroup {
    int parent = 0;
    std::int64_t size = 0;
    std::string name;
    std::vector<UnitProducer> producers;
    std::vector<AxisRef> axes;
    bool fixed = false;          // an operation no rule covers reads the units
    bool scalingBroken = false;  // something on the way is not positively homogeneous
};

class UnitGroups {
  public:
    int create(std::int64_t size, const std::string& name, const UnitProducer& producer);
    int find(int g);
    // Merges two groups (their sizes must agree: the caller checks); returns the root.
    int unite(int a, int b);
    UnitGroup& root(int g) { return groups_[find(g)]; }
    const UnitGroup& at(int g) const { return groups_[g]; }
    int count() const { return static_cast<int>(groups_.size()); }
    bool isRoot(int g) const { return groups_[g].parent == g; }

  private:
    std::vector<UnitGroup> groups_;
};

}  // namespace modescape::symmetry

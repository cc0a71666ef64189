#include "core/symmetry/UnitGroups.h"

#include <utility>

namespace modescape::symmetry {

int UnitGroups::create(std::int64_t size, const std::string& name, const UnitProducer& producer) {
    UnitGroup g;
    g.parent = count();
    g.size = size;
    g.name = name;
    g.producers.push_back(producer);
    groups_.push_back(std::move(g));
    return groups_.back().parent;
}

int UnitGroups::find(int g) {
    while (groups_[g].parent != g) {
        groups_[g].parent = groups_[groups_[g].parent].parent;  // path halving
        g = groups_[g].parent;
    }
    return g;
}

int UnitGroups::unite(int a, int b) {
    a = find(a);
    b = find(b);
    if (a == b)
        return a;
    if (b < a)
        std::swap(a, b);
    UnitGroup& into = groups_[a];
    UnitGroup& from = groups_[b];
    from.parent = a;
    into.producers.insert(into.producers.end(), from.producers.begin(), from.producers.end());
    into.axes.insert(into.axes.end(), from.axes.begin(), from.axes.end());
    into.fixed = into.fixed || from.fixed;
    into.scalingBroken = into.scalingBroken || from.scalingBroken;
    from.producers.clear();
    from.axes.clear();
    return a;
}

}  // namespace modescape::symmetry

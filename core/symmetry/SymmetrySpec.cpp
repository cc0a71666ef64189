#include "core/symmetry/SymmetrySpec.h"

namespace modescape::symmetry {

const char* axisRoleName(AxisRole role) {
    switch (role) {
        case AxisRole::Out:
            return "out";
        case AxisRole::In:
            return "in";
        case AxisRole::Stat:
            return "stat";
    }
    return "?";
}

bool SymmetrySpec::hasScaling() const {
    for (const auto& g : groups)
        if (g.scalable)
            return true;
    return false;
}

std::int64_t SymmetrySpec::unitCount() const {
    std::int64_t n = 0;
    for (const auto& g : groups)
        n += g.size;
    return n;
}

}  // namespace modescape::symmetry

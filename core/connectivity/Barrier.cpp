#include <cmath>

#include "core/common/Error.h"
#include "core/connectivity/PathResult.h"

namespace modescape::connectivity {

Barrier lossBarrier(const std::vector<double>& t, const std::vector<double>& loss) {
    if (t.size() != loss.size() || t.size() < 2)
        throw InvalidArgument("barrier: need matching t and loss arrays of at least 2 points");
    const double la = loss.front(), lb = loss.back();
    Barrier b;
    std::size_t best = 0;
    bool found = false;
    for (std::size_t i = 0; i < loss.size(); ++i) {
        if (std::isnan(loss[i]))
            continue;
        if (!found || loss[i] > loss[best])
            best = i;
        found = true;
    }
    if (!found)
        return b;
    const double ts = (t[best] - t.front()) / (t.back() - t.front());
    b.tAtMax = t[best];
    b.interpolated = loss[best] - ((1.0 - ts) * la + ts * lb);
    b.endpointMean = loss[best] - 0.5 * (la + lb);
    return b;
}

}  // namespace modescape::connectivity

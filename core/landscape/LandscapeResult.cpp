#include "core/landscape/LandscapeResult.h"

#include <cmath>

#include "core/common/MemoryBudget.h"

namespace modescape::landscape {

bool LandscapeResult::isComputed(std::size_t i) const {
    if (computed.size() == loss.size())
        return computed[i] != 0;
    return !std::isnan(loss[i]);
}

std::vector<std::uint8_t> LandscapeResult::computedMask() const {
    std::vector<std::uint8_t> mask(loss.size());
    for (std::size_t i = 0; i < loss.size(); ++i)
        mask[i] = isComputed(i) ? 1 : 0;
    return mask;
}

std::int64_t LandscapeResult::computedPoints() const {
    std::int64_t n = 0;
    for (std::size_t i = 0; i < loss.size(); ++i)
        n += isComputed(i) ? 1 : 0;
    return n;
}

std::int64_t LandscapeResult::nonFinitePoints() const {
    std::int64_t n = 0;
    for (std::size_t i = 0; i < loss.size(); ++i)
        n += isComputed(i) && !std::isfinite(loss[i]) ? 1 : 0;
    return n;
}

bool LandscapeResult::complete() const {
    return computedPoints() == static_cast<std::int64_t>(loss.size());
}

double LandscapeResult::lossMin() const {
    double m = std::numeric_limits<double>::quiet_NaN();
    for (double v : loss)
        if (std::isfinite(v) && (std::isnan(m) || v < m))
            m = v;
    return m;
}

double LandscapeResult::lossMax() const {
    double m = std::numeric_limits<double>::quiet_NaN();
    for (double v : loss)
        if (std::isfinite(v) && (std::isnan(m) || v > m))
            m = v;
    return m;
}

LandscapeResult makeEmptyResult(const LandscapeSettings& settings) {
    validate(settings);
    // Per point: loss and accuracy, the engine's to-do index, and a copy of
    // both grids when a file is written.
    constexpr double kBytesPerPoint = 40.0;
    requireMemory(kBytesPerPoint * settings.nx() * settings.ny(),
                  "a landscape grid of " + std::to_string(settings.nx()) + " x " +
                      std::to_string(settings.ny()) + " points");
    LandscapeResult r;
    r.settings = settings;
    r.xs = settings.x.values();
    r.ys = settings.dimensions == 1 ? std::vector<double>{0.0} : settings.y.values();
    const auto n = r.xs.size() * r.ys.size();
    r.loss.assign(n, std::numeric_limits<double>::quiet_NaN());
    r.accuracy.assign(n, std::numeric_limits<double>::quiet_NaN());
    return r;
}

}  // namespace modescape::landscape

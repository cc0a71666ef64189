#include "ui/rendering/NiceTicks.h"

#include <algorithm>
#include <cmath>

namespace modescape::ui {

double niceStep(double lo, double hi, int maxCount) {
    const double span = std::abs(hi - lo);
    if (!(span > 0) || !std::isfinite(span))
        return 1.0;
    const int intervals = std::max(1, maxCount - 1);
    const double raw = span / intervals;
    double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (int round = 0; round < 2; ++round, power *= 10)
        for (double mantissa : {1.0, 2.0, 2.5, 5.0}) {
            const double step = mantissa * power;
            // Ticks on multiples of step inside [lo, hi], counted as they will be placed.
            const double first = std::ceil(std::min(lo, hi) / step - 1e-9);
            const double last = std::floor(std::max(lo, hi) / step + 1e-9);
            if (last - first + 1 <= std::max(2, maxCount))
                return step;
        }
    return 10 * power;
}

double nextNiceStep(double step) {
    const double power = std::pow(10.0, std::floor(std::log10(step) + 1e-9));
    const double mantissa = step / power;
    for (double next : {2.0, 2.5, 5.0, 10.0})
        if (next > mantissa + 1e-9)
            return next * power;
    return 20 * power;
}

AxisTicks niceTicks(double lo, double hi, int maxCount, bool extendToTicks) {
    if (lo > hi)
        std::swap(lo, hi);
    // A flat range, or one narrower than a millionth of its values (masses that
    // agree to rounding), is widened around its middle: ticks a 1e-10 step apart
    // would print 12-digit labels that all read the same to the eye.
    const double magnitude = std::max(std::abs(lo), std::abs(hi));
    if (!(hi - lo > 1e-6 * magnitude)) {
        const double middle = 0.5 * (lo + hi);
        const double half = middle == 0 ? 1.0 : 0.5 * std::abs(middle);
        lo = middle - half;
        hi = middle + half;
    }
    AxisTicks ticks;
    ticks.step = niceStep(lo, hi, maxCount);
    if (extendToTicks) {
        // With the ends on ticks the count may grow by one at each end: take
        // larger nice steps until it fits. A range across 0 always keeps 3
        // ticks (below, 0, above), so that is the least asked for.
        const auto extendedCount = [&](double step) {
            return std::round(std::ceil(hi / step - 1e-9) - std::floor(lo / step + 1e-9)) + 1;
        };
        const int limit = std::max(maxCount, lo < 0 && hi > 0 ? 3 : 2);
        while (extendedCount(ticks.step) > limit)
            ticks.step = nextNiceStep(ticks.step);
        lo = std::floor(lo / ticks.step + 1e-9) * ticks.step;
        hi = std::ceil(hi / ticks.step - 1e-9) * ticks.step;
    }
    ticks.lo = lo;
    ticks.hi = hi;
    const double first = std::ceil(lo / ticks.step - 1e-9);
    const double last = std::floor(hi / ticks.step + 1e-9);
    for (double k = first; k <= last; ++k) {
        const double v = k * ticks.step;
        ticks.values.push_back(std::abs(v) < 1e-12 * ticks.step ? 0.0 : v);
    }
    return ticks;
}

int tickCountForLength(double length, double spacing) {
    if (!(spacing > 0))
        return 2;
    return std::max(2, int(std::floor(length / spacing)) + 1);
}

QString tickLabel(double value, double step) {
    if (std::abs(value) < 1e-12 * std::abs(step))
        value = 0;
    const double magnitude = std::max(std::abs(value), std::abs(step));
    if (magnitude >= 1e6 || (value != 0 && magnitude < 1e-4)) {
        // Enough mantissa digits to tell neighbouring ticks apart.
        const int digits = std::clamp(int(std::ceil(std::log10(magnitude / step))) + 1, 1, 6);
        return QString::number(value, 'g', digits);
    }
    int decimals = std::max(0, -int(std::floor(std::log10(step) + 1e-9)));
    const double scaled = step * std::pow(10.0, decimals);
    if (std::abs(scaled - std::round(scaled)) > 1e-6)  // 2.5 x 10^k needs one more
        ++decimals;
    return QString::number(value, 'f', decimals);
}

}  // namespace modescape::ui

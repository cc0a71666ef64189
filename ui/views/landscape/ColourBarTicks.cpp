#include "ui/views/landscape/ColourBarTicks.h"

#include <QString>

#include <algorithm>

#include "ui/rendering/NiceTicks.h"
#include "ui/rendering/TickSpacing.h"

namespace modescape::ui {

ColourBarTicks colourBarTicks(double lo, double hi, double barPixels, double textPixels) {
    const AxisTicks ticks =
        niceTicks(lo, hi, tickCountForLength(barPixels, kYTickSpacingEm * textPixels), false);
    ColourBarTicks result;
    result.values = ticks.values;
    // The decimals tickLabel gives the step ("0.25": 2); exponents as %g.
    int decimals = 0;
    bool exponent = false;
    for (double value : ticks.values) {
        const QString label = tickLabel(value, ticks.step);
        exponent = exponent || label.contains('e');
        const qsizetype dot = label.indexOf('.');
        if (dot >= 0)
            decimals = std::max(decimals, int(label.size() - dot - 1));
    }
    result.format = exponent ? "%g" : "%." + std::to_string(decimals) + "f";
    return result;
}

}  // namespace modescape::ui

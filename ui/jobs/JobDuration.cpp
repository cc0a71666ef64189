#include "ui/jobs/JobDuration.h"

#include <algorithm>
#include <cmath>

#include "core/jobs/Eta.h"

namespace modescape::ui {

QString formatJobDuration(double seconds) {
    seconds = std::max(0.0, seconds);
    if (std::round(seconds * 1000.0) < 1000.0)
        return QStringLiteral("%1 ms").arg(std::llround(seconds * 1000.0));
    if (std::round(seconds * 10.0) < 600.0)
        return QStringLiteral("%1 s").arg(seconds, 0, 'f', 1);
    return QString::fromStdString(formatDuration(seconds));
}

}  // namespace modescape::ui

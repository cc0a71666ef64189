#pragma once
// How long a job took, as the Jobs panel and the log show it: milliseconds
// below a second, tenths of seconds below a minute, then minutes and seconds
// (formatDuration). Most interactive jobs take well under a second, where
// whole seconds would all read "0 s".

#include <QString>

namespace modescape::ui {

// "12 ms", "2.5 s", "1 min 15 s". Negative durations read as 0.
QString formatJobDuration(double seconds);

}  // namespace modescape::ui

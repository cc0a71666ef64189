#pragma once
// A JobContext for the terminal: progress on stderr and Ctrl-C turned into
// cancellation.
//
// Ctrl-C: the first one cancels the job, which stops at its next check, keeps
// its partial results where it has any (a landscape's computed points) and
// removes its unfinished outputs; the command then prints "cancelled" and
// exits 1. A second Ctrl-C ends the process at once with exit code 130 (only
// the signal-safe cleanup runs; a staging folder left then is removed by the
// next write to that destination).

#include <string>

#include "core/jobs/Progress.h"

namespace modescape::cli {

// How progress is shown (the global --progress option).
enum class ProgressStyle {
    Auto,   // Bar on a terminal, None otherwise
    Bar,    // one line redrawn in place, with an estimate of the time left
    Lines,  // one plain line per whole percent or new step, for logs and scripts
    None,
};

// Throws InvalidArgument for a name other than auto, bar, lines or none.
ProgressStyle parseProgressStyle(const std::string& name);

// The context commands run with; installs the Ctrl-C handler.
JobContext makeTerminalContext(ProgressStyle style = ProgressStyle::Auto);

// Ends the progress line (call after the job, before printing results).
void finishTerminalProgress();

}  // namespace modescape::cli

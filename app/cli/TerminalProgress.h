#pragma once
// A JobContext for the terminal: a one-line progress display on stderr when it
// is a terminal (silent otherwise), and Ctrl-C turned into cancellation.

#include "core/jobs/Progress.h"

namespace modescape::cli {

// The context commands run with. The first Ctrl-C cancels the job cleanly
// (partial results are kept where the job supports it); a second one exits.
JobContext makeTerminalContext();

// Ends the progress line (call after the job, before printing results).
void finishTerminalProgress();

}  // namespace modescape::cli

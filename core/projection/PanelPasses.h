#pragma once
// Every pair of members from rows read in storage order, with a bounded
// panel in memory. Pass t keeps members [tP, (t+1)P) (the panel) and meets
// every later member once, a few rows at a time; ceil(N / P) passes, the
// later ones starting further into the set. Nothing of size N x D is held:
// the panel is sized to the working memory (streamingWorkingBytes).
//
// Rows reach the callbacks shifted by member 0 (x - x_0, float32): pairwise
// quantities that are shift-invariant (distances, the centred Gram) keep
// their digits when members share a large common part.

#include <cstdint>
#include <functional>
#include <string>

#include "core/jobs/Progress.h"
#include "core/projection/MemberRowSource.h"

namespace modescape::projection {

struct PanelPlan {
    int64_t panelRows = 1;  // P
    int64_t batchRows = 1;  // later members handed over together
    int64_t passes = 1;     // ceil(N / P)
};

// The largest panel that fits the working memory next to `fixedBytes` (the
// caller's N x N results), at most maxPanelRows when positive (tests).
// Throws MemoryLimitExceeded naming `what` when not even one member fits.
PanelPlan planPanels(int64_t members, int64_t parameters, double fixedBytes,
                     const std::string& what, int64_t maxPanelRows = 0);

// a: [P or B rows, D] float32, rows of members a0 ..; b likewise from b0.
// Called once per panel with (panel, p0, panel, p0) and then for each batch
// of later members with (panel, p0, batch, b0).
using PairBlockVisitor =
    std::function<void(const at::Tensor& a, int64_t a0, const at::Tensor& b, int64_t b0)>;
// Receives each shifted member once (in the pass where it joins the panel)
// and member 0's raw row first, as the reference.
struct PanelCallbacks {
    std::function<void(const at::Tensor& reference)> reference = [](const at::Tensor&) {};
    MemberVisitor member = [](int64_t, const at::Tensor&) {};
    PairBlockVisitor pairs;
    // False: rows reach the callbacks as read, unshifted (quantities that are
    // not shift-invariant, e.g. divergences between predicted probabilities).
    bool shift = true;
};

// Runs the passes; progress "<label>: pass t / T, member i / N" with the
// fraction of all member reads done.
void runPanelPasses(const MemberRowSource& source, const PanelPlan& plan,
                    const PanelCallbacks& callbacks, const std::string& label,
                    const JobContext& context);

// What one float64 chunk of rows may take: 32 MB, or 1/16 of a smaller
// working memory; and the columns per chunk for `rows` rows.
double doubleChunkBytes();
int64_t doubleChunkColumns(int64_t rows);

}  // namespace modescape::projection

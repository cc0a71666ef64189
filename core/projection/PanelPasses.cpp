#include "core/projection/PanelPasses.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

#include "core/common/Error.h"
#include "core/common/MemoryBudget.h"

namespace modescape::projection {

double doubleChunkBytes() {
    return std::min(32.0 * (1 << 20), streamingWorkingBytes() / 16);
}

int64_t doubleChunkColumns(int64_t rows) {
    return std::max<int64_t>(
        256, int64_t(doubleChunkBytes() / (8.0 * double(std::max<int64_t>(1, rows)))));
}

PanelPlan planPanels(int64_t members, int64_t parameters, double fixedBytes,
                     const std::string& what, int64_t maxPanelRows) {
    const double rowBytes = 4.0 * double(parameters);
    PanelPlan plan;
    // The reference row, a batch of up to 8 later rows and the float64 chunks.
    plan.batchRows = std::clamp<int64_t>(members - 1, 1, 8);
    const double overhead =
        fixedBytes + rowBytes * double(1 + plan.batchRows) + 2 * doubleChunkBytes();
    const std::string detail =
        what + " (with one member of " + std::to_string(parameters) + " parameters in the panel)";
    requireMemory(overhead + rowBytes, detail);
    const double room = streamingWorkingBytes() - overhead;
    if (room < rowBytes)
        throw MemoryLimitExceeded(detail + " needs " + formatBytes(overhead + rowBytes) +
                                  ", more than the " + formatBytes(streamingWorkingBytes()) +
                                  " a whole-set computation may use; use fewer members, or for a "
                                  "map the randomized PCA (--method pca --pca randomized)");
    plan.panelRows = std::clamp<int64_t>(int64_t(std::floor(room / rowBytes)), 1, members);
    if (maxPanelRows > 0)
        plan.panelRows = std::min(plan.panelRows, maxPanelRows);
    plan.passes = (members + plan.panelRows - 1) / plan.panelRows;
    return plan;
}

void runPanelPasses(const MemberRowSource& source, const PanelPlan& plan,
                    const PanelCallbacks& callbacks, const std::string& label,
                    const JobContext& context) {
    const int64_t n = source.memberCount();
    const int64_t d = source.parameterCount();
    // Member reads over all passes: pass t reads N - tP members.
    double totalReads = 0;
    for (int64_t t = 0; t < plan.passes; ++t)
        totalReads += double(n - t * plan.panelRows);
    double reads = 0;

    at::Tensor reference;
    const auto shifted = [&](at::Tensor& slot, const at::Tensor& row) {
        if (callbacks.shift)
            at::sub_out(slot, row, reference);
        else
            slot.copy_(row);
    };
    for (int64_t t = 0; t < plan.passes; ++t) {
        const int64_t p0 = t * plan.panelRows;
        const int64_t p1 = std::min(n, p0 + plan.panelRows);
        at::Tensor panel = at::empty({p1 - p0, d}, at::kFloat);
        at::Tensor batch = at::empty({plan.batchRows, d}, at::kFloat);
        int64_t batchStart = p1, batchFill = 0;
        const auto flushBatch = [&] {
            if (batchFill > 0)
                callbacks.pairs(panel, p0, batch.narrow(0, 0, batchFill), batchStart);
            batchStart += batchFill;
            batchFill = 0;
        };
        source.read(
            p0,
            [&](int64_t i, const at::Tensor& row) {
                if (row.numel() != d)
                    throw ShapeMismatch("member " + std::to_string(i) + " has " +
                                        std::to_string(row.numel()) + " parameters, member 0 has " +
                                        std::to_string(d));
                if (i == 0) {
                    reference = row.to(at::kFloat).clone();
                    callbacks.reference(reference);
                }
                if (i < p1) {
                    at::Tensor slot = panel[i - p0];
                    shifted(slot, row);
                    callbacks.member(i, slot);
                    if (i == p1 - 1)
                        callbacks.pairs(panel, p0, panel, p0);
                } else {
                    at::Tensor slot = batch[batchFill++];
                    shifted(slot, row);
                    if (batchFill == plan.batchRows)
                        flushBatch();
                }
                reads += 1;
                context.report(reads / totalReads, label + ": pass " + std::to_string(t + 1) +
                                                       " / " + std::to_string(plan.passes) +
                                                       ", member " + std::to_string(i + 1) + " / " +
                                                       std::to_string(n));
            },
            context);
        flushBatch();
    }
}

}  // namespace modescape::projection

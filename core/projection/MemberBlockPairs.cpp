#include "core/projection/MemberBlockPairs.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/common/Error.h"
#include "core/common/MemoryBudget.h"
#include "core/projection/SubsetRowSource.h"

namespace modescape::projection {

std::pair<std::int64_t, std::int64_t> BlockPairPlan::pair(std::int64_t unit) const {
    if (unit < 0 || unit >= static_cast<std::int64_t>(pairs.size()))
        throw FormatError("work message", "block pair " + std::to_string(unit) +
                                              " is not one of the " + std::to_string(pairs.size()));
    return pairs[static_cast<std::size_t>(unit)];
}

std::vector<std::int64_t> BlockPairPlan::units() const {
    std::vector<std::int64_t> all(pairs.size());
    std::iota(all.begin(), all.end(), std::int64_t{0});
    return all;
}

BlockPairPlan planBlockPairs(std::int64_t members, std::int64_t parameters, int processes,
                             double fixedBytes, const std::string& what) {
    BlockPairPlan plan;
    plan.members = std::max<std::int64_t>(members, 1);
    const double rowBytes = 4.0 * double(parameters);
    // Two blocks kept and two being used, the reference, and a float64 chunk.
    const double room = streamingWorkingBytes() - fixedBytes - rowBytes - 32.0 * (1 << 20);
    const auto fitting = static_cast<std::int64_t>(std::floor(room / (4.0 * rowBytes)));
    if (fitting < 1)
        throw MemoryLimitExceeded(what + " in blocks of members of " + std::to_string(parameters) +
                                  " parameters needs more than the " +
                                  formatBytes(streamingWorkingBytes()) +
                                  " a whole-set computation may use");
    const std::int64_t wanted =
        std::clamp<std::int64_t>(2 * std::max(processes, 1), 1, plan.members);
    plan.blockRows = std::min((plan.members + wanted - 1) / wanted, fitting);
    plan.blocks = (plan.members + plan.blockRows - 1) / plan.blockRows;
    for (std::int64_t i = 0; i < plan.blocks; ++i)
        for (std::int64_t j = i; j < plan.blocks; ++j)
            plan.pairs.emplace_back(i, j);
    return plan;
}

BlockRowReader::BlockRowReader(const MemberRowSource& source, const BlockPairPlan& plan, bool shift)
    : source_(source), plan_(plan), shift_(shift) {}

const at::Tensor& BlockRowReader::reference(const JobContext& context) {
    if (!reference_.defined())
        reference_ = read(0, 1, context)[0].clone();
    return reference_;
}

at::Tensor BlockRowReader::read(std::int64_t first, std::int64_t count,
                                const JobContext& context) const {
    std::vector<std::int64_t> members(static_cast<std::size_t>(count));
    std::iota(members.begin(), members.end(), first);
    const std::int64_t d = source_.parameterCount();
    at::Tensor rows = at::empty({count, d}, at::kFloat);
    SubsetRowSource(source_, members)
        .read(
            0,
            [&](std::int64_t i, const at::Tensor& row) {
                if (row.numel() != d)
                    throw ShapeMismatch("member " + std::to_string(first + i) + " has " +
                                        std::to_string(row.numel()) + " parameters, member 0 has " +
                                        std::to_string(d));
                rows[i].copy_(row.reshape({-1}));
            },
            context);
    return rows;
}

at::Tensor BlockRowReader::block(std::int64_t b, const JobContext& context) {
    for (int k = 0; k < 2; ++k)
        if (kept_[k].first == b) {
            recent_ = k;
            return kept_[k].second;
        }
    at::Tensor rows = read(plan_.begin(b), plan_.end(b) - plan_.begin(b), context);
    if (shift_) {
        const at::Tensor& r = reference(context);
        at::sub_out(rows, rows, r);  // float32, as runPanelPasses: the same rows
    }
    recent_ = 1 - recent_;
    kept_[recent_] = {b, rows};
    return rows;
}

}  // namespace modescape::projection

#pragma once
// The members of a set in blocks, and every pair of blocks (I <= J) as one
// unit of work that a process can compute alone (UnitSharing.h): it reads the
// two blocks itself (and member 0, the shift of PanelPasses.h), so units need
// no rows from anyone else. The Gram matrix and MMD's kernel sums are sums
// over member pairs, so their units are block pairs.
//
// Blocks: twice as many as processes (at least; more when two blocks would
// not fit the working memory), so each process gets several units and a slow
// one holds the others back by at most one unit. Each process then reads
// about twice the set's members, whatever the number of processes.

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/jobs/Progress.h"
#include "core/projection/MemberRowSource.h"

namespace modescape::projection {

struct BlockPairPlan {
    std::int64_t members = 0;
    std::int64_t blockRows = 1;
    std::int64_t blocks = 1;
    std::vector<std::pair<std::int64_t, std::int64_t>> pairs;  // (I, J), I <= J, row-major

    std::int64_t begin(std::int64_t block) const { return block * blockRows; }
    std::int64_t end(std::int64_t block) const {
        return std::min(members, (block + 1) * blockRows);
    }
    // Unit u's block pair; FormatError for a unit that is not one.
    std::pair<std::int64_t, std::int64_t> pair(std::int64_t unit) const;
    std::vector<std::int64_t> units() const;
};

// `fixedBytes`: what the computation holds besides the two blocks; throws
// MemoryLimitExceeded naming `what` when not even two members fit.
BlockPairPlan planBlockPairs(std::int64_t members, std::int64_t parameters, int processes,
                             double fixedBytes, const std::string& what);

// Reads blocks of members as float32 rows [block rows, D], shifted by member
// 0 as runPanelPasses shifts them (or not), keeping the reference and the
// last two blocks read (units come in row-major order: (I, J), (I, J + 1) ...).
class BlockRowReader {
  public:
    BlockRowReader(const MemberRowSource& source, const BlockPairPlan& plan, bool shift = true);
    at::Tensor block(std::int64_t b, const JobContext& context);
    // Member 0's row (float32), read on first use.
    const at::Tensor& reference(const JobContext& context);

  private:
    at::Tensor read(std::int64_t first, std::int64_t count, const JobContext& context) const;

    const MemberRowSource& source_;
    BlockPairPlan plan_;
    bool shift_;
    at::Tensor reference_;
    // The last two blocks read; the one used longest ago is replaced.
    std::pair<std::int64_t, at::Tensor> kept_[2] = {{-1, {}}, {-1, {}}};
    int recent_ = 0;
};

}  // namespace modescape::projection

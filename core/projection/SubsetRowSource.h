#pragma once
// Some members of a row source, in their storage order: what the bandwidth
// subsets of the streamed MMD read. A pass still walks the underlying set from
// the first member it needs (a set in an archive reads in order) but hands
// over only the chosen members, renumbered 0, 1, ...

#include <cstdint>
#include <vector>

#include "core/projection/MemberRowSource.h"

namespace modescape::projection {

class SubsetRowSource : public MemberRowSource {
  public:
    // `members`: ascending, distinct indices of `base` (kept by reference).
    SubsetRowSource(const MemberRowSource& base, std::vector<int64_t> members);
    int64_t memberCount() const override { return int64_t(members_.size()); }
    int64_t parameterCount() const override { return base_.parameterCount(); }
    void read(int64_t first, const MemberVisitor& visit, const JobContext& context) const override;
    void readPieces(int64_t first, const MemberPiecesVisitor& visit,
                    const JobContext& context) const override;

  private:
    const MemberRowSource& base_;
    std::vector<int64_t> members_;
};

}  // namespace modescape::projection

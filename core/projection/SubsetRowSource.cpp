#include "core/projection/SubsetRowSource.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <string>

#include "core/common/Error.h"

namespace modescape::projection {

namespace {
// Thrown past the last chosen member: the rest of the set need not be read.
struct PastTheSubset {};
}  // namespace

SubsetRowSource::SubsetRowSource(const MemberRowSource& base, std::vector<int64_t> members)
    : base_(base), members_(std::move(members)) {
    for (size_t s = 0; s < members_.size(); ++s)
        if (members_[s] < 0 || members_[s] >= base.memberCount() ||
            (s > 0 && members_[s] <= members_[s - 1]))
            throw InvalidArgument("member subset: index " + std::to_string(members_[s]) +
                                  " is out of range or out of order");
}

void SubsetRowSource::read(int64_t first, const MemberVisitor& visit,
                           const JobContext& context) const {
    readPieces(
        first,
        [&](int64_t index, const std::vector<at::Tensor>& pieces) {
            visit(index, pieces.size() == 1 ? pieces[0] : at::cat(pieces).contiguous());
        },
        context);
}

void SubsetRowSource::readPieces(int64_t first, const MemberPiecesVisitor& visit,
                                 const JobContext& context) const {
    if (first >= memberCount())
        return;
    int64_t next = first;
    try {
        base_.readPieces(
            members_[size_t(first)],
            [&](int64_t index, const std::vector<at::Tensor>& pieces) {
                if (index == members_[size_t(next)])
                    visit(next++, pieces);
                if (next == memberCount())
                    throw PastTheSubset{};
            },
            context);
    } catch (const PastTheSubset&) {
    }
}

}  // namespace modescape::projection

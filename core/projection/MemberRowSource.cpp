#include "core/projection/MemberRowSource.h"

#include <ATen/ATen.h>

#include <algorithm>

#include "core/common/Error.h"
#include "core/common/MemoryBudget.h"

namespace modescape::projection {

double streamingWorkingBytes() {
    constexpr double kCeiling = 1.4 * double(1ll << 30);
    return std::min(kCeiling, memoryLimit().bytes);
}

void MemberRowSource::readPieces(int64_t first, const MemberPiecesVisitor& visit,
                                 const JobContext& context) const {
    std::vector<at::Tensor> pieces(1);
    read(
        first,
        [&](int64_t i, const at::Tensor& row) {
            pieces[0] = row;
            visit(i, pieces);
        },
        context);
}

struct TensorRowSource::Impl {
    at::Tensor rows;
};

TensorRowSource::TensorRowSource(const at::Tensor& rows) {
    if (rows.dim() != 2 || rows.size(0) < 1 || rows.size(1) < 1 || !rows.is_floating_point())
        throw InvalidArgument(
            "tensor row source: expected a non-empty floating [members, "
            "parameters] tensor");
    impl_ = std::make_unique<Impl>(Impl{rows});
}

TensorRowSource::~TensorRowSource() = default;

int64_t TensorRowSource::memberCount() const {
    return impl_->rows.size(0);
}

int64_t TensorRowSource::parameterCount() const {
    return impl_->rows.size(1);
}

void TensorRowSource::read(int64_t first, const MemberVisitor& visit,
                           const JobContext& context) const {
    for (int64_t i = first; i < memberCount(); ++i) {
        context.checkCancelled();
        visit(i, impl_->rows[i].to(at::kFloat).contiguous());
    }
}

}  // namespace modescape::projection

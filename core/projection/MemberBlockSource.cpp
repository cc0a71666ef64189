#include "core/projection/MemberBlockSource.h"

#include <ATen/ATen.h>

#include "core/common/Error.h"

namespace modescape::projection {

CallbackBlockSource::CallbackBlockSource(int64_t members, int64_t parameters,
                                         FloatBlockReader reader)
    : members_(members), parameters_(parameters), reader_(std::move(reader)) {
    if (members < 1 || parameters < 1)
        throw InvalidArgument(
            "member block source: need at least one member and one parameter, got " +
            std::to_string(members) + " x " + std::to_string(parameters));
    if (!reader_)
        throw InvalidArgument("member block source: no reader callback given");
}

at::Tensor CallbackBlockSource::block(int64_t d0, int64_t d1) const {
    at::Tensor out = at::empty({members_, d1 - d0}, at::kFloat);
    reader_(d0, d1, out.data_ptr<float>());
    return out;
}

struct TensorBlockSource::Impl {
    at::Tensor members;
};

TensorBlockSource::TensorBlockSource(const at::Tensor& members) {
    if (members.dim() != 2 || members.size(0) < 1 || members.size(1) < 1)
        throw InvalidArgument(
            "tensor block source: expected a non-empty [members, parameters] tensor");
    if (!members.is_floating_point())
        throw InvalidArgument("tensor block source: members must be a floating-point tensor");
    impl_ = std::make_unique<Impl>(Impl{members});
}

TensorBlockSource::~TensorBlockSource() = default;

int64_t TensorBlockSource::memberCount() const {
    return impl_->members.size(0);
}
int64_t TensorBlockSource::parameterCount() const {
    return impl_->members.size(1);
}

at::Tensor TensorBlockSource::block(int64_t d0, int64_t d1) const {
    return impl_->members.slice(1, d0, d1);
}

}  // namespace modescape::projection

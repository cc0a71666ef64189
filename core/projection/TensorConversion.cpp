#include "core/projection/TensorConversion.h"

#include "core/common/Error.h"

namespace modescape::projection {

at::Device torchDevice(DeviceKind kind) {
    return kind == DeviceKind::Cuda ? at::Device(at::kCUDA) : at::Device(at::kCPU);
}

Eigen::MatrixXd toEigen(const at::Tensor& matrix) {
    // Row-major contiguous float64 on the CPU maps onto Eigen's row-major type.
    const at::Tensor m = matrix.to(at::kCPU, at::kDouble).contiguous();
    using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    return Eigen::Map<const RowMajor>(m.data_ptr<double>(), m.size(0), m.size(1));
}

Eigen::VectorXd toEigenVector(const at::Tensor& vector) {
    const at::Tensor v = vector.to(at::kCPU, at::kDouble).contiguous();
    return Eigen::Map<const Eigen::VectorXd>(v.data_ptr<double>(), v.numel());
}

at::Tensor toTensor(const Eigen::MatrixXd& matrix) {
    using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const RowMajor rowMajor = matrix;
    at::Tensor out = at::empty({matrix.rows(), matrix.cols()}, at::kDouble);
    std::copy(rowMajor.data(), rowMajor.data() + rowMajor.size(), out.data_ptr<double>());
    return out;
}

at::Tensor checkedBlock(const MemberBlockSource& source, int64_t d0, int64_t d1) {
    at::Tensor block = source.block(d0, d1);
    if (block.dim() != 2 || block.size(0) != source.memberCount() || block.size(1) != d1 - d0)
        throw ShapeMismatch("member block [" + std::to_string(d0) + ", " + std::to_string(d1) +
                            "): expected shape [" + std::to_string(source.memberCount()) + ", " +
                            std::to_string(d1 - d0) + "], got " + std::to_string(block.dim()) +
                            "-D tensor " + c10::str(block.sizes()));
    if (!block.is_floating_point())
        throw InvalidArgument("member block [" + std::to_string(d0) + ", " + std::to_string(d1) +
                              "): parameters must be floating point");
    return block;
}

}  // namespace modescape::projection

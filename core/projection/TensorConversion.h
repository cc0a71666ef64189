#pragma once
// Internal to core/projection: moving data between ATen tensors and Eigen, and
// the checks every block read goes through. Includes ATen: .cpp files only.

#include <ATen/ATen.h>

#include <Eigen/Dense>

#include "core/jobs/Progress.h"
#include "core/projection/MemberBlockSource.h"

namespace modescape::projection {

at::Device torchDevice(DeviceKind kind);

// Copies a 2-D tensor (any dtype/device) into a column-major Eigen matrix.
Eigen::MatrixXd toEigen(const at::Tensor& matrix);
Eigen::VectorXd toEigenVector(const at::Tensor& vector);
// A float64 CPU tensor holding a copy of the Eigen matrix.
at::Tensor toTensor(const Eigen::MatrixXd& matrix);

// source.block(d0, d1) with its shape and dtype checked (a wrong block is a bug
// in the reader, reported with the range so it can be found).
at::Tensor checkedBlock(const MemberBlockSource& source, int64_t d0, int64_t d1);

}  // namespace modescape::projection

#pragma once
// Conversions between our DType and LibTorch's scalar types (torch in a header
// only through c10's small ScalarType header).

#include <c10/core/ScalarType.h>

#include "core/io/TensorInfo.h"

namespace modescape::io {

c10::ScalarType toScalarType(DType dtype);
// Throws InvalidArgument for scalar types checkpoints never hold (complex, quantised ...).
DType fromScalarType(c10::ScalarType type);

}  // namespace modescape::io

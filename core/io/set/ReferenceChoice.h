#pragma once
// Which member a set's other members are checked against. Taking the member
// that sorts first let one odd file (a different width, a stray checkpoint)
// exclude every good member; the shape signature most members share is the
// better guess of what the set is.

#include <cstddef>
#include <string>
#include <vector>

#include "core/io/TensorInfo.h"

namespace modescape::io {

// A member's tensor names and shapes as one comparable text, independent of
// the order the file stores them in (dtypes are not part of it).
std::string shapeSignature(const std::vector<TensorInfo>& tensors);

// Index into `headers` (the readable members' tensor lists, in the set's
// member order) of the reference: the first member having the signature most
// members share; on a tie, the signature of the earliest member. Throws
// std::invalid_argument for an empty list.
std::size_t chooseReference(const std::vector<const std::vector<TensorInfo>*>& headers);

}  // namespace modescape::io

#pragma once
// A restricted unpickler for the pickles torch.save and Lightning write. It
// NEVER executes anything: GLOBAL only names a class or function; REDUCE,
// NEWOBJ and BUILD build real values only for the few constructors PyTorch
// checkpoints need (OrderedDict, _rebuild_tensor_v2, _rebuild_parameter,
// torch.Size, _codecs.encode), and inert placeholders for everything else.

#include <cstddef>
#include <string>
#include <string_view>

#include "core/common/Error.h"
#include "core/io/pickle/PickleValue.h"

namespace modescape::io::pickle {

// The data ended before STOP. Callers reading a stream piecewise (the legacy
// format) catch it to read more; everyone else sees a FormatError.
class PickleTruncated : public FormatError {
  public:
    using FormatError::FormatError;
};

// Bounds against hostile input; each is far above what real checkpoints need.
struct UnpicklerLimits {
    std::size_t maxValues = 4'000'000;  // values created by one pickle
    std::size_t maxStack = 1'000'000;   // stack depth and open MARKs
};

// Walkers of the value graph stop descending below this depth.
inline constexpr int kMaxNestingDepth = 200;

// Parses one pickle of data starting at offset. path and what ("data.pkl",
// "main pickle") name the source in error messages, which also give the
// opcode and its byte offset. Throws FormatError (PickleTruncated when the
// data ends too early).
PickleDocument parsePickle(std::string_view data, const std::string& path, const std::string& what,
                           std::size_t offset = 0, const UnpicklerLimits& limits = {});

}  // namespace modescape::io::pickle

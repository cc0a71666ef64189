#pragma once
// Unpickled values as JSON, for metadata such as Lightning hyper-parameters.

#include <nlohmann/json.hpp>

#include "core/io/pickle/PickleValue.h"

namespace modescape::io::pickle {

// None/bool/int/float/str map to JSON; lists and tuples to arrays; dicts to
// objects (non-string keys written as their JSON text); placeholders to
// {"__class__": "module.Name", ...state}; tensors to "tensor F32 [3, 4]".
// Deeper than kMaxNestingDepth, or shared structure, is cut short with "...".
nlohmann::json toJson(const Value* value);

// s with every byte that is not part of valid UTF-8 replaced by U+FFFD: pickled
// strings from damaged files must not break JSON output or tensor names.
std::string validUtf8(const std::string& s);

}  // namespace modescape::io::pickle

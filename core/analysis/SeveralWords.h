#pragma once
// A Choice parameter that takes several of its words at once (`connect --path
// linear,bezier`): its value is one word (a JSON string, as for any Choice) or
// several different ones (a JSON array; the CLI reads them comma-separated).
// It is marked by its unit, which --help and the option docs then print as
// "one or more, comma-separated" beside the words; a Choice has no other unit.
// The GUI's combo box offers one word at a time.

#include "core/analysis/Parameter.h"

namespace modescape::analysis {

inline constexpr const char* kSeveralWords = "one or more, comma-separated";

inline bool takesSeveralWords(const ParameterSpec& spec) {
    return spec.kind == ParameterKind::Choice && spec.unit == kSeveralWords;
}

}  // namespace modescape::analysis

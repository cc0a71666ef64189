#pragma once
// A parameter's value written as text (a CLI option's argument, the
// `param=value` of `session init --view`) turned into its JSON value, by the
// parameter's kind: whole numbers, finite reals, true/false for flags,
// comma-separated member lists, and WORD:SUFFIX for a choice whose suffix
// goes to its own parameter (`plane:A,B,C` fills "dirs" and
// "direction-members"). The values are then checked by checkValues() /
// Analysis::complete(), like any other.

#include <string>
#include <vector>

#include "core/analysis/Parameter.h"

namespace modescape::analysis {

// The JSON values `text` gives for `spec` of `list`: usually one entry
// (spec.name), two for WORD:SUFFIX. Throws InvalidArgument naming the
// parameter as userName() does for text that is not a number / flag.
// "a,b,,c" gives {"a", "b", "c"} (empty parts dropped).
std::vector<std::string> splitOnCommas(const std::string& text);

// The parameter the SUFFIX of WORD:SUFFIX fills: spec.suffixParameter, or,
// when that one does not apply to WORD, the one parameter that applies to
// WORD alone (`--dirs hessian:1,2` fills "eigenvectors", `file:PATH`
// "direction-file", `plane:A,B,C` "direction-members").
const ParameterSpec& suffixTargetOf(const ParameterList& list, const ParameterSpec& spec,
                                    const std::string& word);

ParameterValues valuesFromText(const ParameterList& list, const ParameterSpec& spec,
                               const std::string& text);

}  // namespace modescape::analysis

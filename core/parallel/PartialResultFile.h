#pragma once
// What a shared run has computed so far, kept beside its --out as
// ".NAME.partial" so that a killed job resumes: the part-result JSON of an
// analysis with a key made from its result-defining values, rewritten whole
// and atomically after every chunk (small: a matrix, a table of members).
// Running the same command again continues it; other values never do.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/analysis/Parameter.h"

namespace modescape::analysis {
class Analysis;
}

namespace modescape::parallel {

// ".NAME.partial" in the folder of `out`.
std::string partialPathFor(const std::string& out);

// Atomically (core/io/AtomicFile.h). Throws IoError.
void writePartialResult(const std::string& path, const analysis::Analysis& analysis,
                        const analysis::ParameterValues& values, const nlohmann::json& partial);

// The partial JSON when `path` holds one written for these values; nullopt
// when there is none, or one of other values (then with a warning naming the
// file: it is started afresh and replaced). A file there that is not a resume
// file of this analysis is somebody else's: FormatError naming it, so that it
// is neither replaced nor removed.
std::optional<nlohmann::json> readPartialResult(const std::string& path,
                                                const analysis::Analysis& analysis,
                                                const analysis::ParameterValues& values);

}  // namespace modescape::parallel

#pragma once
// An analysis whose work splits into units (Analysis::workUnits, run() with
// RunOptions::units, merge()) shared over the MPI ranks (SharedWork.h): every
// rank runs the analysis on the chunks it is handed, sends the part back as
// bytes, and rank 0 merges the parts into one result. What a part looks like
// as bytes is the caller's (a JSON text, exact for every double).

#include <any>
#include <functional>
#include <string>
#include <vector>

#include "core/analysis/Analysis.h"
#include "core/parallel/SharedWork.h"

namespace modescape::analysis {
class SetWorkspace;
}

namespace modescape::parallel {

struct AnalysisSharing {
    // Rank 0: the units to compute (others already in `whole`) and units per chunk.
    std::vector<std::int64_t> todo;
    std::size_t chunkSize = 1;
    std::string units = "units";  // progress words: "member pairs"
    std::function<std::string(const std::any& part)> encode;
    // Throws FormatError for bytes that are not a part.
    std::function<std::any(const std::string& bytes)> decode;
    // Rank 0, after each part is merged: commit what is there (a resume file).
    std::function<void(const std::any& whole)> onMerged;
};

// Collective. On rank 0 `whole` (empty, or an earlier partial result to
// continue) receives every part; on the other ranks it is left as it is.
// Throws what the analysis throws.
ShareReport shareAnalysis(const analysis::Analysis& analysis, analysis::SetWorkspace& workspace,
                          const analysis::ParameterValues& values, const JobContext& job,
                          const AnalysisSharing& sharing, std::any& whole);

}  // namespace modescape::parallel

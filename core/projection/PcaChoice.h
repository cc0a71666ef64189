#pragma once
// Which PCA a set gets: the exact one from the streamed Gram matrix, or the
// randomized one, chosen automatically past the exact Gram's reach.

#include <cstdint>
#include <string>

#include "core/common/WordTable.h"
#include "core/projection/RandomizedPca.h"

namespace modescape::projection {

enum class PcaAlgorithm { Exact, Randomized, Auto };
inline constexpr WordTable<PcaAlgorithm, 3> kPcaAlgorithmWords{
    {{"exact", PcaAlgorithm::Exact},
     {"randomized", PcaAlgorithm::Randomized},
     {"auto", PcaAlgorithm::Auto}}};
// A word of kPcaAlgorithmWords; throws InvalidArgument otherwise.
PcaAlgorithm parsePcaAlgorithm(const std::string& text);

// Auto's rule (docs/large-sets.md): randomized when the exact Gram
//  - does not fit the streaming working memory (its N x N matrices), or
//  - needs more passes over the set than the randomized PCA (q + 1), or
//  - costs more than kExactGramLimit multiply-adds (N^2 D / 2, about
//    20 TFLOP: tens of minutes on a desktop CPU);
// exact otherwise. Exact and Randomized are returned as given.
inline constexpr double kExactGramLimit = 1e13;
PcaAlgorithm choosePcaAlgorithm(PcaAlgorithm requested, int64_t members, int64_t parameters,
                                const RandomizedPcaOptions& randomized);

}  // namespace modescape::projection

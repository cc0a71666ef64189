#pragma once
// Which PCA a set gets: the exact one from the streamed Gram matrix, or the
// randomized one, chosen automatically past the exact Gram's reach or where it
// does far less arithmetic for the k components asked for.

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

// The exact Gram is out of reach (docs/large-sets.md) when it
//  - does not fit the streaming working memory (its N x N matrices), or
//  - needs more passes over the set than the randomized PCA (q + 1), or
//  - costs more than kExactGramLimit multiply-adds (N^2 D / 2, about
//    20 TFLOP: tens of minutes on a desktop CPU).
inline constexpr double kExactGramLimit = 1e13;
bool exactGramOutOfReach(int64_t members, int64_t parameters,
                         const RandomizedPcaOptions& randomized);

// The randomized PCA is the cheaper one when the exact Gram takes seconds (at
// least kFloat32ProductsFrom multiply-adds, GramMatrix.h) and the randomized
// passes' multiply-adds, 2 N D l (q + 1) with l = k + p, are at most
// kRandomizedWorkShare of the Gram's N^2 D / 2: the share leaves room for its
// q + 1 reads of the set against the Gram's one. For k = 2 (l = 12, q = 2)
// that is N >= 576 members.
inline constexpr double kRandomizedWorkShare = 0.25;
bool randomizedIsCheaper(int64_t members, int64_t parameters,
                         const RandomizedPcaOptions& randomized);

// Auto: randomized when the exact Gram is out of reach or the randomized PCA
// is cheaper, exact otherwise. Exact and Randomized are returned as given.
PcaAlgorithm choosePcaAlgorithm(PcaAlgorithm requested, int64_t members, int64_t parameters,
                                const RandomizedPcaOptions& randomized);

}  // namespace modescape::projection

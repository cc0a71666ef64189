#include "core/projection/PcaChoice.h"

#include <algorithm>
#include <cmath>

#include "core/common/Error.h"
#include "core/projection/GramMatrix.h"
#include "core/projection/MemberRowSource.h"
#include "core/projection/PanelPasses.h"
#include "core/projection/StreamedGram.h"

namespace modescape::projection {

PcaAlgorithm parsePcaAlgorithm(const std::string& text) {
    return parseWord(text, kPcaAlgorithmWords, "PCA algorithm");
}

bool exactGramOutOfReach(int64_t members, int64_t parameters,
                         const RandomizedPcaOptions& randomized) {
    const double n = double(members), d = double(parameters);
    // The panel the exact Gram would get (as planPanels, without throwing).
    const double room =
        streamingWorkingBytes() - gramResultBytes(members) - 4.0 * d * 9.0 - 2 * doubleChunkBytes();
    const double panelRows = std::floor(room / (4.0 * d));
    if (panelRows < 1)
        return true;
    const double exactPasses = std::ceil(n / std::min(n, panelRows));
    if (exactPasses > double(std::max(0, randomized.powerIterations) + 1))
        return true;
    return n * n * d / 2 > kExactGramLimit;
}

bool randomizedIsCheaper(int64_t members, int64_t parameters,
                         const RandomizedPcaOptions& randomized) {
    const double n = double(members), d = double(parameters);
    const double gram = n * n * d / 2;
    if (gram < kFloat32ProductsFrom)
        return false;  // the exact PCA takes a few seconds at most: keep it exact
    const int k = std::clamp<int>(randomized.components, 1, int(std::max<int64_t>(1, members - 1)));
    const double l = std::min<double>(k + std::max(0, randomized.oversampling), n);
    const double passes = std::max(0, randomized.powerIterations) + 1;
    return 2 * n * d * l * passes <= kRandomizedWorkShare * gram;
}

PcaAlgorithm choosePcaAlgorithm(PcaAlgorithm requested, int64_t members, int64_t parameters,
                                const RandomizedPcaOptions& randomized) {
    if (requested != PcaAlgorithm::Auto)
        return requested;
    return exactGramOutOfReach(members, parameters, randomized) ||
                   randomizedIsCheaper(members, parameters, randomized)
               ? PcaAlgorithm::Randomized
               : PcaAlgorithm::Exact;
}

}  // namespace modescape::projection

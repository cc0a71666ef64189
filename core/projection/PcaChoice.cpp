#include "core/projection/PcaChoice.h"

#include <cmath>

#include "core/common/Error.h"
#include "core/projection/MemberRowSource.h"
#include "core/projection/PanelPasses.h"
#include "core/projection/StreamedGram.h"

namespace modescape::projection {

PcaAlgorithm parsePcaAlgorithm(const std::string& text) {
    return parseWord(text, kPcaAlgorithmWords, "PCA algorithm");
}

PcaAlgorithm choosePcaAlgorithm(PcaAlgorithm requested, int64_t members, int64_t parameters,
                                const RandomizedPcaOptions& randomized) {
    if (requested != PcaAlgorithm::Auto)
        return requested;
    const double n = double(members), d = double(parameters);
    // The panel the exact Gram would get (as planPanels, without throwing).
    const double room =
        streamingWorkingBytes() - gramResultBytes(members) - 4.0 * d * 9.0 - 2 * doubleChunkBytes();
    const double panelRows = std::floor(room / (4.0 * d));
    if (panelRows < 1)
        return PcaAlgorithm::Randomized;
    const double exactPasses = std::ceil(n / std::min(n, panelRows));
    if (exactPasses > double(std::max(0, randomized.powerIterations) + 1))
        return PcaAlgorithm::Randomized;
    return n * n * d / 2 > kExactGramLimit ? PcaAlgorithm::Randomized : PcaAlgorithm::Exact;
}

}  // namespace modescape::projection

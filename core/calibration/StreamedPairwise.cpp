#include "core/calibration/StreamedPairwise.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "core/common/MemoryBudget.h"

namespace modescape::calibration {
namespace {

double heldBytes(const MemberProbabilities& p) {
    const double element = p.precision() == ProbabilityPrecision::Float32 ? 4.0 : 8.0;
    // The probabilities, and the cached entropy (8 bytes) and vote (4) per sample.
    return double(p.samples()) * (double(p.classes()) * element + 12.0);
}

double heldBytes(const MemberPrediction& p) {
    return heldBytes(p.inside) + (p.outside ? heldBytes(*p.outside) : 0.0);
}

// Position of pair (i, j), i < j, in scipy's condensed order.
std::size_t pairIndex(std::int64_t i, std::int64_t j, std::int64_t members) {
    return static_cast<std::size_t>(i * members - i * (i + 1) / 2 + (j - i - 1));
}

}  // namespace

StreamedPairs streamedPairwiseMutualInformation(const MemberPredictionSource& source,
                                                double workingBytes, std::int64_t maxPanel,
                                                const JobContext& context) {
    const std::int64_t members = source.members();
    StreamedPairs result;
    result.inside.members.resize(static_cast<std::size_t>(members));
    std::iota(result.inside.members.begin(), result.inside.members.end(), std::int64_t(0));
    if (members < 2)
        return result;
    const auto pairs = static_cast<std::size_t>(members * (members - 1) / 2);
    std::shared_ptr<const MemberPrediction> first = source.read(0, context);
    const bool ood = first->outside.has_value();
    const double perMember = heldBytes(*first);
    const double resultBytes = 8.0 * double(pairs) * (ood ? 2.0 : 1.0);
    // The panel shares the working memory with the results and the member
    // being streamed past it.
    const double panelBytes = workingBytes - resultBytes - perMember;
    if (panelBytes < perMember) {
        throw MemoryLimitExceeded(
            "the pairwise mutual information of " + std::to_string(members) + " members needs " +
            formatBytes(resultBytes) + " for its pairs and " + formatBytes(perMember) +
            " per member held (at least 2), more than the " + formatBytes(workingBytes) +
            " a whole-set computation may use; use fewer members (--members) or leave out "
            "--pairwise");
    }
    // Clamped in double first: an unbounded working memory gives infinity.
    std::int64_t panel =
        static_cast<std::int64_t>(std::min(double(members), std::floor(panelBytes / perMember)));
    if (maxPanel > 0)
        panel = std::min(panel, maxPanel);
    result.panel = panel;
    result.inside.values.assign(pairs, 0.0);
    if (ood) {
        result.outside.emplace();
        result.outside->members = result.inside.members;
        result.outside->values.assign(pairs, 0.0);
    }
    auto fill = [&](std::int64_t i, const MemberPrediction& a, std::int64_t j,
                    const MemberPrediction& b) {
        const std::size_t at = pairIndex(i, j, members);
        result.inside.values[at] = pairMutualInformation(a.inside, 0, b.inside, 0);
        if (ood)
            result.outside->values[at] = pairMutualInformation(*a.outside, 0, *b.outside, 0);
    };
    std::size_t done = 0;
    auto report = [&](std::int64_t pass) {
        context.checkCancelled();
        context.report(double(done) / double(pairs),
                       "pairwise mutual information: pass " + std::to_string(pass + 1) + " / " +
                           std::to_string((members + panel - 1) / panel));
    };
    for (std::int64_t begin = 0; begin < members; begin += panel) {
        const std::int64_t end = std::min(members, begin + panel);
        std::vector<std::shared_ptr<const MemberPrediction>> held;
        for (std::int64_t i = begin; i < end; ++i) {
            report(result.passes);
            held.push_back(i == 0 ? std::move(first) : source.read(i, context));
            for (std::int64_t h = begin; h < i; ++h, ++done)
                fill(h, *held[std::size_t(h - begin)], i, *held.back());
        }
        for (std::int64_t j = end; j < members; ++j) {
            report(result.passes);
            const std::shared_ptr<const MemberPrediction> later = source.read(j, context);
            for (std::int64_t h = begin; h < end; ++h, ++done)
                fill(h, *held[std::size_t(h - begin)], j, *later);
        }
        ++result.passes;
    }
    context.report(1.0, "pairwise mutual information done");
    return result;
}

}  // namespace modescape::calibration

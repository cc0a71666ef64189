#include "core/calibration/Diversity.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "core/calibration/ProbabilityMath.h"
#include "core/common/Error.h"

namespace modescape::calibration {
namespace {

double mean(const std::vector<double>& values) {
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

// Mean over samples of H((p_i + p_j) / 2) - (H(p_i) + H(p_j)) / 2.
template <typename T>
double pairMutualInformation(const T* pi, const T* pj, std::span<const double> entropyI,
                             std::span<const double> entropyJ, std::int64_t samples,
                             std::int64_t classes) {
    double total = 0.0;
    for (std::int64_t n = 0; n < samples; ++n) {
        double h = 0.0;
        for (std::int64_t c = 0; c < classes; ++c) {
            const double p = 0.5 * (static_cast<double>(pi[n * classes + c]) +
                                    static_cast<double>(pj[n * classes + c]));
            if (p > 0.0)
                h -= p * std::log(p);
        }
        total += h - 0.5 * (entropyI[n] + entropyJ[n]);
    }
    return total / static_cast<double>(samples);
}

template <typename T>
void fillPairs(std::span<const T> data, const MemberProbabilities& probabilities,
               PairwiseMutualInformation& result, const JobContext& context) {
    const std::int64_t samples = probabilities.samples(), classes = probabilities.classes();
    const std::size_t count = result.members.size();
    const auto stride = static_cast<std::size_t>(samples * classes);
    for (std::size_t i = 0; i < count; ++i) {
        context.checkCancelled();
        context.report(static_cast<double>(i) / static_cast<double>(count),
                       "pairwise mutual information, member " + std::to_string(i + 1) + " of " +
                           std::to_string(count));
        const std::int64_t mi = result.members[i];
        for (std::size_t j = i + 1; j < count; ++j) {
            const std::int64_t mj = result.members[j];
            result.values.push_back(
                pairMutualInformation(data.data() + static_cast<std::size_t>(mi) * stride,
                                      data.data() + static_cast<std::size_t>(mj) * stride,
                                      probabilities.memberEntropies(mi),
                                      probabilities.memberEntropies(mj), samples, classes));
        }
    }
    context.report(1.0, "pairwise mutual information done");
}

}  // namespace

SampleUncertainty sampleUncertainty(const MemberProbabilities& probabilities,
                                    std::span<const std::int64_t> selection,
                                    std::span<const double> average) {
    checkSelection(selection, probabilities.members());
    const std::int64_t samples = probabilities.samples(), classes = probabilities.classes();
    if (static_cast<std::int64_t>(average.size()) != samples * classes) {
        throw ShapeMismatch("sampleUncertainty: the average has the wrong size");
    }
    const auto n = static_cast<std::size_t>(samples);
    SampleUncertainty u;
    u.maxProbability.resize(n);
    u.predictiveEntropy.resize(n);
    u.expectedEntropy.assign(n, 0.0);
    u.mutualInformation.resize(n);
    u.disagreement.resize(n);

    // Votes are counted member by member; pairs[n] accumulates sum_c C(n_c, 2)
    // incrementally: a new vote for class c makes n_c new pairs.
    std::vector<std::int32_t> counts(n * static_cast<std::size_t>(classes), 0);
    std::vector<std::int64_t> pairs(n, 0);
    for (const std::int64_t m : selection) {
        const std::span<const double> entropy = probabilities.memberEntropies(m);
        const std::span<const std::int32_t> votes = probabilities.memberVotes(m);
        for (std::size_t s = 0; s < n; ++s) {
            u.expectedEntropy[s] += entropy[s];
            pairs[s] += counts[s * classes + votes[s]]++;
        }
    }
    const auto members = static_cast<double>(selection.size());
    const double allPairs = members * (members - 1.0) / 2.0;
    for (std::size_t s = 0; s < n; ++s) {
        const double* p = average.data() + s * classes;
        u.maxProbability[s] = p[argmaxClass(p, classes)];
        u.predictiveEntropy[s] = entropyNats(p, classes);
        u.expectedEntropy[s] /= members;
        u.mutualInformation[s] = u.predictiveEntropy[s] - u.expectedEntropy[s];
        u.disagreement[s] = allPairs > 0.0 ? 1.0 - static_cast<double>(pairs[s]) / allPairs : 0.0;
    }
    return u;
}

DiversityMetrics summarise(const SampleUncertainty& uncertainty, std::int64_t members) {
    DiversityMetrics d;
    d.members = members;
    if (uncertainty.disagreement.empty())
        return d;
    d.disagreement = mean(uncertainty.disagreement);
    d.mutualInformation = mean(uncertainty.mutualInformation);
    d.predictiveEntropy = mean(uncertainty.predictiveEntropy);
    d.expectedEntropy = mean(uncertainty.expectedEntropy);
    return d;
}

DiversityMetrics diversityOf(const MemberProbabilities& probabilities,
                             std::span<const std::int64_t> selection) {
    std::vector<double> average(
        static_cast<std::size_t>(probabilities.samples() * probabilities.classes()));
    probabilities.averageMembers(selection, average);
    return summarise(sampleUncertainty(probabilities, selection, average),
                     static_cast<std::int64_t>(selection.size()));
}

double PairwiseMutualInformation::between(std::size_t i, std::size_t j) const {
    const std::size_t m = members.size();
    if (i == j || i >= m || j >= m) {
        throw InvalidArgument("pairwise mutual information: positions " + std::to_string(i) +
                              " and " + std::to_string(j) + " do not name a pair of " +
                              std::to_string(m) + " members");
    }
    if (i > j)
        std::swap(i, j);
    // Pairs before row i: (m-1) + (m-2) + ... + (m-i) = i*m - i*(i+1)/2.
    return values[i * m - i * (i + 1) / 2 + (j - i - 1)];
}

PairwiseMutualInformation pairwiseMutualInformation(const MemberProbabilities& probabilities,
                                                    std::span<const std::int64_t> selection,
                                                    const JobContext& context) {
    checkSelection(selection, probabilities.members());
    PairwiseMutualInformation result;
    result.members.assign(selection.begin(), selection.end());
    result.values.reserve(selection.size() * (selection.size() - 1) / 2);
    if (probabilities.precision() == ProbabilityPrecision::Float32) {
        fillPairs(probabilities.float32Data(), probabilities, result, context);
    } else {
        fillPairs(probabilities.float64Data(), probabilities, result, context);
    }
    return result;
}

}  // namespace modescape::calibration

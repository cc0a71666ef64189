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
template <typename T, typename U>
double pairMutualInformation(const T* pi, const U* pj, std::span<const double> entropyI,
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
double pairWith(const T* pi, std::span<const double> entropyI, const MemberProbabilities& b,
                std::int64_t j) {
    const auto offset = static_cast<std::size_t>(j * b.samples() * b.classes());
    if (b.precision() == ProbabilityPrecision::Float32)
        return pairMutualInformation(pi, b.float32Data().data() + offset, entropyI,
                                     b.memberEntropies(j), b.samples(), b.classes());
    return pairMutualInformation(pi, b.float64Data().data() + offset, entropyI,
                                 b.memberEntropies(j), b.samples(), b.classes());
}

}  // namespace

UncertaintyAccumulator::UncertaintyAccumulator(std::int64_t samples, std::int64_t classes)
    : samples_(samples),
      classes_(classes),
      entropySum_(static_cast<std::size_t>(samples), 0.0),
      counts_(static_cast<std::size_t>(samples * classes), 0),
      pairs_(static_cast<std::size_t>(samples), 0) {}

double UncertaintyAccumulator::bytes(std::int64_t samples, std::int64_t classes) {
    return 16.0 * double(samples) + 4.0 * double(samples) * double(classes);
}

void UncertaintyAccumulator::add(const MemberProbabilities& probabilities, std::int64_t member) {
    if (probabilities.samples() != samples_ || probabilities.classes() != classes_)
        throw ShapeMismatch("uncertainty: a member with " +
                            std::to_string(probabilities.samples()) + " samples and " +
                            std::to_string(probabilities.classes()) + " classes, not " +
                            std::to_string(samples_) + " and " + std::to_string(classes_));
    // pairs[n] accumulates sum_c C(n_c, 2) incrementally: a new vote for
    // class c makes n_c new pairs.
    const std::span<const double> entropy = probabilities.memberEntropies(member);
    const std::span<const std::int32_t> votes = probabilities.memberVotes(member);
    const auto n = static_cast<std::size_t>(samples_);
    for (std::size_t s = 0; s < n; ++s) {
        entropySum_[s] += entropy[s];
        pairs_[s] += counts_[s * classes_ + votes[s]]++;
    }
    ++members_;
}

SampleUncertainty UncertaintyAccumulator::finish(std::span<const double> average) const {
    if (static_cast<std::int64_t>(average.size()) != samples_ * classes_)
        throw ShapeMismatch("sampleUncertainty: the average has the wrong size");
    return uncertaintyFromSums(average, classes_, members_, entropySum_, pairs_);
}

SampleUncertainty uncertaintyFromSums(std::span<const double> average, std::int64_t classes,
                                      std::int64_t members, std::span<const double> entropySums,
                                      std::span<const std::int64_t> votePairs) {
    const std::size_t n = entropySums.size();
    SampleUncertainty u;
    u.maxProbability.resize(n);
    u.predictiveEntropy.resize(n);
    u.expectedEntropy.resize(n);
    u.mutualInformation.resize(n);
    u.disagreement.resize(n);
    const auto count = static_cast<double>(members);
    const double allPairs = count * (count - 1.0) / 2.0;
    for (std::size_t s = 0; s < n; ++s) {
        const double* p = average.data() + s * std::size_t(classes);
        u.maxProbability[s] = p[argmaxClass(p, classes)];
        u.predictiveEntropy[s] = entropyNats(p, classes);
        u.expectedEntropy[s] = entropySums[s] / count;
        u.mutualInformation[s] = u.predictiveEntropy[s] - u.expectedEntropy[s];
        u.disagreement[s] =
            allPairs > 0.0 ? 1.0 - static_cast<double>(votePairs[s]) / allPairs : 0.0;
    }
    return u;
}

SampleUncertainty sampleUncertainty(const MemberProbabilities& probabilities,
                                    std::span<const std::int64_t> selection,
                                    std::span<const double> average) {
    checkSelection(selection, probabilities.members());
    if (static_cast<std::int64_t>(average.size()) !=
        probabilities.samples() * probabilities.classes())
        throw ShapeMismatch("sampleUncertainty: the average has the wrong size");
    UncertaintyAccumulator accumulator(probabilities.samples(), probabilities.classes());
    for (const std::int64_t m : selection)
        accumulator.add(probabilities, m);
    return accumulator.finish(average);
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

double pairMutualInformation(const MemberProbabilities& a, std::int64_t i,
                             const MemberProbabilities& b, std::int64_t j) {
    if (a.samples() != b.samples() || a.classes() != b.classes())
        throw ShapeMismatch("pairwise mutual information: members of different shapes");
    const auto offset = static_cast<std::size_t>(i * a.samples() * a.classes());
    if (a.precision() == ProbabilityPrecision::Float32)
        return pairWith(a.float32Data().data() + offset, a.memberEntropies(i), b, j);
    return pairWith(a.float64Data().data() + offset, a.memberEntropies(i), b, j);
}

PairwiseMutualInformation pairwiseMutualInformation(const MemberProbabilities& probabilities,
                                                    std::span<const std::int64_t> selection,
                                                    const JobContext& context) {
    checkSelection(selection, probabilities.members());
    PairwiseMutualInformation result;
    result.members.assign(selection.begin(), selection.end());
    result.values.reserve(selection.size() * (selection.size() - 1) / 2);
    const std::size_t count = result.members.size();
    for (std::size_t i = 0; i < count; ++i) {
        context.checkCancelled();
        context.report(static_cast<double>(i) / static_cast<double>(count),
                       "pairwise mutual information, member " + std::to_string(i + 1) + " of " +
                           std::to_string(count));
        for (std::size_t j = i + 1; j < count; ++j)
            result.values.push_back(pairMutualInformation(probabilities, result.members[i],
                                                          probabilities, result.members[j]));
    }
    context.report(1.0, "pairwise mutual information done");
    return result;
}

}  // namespace modescape::calibration

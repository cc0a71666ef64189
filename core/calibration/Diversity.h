#pragma once
// Diversity and predictive uncertainty of a selection of members S (M = |S|),
// with pbar = mean_{m in S} p_m (the BMA) and H the entropy in nats (natural log):
//   predictive entropy  = mean_n H(pbar(x_n))
//   expected entropy    = mean_n mean_m H(p_m(x_n))
//   mutual information  = predictive - expected entropy (>= 0 up to rounding)
//   disagreement        = mean_n [1 - sum_c C(n_c, 2) / C(M, 2)], n_c = number of
//                         members whose argmax vote on x_n is c; 0 when M = 1.
// The pairwise mutual information of members i and j is the mutual information
// of the two-member ensemble {i, j}, averaged over the samples.

#include <cstdint>
#include <span>
#include <vector>

#include "core/calibration/MemberProbabilities.h"
#include "core/jobs/Progress.h"

namespace modescape::calibration {

struct DiversityMetrics {
    std::int64_t members = 0;
    double disagreement = 0.0;
    double mutualInformation = 0.0;
    double predictiveEntropy = 0.0;
    double expectedEntropy = 0.0;
};

// Per-sample values behind DiversityMetrics; also the OOD scores and histograms.
struct SampleUncertainty {
    std::vector<double> maxProbability;     // max_c pbar_c
    std::vector<double> predictiveEntropy;  // H(pbar)
    std::vector<double> expectedEntropy;    // mean_m H(p_m)
    std::vector<double> mutualInformation;  // H(pbar) - mean_m H(p_m)
    std::vector<double> disagreement;
};

// The member-wise parts of SampleUncertainty, gathered one member at a time:
// the running sum of the entropies and the argmax votes per class. A streamed
// calibration adds each member as it is read; sampleUncertainty adds the
// selection from the cache. Holds samples x classes vote counts, no member.
class UncertaintyAccumulator {
  public:
    UncertaintyAccumulator(std::int64_t samples, std::int64_t classes);
    // Member `member` of `probabilities` (same samples and classes).
    void add(const MemberProbabilities& probabilities, std::int64_t member);
    std::int64_t members() const { return members_; }
    // `average` is the BMA of the members added ([samples, classes]).
    SampleUncertainty finish(std::span<const double> average) const;
    // What an accumulator of this shape holds, in bytes.
    static double bytes(std::int64_t samples, std::int64_t classes);

  private:
    std::int64_t samples_ = 0;
    std::int64_t classes_ = 0;
    std::int64_t members_ = 0;
    std::vector<double> entropySum_;    // [samples]
    std::vector<std::int32_t> counts_;  // [samples, classes]: votes per class
    std::vector<std::int64_t> pairs_;   // [samples]: sum_c C(n_c, 2)
};

// Each sample's uncertainty from the average of `members` members ([samples,
// classes]), their entropies summed per sample and the agreeing vote pairs
// sum_c C(n_c, 2) per sample: the one formula behind the accumulator and the
// live selection's sums.
SampleUncertainty uncertaintyFromSums(std::span<const double> average, std::int64_t classes,
                                      std::int64_t members, std::span<const double> entropySums,
                                      std::span<const std::int64_t> votePairs);

// `average` is the BMA of `selection` ([samples, classes], from averageMembers).
SampleUncertainty sampleUncertainty(const MemberProbabilities& probabilities,
                                    std::span<const std::int64_t> selection,
                                    std::span<const double> average);
// Means over the samples.
DiversityMetrics summarise(const SampleUncertainty& uncertainty, std::int64_t members);
// Computes the BMA itself. Throws InvalidArgument for a bad selection.
DiversityMetrics diversityOf(const MemberProbabilities& probabilities,
                             std::span<const std::int64_t> selection);

struct PairwiseMutualInformation {
    std::vector<std::int64_t> members;  // the selection, in its order
    // Condensed like scipy's pdist: pairs (0,1), (0,2), ..., (0,M-1), (1,2), ...
    std::vector<double> values;
    // i != j are positions in `members`.
    double between(std::size_t i, std::size_t j) const;
};

// The mean over samples of H((p_i + p_j) / 2) - (H(p_i) + H(p_j)) / 2 for
// member i of `a` and member j of `b` (same samples and classes).
double pairMutualInformation(const MemberProbabilities& a, std::int64_t i,
                             const MemberProbabilities& b, std::int64_t j);

// O(M^2 N C): reports progress per member and checks for cancellation.
PairwiseMutualInformation pairwiseMutualInformation(const MemberProbabilities& probabilities,
                                                    std::span<const std::int64_t> selection,
                                                    const JobContext& context = {});

}  // namespace modescape::calibration

#pragma once
// Out-of-distribution detection from the BMA's uncertainty. OOD is the
// positive class and every score rises with OOD-ness (docs/definitions.md).
//
// Thresholds sweep the distinct score values from the highest down; at
// threshold t a sample is flagged OOD when score >= t, so tied samples always
// cross a threshold together. With P positives (OOD) and Q negatives:
//   AUROC = (1 / PQ) sum over (ood, in) pairs of [s_ood > s_in] + 1/2 [s_ood = s_in],
//           the Mann-Whitney statistic (ties count 1/2); equal to the trapezoid
//           area under the ROC curve through the tie groups.
//   AUPR  = average precision, sum_k (R_k - R_{k-1}) P_k over the thresholds
//           (as scikit-learn's average_precision_score; no interpolation).
//   FPR95 = the false-positive rate FP/Q at the threshold whose recall TP/P is
//           closest to 0.95. The sweep also includes t = +infinity (nothing
//           flagged, recall 0). Distances |TP/P - 0.95| are compared exactly as
//           |20 TP - 19 P|; among equally close thresholds the one with the lowest
//           false-positive rate (the highest threshold) wins.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/calibration/Diversity.h"
#include "core/common/WordTable.h"

namespace modescape::calibration {

enum class OodScore { MaxProbability, PredictiveEntropy, MutualInformation };
// The words of the JSON reports and of the `--ood-score` / `--score` options.
inline constexpr WordTable<OodScore, 3> kOodScoreWords{
    {{"max_probability", OodScore::MaxProbability},
     {"predictive_entropy", OodScore::PredictiveEntropy},
     {"mutual_information", OodScore::MutualInformation}}};

// "max_probability" (the score is -max_c pbar_c), "predictive_entropy", "mutual_information".
const char* oodScoreName(OodScore score);
// Throws InvalidArgument for an unknown name, naming the accepted ones.
OodScore oodScoreFromName(const std::string& name);
inline constexpr OodScore kAllOodScores[] = {OodScore::MaxProbability, OodScore::PredictiveEntropy,
                                             OodScore::MutualInformation};
// How a score reads on a chart's axis: "-max probability", "predictive entropy (nats)".
const char* oodScoreTitle(OodScore score);

struct DetectionMetrics {
    double auroc = 0.0;
    double aupr = 0.0;
    double fpr95 = 0.0;
    double fpr95Threshold = 0.0;  // the chosen t (+infinity when nothing is flagged)
    double fpr95Recall = 0.0;     // the recall actually reached there
};

// Throws InvalidArgument when either side is empty or a score is NaN.
DetectionMetrics detectionMetrics(std::span<const double> inDistributionScores,
                                  std::span<const double> outOfDistributionScores);

// The per-sample score of `uncertainty` (max probability negated).
std::vector<double> oodScores(const SampleUncertainty& uncertainty, OodScore score);

}  // namespace modescape::calibration

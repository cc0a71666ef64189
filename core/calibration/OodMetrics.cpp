#include "core/calibration/OodMetrics.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <numeric>

#include "core/common/Error.h"

namespace modescape::calibration {

const char* oodScoreName(OodScore score) {
    return wordOf(score, kOodScoreWords);
}

OodScore oodScoreFromName(const std::string& name) {
    return parseWord(name, kOodScoreWords, "OOD score");
}

const char* oodScoreTitle(OodScore score) {
    switch (score) {
        case OodScore::MaxProbability:
            return "-max probability";
        case OodScore::PredictiveEntropy:
            return "predictive entropy (nats)";
        case OodScore::MutualInformation:
            return "mutual information (nats)";
    }
    return "";
}

DetectionMetrics detectionMetrics(std::span<const double> inDistributionScores,
                                  std::span<const double> outOfDistributionScores) {
    const auto negatives = static_cast<std::int64_t>(inDistributionScores.size());
    const auto positives = static_cast<std::int64_t>(outOfDistributionScores.size());
    if (negatives == 0 || positives == 0) {
        throw InvalidArgument(
            "OOD detection needs in-distribution and out-of-distribution "
            "samples; one of the two sets is empty");
    }
    struct Scored {
        double score;
        bool ood;
    };
    std::vector<Scored> all;
    all.reserve(static_cast<std::size_t>(negatives + positives));
    for (const double s : inDistributionScores)
        all.push_back({s, false});
    for (const double s : outOfDistributionScores)
        all.push_back({s, true});
    for (const Scored& s : all) {
        if (std::isnan(s.score))
            throw InvalidArgument("an OOD score is NaN");
    }
    std::sort(all.begin(), all.end(),
              [](const Scored& a, const Scored& b) { return a.score > b.score; });

    DetectionMetrics result;
    const auto P = static_cast<double>(positives), Q = static_cast<double>(negatives);
    std::int64_t tp = 0, fp = 0;
    double rocArea = 0.0, averagePrecision = 0.0;
    // Threshold +infinity: nothing flagged.
    std::int64_t bestDistance = std::llabs(20 * tp - 19 * positives);
    result.fpr95 = 0.0;
    result.fpr95Threshold = std::numeric_limits<double>::infinity();
    result.fpr95Recall = 0.0;
    for (std::size_t i = 0; i < all.size();) {
        // One tie group: every sample with this score crosses the threshold together.
        const double threshold = all[i].score;
        std::int64_t groupTp = 0, groupFp = 0;
        for (; i < all.size() && all[i].score == threshold; ++i)
            (all[i].ood ? groupTp : groupFp)++;
        // Each negative here is outranked by the tp positives above and tied with groupTp.
        rocArea += static_cast<double>(groupFp) * (static_cast<double>(tp) + 0.5 * groupTp);
        tp += groupTp;
        fp += groupFp;
        if (groupTp > 0) {
            averagePrecision += (static_cast<double>(groupTp) / P) *
                                (static_cast<double>(tp) / static_cast<double>(tp + fp));
        }
        const std::int64_t distance = std::llabs(20 * tp - 19 * positives);
        if (distance < bestDistance) {  // strict: ties keep the higher threshold
            bestDistance = distance;
            result.fpr95 = static_cast<double>(fp) / Q;
            result.fpr95Threshold = threshold;
            result.fpr95Recall = static_cast<double>(tp) / P;
        }
    }
    result.auroc = rocArea / (P * Q);
    result.aupr = averagePrecision;
    return result;
}

std::vector<double> oodScores(const SampleUncertainty& uncertainty, OodScore score) {
    switch (score) {
        case OodScore::MaxProbability: {
            std::vector<double> negated(uncertainty.maxProbability.size());
            std::transform(uncertainty.maxProbability.begin(), uncertainty.maxProbability.end(),
                           negated.begin(), [](double p) { return -p; });
            return negated;
        }
        case OodScore::PredictiveEntropy:
            return uncertainty.predictiveEntropy;
        case OodScore::MutualInformation:
            return uncertainty.mutualInformation;
    }
    return {};
}

}  // namespace modescape::calibration

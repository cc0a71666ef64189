#include "core/calibration/PredictionMetrics.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/calibration/ProbabilityMath.h"
#include "core/common/Error.h"

namespace modescape::calibration {

PredictionEvaluation evaluatePredictions(std::span<const double> probabilities,
                                         std::int64_t classes, std::span<const std::int64_t> labels,
                                         const EvaluationOptions& options) {
    const auto samples = static_cast<std::int64_t>(labels.size());
    if (classes < 2)
        throw InvalidArgument("predictions need at least 2 classes");
    if (static_cast<std::int64_t>(probabilities.size()) != samples * classes) {
        throw ShapeMismatch("predictions hold " + std::to_string(probabilities.size()) +
                            " values, but " + std::to_string(samples) + " labels x " +
                            std::to_string(classes) + " classes need " +
                            std::to_string(samples * classes));
    }
    checkLabels(labels, samples, classes);
    if (samples == 0)
        throw InvalidArgument("predictions need at least one sample");

    std::vector<double> confidence(static_cast<std::size_t>(samples));
    std::vector<std::uint8_t> correct(confidence.size());
    double logLikelihood = 0.0, brier = 0.0, hits = 0.0;
    for (std::int64_t n = 0; n < samples; ++n) {
        const double* p = probabilities.data() + n * classes;
        const std::int64_t y = labels[n];
        const std::int32_t predicted = argmaxClass(p, classes);
        // A cache's rounding may put p a hair above 1 (within kRowSumTolerance).
        confidence[n] = std::min(p[predicted], 1.0);
        correct[n] = predicted == y ? 1 : 0;
        hits += correct[n];
        logLikelihood += std::log(std::max(p[y], kProbabilityFloor));
        double squared = 0.0;
        for (std::int64_t c = 0; c < classes; ++c) {
            const double diff = p[c] - (c == y ? 1.0 : 0.0);
            squared += diff * diff;
        }
        brier += squared;
    }

    PredictionEvaluation result;
    PredictionMetrics& m = result.metrics;
    m.samples = samples;
    m.accuracy = hits / static_cast<double>(samples);
    m.nll = -logLikelihood / static_cast<double>(samples);
    m.brier = brier / static_cast<double>(samples);

    ReliabilityTable equalWidth = reliabilityTable(
        confidence, correct, options.bins, BinningStrategy::EqualWidth, options.edgePrecision);
    ReliabilityTable equalMass =
        reliabilityTable(confidence, correct, options.bins, BinningStrategy::EqualMass);
    m.ece = equalWidth.ece;
    m.mce = equalWidth.mce;
    m.rmsce = equalWidth.rmsce;
    m.adaptiveEce = equalMass.ece;
    m.meanConfidence = equalWidth.meanConfidence;
    result.table = options.tableStrategy == BinningStrategy::EqualWidth ? std::move(equalWidth)
                                                                        : std::move(equalMass);
    return result;
}

PredictionEvaluation evaluateMember(const MemberProbabilities& probabilities,
                                    std::span<const std::int64_t> labels, std::int64_t member,
                                    const EvaluationOptions& options) {
    std::vector<double> p(
        static_cast<std::size_t>(probabilities.samples() * probabilities.classes()));
    probabilities.copyMember(member, p);
    EvaluationOptions cacheOptions = options;
    cacheOptions.edgePrecision = probabilities.precision();
    return evaluatePredictions(p, probabilities.classes(), labels, cacheOptions);
}

PredictionEvaluation evaluateAverage(const MemberProbabilities& probabilities,
                                     std::span<const std::int64_t> labels,
                                     std::span<const std::int64_t> selection,
                                     const EvaluationOptions& options) {
    std::vector<double> p(
        static_cast<std::size_t>(probabilities.samples() * probabilities.classes()));
    probabilities.averageMembers(selection, p);
    EvaluationOptions cacheOptions = options;
    cacheOptions.edgePrecision = probabilities.precision();
    return evaluatePredictions(p, probabilities.classes(), labels, cacheOptions);
}

}  // namespace modescape::calibration

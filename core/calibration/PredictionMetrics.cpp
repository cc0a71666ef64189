#include "core/calibration/PredictionMetrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>
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
    // Per sample, for the bootstrap: log p_y and the squared error.
    std::vector<double> sampleLogLikelihood(confidence.size()), sampleSquared(confidence.size());
    double logLikelihood = 0.0, brier = 0.0, hits = 0.0;
    for (std::int64_t n = 0; n < samples; ++n) {
        const double* p = probabilities.data() + n * classes;
        const std::int64_t y = labels[n];
        const std::int32_t predicted = argmaxClass(p, classes);
        // A cache's rounding may put p a hair above 1 (within kRowSumTolerance).
        confidence[n] = std::min(p[predicted], 1.0);
        correct[n] = predicted == y ? 1 : 0;
        hits += correct[n];
        sampleLogLikelihood[n] = std::log(std::max(p[y], kProbabilityFloor));
        logLikelihood += sampleLogLikelihood[n];
        double squared = 0.0;
        for (std::int64_t c = 0; c < classes; ++c) {
            const double diff = p[c] - (c == y ? 1.0 : 0.0);
            squared += diff * diff;
        }
        sampleSquared[n] = squared;
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
    if (!options.extendedMetrics)
        return result;
    // Bin-weighted, the signed gaps sum to the mean gap of the samples.
    m.signedEce = m.meanConfidence - m.accuracy;
    const std::vector<double> risk = riskCoverage(confidence, correct);
    m.aurc = std::accumulate(risk.begin(), risk.end(), 0.0) / static_cast<double>(samples);
    SmoothCalibration smooth(confidence, correct);
    m.smoothEce = smooth.fixedPoint();
    m.classwiseEce =
        classwiseEce(probabilities, classes, labels, options.bins, options.edgePrecision);
    if (options.curves)
        result.curves = CalibrationCurves{sampledRiskCoverage(risk), smooth.curve(m.smoothEce)};
    if (options.bootstrap.resamples > 0) {
        // Each sample's position among the table's non-empty bins: the bands.
        std::vector<std::int32_t> tableBin =
            binIndices(confidence, options.bins, options.tableStrategy, options.edgePrecision);
        std::vector<std::int32_t> position(static_cast<std::size_t>(options.bins), -1);
        for (const std::int32_t b : tableBin)
            position[static_cast<std::size_t>(b)] = 0;
        std::int32_t next = 0;
        for (std::int32_t& p : position)
            p = p == 0 ? next++ : -1;
        for (std::int32_t& b : tableBin)
            b = position[static_cast<std::size_t>(b)];
        BootstrapInput input{confidence,    correct,       sampleLogLikelihood,
                             sampleSquared, probabilities, classes,
                             labels,        options.bins,  options.edgePrecision,
                             tableBin,      next,          m.smoothEce};
        m.intervals = bootstrapIntervals(input, options.bootstrap);
        for (std::size_t b = 0; b < result.table.bins.size(); ++b) {
            result.table.bins[b].accuracyLower = m.intervals->binAccuracy[b].lower;
            result.table.bins[b].accuracyUpper = m.intervals->binAccuracy[b].upper;
        }
    }
    return result;
}

double classwiseEce(std::span<const double> probabilities, std::int64_t classes,
                    std::span<const std::int64_t> labels, int bins,
                    ProbabilityPrecision edgePrecision) {
    const std::size_t samples = labels.size();
    std::vector<double> column(samples);
    std::vector<std::uint8_t> isClass(samples);
    double total = 0.0;
    for (std::int64_t c = 0; c < classes; ++c) {
        for (std::size_t n = 0; n < samples; ++n) {
            // Rounding in a cache may put p a hair outside [0, 1].
            column[n] = std::clamp(probabilities[n * classes + c], 0.0, 1.0);
            isClass[n] = labels[n] == c ? 1 : 0;
        }
        total +=
            reliabilityTable(column, isClass, bins, BinningStrategy::EqualWidth, edgePrecision).ece;
    }
    return total / static_cast<double>(classes);
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

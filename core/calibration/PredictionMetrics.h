#pragma once
// Accuracy, NLL, Brier and the calibration errors of one set of predictive
// probabilities [N, C]: a single member, or the Bayesian model average (BMA,
// the mean of the members' probabilities) of any selection of members.
//   accuracy = fraction of samples whose argmax (lowest index on ties) is the label
//   NLL      = -mean_n log max(p_n,y_n, kProbabilityFloor)   (natural log)
//   Brier    = mean_n sum_c (p_n,c - [c == y_n])^2            (not divided by C)
//   ECE, MCE, RMSCE on equal-width bins and adaptive ECE on equal-mass bins,
//   both with EvaluationOptions::bins bins (see Binning.h).

#include <cstdint>
#include <span>

#include "core/calibration/Binning.h"
#include "core/calibration/MemberProbabilities.h"

namespace modescape::calibration {

// p_y is clamped here before the log so that a confidently wrong member costs
// at most -log(1e-12) = 27.63 nats per sample instead of infinity.
inline constexpr double kProbabilityFloor = 1e-12;

struct EvaluationOptions {
    int bins = 15;
    // Strategy of the returned bin table (the reliability diagram); ece / mce /
    // rmsce are always equal-width and adaptiveEce always equal-mass.
    BinningStrategy tableStrategy = BinningStrategy::EqualWidth;
    ProbabilityPrecision edgePrecision = ProbabilityPrecision::Float64;
};

struct PredictionMetrics {
    std::int64_t samples = 0;
    double accuracy = 0.0;
    double nll = 0.0;
    double brier = 0.0;
    double ece = 0.0;
    double mce = 0.0;
    double rmsce = 0.0;
    double adaptiveEce = 0.0;
    double meanConfidence = 0.0;
};

struct PredictionEvaluation {
    PredictionMetrics metrics;
    ReliabilityTable table;  // in EvaluationOptions::tableStrategy
};

// probabilities is row-major [labels.size(), classes]. Throws ShapeMismatch or
// InvalidArgument for inconsistent sizes, labels out of range or bins < 1.
PredictionEvaluation evaluatePredictions(std::span<const double> probabilities,
                                         std::int64_t classes, std::span<const std::int64_t> labels,
                                         const EvaluationOptions& options = {});

// Evaluates one member, or the BMA of the selected members. The edges are
// compared in the cache's precision (options.edgePrecision is overridden).
PredictionEvaluation evaluateMember(const MemberProbabilities& probabilities,
                                    std::span<const std::int64_t> labels, std::int64_t member,
                                    const EvaluationOptions& options = {});
PredictionEvaluation evaluateAverage(const MemberProbabilities& probabilities,
                                     std::span<const std::int64_t> labels,
                                     std::span<const std::int64_t> selection,
                                     const EvaluationOptions& options = {});

}  // namespace modescape::calibration

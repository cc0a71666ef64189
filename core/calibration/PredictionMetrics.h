#pragma once
// Accuracy, NLL, Brier and the calibration errors of one set of predictive
// probabilities [N, C]: a single member, or the Bayesian model average (BMA,
// the mean of the members' probabilities) of any selection of members.
//   accuracy = fraction of samples whose argmax (lowest index on ties) is the label
//   NLL      = -mean_n log max(p_n,y_n, kProbabilityFloor)   (natural log)
//   Brier    = mean_n sum_c (p_n,c - [c == y_n])^2            (not divided by C)
//   ECE, MCE, RMSCE on equal-width bins and adaptive ECE on equal-mass bins,
//   both with EvaluationOptions::bins bins (see Binning.h).
//   AURC       = mean risk over the coverages k / n (RiskCoverage.h)
//   smooth ECE = the kernel-smoothed ECE at its fixed-point bandwidth (SmoothEce.h)
//   signed ECE = sum_b (N_b / N)(conf(b) - acc(b)) = mean confidence - accuracy
//                (positive: over-confident)
//   class-wise ECE = (1/C) sum_c ECE of p_c against [y == c], equal-width bins
//   and, with EvaluationOptions::bootstrap, their 95 % intervals (Bootstrap.h).

#include <cstdint>
#include <limits>
#include <optional>
#include <span>

#include "core/calibration/Binning.h"
#include "core/calibration/Bootstrap.h"
#include "core/calibration/MemberProbabilities.h"
#include "core/calibration/RiskCoverage.h"
#include "core/calibration/SmoothEce.h"

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
    // resamples > 0: bootstrap intervals of every metric and of the table's bins.
    BootstrapOptions bootstrap;
    // AURC, smooth, signed and class-wise ECE (false: left NaN; the
    // ensemble-size curve's points, one per member, skip their cost).
    bool extendedMetrics = true;
    // The risk-coverage and smoothed reliability curves to draw (the BMA's).
    bool curves = false;
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
    // NaN unless EvaluationOptions::extendedMetrics.
    double aurc = std::numeric_limits<double>::quiet_NaN();
    double smoothEce = std::numeric_limits<double>::quiet_NaN();
    double signedEce = std::numeric_limits<double>::quiet_NaN();
    double classwiseEce = std::numeric_limits<double>::quiet_NaN();
    std::optional<MetricIntervals> intervals;  // with EvaluationOptions::bootstrap
};

// What the views draw beside the metrics.
struct CalibrationCurves {
    RiskCoverageCurve riskCoverage;
    SmoothCalibration::Curve smooth;  // at the smooth ECE's bandwidth
};

struct PredictionEvaluation {
    PredictionMetrics metrics;
    ReliabilityTable table;  // in EvaluationOptions::tableStrategy (bands with bootstrap)
    std::optional<CalibrationCurves> curves;  // with EvaluationOptions::curves
};

// The class-wise ECE of probabilities [labels.size(), classes] (see above).
double classwiseEce(std::span<const double> probabilities, std::int64_t classes,
                    std::span<const std::int64_t> labels, int bins,
                    ProbabilityPrecision edgePrecision = ProbabilityPrecision::Float64);

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

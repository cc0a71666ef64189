#pragma once
// Bootstrap confidence intervals of the metrics of one set of predictions
// (docs/definitions.md). A resample draws n sample indices uniformly with
// replacement (data::SeededRandom(seed).below(n), resample after resample),
// and every metric is recomputed on it from per-sample statistics computed
// once (confidence, correctness, log p_y, squared error, each class's bin):
// nothing is predicted again, and a resample costs O(n C) plus the smooth
// ECE's bandwidth search. The resample is taken in sample-index order, so
// ties in the sorts (equal-mass bins, the risk-coverage order) keep that
// order. The interval is the 2.5 % and 97.5 % percentile of the resampled
// values (numpy.percentile's linear interpolation between order statistics).

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "core/calibration/Binning.h"
#include "core/data/SeededRandom.h"

namespace modescape::calibration {

struct BootstrapOptions {
    int resamples = 0;  // 0: no intervals
    std::uint64_t seed = 0;
};

inline constexpr int kMaxBootstrapResamples = 100000;

struct Interval {
    double lower = std::numeric_limits<double>::quiet_NaN();
    double upper = std::numeric_limits<double>::quiet_NaN();
};

// 95 % percentile intervals of every metric of PredictionMetrics that
// calibration reports, and of each reliability-table bin's accuracy.
struct MetricIntervals {
    int resamples = 0;
    std::uint64_t seed = 0;
    Interval accuracy, nll, brier, ece, mce, rmsce, adaptiveEce, aurc, smoothEce, signedEce,
        classwiseEce;
    // One per bin of the table (its non-empty bins, in order): the accuracy of
    // the bin's own samples in each resample (resamples without any are skipped).
    std::vector<Interval> binAccuracy;
};

// What the point estimate computed per sample; n samples, C classes.
struct BootstrapInput {
    std::span<const double> confidence;     // top-label confidence
    std::span<const std::uint8_t> correct;  // argmax == label
    std::span<const double> logLikelihood;  // log max(p_y, floor)
    std::span<const double> squaredError;   // sum_c (p_c - [c == y])^2
    std::span<const double> probabilities;  // [n, C], for the class-wise ECE
    std::int64_t classes = 0;
    std::span<const std::int64_t> labels;
    int bins = 15;  // of the ECE, MCE, RMSCE, adaptive and class-wise ECE
    ProbabilityPrecision edgePrecision = ProbabilityPrecision::Float64;
    // Each sample's position among the table's non-empty bins (for the bands).
    std::span<const std::int32_t> tableBin;
    int tableBins = 0;
    double smoothEce = 0.0;  // the point estimate: where each bandwidth search starts
};

// Throws InvalidArgument for resamples outside [0, kMaxBootstrapResamples].
MetricIntervals bootstrapIntervals(const BootstrapInput& input, const BootstrapOptions& options);

// The q-quantile (q in [0, 1]) of values with linear interpolation between
// order statistics (numpy.percentile(values, 100 q)); NaN for no values.
double percentile(std::vector<double> values, double q);

// How often each of n samples is drawn in one resample of n draws.
std::vector<std::uint32_t> resampleCounts(data::SeededRandom& random, std::size_t n);

}  // namespace modescape::calibration

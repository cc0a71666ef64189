#include "core/calibration/Bootstrap.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "core/calibration/RiskCoverage.h"
#include "core/calibration/SmoothEce.h"
#include "core/common/Error.h"

namespace modescape::calibration {
namespace {

struct BinSums {
    double count = 0.0, value = 0.0, hits = 0.0;
};

struct BinErrors {
    double ece = 0.0, mce = 0.0, rmsce = 0.0;
};

BinErrors binErrors(const std::vector<BinSums>& sums, double n) {
    BinErrors out;
    double squared = 0.0;
    for (const BinSums& bin : sums) {
        if (bin.count == 0.0)
            continue;
        const double gap = std::abs(bin.hits - bin.value) / bin.count;
        out.ece += bin.count / n * gap;
        squared += bin.count / n * gap * gap;
        out.mce = std::max(out.mce, gap);
    }
    out.rmsce = std::sqrt(squared);
    return out;
}

// The resampled values of each metric, one entry per resample.
struct Draws {
    std::vector<double> accuracy, nll, brier, ece, mce, rmsce, adaptiveEce, aurc, smoothEce,
        signedEce, classwiseEce;
    std::vector<std::vector<double>> binAccuracy;
};

Interval interval(const std::vector<double>& values) {
    return {percentile(values, 0.025), percentile(values, 0.975)};
}

}  // namespace

double percentile(std::vector<double> values, double q) {
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
        values.end());
    if (values.empty())
        return std::numeric_limits<double>::quiet_NaN();
    std::sort(values.begin(), values.end());
    const double position = q * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(below + 1, values.size() - 1);
    const double fraction = position - static_cast<double>(below);
    return values[below] + fraction * (values[above] - values[below]);
}

std::vector<std::uint32_t> resampleCounts(data::SeededRandom& random, std::size_t n) {
    std::vector<std::uint32_t> counts(n, 0);
    for (std::size_t i = 0; i < n; ++i)
        ++counts[random.below(n)];
    return counts;
}

MetricIntervals bootstrapIntervals(const BootstrapInput& in, const BootstrapOptions& options) {
    if (options.resamples < 0 || options.resamples > kMaxBootstrapResamples)
        throw InvalidArgument("the number of bootstrap resamples must be between 0 and " +
                              std::to_string(kMaxBootstrapResamples) + ", got " +
                              std::to_string(options.resamples));
    MetricIntervals out;
    out.resamples = options.resamples;
    out.seed = options.seed;
    out.binAccuracy.resize(static_cast<std::size_t>(in.tableBins));
    const std::size_t n = in.confidence.size();
    if (options.resamples == 0 || n == 0)
        return out;
    const auto classes = static_cast<std::size_t>(in.classes);
    const auto bins = static_cast<std::size_t>(in.bins);
    const double count = static_cast<double>(n);

    // Computed once: the bins of every sample and class, and the two sort orders.
    const std::vector<std::int32_t> widthBin =
        binIndices(in.confidence, in.bins, BinningStrategy::EqualWidth, in.edgePrecision);
    std::vector<std::int32_t> classBin(n * classes);
    {
        std::vector<double> column(n);
        for (std::size_t c = 0; c < classes; ++c) {
            for (std::size_t i = 0; i < n; ++i)
                column[i] = std::clamp(in.probabilities[i * classes + c], 0.0, 1.0);
            const std::vector<std::int32_t> b =
                binIndices(column, in.bins, BinningStrategy::EqualWidth, in.edgePrecision);
            for (std::size_t i = 0; i < n; ++i)
                classBin[i * classes + c] = b[i];
        }
    }
    std::vector<std::int64_t> ascending = descendingConfidenceOrder(in.confidence);
    // Ascending, ties in index order (a stable sort keeps the index order of ties).
    std::stable_sort(ascending.begin(), ascending.end(), [&](std::int64_t a, std::int64_t b) {
        return in.confidence[a] < in.confidence[b];
    });
    const std::vector<std::int64_t> descending = descendingConfidenceOrder(in.confidence);

    data::SeededRandom random(options.seed);
    Draws d;
    d.binAccuracy.resize(out.binAccuracy.size());
    std::vector<BinSums> sums(bins), classSums(bins * classes);
    std::vector<double> binHits(out.binAccuracy.size()), binCount(out.binAccuracy.size());
    for (int r = 0; r < options.resamples; ++r) {
        const std::vector<std::uint32_t> w = resampleCounts(random, n);
        double hits = 0.0, logLikelihood = 0.0, brier = 0.0, confidence = 0.0;
        std::fill(sums.begin(), sums.end(), BinSums{});
        std::fill(classSums.begin(), classSums.end(), BinSums{});
        std::fill(binHits.begin(), binHits.end(), 0.0);
        std::fill(binCount.begin(), binCount.end(), 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            if (w[i] == 0)
                continue;
            const double weight = w[i], hit = in.correct[i] ? 1.0 : 0.0;
            hits += weight * hit;
            confidence += weight * in.confidence[i];
            logLikelihood += weight * in.logLikelihood[i];
            brier += weight * in.squaredError[i];
            BinSums& bin = sums[static_cast<std::size_t>(widthBin[i])];
            bin.count += weight, bin.value += weight * in.confidence[i], bin.hits += weight * hit;
            for (std::size_t c = 0; c < classes; ++c) {
                BinSums& cb =
                    classSums[c * bins + static_cast<std::size_t>(classBin[i * classes + c])];
                cb.count += weight;
                cb.value += weight * in.probabilities[i * classes + c];
                cb.hits += in.labels[i] == static_cast<std::int64_t>(c) ? weight : 0.0;
            }
            if (!in.tableBin.empty() && in.tableBin[i] >= 0) {
                binHits[static_cast<std::size_t>(in.tableBin[i])] += weight * hit;
                binCount[static_cast<std::size_t>(in.tableBin[i])] += weight;
            }
        }
        d.accuracy.push_back(hits / count);
        d.nll.push_back(-logLikelihood / count);
        d.brier.push_back(brier / count);
        d.signedEce.push_back((confidence - hits) / count);
        const BinErrors width = binErrors(sums, count);
        d.ece.push_back(width.ece);
        d.mce.push_back(width.mce);
        d.rmsce.push_back(width.rmsce);
        double classwise = 0.0;
        for (std::size_t c = 0; c < classes; ++c)
            classwise +=
                binErrors({classSums.begin() + static_cast<std::ptrdiff_t>(c * bins),
                           classSums.begin() + static_cast<std::ptrdiff_t>((c + 1) * bins)},
                          count)
                    .ece;
        d.classwiseEce.push_back(classes > 0 ? classwise / static_cast<double>(classes) : 0.0);
        for (std::size_t b = 0; b < binHits.size(); ++b)
            d.binAccuracy[b].push_back(binCount[b] > 0.0
                                           ? binHits[b] / binCount[b]
                                           : std::numeric_limits<double>::quiet_NaN());

        // Equal-mass bins: the resample's n copies in ascending order, cut as numpy.array_split.
        std::fill(sums.begin(), sums.end(), BinSums{});
        const std::size_t base = n / bins, extra = n % bins;
        std::size_t run = 0, left = base + (extra > 0 ? 1 : 0);
        for (const std::int64_t i : ascending) {
            for (std::uint32_t copy = 0; copy < w[static_cast<std::size_t>(i)]; ++copy) {
                while (left == 0) {
                    ++run;
                    left = base + (run < extra ? 1 : 0);
                }
                sums[run].count += 1.0;
                sums[run].value += in.confidence[i];
                sums[run].hits += in.correct[i] ? 1.0 : 0.0;
                --left;
            }
        }
        d.adaptiveEce.push_back(binErrors(sums, count).ece);

        // Risk-coverage: the copies by descending confidence.
        double errors = 0.0, area = 0.0, k = 0.0;
        for (const std::int64_t i : descending) {
            for (std::uint32_t copy = 0; copy < w[static_cast<std::size_t>(i)]; ++copy) {
                errors += in.correct[i] ? 0.0 : 1.0;
                k += 1.0;
                area += errors / k;
            }
        }
        d.aurc.push_back(area / count);
        d.smoothEce.push_back(
            // 1e-7 is far below any interval's width.
            SmoothCalibration(in.confidence, in.correct, w).fixedPoint(in.smoothEce, 1e-7));
    }
    out.accuracy = interval(d.accuracy);
    out.nll = interval(d.nll);
    out.brier = interval(d.brier);
    out.ece = interval(d.ece);
    out.mce = interval(d.mce);
    out.rmsce = interval(d.rmsce);
    out.adaptiveEce = interval(d.adaptiveEce);
    out.aurc = interval(d.aurc);
    out.smoothEce = interval(d.smoothEce);
    out.signedEce = interval(d.signedEce);
    out.classwiseEce = interval(d.classwiseEce);
    for (std::size_t b = 0; b < d.binAccuracy.size(); ++b)
        out.binAccuracy[b] = interval(d.binAccuracy[b]);
    return out;
}

}  // namespace modescape::calibration

#include "core/calibration/Binning.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "core/common/Error.h"

namespace modescape::calibration {
namespace {

// The edges membership is decided against (see Binning.h for float32).
std::vector<double> comparisonEdges(int binCount, ProbabilityPrecision precision) {
    std::vector<double> edges(static_cast<std::size_t>(binCount) + 1);
    for (int b = 0; b <= binCount; ++b) {
        edges[b] = precision == ProbabilityPrecision::Float32
                       ? static_cast<double>(static_cast<float>(b) / static_cast<float>(binCount))
                       : static_cast<double>(b) / binCount;
    }
    edges[binCount] = 1.0;
    return edges;
}

// Bin b with edges[b] < confidence <= edges[b + 1]; 0 for confidence 0. The
// arithmetic guess is corrected against the edges so that rounding in
// confidence * B never disagrees with the edges themselves.
int equalWidthBin(double confidence, const std::vector<double>& edges, int binCount) {
    int b = static_cast<int>(std::ceil(confidence * binCount)) - 1;
    b = std::clamp(b, 0, binCount - 1);
    while (b > 0 && confidence <= edges[b])
        --b;
    while (b < binCount - 1 && confidence > edges[b + 1])
        ++b;
    return b;
}

struct BinSums {
    std::int64_t count = 0;
    double confidence = 0.0;
    double correct = 0.0;
};

void finish(const std::vector<BinSums>& sums, const std::vector<double>& lower,
            const std::vector<double>& upper, std::size_t samples, ReliabilityTable& table) {
    double squared = 0.0;
    for (std::size_t b = 0; b < sums.size(); ++b) {
        if (sums[b].count == 0)
            continue;
        CalibrationBin bin;
        bin.lower = lower[b];
        bin.upper = upper[b];
        bin.count = sums[b].count;
        bin.confidence = sums[b].confidence / static_cast<double>(bin.count);
        bin.accuracy = sums[b].correct / static_cast<double>(bin.count);
        const double gap = std::abs(bin.accuracy - bin.confidence);
        const double weight = static_cast<double>(bin.count) / static_cast<double>(samples);
        table.ece += weight * gap;
        squared += weight * gap * gap;
        table.mce = std::max(table.mce, gap);
        table.bins.push_back(bin);
    }
    table.rmsce = std::sqrt(squared);
}

void checkInputs(std::span<const double> confidence, std::span<const std::uint8_t> correct,
                 int binCount) {
    if (binCount < 1 || binCount > kMaxBins) {
        throw InvalidArgument("the number of calibration bins must be between 1 and " +
                              std::to_string(kMaxBins) + ", got " + std::to_string(binCount));
    }
    if (confidence.empty())
        throw InvalidArgument("a reliability table needs at least one sample");
    if (confidence.size() != correct.size()) {
        throw ShapeMismatch("reliability table: " + std::to_string(confidence.size()) +
                            " confidences but " + std::to_string(correct.size()) +
                            " correctness flags");
    }
    for (std::size_t n = 0; n < confidence.size(); ++n) {
        if (!(confidence[n] >= 0.0 && confidence[n] <= 1.0)) {
            throw InvalidArgument("confidence " + std::to_string(confidence[n]) + " of sample " +
                                  std::to_string(n) + " is outside [0, 1]");
        }
    }
}

}  // namespace

const char* binningName(BinningStrategy strategy) {
    return wordOf(strategy, kBinningWords);
}

BinningStrategy parseBinning(const std::string& word) {
    return parseWord(word, kBinningWords, "binning");
}

std::vector<std::int32_t> binIndices(std::span<const double> confidence, int binCount,
                                     BinningStrategy strategy, ProbabilityPrecision edgePrecision) {
    std::vector<std::int32_t> index(confidence.size());
    if (strategy == BinningStrategy::EqualWidth) {
        const std::vector<double> edges = comparisonEdges(binCount, edgePrecision);
        for (std::size_t n = 0; n < confidence.size(); ++n)
            index[n] = equalWidthBin(confidence[n], edges, binCount);
        return index;
    }
    std::vector<std::size_t> order(confidence.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return confidence[a] < confidence[b]; });
    const std::size_t base = order.size() / binCount, extra = order.size() % binCount;
    std::size_t next = 0;
    for (std::size_t b = 0; b < static_cast<std::size_t>(binCount); ++b)
        for (std::size_t i = 0; i < base + (b < extra ? 1 : 0); ++i)
            index[order[next++]] = static_cast<std::int32_t>(b);
    return index;
}

ReliabilityTable reliabilityTable(std::span<const double> confidence,
                                  std::span<const std::uint8_t> correct, int binCount,
                                  BinningStrategy strategy, ProbabilityPrecision edgePrecision) {
    checkInputs(confidence, correct, binCount);
    const std::size_t samples = confidence.size();
    ReliabilityTable table;
    table.strategy = strategy;
    table.binCount = binCount;
    std::vector<BinSums> sums(static_cast<std::size_t>(binCount));
    std::vector<double> lower(sums.size()), upper(sums.size());

    double totalConfidence = 0.0, totalCorrect = 0.0;
    for (std::size_t n = 0; n < samples; ++n) {
        totalConfidence += confidence[n];
        totalCorrect += correct[n] ? 1.0 : 0.0;
    }
    table.meanConfidence = totalConfidence / static_cast<double>(samples);
    table.meanAccuracy = totalCorrect / static_cast<double>(samples);

    if (strategy == BinningStrategy::EqualWidth) {
        const std::vector<double> edges = comparisonEdges(binCount, edgePrecision);
        for (std::size_t n = 0; n < samples; ++n) {
            BinSums& bin = sums[equalWidthBin(confidence[n], edges, binCount)];
            ++bin.count;
            bin.confidence += confidence[n];
            bin.correct += correct[n] ? 1.0 : 0.0;
        }
        for (int b = 0; b < binCount; ++b) {
            lower[b] = static_cast<double>(b) / binCount;
            upper[b] = b + 1 == binCount ? 1.0 : static_cast<double>(b + 1) / binCount;
        }
    } else {
        std::vector<std::size_t> order(samples);
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            return confidence[a] < confidence[b];
        });
        const std::size_t base = samples / binCount, extra = samples % binCount;
        std::size_t next = 0;
        for (std::size_t b = 0; b < sums.size(); ++b) {
            const std::size_t size = base + (b < extra ? 1 : 0);
            if (size > 0) {  // sorted: the run's first and last samples are its edges
                lower[b] = confidence[order[next]];
                upper[b] = confidence[order[next + size - 1]];
            }
            for (std::size_t i = 0; i < size; ++i, ++next) {
                const std::size_t n = order[next];
                ++sums[b].count;
                sums[b].confidence += confidence[n];
                sums[b].correct += correct[n] ? 1.0 : 0.0;
            }
        }
    }
    finish(sums, lower, upper, samples, table);
    return table;
}

}  // namespace modescape::calibration

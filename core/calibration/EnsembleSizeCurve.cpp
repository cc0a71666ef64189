#include "core/calibration/EnsembleSizeCurve.h"

#include <random>
#include <string>
#include <utility>

#include "core/common/Error.h"

namespace modescape::calibration {
namespace {

// Uniform in [0, bound): values below 2^64 mod bound are rejected so that every
// residue is equally likely.
std::uint64_t boundedDraw(std::mt19937_64& generator, std::uint64_t bound) {
    const std::uint64_t rejectBelow = (0 - bound) % bound;
    for (;;) {
        const std::uint64_t r = generator();
        if (r >= rejectBelow)
            return r % bound;
    }
}

void divideInto(const std::vector<double>& sum, double count, std::vector<double>& out) {
    for (std::size_t i = 0; i < sum.size(); ++i)
        out[i] = sum[i] / count;
}

}  // namespace

std::vector<std::int64_t> seededOrder(std::span<const std::int64_t> selection, std::uint64_t seed) {
    std::vector<std::int64_t> order(selection.begin(), selection.end());
    std::mt19937_64 generator(seed);
    for (std::size_t i = order.size(); i > 1; --i) {
        std::swap(order[i - 1], order[boundedDraw(generator, i)]);
    }
    return order;
}

EnsembleSizeCurve ensembleSizeCurve(const MemberProbabilities& probabilities,
                                    std::span<const std::int64_t> labels,
                                    const MemberProbabilities* outOfDistribution,
                                    std::span<const std::int64_t> selection, std::uint64_t seed,
                                    const EvaluationOptions& options, OodScore oodScore,
                                    const JobContext& context) {
    checkSelection(selection, probabilities.members());
    checkLabels(labels, probabilities.samples(), probabilities.classes());
    if (outOfDistribution && (outOfDistribution->members() != probabilities.members() ||
                              outOfDistribution->classes() != probabilities.classes())) {
        throw ShapeMismatch(
            "OOD probabilities have " + std::to_string(outOfDistribution->members()) +
            " members and " + std::to_string(outOfDistribution->classes()) +
            " classes, the in-distribution ones " + std::to_string(probabilities.members()) +
            " and " + std::to_string(probabilities.classes()));
    }
    EnsembleSizeCurve curve;
    curve.seed = seed;
    curve.order = seededOrder(selection, seed);
    EvaluationOptions cacheOptions = options;
    cacheOptions.edgePrecision = probabilities.precision();

    const auto size = [](const MemberProbabilities& p) {
        return static_cast<std::size_t>(p.samples() * p.classes());
    };
    std::vector<double> sum(size(probabilities), 0.0), average(sum.size());
    std::vector<double> oodSum, oodAverage;
    if (outOfDistribution) {
        oodSum.assign(size(*outOfDistribution), 0.0);
        oodAverage.resize(oodSum.size());
    }
    const std::size_t total = curve.order.size();
    for (std::size_t k = 1; k <= total; ++k) {
        context.checkCancelled();
        context.report(static_cast<double>(k - 1) / static_cast<double>(total),
                       "ensemble size " + std::to_string(k) + " of " + std::to_string(total));
        const std::span<const std::int64_t> first(curve.order.data(), k);
        const std::int64_t added = curve.order[k - 1];
        probabilities.addMember(added, sum);
        divideInto(sum, static_cast<double>(k), average);

        EnsembleSizePoint point;
        point.size = static_cast<std::int64_t>(k);
        point.metrics =
            evaluatePredictions(average, probabilities.classes(), labels, cacheOptions).metrics;
        const SampleUncertainty inside = sampleUncertainty(probabilities, first, average);
        point.diversity = summarise(inside, point.size);
        if (outOfDistribution) {
            outOfDistribution->addMember(added, oodSum);
            divideInto(oodSum, static_cast<double>(k), oodAverage);
            const SampleUncertainty outside =
                sampleUncertainty(*outOfDistribution, first, oodAverage);
            point.ood = detectionMetrics(oodScores(inside, oodScore), oodScores(outside, oodScore));
        }
        curve.points.push_back(std::move(point));
    }
    context.report(1.0, "ensemble size curve done");
    return curve;
}

}  // namespace modescape::calibration

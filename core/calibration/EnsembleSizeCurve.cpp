#include "core/calibration/EnsembleSizeCurve.h"

#include <cmath>
#include <functional>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <utility>

#include "core/calibration/MemberPredictionSource.h"
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

// The member added at step k: `index` within `inside` (and `outside`), kept
// alive by `keep` while the step uses it.
struct CurveMember {
    const MemberProbabilities* inside = nullptr;
    const MemberProbabilities* outside = nullptr;
    std::int64_t index = 0;
    std::shared_ptr<const MemberPrediction> keep;
};
using CurveMemberReader = std::function<CurveMember(std::int64_t member)>;

// Running sums of the members added so far: each point costs its metrics plus
// one member's additions, never a pass over the members before it.
void addPoints(EnsembleSizeCurve& curve, std::span<const std::int64_t> labels,
               const CurveMemberReader& read, const EvaluationOptions& options, OodScore oodScore,
               const JobContext& context) {
    std::vector<double> sum, average, oodSum, oodAverage;
    std::unique_ptr<UncertaintyAccumulator> inAccumulator, outAccumulator;
    const std::size_t total = curve.order.size();
    for (std::size_t k = 1; k <= total; ++k) {
        context.checkCancelled();
        context.report(static_cast<double>(k - 1) / static_cast<double>(total),
                       "ensemble size " + std::to_string(k) + " of " + std::to_string(total));
        const CurveMember added = read(curve.order[k - 1]);
        const MemberProbabilities& in = *added.inside;
        if (!inAccumulator) {
            sum.assign(static_cast<std::size_t>(in.samples() * in.classes()), 0.0);
            average.resize(sum.size());
            inAccumulator = std::make_unique<UncertaintyAccumulator>(in.samples(), in.classes());
            if (added.outside) {
                const MemberProbabilities& out = *added.outside;
                oodSum.assign(static_cast<std::size_t>(out.samples() * out.classes()), 0.0);
                oodAverage.resize(oodSum.size());
                outAccumulator =
                    std::make_unique<UncertaintyAccumulator>(out.samples(), out.classes());
            }
        }
        in.addMember(added.index, sum);
        inAccumulator->add(in, added.index);
        divideInto(sum, static_cast<double>(k), average);
        EvaluationOptions cacheOptions = options;
        cacheOptions.edgePrecision = in.precision();
        // One evaluation per member added: the extended metrics and intervals
        // are the table's (their cost per point would slow the curve down).
        cacheOptions.extendedMetrics = false;
        cacheOptions.bootstrap = {};
        cacheOptions.curves = false;

        EnsembleSizePoint point;
        point.size = static_cast<std::int64_t>(k);
        point.metrics = evaluatePredictions(average, in.classes(), labels, cacheOptions).metrics;
        const SampleUncertainty inside = inAccumulator->finish(average);
        point.diversity = summarise(inside, point.size);
        if (outAccumulator) {
            if (!added.outside)
                throw ShapeMismatch("ensemble size curve: member " +
                                    std::to_string(curve.order[k - 1]) +
                                    " has no OOD predictions, the first member had");
            added.outside->addMember(added.index, oodSum);
            outAccumulator->add(*added.outside, added.index);
            divideInto(oodSum, static_cast<double>(k), oodAverage);
            const SampleUncertainty outside = outAccumulator->finish(oodAverage);
            point.ood = detectionMetrics(oodScores(inside, oodScore), oodScores(outside, oodScore));
        }
        curve.points.push_back(std::move(point));
    }
    context.report(1.0, "ensemble size curve done");
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
    addPoints(
        curve, labels,
        [&](std::int64_t member) {
            return CurveMember{&probabilities, outOfDistribution, member, nullptr};
        },
        options, oodScore, context);
    return curve;
}

EnsembleSizeCurve ensembleSizeCurve(const MemberPredictionSource& source,
                                    std::span<const std::int64_t> labels, std::uint64_t seed,
                                    const EvaluationOptions& options, OodScore oodScore,
                                    const JobContext& context) {
    std::vector<std::int64_t> all(static_cast<std::size_t>(source.members()));
    std::iota(all.begin(), all.end(), std::int64_t(0));
    checkSelection(all, source.members());
    EnsembleSizeCurve curve;
    curve.seed = seed;
    curve.order = seededOrder(all, seed);
    addPoints(
        curve, labels,
        [&](std::int64_t member) {
            std::shared_ptr<const MemberPrediction> p = source.read(member, context);
            checkLabels(labels, p->inside.samples(), p->inside.classes());
            const MemberProbabilities* outside = p->outside ? &*p->outside : nullptr;
            return CurveMember{&p->inside, outside, 0, std::move(p)};
        },
        options, oodScore, context);
    return curve;
}

const char* curveMetricTitle(CurveMetric metric) {
    switch (metric) {
        case CurveMetric::Accuracy:
            return "Accuracy";
        case CurveMetric::Nll:
            return "NLL";
        case CurveMetric::Brier:
            return "Brier";
        case CurveMetric::Ece:
            return "ECE";
        case CurveMetric::AdaptiveEce:
            return "Adaptive ECE";
        case CurveMetric::MutualInformation:
            return "Mutual information";
        case CurveMetric::Disagreement:
            return "Disagreement";
        case CurveMetric::Auroc:
            return "AUROC (OOD)";
    }
    return "";
}

double curveValue(const EnsembleSizePoint& point, CurveMetric metric) {
    switch (metric) {
        case CurveMetric::Accuracy:
            return point.metrics.accuracy;
        case CurveMetric::Nll:
            return point.metrics.nll;
        case CurveMetric::Brier:
            return point.metrics.brier;
        case CurveMetric::Ece:
            return point.metrics.ece;
        case CurveMetric::AdaptiveEce:
            return point.metrics.adaptiveEce;
        case CurveMetric::MutualInformation:
            return point.diversity.mutualInformation;
        case CurveMetric::Disagreement:
            return point.diversity.disagreement;
        case CurveMetric::Auroc:
            return point.ood ? point.ood->auroc : std::nan("");
    }
    return std::nan("");
}

}  // namespace modescape::calibration

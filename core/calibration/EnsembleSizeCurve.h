#pragma once
// The "ensemble size" curve: the metrics of the BMA of the first k members of
// a seeded random order of the selection, for k = 1 .. M. Point k - 1 is the
// first member alone; the last point is the BMA of the whole selection (up to
// the order of summation).

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/calibration/Diversity.h"
#include "core/calibration/MemberProbabilities.h"
#include "core/calibration/OodMetrics.h"
#include "core/calibration/PredictionMetrics.h"
#include "core/common/WordTable.h"
#include "core/jobs/Progress.h"

namespace modescape::calibration {

class MemberPredictionSource;  // MemberPredictionSource.h includes CalibrationReport.h, which
                               // includes this

// A Fisher-Yates shuffle of `selection` driven by std::mt19937_64(seed), with
// unbiased bounded draws by rejection, so the order is the same on every
// platform and standard library (std::shuffle's is not).
std::vector<std::int64_t> seededOrder(std::span<const std::int64_t> selection, std::uint64_t seed);

struct EnsembleSizePoint {
    std::int64_t size = 0;  // k
    PredictionMetrics metrics;
    DiversityMetrics diversity;
    std::optional<DetectionMetrics> ood;  // when OOD probabilities were given
};

struct EnsembleSizeCurve {
    std::uint64_t seed = 0;
    std::vector<std::int64_t> order;  // member indices in the order they were added
    std::vector<EnsembleSizePoint> points;
};

// What a curve can show, one number per point.
enum class CurveMetric {
    Accuracy,
    Nll,
    Brier,
    Ece,
    AdaptiveEce,
    MutualInformation,
    Disagreement,
    Auroc
};
// The words of `uncertainty --curve-metric` and the JSON; curveMetricTitle() is the GUI's label.
inline constexpr WordTable<CurveMetric, 8> kCurveMetricWords{{
    {"accuracy", CurveMetric::Accuracy},
    {"nll", CurveMetric::Nll},
    {"brier", CurveMetric::Brier},
    {"ece", CurveMetric::Ece},
    {"adaptive_ece", CurveMetric::AdaptiveEce},
    {"mutual_information", CurveMetric::MutualInformation},
    {"disagreement", CurveMetric::Disagreement},
    {"auroc", CurveMetric::Auroc},
}};
// "Accuracy", "NLL", ..., "AUROC (OOD)".
const char* curveMetricTitle(CurveMetric metric);
// The metric at a point; NaN for the AUROC of a point without OOD predictions.
double curveValue(const EnsembleSizePoint& point, CurveMetric metric);

// `outOfDistribution` may be null; otherwise it must have the same members and
// classes. Running sums make the whole curve O(M N C) plus the per-point metrics.
// Throws InvalidArgument / ShapeMismatch for a bad selection or inconsistent inputs.
EnsembleSizeCurve ensembleSizeCurve(const MemberProbabilities& probabilities,
                                    std::span<const std::int64_t> labels,
                                    const MemberProbabilities* outOfDistribution,
                                    std::span<const std::int64_t> selection, std::uint64_t seed,
                                    const EvaluationOptions& options = {},
                                    OodScore oodScore = OodScore::MaxProbability,
                                    const JobContext& context = {});

// The same curve for every member of `source` (selection 0 .. members - 1),
// reading one member at a time in the seeded order: the running sums and the
// vote counts are all it holds. Equal to the in-memory curve of those members.
EnsembleSizeCurve ensembleSizeCurve(const MemberPredictionSource& source,
                                    std::span<const std::int64_t> labels, std::uint64_t seed,
                                    const EvaluationOptions& options = {},
                                    OodScore oodScore = OodScore::MaxProbability,
                                    const JobContext& context = {});

}  // namespace modescape::calibration

#include "core/calibration/MemberPredictionSource.h"

#include <span>

#include "core/common/Error.h"

namespace modescape::calibration {

MemberProbabilities memberOf(const MemberProbabilities& probabilities, std::int64_t member) {
    if (member < 0 || member >= probabilities.members())
        throw InvalidArgument("member index " + std::to_string(member) + " is outside [0, " +
                              std::to_string(probabilities.members()) + ")");
    const std::int64_t samples = probabilities.samples(), classes = probabilities.classes();
    const auto count = static_cast<std::size_t>(samples * classes);
    const auto offset = static_cast<std::size_t>(member) * count;
    if (probabilities.precision() == ProbabilityPrecision::Float32)
        return MemberProbabilities(probabilities.float32Data().subspan(offset, count), 1, samples,
                                   classes);
    return MemberProbabilities(probabilities.float64Data().subspan(offset, count), 1, samples,
                               classes);
}

std::shared_ptr<const MemberPrediction> CalibrationSetSource::read(
    std::int64_t member, const JobContext& context) const {
    context.checkCancelled();
    std::optional<MemberProbabilities> outside;
    if (const MemberProbabilities* ood = set_.outOfDistribution())
        outside = memberOf(*ood, member);
    return std::make_shared<const MemberPrediction>(
        MemberPrediction{memberOf(set_.probabilities(), member), std::move(outside)});
}

}  // namespace modescape::calibration

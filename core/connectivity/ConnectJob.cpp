#include "core/connectivity/ConnectJob.h"

#include <chrono>
#include <optional>

#include "core/common/Error.h"
#include "core/connectivity/CurveTrainer.h"
#include "core/evaluation/Evaluator.h"
#include "core/evaluation/LoadedSet.h"
#include "core/symmetry/PermutationRemoval.h"
#include "core/symmetry/SetSymmetry.h"

namespace modescape::connectivity {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

ConnectOutcome connectWeights(const model::Model& model, const model::ParameterSet& a,
                              const model::ParameterSet& b, const PathData& data,
                              const PathSettings& settings, const symmetry::SymmetrySpec* spec,
                              const JobContext& job, const PathPointCallback& onPoint) {
    validate(settings);
    const auto start = std::chrono::steady_clock::now();
    model::ParameterSet end = b;
    if (settings.kind == PathKind::Aligned) {
        if (!spec)
            throw InvalidArgument("connect: the aligned path needs the model's symmetry spec");
        job.report(0.0, "weight matching B to A");
        end = b.clone();
        symmetry::MatchingOptions matching;
        matching.seed = settings.matchingSeed;
        symmetry::matchWeights(end, a, *spec, matching);
    }
    PathCurve curve = PathCurve::throughLine(settings.kind, settings.bends, a, end);

    PathResult result;
    result.kind = settings.kind;
    result.bends = curve.bends();
    double evaluationFrom = 0.0;
    if (isTrained(settings.kind) && curve.bends() > 2) {
        evaluationFrom = 0.8;
        const auto trainStart = std::chrono::steady_clock::now();
        result.epochLoss =
            trainCurve(model, curve, *data.train, settings.training, job, {}, 0.0, evaluationFrom);
        result.trainingSeconds = secondsSince(trainStart);
    }
    evaluatePath(model, curve, data, settings, result, job, onPoint, evaluationFrom, 1.0);
    result.seconds = secondsSince(start);
    return {std::move(result), std::move(curve)};
}

ConnectOutcome connectMembers(evaluation::LoadedSet& set, const std::string& memberA,
                              const std::string& memberB, const PathSettings& settings,
                              const JobContext& job, const PathPointCallback& onPoint) {
    validate(settings);
    const std::string& folder = set.set().folder;
    for (const auto* name : {&memberA, &memberB})
        if (!set.set().findMember(*name))
            throw InvalidArgument(folder + ": no member named '" + *name + "'");
    if (memberA == memberB)
        throw InvalidArgument("connect: A and B are the same member ('" + memberA +
                              "'); a path needs two different members");
    std::optional<symmetry::SymmetrySpec> spec;
    if (settings.kind == PathKind::Aligned)
        spec = symmetry::symmetrySpecForSet(set);
    PathData data;
    data.train = &set.dataset("train");
    if (settings.evaluateTest && set.hasRole("test"))
        data.test = &set.dataset("test");
    const model::ParameterSet weightsA = set.weights(memberA), weightsB = set.weights(memberB);
    // NaN weights give a NaN path: say which member, instead of NaN barriers.
    for (const auto& [name, weights] : {std::pair{&memberA, &weightsA}, {&memberB, &weightsB}})
        if (!evaluation::finiteWeights(*weights))
            throw evaluation::NonFinitePredictions(
                "connect: member " + *name +
                " has non-finite weights (NaN or Inf), so every loss on a path from it is too");
    ConnectOutcome outcome =
        connectWeights(set.model(), weightsA, weightsB, data, settings, spec ? &*spec : nullptr,
                       job, [&](const PathResult& partial, int index) {
                           if (!onPoint)
                               return;
                           PathResult named = partial;
                           named.memberA = memberA;
                           named.memberB = memberB;
                           onPoint(named, index);
                       });
    outcome.result.memberA = memberA;
    outcome.result.memberB = memberB;
    return outcome;
}

}  // namespace modescape::connectivity

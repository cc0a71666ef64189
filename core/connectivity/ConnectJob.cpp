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

// The share of a trained path's progress that its training takes.
constexpr double kTrainingShare = 0.8;

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool trainsBends(const PathCurve& curve) {
    return isTrained(curve.kind()) && curve.bends() > 2;
}

// The set's "train" split, and its "test" split when it has one and the settings ask for it.
PathData pathData(evaluation::LoadedSet& set, const PathSettings& settings) {
    PathData data;
    data.train = &set.dataset("train");
    if (settings.evaluateTest && set.hasRole("test"))
        data.test = &set.dataset("test");
    return data;
}

}  // namespace

ConnectOutcome buildPath(const model::Model& model, const model::ParameterSet& a,
                         const model::ParameterSet& b, const PathData& data,
                         const PathSettings& settings, const symmetry::SymmetrySpec* spec,
                         const JobContext& job) {
    validate(settings);
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
    if (trainsBends(curve)) {
        const auto trainStart = std::chrono::steady_clock::now();
        result.epochLoss =
            trainCurve(model, curve, *data.train, settings.training, job, {}, 0.0, kTrainingShare);
        result.trainingSeconds = secondsSince(trainStart);
    }
    return {std::move(result), std::move(curve)};
}

void evaluateBuiltPath(const model::Model& model, ConnectOutcome& path, const PathData& data,
                       const PathSettings& settings, const JobContext& job,
                       const PathPointCallback& onPoint) {
    const auto start = std::chrono::steady_clock::now();
    const double evaluationFrom = trainsBends(path.curve) ? kTrainingShare : 0.0;
    evaluatePath(model, path.curve, data, settings, path.result, job, onPoint, evaluationFrom, 1.0);
    path.result.seconds = path.result.trainingSeconds + secondsSince(start);
}

ConnectOutcome connectWeights(const model::Model& model, const model::ParameterSet& a,
                              const model::ParameterSet& b, const PathData& data,
                              const PathSettings& settings, const symmetry::SymmetrySpec* spec,
                              const JobContext& job, const PathPointCallback& onPoint) {
    const auto start = std::chrono::steady_clock::now();
    ConnectOutcome outcome = buildPath(model, a, b, data, settings, spec, job);
    evaluateBuiltPath(model, outcome, data, settings, job, onPoint);
    outcome.result.seconds = secondsSince(start);
    return outcome;
}

ConnectOutcome buildMemberPath(evaluation::LoadedSet& set, const std::string& memberA,
                               const std::string& memberB, const PathSettings& settings,
                               const JobContext& job) {
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
    const model::ParameterSet weightsA = set.weights(memberA), weightsB = set.weights(memberB);
    // NaN weights give a NaN path: say which member, instead of NaN barriers.
    for (const auto& [name, weights] : {std::pair{&memberA, &weightsA}, {&memberB, &weightsB}})
        if (!evaluation::finiteWeights(*weights))
            throw evaluation::NonFinitePredictions(
                "connect: member " + *name +
                " has non-finite weights (NaN or Inf), so every loss on a path from it is too");
    ConnectOutcome outcome = buildPath(set.model(), weightsA, weightsB, pathData(set, settings),
                                       settings, spec ? &*spec : nullptr, job);
    outcome.result.memberA = memberA;
    outcome.result.memberB = memberB;
    return outcome;
}

void evaluateMemberPath(evaluation::LoadedSet& set, ConnectOutcome& path,
                        const PathSettings& settings, const JobContext& job,
                        const PathPointCallback& onPoint) {
    evaluateBuiltPath(set.model(), path, pathData(set, settings), settings, job, onPoint);
}

ConnectOutcome connectMembers(evaluation::LoadedSet& set, const std::string& memberA,
                              const std::string& memberB, const PathSettings& settings,
                              const JobContext& job, const PathPointCallback& onPoint) {
    const auto start = std::chrono::steady_clock::now();
    ConnectOutcome outcome = buildMemberPath(set, memberA, memberB, settings, job);
    evaluateMemberPath(set, outcome, settings, job, onPoint);
    outcome.result.seconds = secondsSince(start);
    return outcome;
}

}  // namespace modescape::connectivity

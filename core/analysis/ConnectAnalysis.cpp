#include "core/analysis/ConnectAnalysis.h"

#include "core/analysis/PathParameters.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/Error.h"
#include "core/connectivity/ConnectJob.h"
#include "core/connectivity/CurveFile.h"
#include "core/connectivity/PathReport.h"

namespace modescape::analysis {

namespace {

using namespace modescape::connectivity;

// A curve saved by `connect --save-curve`, evaluated again at `points` points
// (continuing `earlier`'s points when given).
ConnectResult evaluateSavedCurve(SetWorkspace& workspace, const std::string& folder,
                                 const PathSettings& given, const JobContext& job,
                                 const PathPointCallback& onPoint, const ConnectResult* earlier) {
    SavedCurve saved = loadCurve(folder);
    evaluation::LoadedSet& loaded = workspace.loaded();
    PathData data;
    data.train = &loaded.dataset("train");
    if (loaded.hasRole("test"))
        data.test = &loaded.dataset("test");
    PathSettings settings = saved.settings;
    settings.points = given.points;
    settings.evaluationBatchSize = given.evaluationBatchSize;
    settings.batchNormSamples = given.batchNormSamples;
    ConnectResult out;
    out.path.kind = saved.settings.kind;
    out.path.bends = saved.curve.bends();
    out.path.memberA = saved.info.memberA;
    out.path.memberB = saved.info.memberB;
    if (earlier)
        out.path = earlier->path;
    evaluatePath(workspace.model(), saved.curve, data, settings, out.path, job,
                 [&](const PathResult& partial, int index) {
                     PathResult named = partial;
                     named.kind = out.path.kind;
                     named.bends = out.path.bends;
                     named.memberA = out.path.memberA;
                     named.memberB = out.path.memberB;
                     onPoint(named, index);
                 });
    out.curve = std::make_shared<PathCurve>(std::move(saved.curve));
    return out;
}

class ConnectAnalysis : public Analysis {
  public:
    const AnalysisInfo& info() const override {
        static const AnalysisInfo info{
            "connect", "Mode connectivity: path",
            "Loss and accuracy along a path between two members (linear, weight-matched, or a "
            "trained Bezier / polychain curve), its barriers and length"};
        return info;
    }

    const ParameterList& parameters() const override {
        static const ParameterList list = [] {
            ParameterList l = memberPairParameters("First member (t = 0)", "Second member (t = 1)");
            l.push_back(parameter("path", ParameterKind::Choice, "Path",
                                  "The path: a straight line, a straight line to B weight-matched "
                                  "to A, or a trained curve")
                            .byDefault("linear")
                            .oneOf(wordsOf(kPathKindWords)));
            for (ParameterSpec& spec : pathParameters({"bezier", "polychain"}))
                l.push_back(std::move(spec));
            return l;
        }();
        return list;
    }

    // Units are the path's points; a resumed run keeps the points its earlier
    // result holds and evaluates the others on the same curve (a curve is
    // trained once: partial results carry it).
    std::any run(SetWorkspace& workspace, const ParameterValues& values, const JobContext& job,
                 const RunOptions& options) const override {
        const PathSettings settings = connectSettingsFrom(values);
        const ConnectResult* earlier =
            options.resumeFrom ? &resumable(*options.resumeFrom, values, settings) : nullptr;
        std::shared_ptr<const PathCurve> shared;
        auto onPoint = [&](const PathResult& partial, int) {
            if (options.onPartial)
                options.onPartial(ConnectResult{partial, shared});
        };
        const std::string curve = memberValue(values, "curve");
        if (!curve.empty())
            return evaluateSavedCurve(workspace, curve, settings, job, onPoint, earlier);
        ConnectOutcome path = earlier && earlier->curve
                                  ? ConnectOutcome{earlier->path, *earlier->curve}
                                  : buildMemberPath(workspace.loaded(), memberValue(values, "a"),
                                                    memberValue(values, "b"), settings, job);
        shared = std::make_shared<const PathCurve>(path.curve);
        evaluateMemberPath(workspace.loaded(), path, settings, job, onPoint);
        return ConnectResult{std::move(path.result), shared};
    }

    nlohmann::json resultJson(const std::any& result) const override {
        return toJson(std::any_cast<const ConnectResult&>(result).path);
    }

  protected:
    void checkRules(const ParameterValues& values, const io::CheckpointSet* set) const override {
        validate(connectSettingsFrom(values));  // first: a path too large is refused as before
        checkMemberPair(values, set, "connect");
    }

  private:
    // The earlier result, when it is a path of these members, kind and points.
    static const ConnectResult& resumable(const std::any& earlier, const ParameterValues& values,
                                          const PathSettings& settings) {
        const auto* result = std::any_cast<ConnectResult>(&earlier);
        if (!result)
            throw InvalidArgument("connect: the result to continue is not a path");
        const PathResult& p = result->path;
        const bool saved = !memberValue(values, "curve").empty();
        if (p.kind != settings.kind && !saved)
            throw InvalidArgument(std::string("connect: the path to continue is ") +
                                  pathKindName(p.kind) + ", not " + pathKindName(settings.kind));
        if (!saved &&
            (p.memberA != memberValue(values, "a") || p.memberB != memberValue(values, "b")))
            throw InvalidArgument("connect: the path to continue joins " + p.memberA + " and " +
                                  p.memberB + ", not the members given");
        if (p.t.size() != static_cast<std::size_t>(settings.points))
            throw InvalidArgument("connect: the path to continue has " +
                                  std::to_string(p.t.size()) + " points, not " +
                                  std::to_string(settings.points));
        return *result;
    }
};

}  // namespace

PathSettings connectSettingsFrom(const ParameterValues& values) {
    return pathSettingsFrom(values);
}

const Analysis& connectAnalysis() {
    static const ConnectAnalysis analysis;
    return analysis;
}

}  // namespace modescape::analysis

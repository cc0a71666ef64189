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

// A curve saved by `connect --save-curve`, evaluated again at `points` points.
ConnectResult evaluateSavedCurve(SetWorkspace& workspace, const std::string& folder,
                                 const PathSettings& given, const JobContext& job,
                                 const PathPointCallback& onPoint) {
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

    std::any run(SetWorkspace& workspace, const ParameterValues& values, const JobContext& job,
                 const RunOptions& options) const override {
        const PathSettings settings = connectSettingsFrom(values);
        auto onPoint = [&](const PathResult& partial, int) {
            if (options.onPartial)
                options.onPartial(ConnectResult{partial, nullptr});
        };
        const std::string curve = memberValue(values, "curve");
        if (!curve.empty())
            return evaluateSavedCurve(workspace, curve, settings, job, onPoint);
        ConnectOutcome outcome = connectMembers(workspace.loaded(), memberValue(values, "a"),
                                                memberValue(values, "b"), settings, job, onPoint);
        return ConnectResult{std::move(outcome.result),
                             std::make_shared<PathCurve>(std::move(outcome.curve))};
    }

    nlohmann::json resultJson(const std::any& result) const override {
        return toJson(std::any_cast<const ConnectResult&>(result).path);
    }

  protected:
    void checkRules(const ParameterValues& values, const io::CheckpointSet* set) const override {
        validate(connectSettingsFrom(values));  // first: a path too large is refused as before
        checkMemberPair(values, set, "connect");
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

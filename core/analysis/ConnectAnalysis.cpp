#include "core/analysis/ConnectAnalysis.h"

#include "core/analysis/PathParameters.h"
#include "core/analysis/SetWorkspace.h"
#include "core/analysis/SeveralWords.h"
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
                                  "to A, or a trained curve; several are computed in turn and "
                                  "drawn in one figure")
                            .byDefault("linear")
                            .oneOf(wordsOf(kPathKindWords))
                            .in(kSeveralWords));
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
                options.onPartial(ConnectResult{partial, nullptr, {}});
        };
        const std::string curve = memberValue(values, "curve");
        if (!curve.empty())
            return evaluateSavedCurve(workspace, curve, settings, job, onPoint);
        const std::vector<PathKind> kinds = connectPathKinds(values);
        ConnectResult out;
        for (std::size_t k = 0; k < kinds.size(); ++k) {
            // Path k fills the k-th share of the job's progress.
            JobContext share = job;
            share.progress = [&, k](double fraction, const std::string& what) {
                job.report((double(k) + fraction) / double(kinds.size()), what);
            };
            PathSettings kind = settings;
            kind.kind = kinds[k];
            ConnectOutcome outcome = connectMembers(workspace.loaded(), memberValue(values, "a"),
                                                    memberValue(values, "b"), kind, share, onPoint);
            if (k == 0) {
                out.path = outcome.result;
                out.curve = std::make_shared<PathCurve>(std::move(outcome.curve));
            }
            if (kinds.size() > 1)
                out.paths.push_back(std::move(outcome.result));
        }
        return out;
    }

    // One path: its fields, as always; several: {"paths": [one such object each]}.
    nlohmann::json resultJson(const std::any& result) const override {
        const auto& connect = std::any_cast<const ConnectResult&>(result);
        if (connect.paths.size() <= 1)
            return toJson(connect.path);
        nlohmann::json paths = nlohmann::json::array();
        for (const PathResult& path : connect.paths)
            paths.push_back(toJson(path));
        return {{"paths", std::move(paths)}};
    }

  protected:
    void checkRules(const ParameterValues& values, const io::CheckpointSet* set) const override {
        // First: a path too large is refused as before.
        PathSettings settings = connectSettingsFrom(values);
        for (const PathKind kind : connectPathKinds(values)) {
            settings.kind = kind;
            validate(settings);
        }
        const bool curve = !memberValue(values, "curve").empty();
        if (curve && values.contains("path") && values["path"].is_array())
            throw InvalidArgument(
                "connect --curve: a saved curve is one path; drop --path or give one kind");
        checkMemberPair(values, set, "connect");
    }
};

}  // namespace

PathSettings connectSettingsFrom(const ParameterValues& values) {
    return pathSettingsFrom(values);
}

std::vector<PathKind> connectPathKinds(const ParameterValues& values) {
    const auto it = values.find("path");
    if (it == values.end() || it->is_null())
        return {PathSettings{}.kind};
    if (it->is_string())
        return {parsePathKind(it->get<std::string>())};
    std::vector<PathKind> kinds;
    for (const auto& word : *it)
        kinds.push_back(parsePathKind(word.get<std::string>()));
    return kinds;
}

const Analysis& connectAnalysis() {
    static const ConnectAnalysis analysis;
    return analysis;
}

}  // namespace modescape::analysis

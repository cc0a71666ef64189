#include "core/analysis/ConnectAnalysis.h"

#include "core/analysis/PathParameters.h"
#include "core/analysis/PathResultFile.h"
#include "core/analysis/SetWorkspace.h"
#include "core/analysis/SeveralWords.h"
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

    // Units are the path's points; a resumed run keeps the points its earlier
    // result holds and evaluates the others on the same curve (a curve is
    // trained once: partial results carry it).
    std::any run(SetWorkspace& workspace, const ParameterValues& values, const JobContext& job,
                 const RunOptions& options) const override {
        const PathSettings settings = connectSettingsFrom(values);
        const std::vector<PathKind> kinds = connectPathKinds(values);
        // A run of several paths starts afresh; one path continues an earlier result.
        const ConnectResult* earlier = options.resumeFrom && kinds.size() == 1
                                           ? &resumable(*options.resumeFrom, values, settings)
                                           : nullptr;
        std::shared_ptr<const PathCurve> shared;
        auto onPoint = [&](const PathResult& partial, int) {
            if (options.onPartial)
                options.onPartial(ConnectResult{partial, shared, {}});
        };
        const std::string curve = memberValue(values, "curve");
        if (!curve.empty())
            return evaluateSavedCurve(workspace, curve, settings, job, onPoint, earlier);
        ConnectResult out;
        for (std::size_t k = 0; k < kinds.size(); ++k) {
            // Path k fills the k-th share of the job's progress.
            JobContext share = job;
            share.progress = [&, k](double fraction, const std::string& what) {
                job.report((double(k) + fraction) / double(kinds.size()), what);
            };
            PathSettings kind = settings;
            kind.kind = kinds[k];
            ConnectOutcome path =
                earlier && earlier->curve
                    ? ConnectOutcome{earlier->path, *earlier->curve}
                    : buildMemberPath(workspace.loaded(), memberValue(values, "a"),
                                      memberValue(values, "b"), kind, share);
            shared = std::make_shared<const PathCurve>(path.curve);
            evaluateMemberPath(workspace.loaded(), path, kind, share, onPoint);
            if (k == 0) {
                out.path = path.result;
                out.curve = shared;
            }
            if (kinds.size() > 1)
                out.paths.push_back(std::move(path.result));
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

    // The printed JSON plus the control points (PathResultFile.h).
    std::string resultFileSuffix() const override { return "safetensors"; }
    void writeResultFile(const std::string& path, const std::any& result) const override {
        writeConnectResultFile(path, *this, std::any_cast<const ConnectResult&>(result),
                               resultJson(result));
    }
    std::any readResultFile(const std::string& path) const override {
        return readConnectResultFile(path, *this);
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

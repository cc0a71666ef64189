#include "core/analysis/CurvePlaneAnalysis.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/analysis/PathParameters.h"
#include "core/analysis/PathResultFile.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/Error.h"
#include "core/connectivity/ConnectJob.h"
#include "core/connectivity/CurveFile.h"
#include "core/connectivity/CurvePlaneLandscape.h"
#include "core/connectivity/PathReport.h"
#include "core/io/set/CheckpointSet.h"
#include "core/io/set/SetOverrides.h"
#include "core/jobs/ProgressPart.h"

namespace modescape::analysis {

namespace {

using namespace modescape::connectivity;
using K = ParameterKind;

nlohmann::json number(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

// Row-major [ny][nx] values as rows, NaN as null.
nlohmann::json rows(const std::vector<double>& values, int nx, int ny) {
    nlohmann::json out = nlohmann::json::array();
    for (int iy = 0; iy < ny; ++iy) {
        nlohmann::json row = nlohmann::json::array();
        for (int ix = 0; ix < nx; ++ix)
            row.push_back(number(values[static_cast<std::size_t>(iy) * nx + ix]));
        out.push_back(row);
    }
    return out;
}

class CurvePlaneAnalysis : public Analysis {
  public:
    const AnalysisInfo& info() const override {
        static const AnalysisInfo info{
            "curve-plane", "Mode connectivity: curve on its plane",
            "A trained curve between two members drawn on the loss landscape of the plane "
            "through A, B and its middle bend"};
        return info;
    }

    const ParameterList& parameters() const override {
        static const ParameterList list = [] {
            const CurvePlaneSettings d;
            ParameterList l = memberPairParameters("First member (t = 0, the plane's origin)",
                                                   "Second member (t = 1, at (1, 0) on the plane)");
            l.push_back(
                parameter("path", K::Choice, "Curve", "The kind of trained curve")
                    .byDefault("bezier")
                    .oneOf({pathKindName(PathKind::Bezier), pathKindName(PathKind::Polychain)}));
            for (ParameterSpec& spec : pathParameters({})) {
                if (spec.name == "bends")
                    spec.range(3);  // the plane needs a middle bend
                l.push_back(std::move(spec));
            }
            l.push_back(parameter("grid-points", K::Integer, "Plane grid",
                                  "Grid points per axis of the plane's landscape")
                            .byDefault(d.gridPoints)
                            .in("points per axis")
                            .range(2));
            l.push_back(parameter("margin", K::Real, "Margin",
                                  "Added on every side of the curve, as a fraction of its extent")
                            .byDefault(d.margin)
                            .range(0)
                            .isAdvanced());
            l.push_back(parameter("split", K::Role, "Split", "The dataset the plane's loss is on")
                            .byDefault(d.split)
                            .oneOf(io::datasetRoles()));
            l.push_back(parameter("subset", K::Integer, "Subset",
                                  "Samples of the split per grid point, drawn without replacement")
                            .defaultReads("the whole split")
                            .in("samples")
                            .range(1)
                            .isAdvanced());
            l.push_back(parameter("curve-points", K::Integer, "Curve points",
                                  "Points of theta(t) projected onto the plane")
                            .byDefault(d.curvePoints)
                            .range(2)
                            .isAdvanced());
            return l;
        }();
        return list;
    }

    // Units: the curve (trained once), its path points, the plane's grid
    // points. A resumed run keeps the curve and every point its earlier
    // result holds, and computes the rest.
    std::any run(SetWorkspace& workspace, const ParameterValues& values, const JobContext& job,
                 const RunOptions& options) const override {
        const CurvePlaneSettings planeSettings = curvePlaneSettingsFrom(values);
        evaluation::LoadedSet& loaded = workspace.loaded();
        const CurvePlaneOutcome* earlier =
            options.resumeFrom ? &resumable(*options.resumeFrom, values) : nullptr;
        CurvePlaneOutcome out;
        std::string a = memberValue(values, "a"), b = memberValue(values, "b");
        double planeFrom = 0.0;
        const std::string saved = memberValue(values, "curve");
        if (!saved.empty()) {
            SavedCurve file = loadCurve(saved);
            a = file.info.memberA;
            b = file.info.memberB;
            out.curve = std::make_shared<const PathCurve>(std::move(file.curve));
        } else {
            const PathSettings pathSettings = pathSettingsFrom(values);
            const bool trained = earlier && earlier->curve;
            planeFrom = trained ? 0.1 : 0.5;  // the path's share of the progress
            const JobContext pathJob = progressPart(job, 0.0, planeFrom);
            ConnectOutcome path = trained ? ConnectOutcome{earlier->path, *earlier->curve}
                                          : buildMemberPath(loaded, a, b, pathSettings, pathJob);
            out.curve = std::make_shared<const PathCurve>(path.curve);
            evaluateMemberPath(loaded, path, pathSettings, pathJob,
                               [&](const PathResult& partial, int) {
                                   if (options.onPartial)
                                       options.onPartial(CurvePlaneOutcome{partial, {}, out.curve});
                               });
            out.path = std::move(path.result);
        }
        const bool continuesSurface =
            earlier && earlier->curve && earlier->plane.surface.computedPoints() > 0;
        out.plane = computeCurvePlane(
            loaded, *out.curve, a, b, planeSettings, progressPart(job, planeFrom, 1.0),
            [&](const landscape::LandscapeResult& partial, int) {
                if (!options.onPartial)
                    return;
                CurvePlaneOutcome shown{out.path, {}, out.curve};
                shown.plane.surface = partial;
                shown.plane.kind = out.curve->kind();
                shown.plane.memberA = a;
                shown.plane.memberB = b;
                options.onPartial(shown);
            },
            continuesSurface ? &earlier->plane.surface : nullptr);
        return out;
    }

    // The path, the plane's grid and the control points (PathResultFile.h).
    std::string resultFileSuffix() const override { return "safetensors"; }
    void writeResultFile(const std::string& path, const std::any& result) const override {
        writeCurvePlaneResultFile(path, *this, std::any_cast<const CurvePlaneOutcome&>(result));
    }
    std::any readResultFile(const std::string& path) const override {
        return readCurvePlaneResultFile(path, *this);
    }

    nlohmann::json resultJson(const std::any& result) const override {
        return curvePlaneJson(std::any_cast<const CurvePlaneOutcome&>(result));
    }

  protected:
    void checkRules(const ParameterValues& values, const io::CheckpointSet* set) const override {
        if (memberValue(values, "curve").empty())
            validate(pathSettingsFrom(values));
        checkMemberPair(values, set, "curve-plane");
        const std::string split = memberValue(values, "split");
        if (set && std::none_of(set->datasets.begin(), set->datasets.end(),
                                [&](const io::DatasetSpec& d) { return d.role == split; }))
            throw InvalidArgument("--split: the set has no '" + split + "' dataset");
    }

  private:
    // The earlier result, when it is a curve plane of these members.
    static const CurvePlaneOutcome& resumable(const std::any& earlier,
                                              const ParameterValues& values) {
        const auto* result = std::any_cast<CurvePlaneOutcome>(&earlier);
        if (!result)
            throw InvalidArgument("curve-plane: the result to continue is not a curve plane");
        const PathResult& p = result->path;
        if (memberValue(values, "curve").empty() && !p.t.empty() &&
            (p.memberA != memberValue(values, "a") || p.memberB != memberValue(values, "b")))
            throw InvalidArgument("curve-plane: the curve to continue joins " + p.memberA +
                                  " and " + p.memberB + ", not the members given");
        return *result;
    }
};

}  // namespace

CurvePlaneSettings curvePlaneSettingsFrom(const ParameterValues& values) {
    CurvePlaneSettings s;
    s.gridPoints = values.value("grid-points", s.gridPoints);
    s.margin = values.value("margin", s.margin);
    s.split = values.value("split", s.split);
    if (values.contains("subset") && values["subset"].is_number_integer())
        s.subset = values["subset"].get<std::int64_t>();
    s.curvePoints = values.value("curve-points", s.curvePoints);
    return s;
}

nlohmann::json curvePlaneJson(const CurvePlaneOutcome& outcome) {
    const CurvePlaneResult& p = outcome.plane;
    const landscape::LandscapeResult& s = p.surface;
    nlohmann::json markers = nlohmann::json::array();
    for (const auto& m : s.markers)
        markers.push_back({{"name", m.name}, {"x", m.x}, {"y", m.y}});
    nlohmann::json j{
        {"path", pathKindName(p.kind)},
        {"bends",
         outcome.path.t.empty() ? nlohmann::json(nullptr) : nlohmann::json(outcome.path.bends)},
        {"a", p.memberA},
        {"b", p.memberB},
        {"split", s.settings.split},
        {"samples", s.samples},
        {"bend", {{"x", p.bendX}, {"y", p.bendY}}},
        {"t", p.t},
        {"x", p.x},
        {"y", p.y},
        {"xs", s.xs},
        {"ys", s.ys},
        {"loss", rows(s.loss, s.nx(), s.ny())},
        {"accuracy", rows(s.accuracy, s.nx(), s.ny())},
        {"center_loss", number(s.centerLoss)},
        {"center_accuracy", number(s.centerAccuracy)},
        {"loss_min", number(s.lossMin())},
        {"loss_max", number(s.lossMax())},
        {"markers", markers},
        {"grid_seconds", s.seconds},
    };
    if (!outcome.path.t.empty())
        j["curve"] = toJson(outcome.path);
    return j;
}

const Analysis& curvePlaneAnalysis() {
    static const CurvePlaneAnalysis analysis;
    return analysis;
}

}  // namespace modescape::analysis

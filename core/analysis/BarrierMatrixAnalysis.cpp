#include "core/analysis/BarrierMatrixAnalysis.h"

#include <set>

#include "core/analysis/JsonResultFile.h"
#include "core/analysis/ResultFileJson.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/Error.h"
#include "core/connectivity/PathReport.h"
#include "core/io/set/CheckpointSet.h"

namespace modescape::analysis {

namespace {

using namespace modescape::connectivity;
using K = ParameterKind;

std::vector<std::string> membersOf(const ParameterValues& values) {
    std::vector<std::string> names;
    if (values.contains("members") && values["members"].is_array())
        names = values["members"].get<std::vector<std::string>>();
    return names;
}

class BarrierMatrixAnalysis : public Analysis {
  public:
    const AnalysisInfo& info() const override {
        static const AnalysisInfo info{
            "barrier-matrix", "Mode connectivity: barrier matrix",
            "Pairwise loss barriers of a selection of members (straight or weight-matched paths) "
            "and the basins they form below a threshold"};
        return info;
    }

    const ParameterList& parameters() const override {
        static const BarrierMatrixSettings d;
        static const ParameterList list{
            setParameter(),
            parameter("members", K::Members, "Members", "Members of the matrix")
                .defaultReads("every member of the set")
                .selectedByDefault(),
            parameter("aligned", K::Flag, "Align each pair first",
                      "Weight-match each second member to the first before its path"),
            parameter("threshold", K::Real, "Basin threshold",
                      "Barrier below which two members share a basin")
                .byDefault(d.threshold)
                .in("nats")
                .range(0),
            parameter("points", K::Integer, "Points", "Evaluated points along each path")
                .byDefault(d.points)
                .range(2),
            parameter("eval-batch-size", K::Integer, "Evaluation batch",
                      "Samples per forward pass when evaluating a point")
                .byDefault(d.evaluationBatchSize)
                .in("samples")
                .range(1)
                .isAdvanced()
                .tuningOnly(),
            parameter("bn-samples", K::Integer, "BatchNorm samples",
                      "Training samples of the pass that recomputes BatchNorm statistics at "
                      "each point (models with BatchNorm)")
                .byDefault(d.batchNormSamples)
                .in("samples")
                .range(1)
                .isAdvanced(),
        };
        return list;
    }

    WorkUnits workUnits(SetWorkspace& workspace, const ParameterValues& values) const override {
        const std::size_t n =
            membersOf(values).empty() ? workspace.set().members.size() : membersOf(values).size();
        return {pairCount(n), "member pairs"};
    }

    std::any run(SetWorkspace& workspace, const ParameterValues& values, const JobContext& job,
                 const RunOptions& options) const override {
        BarrierMatrixSettings settings = barrierMatrixSettingsFrom(values);
        settings.pairs = options.units;
        // A resumed run computes only the pairs the earlier matrix lacks.
        const BarrierMatrix* earlier = nullptr;
        if (options.resumeFrom) {
            earlier = std::any_cast<BarrierMatrix>(options.resumeFrom);
            if (!earlier)
                throw InvalidArgument(
                    "barrier-matrix: the result to continue is not a barrier matrix");
        }
        return computeBarrierMatrix(
            workspace.loaded(), settings, job,
            [&](const BarrierMatrix& partial, std::size_t, std::size_t) {
                if (options.onPartial)
                    options.onPartial(partial);
            },
            earlier);
    }

    void merge(std::any& whole, const std::any& part) const override {
        if (!whole.has_value())
            whole = BarrierMatrix{};
        mergeBarrierMatrices(std::any_cast<BarrierMatrix&>(whole),
                             std::any_cast<const BarrierMatrix&>(part));
    }

    nlohmann::json resultJson(const std::any& result) const override {
        return toJson(std::any_cast<const BarrierMatrix&>(result));
    }

    // What `--json` prints (every number of the matrix).
    std::string resultFileSuffix() const override { return "json"; }
    void writeResultFile(const std::string& path, const std::any& result) const override {
        writeJsonResultFile(path, *this, resultJson(result));
    }
    std::any readResultFile(const std::string& path) const override {
        return readJsonResult(path, *this, [](const nlohmann::json& j) {
            return std::any(barrierMatrixFromFileJson(j));
        });
    }

  protected:
    void checkRules(const ParameterValues& values, const io::CheckpointSet* set) const override {
        const std::vector<std::string> names = membersOf(values);
        std::set<std::string> seen;
        for (const auto& name : names) {
            if (set && !set->findMember(name))
                throw InvalidArgument(set->folder + ": no member named '" + name + "'");
            if (!seen.insert(name).second)
                throw InvalidArgument("--members: member '" + name + "' is listed twice");
        }
        const std::size_t n = names.empty() && set ? set->members.size() : names.size();
        if ((!names.empty() || set) && n < 2)
            throw InvalidArgument("barrier matrix: needs at least 2 members (got " +
                                  std::to_string(n) + ")");
    }
};

}  // namespace

BarrierMatrixSettings barrierMatrixSettingsFrom(const ParameterValues& values) {
    BarrierMatrixSettings s;
    s.members = membersOf(values);
    s.aligned = values.value("aligned", s.aligned);
    s.threshold = values.value("threshold", s.threshold);
    s.points = values.value("points", s.points);
    s.evaluationBatchSize = values.value("eval-batch-size", s.evaluationBatchSize);
    s.batchNormSamples = values.value("bn-samples", s.batchNormSamples);
    return s;
}

const Analysis& barrierMatrixAnalysis() {
    static const BarrierMatrixAnalysis analysis;
    return analysis;
}

}  // namespace modescape::analysis

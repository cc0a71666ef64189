#include "core/analysis/UncertaintyAnalysis.h"

#include "core/analysis/AnalysisCost.h"
#include "core/analysis/EnsembleChoice.h"
#include "core/analysis/ForwardJobEstimate.h"
#include "core/analysis/JsonResultFile.h"
#include "core/analysis/SetWorkspace.h"
#include "core/analysis/UncertaintyResultFile.h"
#include "core/calibration/CalibrationJson.h"
#include "core/evaluation/CalibrationInput.h"
#include "core/projection/MemberRowSource.h"

namespace modescape::analysis {
namespace {

class UncertaintyAnalysis : public Analysis, public EstimatesCost {
  public:
    const AnalysisInfo& info() const override {
        static const AnalysisInfo info{
            "uncertainty", "Uncertainty",
            "Ensemble-size curve, OOD scores and their histograms, pairwise mutual information "
            "of the members (the Uncertainty view's numbers)"};
        return info;
    }

    const ParameterList& parameters() const override {
        static const ParameterList list{
            setParameter(),
            membersParameter(),
            groupParameter(),
            splitParameter(),
            parameter("histogram-bins", ParameterKind::Integer, "Histogram bins",
                      "Bins of the OOD-score and pairwise mutual information histograms")
                .byDefault(30)
                .range(2, 200)
                .in("bins"),
            parameter("bins", ParameterKind::Integer, "Calibration bins",
                      "Confidence bins of the ensemble-size curve's calibration errors")
                .byDefault(15)
                .range(1, 1000)
                .in("bins")
                .isAdvanced(),
            parameter("seed", ParameterKind::Integer, "Order seed",
                      "Seed of the ensemble-size curve's member order")
                .byDefault(0)
                .range(0)
                .isAdvanced(),
            parameter("max-pairwise-members", ParameterKind::Integer, "Pairwise MI up to",
                      "Pairwise mutual information (O(M^2)) only for at most this many members")
                .byDefault(300)
                .range(2)
                .in("members")
                .isAdvanced(),
        };
        return list;
    }

    std::any run(SetWorkspace& workspace, const ParameterValues& values, const JobContext& context,
                 const RunOptions&) const override {
        const io::CheckpointSet& set = workspace.set();
        const std::vector<std::string> names = chosenMembers(values, set);
        UncertaintyResult result;
        result.split = values.at("split").get<std::string>();
        result.set = set.folder;
        result.data = workspace.loaded().dataset(result.split).spec;
        // One member's predictions in memory at a time (the running sums of
        // StreamedCalibration), then the curve's and the pairwise passes read
        // the members again through the prediction cache.
        const calibration::UncertaintyOptions options = uncertaintySettingsFrom(values);
        evaluation::SetCalibration calibrated = evaluation::calibrateSet(
            workspace.loaded(), names, result.split,
            calibration::streamedUncertaintyOptions(options, names.size(),
                                                    projection::streamingWorkingBytes()),
            context, workspace.predictions());
        result.names = std::move(calibrated.names);
        result.leftOut = std::move(calibrated.leftOut);
        result.report = calibration::uncertaintyReportFrom(std::move(calibrated.report),
                                                           calibrated.samples, options);
        return result;
    }

    // The chosen members on the whole split, and on the OOD split when the set has one.
    std::optional<evaluation::ForwardCost> estimateCost(
        SetWorkspace& workspace, const ParameterValues& values) const override {
        return forwardJobEstimate(workspace, chosenMembers(values, workspace.set()),
                                  values.at("split").get<std::string>(), 0, true);
    }

    nlohmann::json resultJson(const std::any& any) const override {
        const auto& result = std::any_cast<const UncertaintyResult&>(any);
        nlohmann::json out = calibration::toJson(result.report, result.names, result.perSample);
        out["set"] = result.set;
        out["split"] = result.split;
        out["data"] = result.data;
        out["non_finite_members"] = result.leftOut;
        return out;
    }

    // What `--json --per-sample` prints, plus what it gives only as names.
    std::string resultFileSuffix() const override { return "json"; }
    void writeResultFile(const std::string& path, const std::any& result) const override {
        UncertaintyResult withSamples = std::any_cast<const UncertaintyResult&>(result);
        withSamples.perSample = true;  // the file keeps every sample's scores
        writeJsonResultFile(path, *this,
                            uncertaintyFileJson(std::any_cast<const UncertaintyResult&>(result),
                                                resultJson(std::any(std::move(withSamples)))));
    }
    std::any readResultFile(const std::string& path) const override {
        return readJsonResult(path, *this, [](const nlohmann::json& j) {
            return std::any(uncertaintyFromFileJson(j));
        });
    }

  protected:
    void checkRules(const ParameterValues& values, const io::CheckpointSet* set) const override {
        checkEnsembleChoice(values, set);
    }
};

}  // namespace

calibration::UncertaintyOptions uncertaintySettingsFrom(const ParameterValues& values) {
    calibration::UncertaintyOptions options;
    options.histogramBins = values.at("histogram-bins").get<int>();
    options.evaluation.bins = values.at("bins").get<int>();
    options.seed = values.at("seed").get<std::uint64_t>();
    options.maxPairwiseMembers = values.at("max-pairwise-members").get<std::size_t>();
    return options;
}

const Analysis& uncertaintyAnalysis() {
    static const UncertaintyAnalysis analysis;
    return analysis;
}

}  // namespace modescape::analysis

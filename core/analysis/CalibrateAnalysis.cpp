#include "core/analysis/CalibrateAnalysis.h"

#include "core/analysis/AnalysisCost.h"
#include "core/analysis/CalibrateResultFile.h"
#include "core/analysis/EnsembleChoice.h"
#include "core/analysis/ForwardJobEstimate.h"
#include "core/analysis/JsonResultFile.h"
#include "core/analysis/ResidentCalibrations.h"
#include "core/analysis/SetWorkspace.h"
#include "core/calibration/CalibrationJson.h"
#include "core/data/Normalization.h"
#include "core/evaluation/NearChance.h"
#include "core/evaluation/ResidentCalibration.h"
#include "core/projection/MemberRowSource.h"

namespace modescape::analysis {
namespace {

class CalibrateAnalysis : public Analysis, public EstimatesCost {
  public:
    const AnalysisInfo& info() const override {
        static const AnalysisInfo info{
            "calibrate", "Calibration",
            "Calibration, uncertainty and OOD metrics of members and of their model average"};
        return info;
    }

    const ParameterList& parameters() const override {
        static const ParameterList list{
            setParameter(),
            membersParameter(),
            groupParameter(),
            splitParameter(),
            parameter("bins", ParameterKind::Integer, "Bins",
                      "Confidence bins of the calibration errors and the reliability table")
                .byDefault(15)
                .range(1, 1000)
                .in("bins"),
            parameter("binning", ParameterKind::Choice, "Binning",
                      "Bins of the reliability table: equal width, or equal mass (adaptive; the "
                      "old --adaptive)")
                .byDefault(calibration::binningName(calibration::BinningStrategy::EqualWidth))
                .oneOf(wordsOf(calibration::kBinningWords)),
            parameter("ood-score", ParameterKind::Choice, "OOD score",
                      "Score of the headline OOD numbers (every score is reported too)")
                .byDefault(calibration::oodScoreName(calibration::OodScore::MaxProbability))
                .oneOf(wordsOf(calibration::kOodScoreWords))
                .isAdvanced(),
            parameter("pairwise", ParameterKind::Flag, "Pairwise mutual information",
                      "Also report the mutual information of every pair of members (O(M^2))"),
            parameter("ensemble-size", ParameterKind::Flag, "Ensemble-size curve",
                      "Also report the metrics of the average of the first k members, k = 1..M"),
            parameter("bootstrap", ParameterKind::Integer, "Bootstrap resamples",
                      "Resamples of the 95% bootstrap intervals of every metric and of the "
                      "reliability bins' accuracy (0: none)")
                .byDefault(0)
                .range(0, calibration::kMaxBootstrapResamples)
                .in("resamples"),
            parameter("bootstrap-seed", ParameterKind::Integer, "Bootstrap seed",
                      "Seed of the bootstrap resamples")
                .byDefault(0)
                .range(0)
                .isAdvanced(),
            parameter("seed", ParameterKind::Integer, "Order seed",
                      "Seed of the ensemble-size member order")
                .byDefault(0)
                .range(0)
                .when("ensemble-size", {true})
                .isAdvanced(),
        };
        return list;
    }

    std::any run(SetWorkspace& workspace, const ParameterValues& values, const JobContext& context,
                 const RunOptions&) const override {
        const io::CheckpointSet& set = workspace.set();
        const std::vector<std::string> names = chosenMembers(values, set);
        CalibrateResult result;
        result.split = values.at("split").get<std::string>();
        result.group = values.at("group").get<std::string>();
        const data::Dataset& data = workspace.loaded().dataset(result.split);
        calibration::StreamedCalibrationOptions options = calibrateSettingsFrom(values);
        options.workingBytes = projection::streamingWorkingBytes();
        // One member's predictions in memory at a time; members with non-finite
        // predictions are left out (and warned about).
        // The GUI keeps the members' predictions in memory: a new selection
        // re-aggregates from running sums (the same numbers to rounding).
        std::optional<evaluation::SetCalibration> live;
        if (const auto resident = residentCalibrationOf(workspace))
            live = resident->calibrate(workspace.loaded(), names, result.split, options, context,
                                       workspace.predictions());
        result.calibrated =
            live ? std::move(*live)
                 : evaluation::calibrateSet(workspace.loaded(), names, result.split, options,
                                            context, workspace.predictions());
        result.set = set.folder;
        result.data = data.spec;
        result.normalization = data::describeNormalization(data);
        std::vector<double> accuracies;
        for (const auto& member : result.calibrated.report.members)
            accuracies.push_back(member.metrics.accuracy);
        result.nearChance = evaluation::nearChanceWarning(accuracies, data, result.split);
        return result;
    }

    // The chosen members on the whole split, and on the OOD split when the set has one.
    std::optional<evaluation::ForwardCost> estimateCost(
        SetWorkspace& workspace, const ParameterValues& values) const override {
        return forwardJobEstimate(workspace, chosenMembers(values, workspace.set()),
                                  values.at("split").get<std::string>(), 0, true);
    }

    nlohmann::json resultJson(const std::any& any) const override {
        const auto& result = std::any_cast<const CalibrateResult&>(any);
        nlohmann::json out = calibration::toJson(result.calibrated.report, result.calibrated.names);
        out["set"] = result.set;
        out["data"] = result.data;
        out["normalization"] = result.normalization;
        out["near_chance"] =
            result.nearChance.empty() ? nlohmann::json(nullptr) : nlohmann::json(result.nearChance);
        out["non_finite_members"] = result.calibrated.leftOut;
        return out;
    }

    // What `--json` prints, plus what it gives only as names or leaves out.
    std::string resultFileSuffix() const override { return "json"; }
    void writeResultFile(const std::string& path, const std::any& result) const override {
        writeJsonResultFile(
            path, *this,
            calibrateFileJson(std::any_cast<const CalibrateResult&>(result), resultJson(result)));
    }
    std::any readResultFile(const std::string& path) const override {
        return readJsonResult(path, *this, [](const nlohmann::json& j) {
            return std::any(calibrateFromFileJson(j));
        });
    }

  protected:
    void checkRules(const ParameterValues& values, const io::CheckpointSet* set) const override {
        checkEnsembleChoice(values, set);
    }
};

}  // namespace

calibration::StreamedCalibrationOptions calibrateSettingsFrom(const ParameterValues& values) {
    calibration::StreamedCalibrationOptions options;
    options.calibration.evaluation.bins = values.at("bins").get<int>();
    options.calibration.evaluation.tableStrategy =
        calibration::parseBinning(values.at("binning").get<std::string>());
    options.calibration.oodScore =
        calibration::oodScoreFromName(values.at("ood-score").get<std::string>());
    options.calibration.pairwise = values.at("pairwise").get<bool>();
    options.calibration.ensembleSizeCurve = values.at("ensemble-size").get<bool>();
    options.calibration.seed = values.at("seed").get<std::uint64_t>();
    options.calibration.evaluation.bootstrap.resamples = values.at("bootstrap").get<int>();
    options.calibration.evaluation.bootstrap.seed =
        values.at("bootstrap-seed").get<std::uint64_t>();
    return options;
}

const Analysis& calibrateAnalysis() {
    static const CalibrateAnalysis analysis;
    return analysis;
}

}  // namespace modescape::analysis

#include "core/analysis/CalibrateResultFile.h"
#include "core/analysis/CalibrationFromJson.h"
#include "core/analysis/JsonResultFile.h"

namespace modescape::analysis {

namespace {

using nlohmann::json;
using Indices = std::vector<std::int64_t>;

calibration::ReliabilityTable tableFrom(const json& j, const json& exact) {
    calibration::ReliabilityTable t;
    t.strategy = calibration::parseBinning(j.at("binning").at("strategy").get<std::string>());
    t.binCount = j.at("binning").at("bins").get<int>();
    for (const json& bin : j.at("bins")) {
        calibration::CalibrationBin b;
        b.lower = numberOrNan(bin.at("lower"));
        b.upper = numberOrNan(bin.at("upper"));
        b.count = bin.at("count").get<std::int64_t>();
        b.confidence = numberOrNan(bin.at("confidence"));
        b.accuracy = numberOrNan(bin.at("accuracy"));
        if (bin.contains("accuracy_ci")) {
            b.accuracyLower = numberOrNan(bin.at("accuracy_ci").at("lower"));
            b.accuracyUpper = numberOrNan(bin.at("accuracy_ci").at("upper"));
        }
        t.bins.push_back(b);
    }
    const json& own = exact.at("table");
    t.ece = numberOrNan(own.at("ece"));
    t.mce = numberOrNan(own.at("mce"));
    t.rmsce = numberOrNan(own.at("rmsce"));
    t.meanConfidence = numberOrNan(own.at("mean_confidence"));
    t.meanAccuracy = numberOrNan(own.at("mean_accuracy"));
    return t;
}

calibration::OodReport oodFrom(const json& j, const json& exact) {
    calibration::OodReport ood;
    ood.headline = calibration::oodScoreFromName(j.at("score").get<std::string>());
    ood.metrics = detectionFrom(j);
    ood.samples = j.at("samples").get<std::int64_t>();
    ood.diversity = diversityFrom(j.at("diversity"));
    for (const json& name : exact.at("ood_scores"))
        ood.byScore.emplace_back(calibration::oodScoreFromName(name.get<std::string>()),
                                 detectionFrom(j.at("by_score").at(name.get<std::string>())));
    return ood;
}

}  // namespace

json calibrateFileJson(const CalibrateResult& result, json printed) {
    const calibration::CalibrationReport& report = result.calibrated.report;
    json groups = json::array();
    for (const calibration::GroupReport& group : report.groups)
        groups.push_back(group.members);
    json oodScores = json::array();
    if (report.ood)
        for (const auto& [score, metrics] : report.ood->byScore)
            oodScores.push_back(calibration::oodScoreName(score));
    printed["exact"] = {
        {"names", result.calibrated.names},
        {"selection", report.selection},
        {"selection_names", report.selectionNames},
        {"group_members", groups},
        {"ood_scores", oodScores},
        {"pairwise_members", report.pairwise ? report.pairwise->members : Indices()},
        {"pairwise_ood_members", report.pairwiseOod ? report.pairwiseOod->members : Indices()},
        {"curve_order", report.curve ? report.curve->order : Indices()},
        {"table",
         {{"ece", report.table.ece},
          {"mce", report.table.mce},
          {"rmsce", report.table.rmsce},
          {"mean_confidence", report.table.meanConfidence},
          {"mean_accuracy", report.table.meanAccuracy}}},
        {"split", result.split},
        {"group", result.group}};
    return printed;
}

CalibrateResult calibrateFromFileJson(const json& j) {
    const json& exact = j.at("exact");
    CalibrateResult result;
    result.split = exact.at("split").get<std::string>();
    result.group = exact.at("group").get<std::string>();
    result.set = j.at("set").get<std::string>();
    result.data = j.at("data").get<std::string>();
    result.normalization = j.at("normalization").get<std::string>();
    result.nearChance = j.at("near_chance").is_null() ? "" : j.at("near_chance").get<std::string>();
    result.calibrated.names = exact.at("names").get<std::vector<std::string>>();
    result.calibrated.leftOut = j.at("non_finite_members").get<std::vector<std::string>>();

    calibration::CalibrationReport& report = result.calibrated.report;
    report.selection = exact.at("selection").get<Indices>();
    report.selectionNames = exact.at("selection_names").get<std::vector<std::string>>();
    report.bma = metricsFrom(j.at("bma"));
    for (const json& member : j.at("members"))
        report.members.push_back({member.at("index").get<std::int64_t>(),
                                  member.at("name").get<std::string>(), metricsFrom(member)});
    const json& groupMembers = exact.at("group_members");
    for (std::size_t g = 0; g < j.at("groups").size(); ++g) {
        const json& group = j.at("groups").at(g);
        report.groups.push_back({group.at("name").get<std::string>(),
                                 groupMembers.at(g).get<Indices>(), metricsFrom(group),
                                 diversityFrom(group.at("diversity"))});
    }
    report.table = tableFrom(j, exact);
    if (j.contains("curves"))
        report.curves = curvesFrom(j.at("curves"));
    report.diversity = diversityFrom(j.at("diversity"));
    if (j.contains("ood"))
        report.ood = oodFrom(j.at("ood"), exact);
    if (j.contains("pairwise_mutual_information")) {
        const json& pairwise = j.at("pairwise_mutual_information");
        report.pairwise =
            calibration::PairwiseMutualInformation{exact.at("pairwise_members").get<Indices>(),
                                                   numbersOrNan(pairwise.at("in_distribution"))};
        if (pairwise.contains("out_of_distribution"))
            report.pairwiseOod = calibration::PairwiseMutualInformation{
                exact.at("pairwise_ood_members").get<Indices>(),
                numbersOrNan(pairwise.at("out_of_distribution"))};
    }
    if (j.contains("ensemble_size"))
        report.curve = curveFrom(j.at("ensemble_size"), exact.at("curve_order"));
    return result;
}

}  // namespace modescape::analysis

#include "core/analysis/UncertaintyResultFile.h"

#include "core/analysis/CalibrationFromJson.h"
#include "core/analysis/JsonResultFile.h"

namespace modescape::analysis {

namespace {
using nlohmann::json;
using Indices = std::vector<std::int64_t>;
}  // namespace

json uncertaintyFileJson(const UncertaintyResult& result, json printed) {
    const calibration::UncertaintyReport& report = result.report;
    json oodScores = json::array();
    for (const calibration::OodScoreReport& score : report.ood)
        oodScores.push_back(calibration::oodScoreName(score.score));
    printed["exact"] = {
        {"names", result.names},
        {"selection", report.selection},
        {"selection_names", report.selectionNames},
        {"curve_order", report.curve.order},
        {"ood_scores", oodScores},
        {"pairwise_members", report.pairwise ? report.pairwise->members : Indices()},
        {"pairwise_ood_members", report.pairwiseOod ? report.pairwiseOod->members : Indices()},
        {"per_sample", result.perSample}};
    return printed;
}

UncertaintyResult uncertaintyFromFileJson(const json& j) {
    const json& exact = j.at("exact");
    UncertaintyResult result;
    result.names = exact.at("names").get<std::vector<std::string>>();
    result.leftOut = j.at("non_finite_members").get<std::vector<std::string>>();
    result.split = j.at("split").get<std::string>();
    result.set = j.at("set").get<std::string>();
    result.data = j.at("data").get<std::string>();
    result.perSample = exact.at("per_sample").get<bool>();

    calibration::UncertaintyReport& report = result.report;
    report.selection = exact.at("selection").get<Indices>();
    report.selectionNames = exact.at("selection_names").get<std::vector<std::string>>();
    report.diversity = diversityFrom(j.at("diversity"));
    report.curve = curveFrom(j.at("ensemble_size"), exact.at("curve_order"));
    if (const json& ood = j.at("ood"); !ood.is_null()) {
        report.oodDiversity = diversityFrom(ood.at("diversity"));
        report.oodSamples = ood.at("samples").get<std::int64_t>();
        for (const json& name : exact.at("ood_scores")) {
            const json& score = ood.at("scores").at(name.get<std::string>());
            calibration::OodScoreReport entry;
            entry.score = calibration::oodScoreFromName(name.get<std::string>());
            entry.metrics = detectionFrom(score);
            entry.inside = numbersOrNan(score.at("in_distribution"));
            entry.outside = numbersOrNan(score.at("out_of_distribution"));
            entry.histogram = pairedHistogramFrom(score.at("histogram"));
            report.ood.push_back(std::move(entry));
        }
    }
    if (const json& pairwise = j.at("pairwise_mutual_information"); !pairwise.is_null()) {
        report.pairwise =
            calibration::PairwiseMutualInformation{exact.at("pairwise_members").get<Indices>(),
                                                   numbersOrNan(pairwise.at("in_distribution"))};
        if (pairwise.contains("out_of_distribution"))
            report.pairwiseOod = calibration::PairwiseMutualInformation{
                exact.at("pairwise_ood_members").get<Indices>(),
                numbersOrNan(pairwise.at("out_of_distribution"))};
        if (!pairwise.at("histogram").is_null())
            report.pairwiseHistogram = pairedHistogramFrom(pairwise.at("histogram"));
    }
    return result;
}

}  // namespace modescape::analysis

#include "core/analysis/CalibrationFromJson.h"

#include <limits>

#include "core/analysis/JsonResultFile.h"

namespace modescape::analysis {

using nlohmann::json;

calibration::PredictionMetrics metricsFrom(const json& j) {
    calibration::PredictionMetrics m;
    m.samples = j.at("samples").get<std::int64_t>();
    m.accuracy = numberOrNan(j.at("accuracy"));
    m.nll = numberOrNan(j.at("nll"));
    m.brier = numberOrNan(j.at("brier"));
    m.ece = numberOrNan(j.at("ece"));
    m.mce = numberOrNan(j.at("mce"));
    m.rmsce = numberOrNan(j.at("rmsce"));
    m.adaptiveEce = numberOrNan(j.at("adaptive_ece"));
    m.meanConfidence = numberOrNan(j.at("mean_confidence"));
    // Files written before session 11 lack these: the read fails and the cache recomputes.
    m.aurc = numberOrNan(j.at("aurc"));
    m.smoothEce = numberOrNan(j.at("smooth_ece"));
    m.signedEce = numberOrNan(j.at("signed_ece"));
    m.classwiseEce = numberOrNan(j.at("classwise_ece"));
    if (j.contains("ci"))
        m.intervals = intervalsFrom(j.at("ci"));
    return m;
}

calibration::MetricIntervals intervalsFrom(const json& j) {
    const auto interval = [&j](const char* name) {
        return calibration::Interval{numberOrNan(j.at(name).at("lower")),
                                     numberOrNan(j.at(name).at("upper"))};
    };
    calibration::MetricIntervals ci;
    ci.resamples = j.at("resamples").get<int>();
    ci.seed = j.at("seed").get<std::uint64_t>();
    ci.accuracy = interval("accuracy");
    ci.nll = interval("nll");
    ci.brier = interval("brier");
    ci.ece = interval("ece");
    ci.mce = interval("mce");
    ci.rmsce = interval("rmsce");
    ci.adaptiveEce = interval("adaptive_ece");
    ci.aurc = interval("aurc");
    ci.smoothEce = interval("smooth_ece");
    ci.signedEce = interval("signed_ece");
    ci.classwiseEce = interval("classwise_ece");
    return ci;
}

calibration::CalibrationCurves curvesFrom(const json& j) {
    calibration::CalibrationCurves curves;
    const json& risk = j.at("risk_coverage");
    curves.riskCoverage.coverage = numbersOrNan(risk.at("coverage"));
    curves.riskCoverage.risk = numbersOrNan(risk.at("risk"));
    const json& smooth = j.at("smooth_reliability");
    curves.smooth.sigma = numberOrNan(smooth.at("bandwidth"));
    curves.smooth.confidence = numbersOrNan(smooth.at("confidence"));
    curves.smooth.accuracy = numbersOrNan(smooth.at("accuracy"));
    curves.smooth.density = numbersOrNan(smooth.at("density"));
    return curves;
}

calibration::DiversityMetrics diversityFrom(const json& j) {
    calibration::DiversityMetrics d;
    d.members = j.at("members").get<std::int64_t>();
    d.disagreement = numberOrNan(j.at("disagreement"));
    d.mutualInformation = numberOrNan(j.at("mutual_information"));
    d.predictiveEntropy = numberOrNan(j.at("predictive_entropy"));
    d.expectedEntropy = numberOrNan(j.at("expected_entropy"));
    return d;
}

calibration::DetectionMetrics detectionFrom(const json& j) {
    calibration::DetectionMetrics d;
    d.auroc = numberOrNan(j.at("auroc"));
    d.aupr = numberOrNan(j.at("aupr"));
    d.fpr95 = numberOrNan(j.at("fpr95"));
    // null: nothing flagged, the threshold is +infinity (CalibrationJson.h).
    const json& threshold = j.at("fpr95_threshold");
    d.fpr95Threshold =
        threshold.is_null() ? std::numeric_limits<double>::infinity() : threshold.get<double>();
    d.fpr95Recall = numberOrNan(j.at("fpr95_recall"));
    return d;
}

calibration::EnsembleSizeCurve curveFrom(const json& j, const json& order) {
    calibration::EnsembleSizeCurve curve;
    curve.seed = j.at("seed").get<std::uint64_t>();
    curve.order = order.get<std::vector<std::int64_t>>();
    for (const json& point : j.at("points")) {
        calibration::EnsembleSizePoint p;
        p.size = point.at("size").get<std::int64_t>();
        p.metrics = metricsFrom(point);
        p.diversity = diversityFrom(point.at("diversity"));
        if (point.contains("ood"))
            p.ood = detectionFrom(point.at("ood"));
        curve.points.push_back(std::move(p));
    }
    return curve;
}

calibration::PairedHistogram pairedHistogramFrom(const json& j) {
    calibration::PairedHistogram h;
    h.lower = numberOrNan(j.at("lower"));
    h.upper = numberOrNan(j.at("upper"));
    h.centres = numbersOrNan(j.at("centres"));
    h.inside = numbersOrNan(j.at("in_distribution"));
    if (j.contains("out_of_distribution"))
        h.outside = numbersOrNan(j.at("out_of_distribution"));
    return h;
}

}  // namespace modescape::analysis

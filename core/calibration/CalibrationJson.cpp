#include "core/calibration/CalibrationJson.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace modescape::calibration {
namespace {

nlohmann::json namesOf(const std::vector<std::int64_t>& indices,
                       const std::vector<std::string>& memberNames) {
    nlohmann::json names = nlohmann::json::array();
    for (const std::int64_t i : indices) {
        names.push_back(i >= 0 && i < static_cast<std::int64_t>(memberNames.size())
                            ? nlohmann::json(memberNames[i])
                            : nlohmann::json(i));
    }
    return names;
}

nlohmann::json numberOrNull(double value) {
    return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json();
}

}  // namespace

nlohmann::json toJson(const Interval& interval) {
    return {{"lower", numberOrNull(interval.lower)}, {"upper", numberOrNull(interval.upper)}};
}

nlohmann::json toJson(const MetricIntervals& ci) {
    return {{"accuracy", toJson(ci.accuracy)},
            {"nll", toJson(ci.nll)},
            {"brier", toJson(ci.brier)},
            {"ece", toJson(ci.ece)},
            {"mce", toJson(ci.mce)},
            {"rmsce", toJson(ci.rmsce)},
            {"adaptive_ece", toJson(ci.adaptiveEce)},
            {"aurc", toJson(ci.aurc)},
            {"smooth_ece", toJson(ci.smoothEce)},
            {"signed_ece", toJson(ci.signedEce)},
            {"classwise_ece", toJson(ci.classwiseEce)},
            {"resamples", ci.resamples},
            {"seed", ci.seed},
            {"level", 0.95}};
}

nlohmann::json toJson(const PredictionMetrics& m) {
    nlohmann::json json = {{"accuracy", m.accuracy},
                           {"nll", m.nll},
                           {"brier", m.brier},
                           {"ece", m.ece},
                           {"mce", m.mce},
                           {"rmsce", m.rmsce},
                           {"adaptive_ece", m.adaptiveEce},
                           {"aurc", numberOrNull(m.aurc)},
                           {"smooth_ece", numberOrNull(m.smoothEce)},
                           {"signed_ece", numberOrNull(m.signedEce)},
                           {"classwise_ece", numberOrNull(m.classwiseEce)},
                           {"mean_confidence", m.meanConfidence},
                           {"samples", m.samples}};
    if (m.intervals)
        json["ci"] = toJson(*m.intervals);
    return json;
}

nlohmann::json toJson(const CalibrationCurves& curves) {
    return {{"risk_coverage",
             {{"coverage", curves.riskCoverage.coverage}, {"risk", curves.riskCoverage.risk}}},
            {"smooth_reliability",
             {{"bandwidth", curves.smooth.sigma},
              {"confidence", curves.smooth.confidence},
              {"accuracy", curves.smooth.accuracy},
              {"density", curves.smooth.density}}}};
}

nlohmann::json toJson(const DiversityMetrics& d) {
    return {{"members", d.members},
            {"disagreement", d.disagreement},
            {"mutual_information", d.mutualInformation},
            {"predictive_entropy", d.predictiveEntropy},
            {"expected_entropy", d.expectedEntropy},
            {"log", "natural"}};
}

nlohmann::json toJson(const DetectionMetrics& d) {
    return {{"auroc", d.auroc},
            {"aupr", d.aupr},
            {"fpr95", d.fpr95},
            {"fpr95_threshold",
             std::isfinite(d.fpr95Threshold) ? nlohmann::json(d.fpr95Threshold) : nlohmann::json()},
            {"fpr95_recall", d.fpr95Recall}};
}

nlohmann::json toJson(const CalibrationBin& bin) {
    nlohmann::json json = {
        {"lower", bin.lower},       {"upper", bin.upper},
        {"count", bin.count},       {"confidence", bin.confidence},
        {"accuracy", bin.accuracy}, {"signed_gap", bin.confidence - bin.accuracy}};
    if (!std::isnan(bin.accuracyLower) || !std::isnan(bin.accuracyUpper))
        json["accuracy_ci"] = {{"lower", numberOrNull(bin.accuracyLower)},
                               {"upper", numberOrNull(bin.accuracyUpper)}};
    return json;
}

nlohmann::json toJson(const CalibrationReport& report,
                      const std::vector<std::string>& memberNames) {
    nlohmann::json json;
    json["selection"] = namesOf(report.selection, memberNames);
    json["bma"] = toJson(report.bma);

    nlohmann::json members = nlohmann::json::array();
    for (const MemberReport& member : report.members) {
        nlohmann::json entry = toJson(member.metrics);
        entry["index"] = member.index;
        entry["name"] = member.name;
        members.push_back(std::move(entry));
    }
    json["members"] = std::move(members);

    nlohmann::json groups = nlohmann::json::array();
    for (const GroupReport& group : report.groups) {
        nlohmann::json entry = toJson(group.metrics);
        entry["name"] = group.name;
        entry["members"] = namesOf(group.members, memberNames);
        entry["diversity"] = toJson(group.diversity);
        groups.push_back(std::move(entry));
    }
    json["groups"] = std::move(groups);

    json["binning"] = {{"strategy", binningName(report.table.strategy)},
                       {"bins", report.table.binCount}};
    nlohmann::json bins = nlohmann::json::array();
    for (const CalibrationBin& bin : report.table.bins)
        bins.push_back(toJson(bin));
    json["bins"] = std::move(bins);
    if (report.curves)
        json["curves"] = toJson(*report.curves);
    json["diversity"] = toJson(report.diversity);

    if (report.ood) {
        nlohmann::json ood = toJson(report.ood->metrics);
        ood["score"] = oodScoreName(report.ood->headline);
        ood["samples"] = report.ood->samples;
        nlohmann::json byScore = nlohmann::json::object();
        for (const auto& [score, metrics] : report.ood->byScore) {
            byScore[oodScoreName(score)] = toJson(metrics);
        }
        ood["by_score"] = std::move(byScore);
        ood["diversity"] = toJson(report.ood->diversity);
        json["ood"] = std::move(ood);
    }
    if (report.pairwise) {
        nlohmann::json pairwise;
        pairwise["members"] = namesOf(report.pairwise->members, memberNames);
        pairwise["in_distribution"] = report.pairwise->values;
        if (report.pairwiseOod)
            pairwise["out_of_distribution"] = report.pairwiseOod->values;
        json["pairwise_mutual_information"] = std::move(pairwise);
    }
    if (report.curve)
        json["ensemble_size"] = toJson(*report.curve, memberNames);
    return json;
}

nlohmann::json toJson(const EnsembleSizeCurve& curve, const std::vector<std::string>& memberNames) {
    nlohmann::json points = nlohmann::json::array();
    for (const EnsembleSizePoint& point : curve.points) {
        nlohmann::json entry = toJson(point.metrics);
        entry["size"] = point.size;
        entry["diversity"] = toJson(point.diversity);
        if (point.ood)
            entry["ood"] = toJson(*point.ood);
        points.push_back(std::move(entry));
    }
    return {{"seed", curve.seed},
            {"order", namesOf(curve.order, memberNames)},
            {"points", std::move(points)}};
}

nlohmann::json toJson(const PairedHistogram& histogram) {
    nlohmann::json json = {{"lower", histogram.lower},
                           {"upper", histogram.upper},
                           {"centres", histogram.centres},
                           {"in_distribution", histogram.inside}};
    if (!histogram.outside.empty())
        json["out_of_distribution"] = histogram.outside;
    return json;
}

nlohmann::json toJson(const UncertaintyReport& report, const std::vector<std::string>& memberNames,
                      bool perSample) {
    nlohmann::json json;
    json["selection"] = namesOf(report.selection, memberNames);
    json["diversity"] = toJson(report.diversity);
    json["ensemble_size"] = toJson(report.curve, memberNames);
    if (report.oodDiversity) {
        nlohmann::json scores = nlohmann::json::object();
        for (const OodScoreReport& score : report.ood) {
            nlohmann::json entry = toJson(score.metrics);
            entry["histogram"] = toJson(score.histogram);
            if (perSample) {
                entry["in_distribution"] = score.inside;
                entry["out_of_distribution"] = score.outside;
            }
            scores[oodScoreName(score.score)] = std::move(entry);
        }
        const std::optional<OodScore> best = bestOodScore(report.ood);
        json["ood"] = {
            {"samples", report.oodSamples},
            {"diversity", toJson(*report.oodDiversity)},
            {"scores", std::move(scores)},
            {"best_score", best ? nlohmann::json(oodScoreName(*best)) : nlohmann::json()}};
    } else {
        json["ood"] = nullptr;
    }
    if (report.pairwise) {
        nlohmann::json pairwise;
        pairwise["members"] = namesOf(report.pairwise->members, memberNames);
        pairwise["in_distribution"] = report.pairwise->values;
        if (report.pairwiseOod)
            pairwise["out_of_distribution"] = report.pairwiseOod->values;
        pairwise["histogram"] =
            report.pairwiseHistogram ? toJson(*report.pairwiseHistogram) : nlohmann::json();
        json["pairwise_mutual_information"] = std::move(pairwise);
    } else {
        json["pairwise_mutual_information"] = nullptr;
    }
    return json;
}

}  // namespace modescape::calibration

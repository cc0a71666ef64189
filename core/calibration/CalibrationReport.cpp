#include "core/calibration/CalibrationReport.h"

#include <string>
#include <utility>

#include "core/common/Error.h"

namespace modescape::calibration {

CalibrationSet::CalibrationSet(MemberProbabilities inDistribution, std::vector<std::int64_t> labels,
                               std::vector<std::string> memberNames,
                               std::optional<MemberProbabilities> outOfDistribution)
    : probabilities_(std::move(inDistribution)),
      labels_(std::move(labels)),
      names_(std::move(memberNames)),
      ood_(std::move(outOfDistribution)) {
    checkLabels(labels_, probabilities_.samples(), probabilities_.classes());
    if (static_cast<std::int64_t>(names_.size()) != probabilities_.members()) {
        throw ShapeMismatch("calibration set: " + std::to_string(names_.size()) +
                            " member names for " + std::to_string(probabilities_.members()) +
                            " members");
    }
    if (ood_ && (ood_->members() != probabilities_.members() ||
                 ood_->classes() != probabilities_.classes())) {
        throw ShapeMismatch("calibration set: the OOD split has " +
                            std::to_string(ood_->members()) + " members and " +
                            std::to_string(ood_->classes()) + " classes, the test split " +
                            std::to_string(probabilities_.members()) + " and " +
                            std::to_string(probabilities_.classes()));
    }
}

std::int64_t CalibrationSet::memberIndex(const std::string& name) const {
    for (std::size_t i = 0; i < names_.size(); ++i) {
        if (names_[i] == name)
            return static_cast<std::int64_t>(i);
    }
    throw InvalidArgument("no member named '" + name + "' in the calibration set");
}

std::vector<std::int64_t> CalibrationSet::allMembers() const {
    std::vector<std::int64_t> all(static_cast<std::size_t>(members()));
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = static_cast<std::int64_t>(i);
    return all;
}

OodReport makeOodReport(const SampleUncertainty& inside, const SampleUncertainty& outside,
                        OodScore headline, std::int64_t members) {
    OodReport report;
    report.headline = headline;
    report.samples = static_cast<std::int64_t>(outside.maxProbability.size());
    report.diversity = summarise(outside, members);
    for (const OodScore score : kAllOodScores) {
        const DetectionMetrics metrics =
            detectionMetrics(oodScores(inside, score), oodScores(outside, score));
        report.byScore.emplace_back(score, metrics);
        if (score == headline)
            report.metrics = metrics;
    }
    return report;
}

std::vector<MemberReport> memberReports(const CalibrationSet& set, const EvaluationOptions& options,
                                        const JobContext& context) {
    const MemberProbabilities& probabilities = set.probabilities();
    std::vector<MemberReport> rows;
    rows.reserve(static_cast<std::size_t>(probabilities.members()));
    for (std::int64_t m = 0; m < probabilities.members(); ++m) {
        context.checkCancelled();
        context.report(static_cast<double>(m) / static_cast<double>(probabilities.members()),
                       "calibration of member " + set.memberNames()[m]);
        rows.push_back({m, set.memberNames()[m],
                        evaluateMember(probabilities, set.labels(), m, options).metrics});
    }
    context.report(1.0, "member calibration done");
    return rows;
}

CalibrationReport calibrate(const CalibrationSet& set, std::span<const std::int64_t> selection,
                            const CalibrationOptions& options, const JobContext& context) {
    const MemberProbabilities& probabilities = set.probabilities();
    checkSelection(selection, probabilities.members());
    for (const MemberGroup& group : options.groups) {
        try {
            checkSelection(group.members, probabilities.members());
        } catch (const InvalidArgument& error) {
            throw InvalidArgument("group '" + group.name + "': " + error.what());
        }
    }
    CalibrationReport report;
    report.selection.assign(selection.begin(), selection.end());
    for (const std::int64_t m : selection)
        report.selectionNames.push_back(set.memberNames()[m]);

    context.checkCancelled();
    context.report(0.0, "calibration of the selection's average");
    std::vector<double> average(
        static_cast<std::size_t>(probabilities.samples() * probabilities.classes()));
    probabilities.averageMembers(selection, average);
    EvaluationOptions evaluation = options.evaluation;
    evaluation.edgePrecision = probabilities.precision();
    EvaluationOptions withCurves = evaluation;
    withCurves.curves = true;
    PredictionEvaluation bma =
        evaluatePredictions(average, probabilities.classes(), set.labels(), withCurves);
    report.bma = bma.metrics;
    report.table = std::move(bma.table);
    report.curves = std::move(bma.curves);
    const SampleUncertainty inside = sampleUncertainty(probabilities, selection, average);
    report.diversity = summarise(inside, static_cast<std::int64_t>(selection.size()));

    if (const MemberProbabilities* ood = set.outOfDistribution()) {
        context.checkCancelled();
        std::vector<double> oodAverage(static_cast<std::size_t>(ood->samples() * ood->classes()));
        ood->averageMembers(selection, oodAverage);
        const SampleUncertainty outside = sampleUncertainty(*ood, selection, oodAverage);
        report.ood = makeOodReport(inside, outside, options.oodScore,
                                   static_cast<std::int64_t>(selection.size()));
    }

    if (options.perMember) {
        context.report(0.1, "calibration of every member");
        JobContext quiet = context;
        quiet.progress = [](double, const std::string&) {};
        report.members = memberReports(set, options.evaluation, quiet);
    }
    for (const MemberGroup& group : options.groups) {
        context.checkCancelled();
        probabilities.averageMembers(group.members, average);
        GroupReport groupReport;
        groupReport.name = group.name;
        groupReport.members = group.members;
        groupReport.metrics =
            evaluatePredictions(average, probabilities.classes(), set.labels(), evaluation).metrics;
        groupReport.diversity = summarise(sampleUncertainty(probabilities, group.members, average),
                                          static_cast<std::int64_t>(group.members.size()));
        report.groups.push_back(std::move(groupReport));
    }

    if (options.pairwise) {
        JobContext quiet = context;
        quiet.progress = [](double, const std::string&) {};
        context.report(0.5, "pairwise mutual information");
        report.pairwise = pairwiseMutualInformation(probabilities, selection, quiet);
        if (set.outOfDistribution()) {
            report.pairwiseOod =
                pairwiseMutualInformation(*set.outOfDistribution(), selection, quiet);
        }
    }
    if (options.ensembleSizeCurve) {
        JobContext quiet = context;
        quiet.progress = [](double, const std::string&) {};
        context.report(0.75, "ensemble size curve");
        report.curve =
            ensembleSizeCurve(probabilities, set.labels(), set.outOfDistribution(), selection,
                              options.seed, options.evaluation, options.oodScore, quiet);
    }
    context.report(1.0, "calibration done");
    return report;
}

}  // namespace modescape::calibration

#include "core/calibration/UncertaintyReport.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/common/Error.h"

namespace modescape::calibration {
namespace {

std::vector<double> fractions(std::span<const double> values, double lower, double width,
                              int bins) {
    std::vector<double> counts(static_cast<std::size_t>(bins), 0.0);
    for (const double v : values) {
        const int b = std::clamp(static_cast<int>((v - lower) / width), 0, bins - 1);
        // Added one by one, as the view always did, so the sums are bit for bit the same.
        counts[static_cast<std::size_t>(b)] += 1.0 / static_cast<double>(values.size());
    }
    return counts;
}

std::vector<std::vector<double>> allScores(const SampleUncertainty& uncertainty) {
    std::vector<std::vector<double>> scores;
    for (const OodScore score : kAllOodScores)
        scores.push_back(oodScores(uncertainty, score));
    return scores;
}

std::vector<std::vector<double>> scoresOf(const MemberProbabilities& probabilities,
                                          std::span<const std::int64_t> selection,
                                          const JobContext& context) {
    std::vector<double> average(
        static_cast<std::size_t>(probabilities.samples() * probabilities.classes()));
    probabilities.averageMembers(selection, average);
    context.checkCancelled();
    return allScores(sampleUncertainty(probabilities, selection, average));
}

}  // namespace

PairedHistogram pairedHistogram(std::span<const double> inside, std::span<const double> outside,
                                int bins) {
    if (bins < 1)
        throw InvalidArgument("histogram bins must be at least 1, got " + std::to_string(bins));
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    for (const auto values : {inside, outside})
        for (const double v : values) {
            low = std::min(low, v);
            high = std::max(high, v);
        }
    if (inside.empty() && outside.empty()) {
        low = 0.0;
        high = 1.0;
    }
    if (!(high > low))
        high = low + 1e-9;  // every value equal: one visible bar
    const double width = (high - low) / bins;
    PairedHistogram histogram;
    histogram.lower = low;
    histogram.upper = high;
    for (int b = 0; b < bins; ++b)
        histogram.centres.push_back(low + (b + 0.5) * width);
    histogram.inside = fractions(inside, low, width, bins);
    if (!outside.empty())
        histogram.outside = fractions(outside, low, width, bins);
    return histogram;
}

OodSampleScores oodSampleScores(const CalibrationSet& set, std::span<const std::int64_t> selection,
                                const JobContext& context) {
    if (!set.outOfDistribution())
        throw InvalidArgument("no OOD split: add a dataset with the role \"ood\" to the set");
    checkSelection(selection, set.members());
    return {scoresOf(set.probabilities(), selection, context),
            scoresOf(*set.outOfDistribution(), selection, context)};
}

CalibrationOptions uncertaintyCalibrationOptions(const UncertaintyOptions& options,
                                                 std::size_t selectedMembers) {
    CalibrationOptions calibration;
    calibration.evaluation = options.evaluation;
    calibration.perMember = false;
    calibration.ensembleSizeCurve = true;
    calibration.seed = options.seed;
    calibration.pairwise = selectedMembers <= options.maxPairwiseMembers;
    return calibration;
}

std::optional<OodScore> bestOodScore(const std::vector<OodScoreReport>& ood) {
    const OodScoreReport* best = nullptr;
    for (const OodScoreReport& score : ood)
        if (!best || score.metrics.auroc > best->metrics.auroc)
            best = &score;
    return best ? std::optional<OodScore>(best->score) : std::nullopt;
}

std::string aurocReading(double auroc) {
    if (auroc > 0.5)
        return "AUROC above 0.5: the score ranks out-of-distribution samples as the more "
               "uncertain ones (1 separates them perfectly, 0.5 is chance).";
    if (auroc == 0.5)
        return "AUROC 0.5: the score does not tell out-of-distribution samples from the others "
               "(chance).";
    return "AUROC below 0.5: the score ranks out-of-distribution samples as MORE confident than "
           "in-distribution ones, worse than chance. ReLU networks grow more confident far from "
           "their training data, so the model average's max probability can call far-away "
           "inputs certain; mutual information (the members' disagreement) or predictive "
           "entropy may separate them instead.";
}

namespace {

// The report's parts that are not calibrate()'s: the histograms and the OOD
// scores per sample. `samples` is the per-sample uncertainty of the average.
UncertaintyReport assemble(CalibrationReport calibrated, const OodSampleScores* samples,
                           const UncertaintyOptions& options) {
    UncertaintyReport report;
    report.selection = std::move(calibrated.selection);
    report.selectionNames = std::move(calibrated.selectionNames);
    report.diversity = calibrated.diversity;
    report.curve = std::move(*calibrated.curve);
    report.pairwise = std::move(calibrated.pairwise);
    report.pairwiseOod = std::move(calibrated.pairwiseOod);
    if (report.pairwise && !report.pairwise->values.empty())
        report.pairwiseHistogram =
            pairedHistogram(report.pairwise->values,
                            report.pairwiseOod ? std::span<const double>(report.pairwiseOod->values)
                                               : std::span<const double>(),
                            options.histogramBins);
    if (calibrated.ood && samples) {
        report.oodDiversity = calibrated.ood->diversity;
        report.oodSamples = calibrated.ood->samples;
        for (std::size_t s = 0; s < std::size(kAllOodScores); ++s) {
            OodScoreReport score;
            score.score = kAllOodScores[s];
            score.metrics = calibrated.ood->byScore[s].second;
            score.inside = samples->inside[s];
            score.outside = samples->outside[s];
            score.histogram = pairedHistogram(score.inside, score.outside, options.histogramBins);
            report.ood.push_back(std::move(score));
        }
    }
    return report;
}

void checkBins(const UncertaintyOptions& options) {
    if (options.histogramBins < 1)
        throw InvalidArgument("histogram bins must be at least 1, got " +
                              std::to_string(options.histogramBins));
}

}  // namespace

UncertaintyReport uncertaintyReport(const CalibrationSet& set,
                                    std::span<const std::int64_t> selection,
                                    const UncertaintyOptions& options, const JobContext& context) {
    checkBins(options);
    JobContext part = context;
    part.progress = [&](double fraction, const std::string& what) {
        context.report(0.9 * fraction, what);
    };
    CalibrationReport calibrated =
        calibrate(set, selection, uncertaintyCalibrationOptions(options, selection.size()), part);
    std::optional<OodSampleScores> samples;
    if (calibrated.ood) {
        context.report(0.9, "OOD scores per sample");
        samples = oodSampleScores(set, selection, context);
    }
    UncertaintyReport report =
        assemble(std::move(calibrated), samples ? &*samples : nullptr, options);
    context.report(1.0, "uncertainty done");
    return report;
}

StreamedCalibrationOptions streamedUncertaintyOptions(const UncertaintyOptions& options,
                                                      std::size_t members, double workingBytes) {
    StreamedCalibrationOptions streamed;
    streamed.calibration = uncertaintyCalibrationOptions(options, members);
    streamed.workingBytes = workingBytes;
    streamed.groups = false;
    streamed.keepSampleUncertainty = true;
    return streamed;
}

UncertaintyReport uncertaintyReportFrom(CalibrationReport calibrated,
                                        const std::optional<SampleUncertainties>& samples,
                                        const UncertaintyOptions& options) {
    checkBins(options);
    std::optional<OodSampleScores> scores;
    if (samples && samples->outside)
        scores = OodSampleScores{allScores(samples->inside), allScores(*samples->outside)};
    return assemble(std::move(calibrated), scores ? &*scores : nullptr, options);
}

UncertaintyReport uncertaintyReportStreamed(const MemberPredictionSource& source,
                                            std::vector<std::int64_t> labels,
                                            const std::vector<std::string>& names,
                                            const UncertaintyOptions& options, double workingBytes,
                                            const JobContext& context) {
    checkBins(options);
    const std::int64_t members = source.members();
    if (static_cast<std::int64_t>(names.size()) != members)
        throw ShapeMismatch("streamed uncertainty: " + std::to_string(names.size()) +
                            " names for " + std::to_string(members) + " members");
    StreamedCalibration calibration(
        std::move(labels),
        streamedUncertaintyOptions(options, static_cast<std::size_t>(members), workingBytes));
    for (std::int64_t m = 0; m < members; ++m) {
        context.checkCancelled();
        context.report(
            0.5 * double(m) / double(members),
            "uncertainty: member " + std::to_string(m + 1) + " / " + std::to_string(members));
        const std::shared_ptr<const MemberPrediction> member = source.read(m, context);
        calibration.add(*member, names[std::size_t(m)], std::string());
    }
    JobContext rest = context;
    rest.progress = [&](double fraction, const std::string& what) {
        context.report(0.5 + 0.5 * fraction, what);
    };
    CalibrationReport calibrated = calibration.finish(&source, rest);
    UncertaintyReport report =
        uncertaintyReportFrom(std::move(calibrated), calibration.sampleUncertainties(), options);
    context.report(1.0, "uncertainty done");
    return report;
}

}  // namespace modescape::calibration

#include "core/calibration/StreamedCalibration.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "core/calibration/StreamedPairwise.h"
#include "core/common/Error.h"
#include "core/common/MemoryBudget.h"
#include "core/jobs/ProgressPart.h"

namespace modescape::calibration {
namespace {

// The sum of some members' probabilities and the member-wise parts of their
// uncertainty: a BMA gathered one member at a time.
struct RunningAverage {
    RunningAverage(std::int64_t samples, std::int64_t classes)
        : sum(static_cast<std::size_t>(samples * classes), 0.0), uncertainty(samples, classes) {}

    static double bytes(std::int64_t samples, std::int64_t classes) {
        return 8.0 * double(samples) * double(classes) +
               UncertaintyAccumulator::bytes(samples, classes);
    }

    void add(const MemberProbabilities& member) {
        member.addMember(0, sum);
        uncertainty.add(member, 0);
    }

    // Divided, as averageMembers does, so the two agree to the last bit.
    std::vector<double> average() const {
        std::vector<double> out(sum.size());
        const auto members = static_cast<double>(uncertainty.members());
        for (std::size_t i = 0; i < sum.size(); ++i)
            out[i] = sum[i] / members;
        return out;
    }

    std::vector<double> sum;
    UncertaintyAccumulator uncertainty;
};

struct GroupState {
    std::string name;
    std::vector<std::int64_t> members;
    RunningAverage running;
};

}  // namespace

struct StreamedCalibration::State {
    std::vector<std::int64_t> labels;
    StreamedCalibrationOptions options;
    std::int64_t samples = 0, oodSamples = 0, classes = 0;
    ProbabilityPrecision precision = ProbabilityPrecision::Float64;
    std::optional<RunningAverage> all, ood;
    std::vector<GroupState> groups;
    std::vector<std::string> names;
    std::vector<MemberReport> members;
    std::optional<SampleUncertainties> kept;  // keepSampleUncertainty

    double heldBytes(std::size_t groupCount) const {
        // The running sums, the average each report forms from them, and the
        // five per-sample vectors of SampleUncertainty when they are kept.
        const double kept =
            options.keepSampleUncertainty ? 5.0 * 8.0 * double(samples + oodSamples) : 0.0;
        return (double(groupCount) + 1.0) * RunningAverage::bytes(samples, classes) +
               (oodSamples > 0 ? RunningAverage::bytes(oodSamples, classes) : 0.0) +
               8.0 * double(std::max(samples, oodSamples)) * double(classes) + kept;
    }

    void requireRoomFor(std::size_t groupCount) const {
        const double bytes = heldBytes(groupCount);
        if (bytes > options.workingBytes) {
            throw MemoryLimitExceeded(
                "the calibration's running sums (the model average and " +
                std::to_string(groupCount) + (groupCount == 1 ? " group" : " groups") + " on " +
                std::to_string(samples) + " samples x " + std::to_string(classes) +
                " classes) need " + formatBytes(bytes) + ", more than the " +
                formatBytes(options.workingBytes) +
                " a whole-set computation may use; calibrate one group (--group) or a smaller "
                "split");
        }
    }
};

StreamedCalibration::StreamedCalibration(std::vector<std::int64_t> labels,
                                         StreamedCalibrationOptions options)
    : state_(std::make_unique<State>()) {
    if (options.calibration.evaluation.bins < 1)
        throw InvalidArgument("calibration needs at least 1 bin, got " +
                              std::to_string(options.calibration.evaluation.bins));
    state_->labels = std::move(labels);
    state_->options = std::move(options);
}

StreamedCalibration::~StreamedCalibration() = default;

std::int64_t StreamedCalibration::members() const {
    return static_cast<std::int64_t>(state_->names.size());
}

void StreamedCalibration::add(const MemberPrediction& member, const std::string& name,
                              const std::string& group) {
    State& s = *state_;
    const MemberProbabilities& in = member.inside;
    if (in.members() != 1)
        throw ShapeMismatch("streamed calibration: a prediction holds " +
                            std::to_string(in.members()) + " members, not 1");
    if (!s.all) {
        checkLabels(s.labels, in.samples(), in.classes());
        s.samples = in.samples();
        s.classes = in.classes();
        s.precision = in.precision();
        s.oodSamples = member.outside ? member.outside->samples() : 0;
        s.requireRoomFor(0);
        s.all.emplace(s.samples, s.classes);
        if (member.outside)
            s.ood.emplace(s.oodSamples, s.classes);
    }
    if (in.samples() != s.samples || in.classes() != s.classes)
        throw ShapeMismatch("streamed calibration: member " + name + " has " +
                            std::to_string(in.samples()) + " samples and " +
                            std::to_string(in.classes()) + " classes, the first member " +
                            std::to_string(s.samples) + " and " + std::to_string(s.classes));
    if (member.outside.has_value() != s.ood.has_value() ||
        (member.outside &&
         (member.outside->samples() != s.oodSamples || member.outside->classes() != s.classes)))
        throw ShapeMismatch("streamed calibration: member " + name +
                            "'s OOD predictions do not match the first member's");

    const auto position = static_cast<std::int64_t>(s.names.size());
    if (s.options.groups) {
        auto it = std::find_if(s.groups.begin(), s.groups.end(),
                               [&](const GroupState& g) { return g.name == group; });
        if (it == s.groups.end()) {
            s.requireRoomFor(s.groups.size() + 1);
            s.groups.push_back({group, {}, RunningAverage(s.samples, s.classes)});
            it = std::prev(s.groups.end());
        }
        it->running.add(in);
        it->members.push_back(position);
    }
    s.all->add(in);
    if (s.ood)
        s.ood->add(*member.outside);
    if (s.options.calibration.perMember)
        s.members.push_back(
            {position, name,
             evaluateMember(in, s.labels, 0, s.options.calibration.evaluation).metrics});
    s.names.push_back(name);
}

CalibrationReport StreamedCalibration::finish(const MemberPredictionSource* reread,
                                              const JobContext& context) {
    State& s = *state_;
    if (!s.all)
        throw InvalidArgument("the member selection is empty; select at least one member");
    const CalibrationOptions& options = s.options.calibration;
    const auto count = static_cast<std::int64_t>(s.names.size());
    CalibrationReport report;
    report.selectionNames = s.names;
    for (std::int64_t m = 0; m < count; ++m)
        report.selection.push_back(m);

    context.checkCancelled();
    context.report(0.0, "calibration of the selection's average");
    EvaluationOptions evaluation = options.evaluation;
    evaluation.edgePrecision = s.precision;
    const std::vector<double> average = s.all->average();
    EvaluationOptions withCurves = evaluation;
    withCurves.curves = true;
    PredictionEvaluation bma = evaluatePredictions(average, s.classes, s.labels, withCurves);
    report.bma = bma.metrics;
    report.table = std::move(bma.table);
    report.curves = std::move(bma.curves);
    SampleUncertainty inside = s.all->uncertainty.finish(average);
    report.diversity = summarise(inside, count);
    std::optional<SampleUncertainty> outside;
    if (s.ood) {
        outside = s.ood->uncertainty.finish(s.ood->average());
        report.ood = makeOodReport(inside, *outside, options.oodScore, count);
    }
    if (s.options.keepSampleUncertainty)
        s.kept = SampleUncertainties{std::move(inside), std::move(outside)};
    report.members = std::move(s.members);
    for (const GroupState& group : s.groups) {
        context.checkCancelled();
        const std::vector<double> groupAverage = group.running.average();
        GroupReport g;
        g.name = group.name;
        g.members = group.members;
        g.metrics = evaluatePredictions(groupAverage, s.classes, s.labels, evaluation).metrics;
        g.diversity = summarise(group.running.uncertainty.finish(groupAverage),
                                static_cast<std::int64_t>(group.members.size()));
        report.groups.push_back(std::move(g));
    }
    // The passes below hold their own sums; these are done with.
    s.groups.clear();
    s.all.reset();
    s.ood.reset();

    if ((options.pairwise || options.ensembleSizeCurve) && !reread)
        throw InvalidArgument(
            "streamed calibration: --pairwise and --ensemble-size read the "
            "members again, and no source was given");
    // Each pass reports its own fraction (pairs done, curve points added), so
    // the time left stays current through passes that read every member again.
    const auto within = [&context](double from, double to) {
        return progressPart(context, from, to);
    };
    // The averages above are quick; the passes share the rest of the range.
    const double passes = 0.05;
    const double curveFrom = !options.pairwise ? passes : options.ensembleSizeCurve ? 0.5 : 1.0;
    if (options.pairwise) {
        context.report(passes, "pairwise mutual information");
        StreamedPairs pairs = streamedPairwiseMutualInformation(
            *reread, s.options.workingBytes, s.options.maxPanelMembers, within(passes, curveFrom));
        report.pairwise = std::move(pairs.inside);
        report.pairwiseOod = std::move(pairs.outside);
    }
    if (options.ensembleSizeCurve) {
        context.report(curveFrom, "ensemble size curve");
        report.curve = ensembleSizeCurve(*reread, s.labels, options.seed, options.evaluation,
                                         options.oodScore, within(curveFrom, 1.0));
    }
    context.report(1.0, "calibration done");
    return report;
}

std::optional<SampleUncertainties> StreamedCalibration::sampleUncertainties() const {
    return state_->kept;
}

CalibrationReport calibrateStreamed(const MemberPredictionSource& source,
                                    std::vector<std::int64_t> labels,
                                    const std::vector<std::string>& names,
                                    const std::vector<std::string>& groups,
                                    const StreamedCalibrationOptions& options,
                                    const JobContext& context) {
    const std::int64_t members = source.members();
    if (static_cast<std::int64_t>(names.size()) != members ||
        static_cast<std::int64_t>(groups.size()) != members)
        throw ShapeMismatch("streamed calibration: " + std::to_string(names.size()) +
                            " names and " + std::to_string(groups.size()) + " groups for " +
                            std::to_string(members) + " members");
    StreamedCalibration calibration(std::move(labels), options);
    for (std::int64_t m = 0; m < members; ++m) {
        context.checkCancelled();
        context.report(
            0.5 * double(m) / double(members),
            "calibration: member " + std::to_string(m + 1) + " / " + std::to_string(members));
        const std::shared_ptr<const MemberPrediction> member = source.read(m, context);
        calibration.add(*member, names[std::size_t(m)], groups[std::size_t(m)]);
    }
    JobContext rest = context;
    rest.progress = [&](double fraction, const std::string& what) {
        context.report(0.5 + 0.5 * fraction, what);
    };
    return calibration.finish(&source, rest);
}

}  // namespace modescape::calibration

#include "core/calibration/LiveCalibration.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "core/common/Error.h"
#include "core/common/MemoryBudget.h"

namespace modescape::calibration {
namespace {

struct Kept {
    std::shared_ptr<const MemberPrediction> prediction;
    std::string name, group;
    PredictionMetrics row;  // its own metrics: independent of the selection
};

MemberRef inside(const Kept& m) {
    return {&m.prediction->inside, 0};
}
MemberRef outside(const Kept& m) {
    return {&*m.prediction->outside, 0};
}

}  // namespace

struct LiveCalibration::State {
    std::vector<std::int64_t> labels;
    LiveCalibrationOptions options;
    std::int64_t samples = 0, oodSamples = 0, classes = 0;
    bool hasOod = false;
    ProbabilityPrecision precision = ProbabilityPrecision::Float64;
    std::vector<Kept> kept;

    // The sums of the members in them (inSums), which select() moves.
    // With groups, each group's sums hold its probabilities and the model
    // average is their total; `all` then keeps only entropies and votes.
    std::vector<bool> inSums;
    std::vector<std::int64_t> selection;
    std::optional<SelectionSums> all, ood;
    std::map<std::string, SelectionSums> groups;
    std::int64_t updatesSinceFresh = 0;

    bool grouped() const { return options.streamed.groups; }

    SelectionSums& groupSums(const std::string& group) {
        auto it = groups.find(group);
        if (it == groups.end()) {
            requireRoom(groups.size() + 1);
            it = groups.emplace(group, SelectionSums(samples, classes)).first;
        }
        return it->second;
    }

    void requireRoom(std::size_t groupCount) const {
        const double bytes = double(groupCount) * SelectionSums::bytes(samples, classes) +
                             SelectionSums::bytes(samples, classes, !grouped()) +
                             (hasOod ? SelectionSums::bytes(oodSamples, classes) : 0.0) +
                             8.0 * double(samples) * double(classes);  // the average a report forms
        if (bytes > options.streamed.workingBytes)
            throw MemoryLimitExceeded(
                "the live calibration's running sums (" + std::to_string(groupCount) +
                " groups on " + std::to_string(samples) + " samples x " + std::to_string(classes) +
                " classes) need " + formatBytes(bytes) + ", more than the " +
                formatBytes(options.streamed.workingBytes) + " allowed");
    }

    void update(std::int64_t id, bool add) {
        const Kept& m = kept[std::size_t(id)];
        auto apply = [add](SelectionSums& sums, MemberRef ref) {
            add ? sums.add(ref) : sums.remove(ref);
        };
        apply(*all, inside(m));
        if (grouped()) {
            SelectionSums& g = groupSums(m.group);
            apply(g, inside(m));
            if (g.members() == 0)
                groups.erase(m.group);  // its memory goes with it
        }
        if (ood)
            apply(*ood, outside(m));
        inSums[std::size_t(id)] = add;
    }

    void sumAfresh(std::span<const std::int64_t> ids) {
        std::vector<MemberRef> in, out;
        std::map<std::string, std::vector<MemberRef>> byGroup;
        for (const std::int64_t id : ids) {
            const Kept& m = kept[std::size_t(id)];
            in.push_back(inside(m));
            if (hasOod)
                out.push_back(outside(m));
            if (grouped())
                byGroup[m.group].push_back(inside(m));
        }
        groups.clear();
        all->reset(in);
        for (const auto& [group, members] : byGroup)
            groupSums(group).reset(members);
        if (ood)
            ood->reset(out);
        std::fill(inSums.begin(), inSums.end(), false);
        for (const std::int64_t id : ids)
            inSums[std::size_t(id)] = true;
        updatesSinceFresh = 0;
    }

    // The model average of the selection.
    std::vector<double> average() const {
        if (!grouped())
            return all->average();
        std::vector<double> out(std::size_t(samples * classes), 0.0);
        for (const auto& [name, sums] : groups)
            sums.accumulateSum(out);
        const auto members = static_cast<double>(all->members());
        for (double& v : out)
            v /= members;
        return out;
    }
};

LiveCalibration::LiveCalibration(std::vector<std::int64_t> labels, LiveCalibrationOptions options)
    : state_(std::make_unique<State>()) {
    const CalibrationOptions& c = options.streamed.calibration;
    if (c.evaluation.bins < 1)
        throw InvalidArgument("calibration needs at least 1 bin, got " +
                              std::to_string(c.evaluation.bins));
    if (c.pairwise || c.ensembleSizeCurve)
        throw InvalidArgument(
            "the live calibration reports neither pairwise mutual information nor the "
            "ensemble-size curve (they read every member again); use the streamed one");
    state_->labels = std::move(labels);
    state_->options = std::move(options);
}

LiveCalibration::~LiveCalibration() = default;

std::int64_t LiveCalibration::members() const {
    return std::int64_t(state_->kept.size());
}

const std::string& LiveCalibration::name(std::int64_t id) const {
    return state_->kept.at(std::size_t(id)).name;
}

const std::string& LiveCalibration::group(std::int64_t id) const {
    return state_->kept.at(std::size_t(id)).group;
}

std::shared_ptr<const MemberPrediction> LiveCalibration::prediction(std::int64_t id) const {
    return state_->kept.at(std::size_t(id)).prediction;
}

const PredictionMetrics& LiveCalibration::row(std::int64_t id) const {
    return state_->kept.at(std::size_t(id)).row;
}

const std::vector<std::int64_t>& LiveCalibration::selection() const {
    return state_->selection;
}

double LiveCalibration::residentBytes() const {
    double bytes = 0.0;
    for (const Kept& m : state_->kept) {
        for (const MemberProbabilities* p :
             {&m.prediction->inside, m.prediction->outside ? &*m.prediction->outside : nullptr}) {
            if (!p)
                continue;
            const double elementBytes = p->precision() == ProbabilityPrecision::Float32 ? 4 : 8;
            bytes += double(p->samples()) * (double(p->classes()) * elementBytes + 12.0);
        }
    }
    return bytes;
}

std::int64_t LiveCalibration::addMember(std::shared_ptr<const MemberPrediction> prediction,
                                        const std::string& name, const std::string& group) {
    State& s = *state_;
    const MemberProbabilities& in = prediction->inside;
    if (in.members() != 1)
        throw ShapeMismatch("live calibration: a prediction holds " + std::to_string(in.members()) +
                            " members, not 1");
    if (s.kept.empty()) {
        checkLabels(s.labels, in.samples(), in.classes());
        s.samples = in.samples();
        s.classes = in.classes();
        s.precision = in.precision();
        s.hasOod = prediction->outside.has_value();
        s.oodSamples = s.hasOod ? prediction->outside->samples() : 0;
        s.requireRoom(0);
        s.all.emplace(s.samples, s.classes, !s.grouped());
        if (s.hasOod)
            s.ood.emplace(s.oodSamples, s.classes);
    }
    if (in.samples() != s.samples || in.classes() != s.classes)
        throw ShapeMismatch("live calibration: member " + name + " has " +
                            std::to_string(in.samples()) + " samples and " +
                            std::to_string(in.classes()) + " classes, the first member " +
                            std::to_string(s.samples) + " and " + std::to_string(s.classes));
    if (prediction->outside.has_value() != s.hasOod ||
        (s.hasOod && (prediction->outside->samples() != s.oodSamples ||
                      prediction->outside->classes() != s.classes)))
        throw ShapeMismatch("live calibration: member " + name +
                            "'s OOD predictions do not match the first member's");
    Kept m{std::move(prediction), name, group, {}};
    if (s.options.streamed.calibration.perMember)
        m.row = evaluateMember(m.prediction->inside, s.labels, 0,
                               s.options.streamed.calibration.evaluation)
                    .metrics;
    s.kept.push_back(std::move(m));
    s.inSums.push_back(false);
    return std::int64_t(s.kept.size()) - 1;
}

SelectionUpdate LiveCalibration::select(std::span<const std::int64_t> selection,
                                        const JobContext& context) {
    State& s = *state_;
    checkSelection(selection, members());
    std::vector<bool> wanted(s.kept.size(), false);
    for (const std::int64_t id : selection)
        wanted[std::size_t(id)] = true;
    std::vector<std::int64_t> toAdd, toRemove;
    for (std::size_t id = 0; id < s.kept.size(); ++id) {
        if (wanted[id] && !s.inSums[id])
            toAdd.push_back(std::int64_t(id));
        else if (!wanted[id] && s.inSums[id])
            toRemove.push_back(std::int64_t(id));
    }
    SelectionUpdate done;
    const auto changes = std::int64_t(toAdd.size() + toRemove.size());
    const std::int64_t every = s.options.exactEvery;
    // A fresh sum reads the selection once; updates read each changed member
    // once (twice with groups): fresh is the cheaper when most members change.
    if (changes >= std::int64_t(selection.size()) ||
        (every > 0 && s.updatesSinceFresh + changes > every)) {
        context.checkCancelled();
        s.sumAfresh(selection);
        done.fresh = true;
        done.added = std::int64_t(selection.size());
    } else {
        // Removed first: the sums never hold more members than either selection.
        for (const std::int64_t id : toRemove) {
            context.checkCancelled();
            s.update(id, false);
            ++done.removed;
            ++s.updatesSinceFresh;
        }
        for (const std::int64_t id : toAdd) {
            context.checkCancelled();
            s.update(id, true);
            ++done.added;
            ++s.updatesSinceFresh;
        }
    }
    s.selection.assign(selection.begin(), selection.end());
    return done;
}

void LiveCalibration::resum() {
    if (state_->selection.empty())
        throw InvalidArgument("the member selection is empty; select at least one member");
    state_->sumAfresh(std::vector<std::int64_t>(state_->selection));
}

std::vector<double> LiveCalibration::average() const {
    if (state_->selection.empty())
        throw InvalidArgument("the member selection is empty; select at least one member");
    return state_->average();
}

CalibrationReport LiveCalibration::report(const JobContext& context) const {
    const State& s = *state_;
    if (s.selection.empty())
        throw InvalidArgument("the member selection is empty; select at least one member");
    const CalibrationOptions& options = s.options.streamed.calibration;
    const auto count = std::int64_t(s.selection.size());
    CalibrationReport report;
    for (std::int64_t position = 0; position < count; ++position) {
        const Kept& m = s.kept[std::size_t(s.selection[std::size_t(position)])];
        report.selection.push_back(position);
        report.selectionNames.push_back(m.name);
        if (options.perMember)
            report.members.push_back({position, m.name, m.row});
    }
    context.checkCancelled();
    EvaluationOptions evaluation = options.evaluation;
    evaluation.edgePrecision = s.precision;
    EvaluationOptions withCurves = evaluation;
    withCurves.curves = true;
    const std::vector<double> average = s.average();
    PredictionEvaluation bma = evaluatePredictions(average, s.classes, s.labels, withCurves);
    report.bma = bma.metrics;
    report.table = std::move(bma.table);
    report.curves = std::move(bma.curves);
    const SampleUncertainty in = s.all->uncertainty(average);
    report.diversity = summarise(in, count);
    if (s.ood) {
        const SampleUncertainty out = s.ood->uncertainty(s.ood->average());
        report.ood = makeOodReport(in, out, options.oodScore, count);
    }
    if (!s.grouped())
        return report;
    // Groups in the order they first appear in the selection, as the streamed report.
    std::vector<std::string> order;
    std::map<std::string, std::vector<std::int64_t>> positions;
    for (std::int64_t position = 0; position < count; ++position) {
        const std::string& group = s.kept[std::size_t(s.selection[std::size_t(position)])].group;
        if (!positions.count(group))
            order.push_back(group);
        positions[group].push_back(position);
    }
    for (const std::string& name : order) {
        context.checkCancelled();
        GroupReport g;
        g.name = name;
        g.members = positions[name];
        if (std::int64_t(g.members.size()) == count) {
            // The one group holds the whole selection: its average is the model
            // average to the bit (the same sums, divided by the same count), so
            // its numbers are the BMA's and are not computed twice.
            g.metrics = report.bma;
            g.diversity = report.diversity;
            report.groups.push_back(std::move(g));
            continue;
        }
        const SelectionSums& sums = s.groups.at(name);
        const std::vector<double> groupAverage = sums.average();
        g.metrics = evaluatePredictions(groupAverage, s.classes, s.labels, evaluation).metrics;
        g.diversity = summarise(sums.uncertainty(groupAverage), sums.members());
        report.groups.push_back(std::move(g));
    }
    return report;
}

}  // namespace modescape::calibration

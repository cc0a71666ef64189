#pragma once
// One calibration job: the metrics of every member, of each group's BMA and of
// the selection's BMA, the selection's bin table, diversity, OOD detection and,
// on request, pairwise mutual information and the ensemble-size curve. The
// result is plain data (no torch) for the views, the CLI and the JSON report.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/calibration/Diversity.h"
#include "core/calibration/EnsembleSizeCurve.h"
#include "core/calibration/MemberProbabilities.h"
#include "core/calibration/OodMetrics.h"
#include "core/calibration/PredictionMetrics.h"
#include "core/jobs/Progress.h"

namespace modescape::calibration {

// The predictions cache of a checkpoint set on a test split, with labels,
// member names and optional OOD probabilities. Throws ShapeMismatch when the
// parts disagree (labels per sample, a name per member, the OOD split with the
// same members and classes) and InvalidArgument for labels out of range.
class CalibrationSet {
  public:
    CalibrationSet(MemberProbabilities inDistribution, std::vector<std::int64_t> labels,
                   std::vector<std::string> memberNames,
                   std::optional<MemberProbabilities> outOfDistribution = std::nullopt);

    const MemberProbabilities& probabilities() const { return probabilities_; }
    const std::vector<std::int64_t>& labels() const { return labels_; }
    const std::vector<std::string>& memberNames() const { return names_; }
    const MemberProbabilities* outOfDistribution() const { return ood_ ? &*ood_ : nullptr; }
    std::int64_t members() const { return probabilities_.members(); }

    // Index of a member by name; throws InvalidArgument naming the unknown name.
    std::int64_t memberIndex(const std::string& name) const;
    // 0 .. members - 1.
    std::vector<std::int64_t> allMembers() const;

  private:
    MemberProbabilities probabilities_;
    std::vector<std::int64_t> labels_;
    std::vector<std::string> names_;
    std::optional<MemberProbabilities> ood_;
};

struct MemberGroup {
    std::string name;
    std::vector<std::int64_t> members;
};

struct CalibrationOptions {
    EvaluationOptions evaluation;
    OodScore oodScore = OodScore::MaxProbability;  // the headline OOD numbers
    bool perMember = true;                         // see memberReports()
    std::vector<MemberGroup> groups;               // each evaluated as the BMA of its members
    bool pairwise = false;                         // O(M^2 N C)
    bool ensembleSizeCurve = false;
    std::uint64_t seed = 0;  // of the ensemble-size order
};

struct MemberReport {
    std::int64_t index = 0;
    std::string name;
    PredictionMetrics metrics;
};

struct GroupReport {
    std::string name;
    std::vector<std::int64_t> members;
    PredictionMetrics metrics;  // of the group's BMA
    DiversityMetrics diversity;
};

struct OodReport {
    OodScore headline = OodScore::MaxProbability;
    DetectionMetrics metrics;                                    // with the headline score
    std::vector<std::pair<OodScore, DetectionMetrics>> byScore;  // every score
    DiversityMetrics diversity;  // of the selection on the OOD samples
    std::int64_t samples = 0;
};

struct CalibrationReport {
    std::vector<std::int64_t> selection;
    std::vector<std::string> selectionNames;
    PredictionMetrics bma;
    ReliabilityTable table;                   // of the BMA, in options.evaluation.tableStrategy
    std::optional<CalibrationCurves> curves;  // of the BMA: risk-coverage, smoothed reliability
    std::vector<MemberReport> members;
    std::vector<GroupReport> groups;
    DiversityMetrics diversity;
    std::optional<OodReport> ood;
    std::optional<PairwiseMutualInformation> pairwise;     // in-distribution
    std::optional<PairwiseMutualInformation> pairwiseOod;  // when there is an OOD split
    std::optional<EnsembleSizeCurve> curve;
};

// The OOD part of a report from the selection's per-sample uncertainty on the
// split and on the OOD split: the headline score's metrics and every score's.
OodReport makeOodReport(const SampleUncertainty& inside, const SampleUncertainty& outside,
                        OodScore headline, std::int64_t members);

// One row per member of the set. The rows do not depend on the selection, so a
// view computes them once per set and options and re-aggregates selections with
// CalibrationOptions::perMember = false. Throws Cancelled when cancelled.
std::vector<MemberReport> memberReports(const CalibrationSet& set,
                                        const EvaluationOptions& options = {},
                                        const JobContext& context = {});

// Throws InvalidArgument for a bad selection or group, Cancelled when cancelled.
CalibrationReport calibrate(const CalibrationSet& set, std::span<const std::int64_t> selection,
                            const CalibrationOptions& options = {}, const JobContext& context = {});

}  // namespace modescape::calibration

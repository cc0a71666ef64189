#pragma once
// The uncertainty of a selection of members, as the Uncertainty view draws it
// and `modescape uncertainty` prints it: the ensemble-size curve, every OOD
// score per sample with its detection metrics and the histograms of the in-
// and out-of-distribution scores, and the pairwise mutual information between
// members with its histograms. Built on calibrate() (the curve, pairwise MI and
// per-score metrics are its numbers), so both front ends show the same values.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/calibration/CalibrationReport.h"
#include "core/calibration/MemberPredictionSource.h"
#include "core/calibration/StreamedCalibration.h"
#include "core/jobs/Progress.h"

namespace modescape::calibration {

// Histograms of two samples on shared bins: `bins` equal-width bins from the
// smallest to the largest value of both sides (a width of 1e-9 when every value
// is equal, so one bar shows); value v goes to bin floor((v - lower) / width),
// the largest value to the last bin. Each side counts fractions of its own
// values (the sides differ in size), so a side's bars sum to 1.
struct PairedHistogram {
    double lower = 0.0;
    double upper = 0.0;
    std::vector<double> centres;  // of the bins
    std::vector<double> inside;   // fraction of the inside values per bin
    std::vector<double> outside;  // the same; empty when outside has no values
};

// Throws InvalidArgument for bins < 1. Both sides empty: every bar 0 on [0, 1].
PairedHistogram pairedHistogram(std::span<const double> inside, std::span<const double> outside,
                                int bins);

// Per-sample OOD scores (OodMetrics.h: each rises with OOD-ness) of the
// selection's model average, indexed like kAllOodScores.
struct OodSampleScores {
    std::vector<std::vector<double>> inside;   // [score][in-distribution sample]
    std::vector<std::vector<double>> outside;  // [score][OOD sample]
};

// Throws InvalidArgument when the set has no OOD split or the selection is bad.
OodSampleScores oodSampleScores(const CalibrationSet& set, std::span<const std::int64_t> selection,
                                const JobContext& context = {});

struct UncertaintyOptions {
    EvaluationOptions evaluation;  // the curve's metrics
    std::uint64_t seed = 0;        // of the curve's member order
    int histogramBins = 30;
    // Pairwise MI is O(M^2 N C): above this many selected members it is left out.
    std::size_t maxPairwiseMembers = 300;
};

struct OodScoreReport {
    OodScore score = OodScore::MaxProbability;
    DetectionMetrics metrics;
    std::vector<double> inside, outside;  // per sample
    PairedHistogram histogram;
};

struct UncertaintyReport {
    std::vector<std::int64_t> selection;
    std::vector<std::string> selectionNames;
    DiversityMetrics diversity;  // in distribution
    EnsembleSizeCurve curve;
    // With an OOD split: the selection's diversity there, and one entry per kAllOodScores.
    std::optional<DiversityMetrics> oodDiversity;
    std::int64_t oodSamples = 0;
    std::vector<OodScoreReport> ood;
    // Absent above maxPairwiseMembers; values empty for a single member.
    std::optional<PairwiseMutualInformation> pairwise;
    std::optional<PairwiseMutualInformation> pairwiseOod;
    std::optional<PairedHistogram> pairwiseHistogram;  // when there are pairs
};

// The options the report's calibrate() runs with: the curve on, pairwise MI
// when the selection is small enough, no per-member rows.
CalibrationOptions uncertaintyCalibrationOptions(const UncertaintyOptions& options,
                                                 std::size_t selectedMembers);

// The score that separates in- from out-of-distribution samples best: the
// highest AUROC (the first of kAllOodScores among equals). Empty without OOD.
std::optional<OodScore> bestOodScore(const std::vector<OodScoreReport>& ood);

// How an AUROC reads, in one or two sentences, the same in the Uncertainty
// view and in `modescape uncertainty`: 1 separates perfectly, 0.5 is chance,
// and below 0.5 the score ranks OOD samples as the more certain ones (ReLU
// networks grow more confident far from their data, so max probability can
// rank far-away inputs as the most confident); docs/definitions.md.
std::string aurocReading(double auroc);

// Throws InvalidArgument for a bad selection or bins < 1; Cancelled.
// Holds the selection's predictions (M x N x C, the CalibrationSet's).
UncertaintyReport uncertaintyReport(const CalibrationSet& set,
                                    std::span<const std::int64_t> selection,
                                    const UncertaintyOptions& options = {},
                                    const JobContext& context = {});

// The options a streamed uncertainty report's StreamedCalibration runs with:
// those of uncertaintyCalibrationOptions for `members` members, no groups,
// the per-sample uncertainty kept for the OOD scores.
StreamedCalibrationOptions streamedUncertaintyOptions(const UncertaintyOptions& options,
                                                      std::size_t members, double workingBytes);

// The report from a finished StreamedCalibration (run with
// streamedUncertaintyOptions): the same numbers as uncertaintyReport() on a
// CalibrationSet of the same members with every member selected, since the
// sums run in the same order. Throws InvalidArgument for bins < 1.
UncertaintyReport uncertaintyReportFrom(CalibrationReport calibrated,
                                        const std::optional<SampleUncertainties>& samples,
                                        const UncertaintyOptions& options);

// The streamed form: every member of `source` once in order (one member's
// predictions in memory at a time), then again for the ensemble-size curve
// and in panels for the pairwise mutual information. Memory: O(N C) running
// sums and O(N) per-sample values whatever M, and M^2 / 2 pairs; more than
// workingBytes is refused (MemoryLimitExceeded) with the sizes.
UncertaintyReport uncertaintyReportStreamed(const MemberPredictionSource& source,
                                            std::vector<std::int64_t> labels,
                                            const std::vector<std::string>& names,
                                            const UncertaintyOptions& options, double workingBytes,
                                            const JobContext& context = {});

}  // namespace modescape::calibration

#pragma once
// Reliability tables (Guo et al. 2017): samples binned by top-label confidence,
// and the calibration errors computed from the bins (docs/definitions.md):
//   ECE   = sum_b (N_b / N) |acc(b) - conf(b)|
//   MCE   = max over non-empty bins of |acc(b) - conf(b)|
//   RMSCE = sqrt(sum_b (N_b / N) (acc(b) - conf(b))^2)
//
// Equal-width bins: B bins with edges e_b = b / B; a sample belongs to
// (e_b, e_{b+1}], so confidence 1.0 is in the last bin and a confidence exactly
// on an edge goes to the lower bin; confidence 0 (impossible for a top label,
// handled anyway) goes to the first bin. For float32 caches the edges are
// compared in float32 (e_b = float(b) / float(B)), so that a member's 0.2f is
// "exactly 0.2" as it is in PyTorch; the table still reports the edges b / B.
//
// Equal-mass (adaptive) bins: samples sorted by confidence (ties by sample
// index) and cut into B consecutive runs like numpy.array_split: the first
// N mod B runs hold floor(N / B) + 1 samples, the others floor(N / B). Tied
// confidences may therefore straddle two bins. A bin's edges are the smallest
// and the largest confidence of its samples, so the bins report (and the
// diagram draws) the confidences they really hold: in a two-class task no bin
// starts below 0.5. (Until session 8 the first bin's lower edge was 0 and each
// other bin started at the previous one's upper edge, which drew the first bin
// from 0.) A bin of one sample, or of tied samples, has lower == upper. The
// edges only describe the bins: membership, and so the ECE, is unchanged.
// With N < B the last B - N bins are empty.
//
// Empty bins are skipped: they are not in the table and do not enter any error.

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "core/calibration/MemberProbabilities.h"
#include "core/common/WordTable.h"

namespace modescape::calibration {

enum class BinningStrategy { EqualWidth, EqualMass };
// The words of the JSON report, of `calibrate --binning` and of the GUI's binning combo.
inline constexpr WordTable<BinningStrategy, 2> kBinningWords{
    {{"equal_width", BinningStrategy::EqualWidth}, {"equal_mass", BinningStrategy::EqualMass}}};

// "equal_width" / "equal_mass".
const char* binningName(BinningStrategy strategy);
// Throws InvalidArgument naming the accepted words.
BinningStrategy parseBinning(const std::string& word);

struct CalibrationBin {
    // Equal width: the bin's edges; equal mass: its samples' least and largest confidence.
    double lower = 0.0;
    double upper = 0.0;
    std::int64_t count = 0;
    double confidence = 0.0;  // mean top-label confidence of the bin
    double accuracy = 0.0;    // fraction of the bin's samples predicted correctly
    // The bootstrap's 95 % interval of the accuracy (NaN without bootstrap).
    double accuracyLower = std::numeric_limits<double>::quiet_NaN();
    double accuracyUpper = std::numeric_limits<double>::quiet_NaN();
};

struct ReliabilityTable {
    BinningStrategy strategy = BinningStrategy::EqualWidth;
    int binCount = 15;                 // bins asked for, empty ones included
    std::vector<CalibrationBin> bins;  // non-empty bins only, in confidence order
    double ece = 0.0;
    double mce = 0.0;
    double rmsce = 0.0;
    double meanConfidence = 0.0;  // over all samples: the histogram's lines
    double meanAccuracy = 0.0;
};

// At most this many bins (a reliability diagram with more is noise).
inline constexpr int kMaxBins = 10000;

// confidence[n] = max_c p_c of sample n, correct[n] = 1 when its argmax is the label.
// Throws InvalidArgument when binCount is outside [1, kMaxBins] or the inputs
// are empty or a confidence is outside [0, 1]; ShapeMismatch when they differ in length.
ReliabilityTable reliabilityTable(
    std::span<const double> confidence, std::span<const std::uint8_t> correct, int binCount,
    BinningStrategy strategy, ProbabilityPrecision edgePrecision = ProbabilityPrecision::Float64);

// The bin (0 .. binCount - 1, empty bins counted) of each sample, by the same
// rules as reliabilityTable: the bootstrap resamples bins without re-binning.
std::vector<std::int32_t> binIndices(
    std::span<const double> confidence, int binCount, BinningStrategy strategy,
    ProbabilityPrecision edgePrecision = ProbabilityPrecision::Float64);

}  // namespace modescape::calibration

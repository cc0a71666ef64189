#pragma once
// Selective prediction (docs/definitions.md): the samples sorted by
// confidence, most confident first (a stable sort: equal confidences keep
// sample order), and the model abstains on all but the first k.
//   risk(k / n) = (1/k) sum_{j <= k} (1 - correct_(j))    k = 1 .. n
//   AURC        = (1/n) sum_{k=1..n} risk(k / n)
// (the area under the risk-coverage curve by the right Riemann sum at the n
// coverages k / n; Geifman et al. 2019).

#include <cstdint>
#include <span>
#include <vector>

namespace modescape::calibration {

// Sample indices by descending confidence, ties in index order.
std::vector<std::int64_t> descendingConfidenceOrder(std::span<const double> confidence);

// risk[k - 1] = risk(k / n). Throws ShapeMismatch for spans of different
// lengths, InvalidArgument for none.
std::vector<double> riskCoverage(std::span<const double> confidence,
                                 std::span<const std::uint8_t> correct);
double aurc(std::span<const double> confidence, std::span<const std::uint8_t> correct);

// The curve to draw: (coverage, risk) at most `points` coverages k / n,
// evenly spaced in k and always ending at coverage 1.
struct RiskCoverageCurve {
    std::vector<double> coverage, risk;
};
RiskCoverageCurve sampledRiskCoverage(std::span<const double> risk, int points = 200);

}  // namespace modescape::calibration

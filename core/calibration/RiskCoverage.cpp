#include "core/calibration/RiskCoverage.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "core/common/Error.h"

namespace modescape::calibration {

std::vector<std::int64_t> descendingConfidenceOrder(std::span<const double> confidence) {
    std::vector<std::int64_t> order(confidence.size());
    std::iota(order.begin(), order.end(), std::int64_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::int64_t a, std::int64_t b) { return confidence[a] > confidence[b]; });
    return order;
}

std::vector<double> riskCoverage(std::span<const double> confidence,
                                 std::span<const std::uint8_t> correct) {
    if (confidence.size() != correct.size())
        throw ShapeMismatch("risk-coverage: " + std::to_string(confidence.size()) +
                            " confidences but " + std::to_string(correct.size()) +
                            " correctness flags");
    if (confidence.empty())
        throw InvalidArgument("a risk-coverage curve needs at least one sample");
    std::vector<double> risk(confidence.size());
    double errors = 0.0;
    std::size_t k = 0;
    for (const std::int64_t n : descendingConfidenceOrder(confidence)) {
        errors += correct[n] ? 0.0 : 1.0;
        ++k;
        risk[k - 1] = errors / static_cast<double>(k);
    }
    return risk;
}

double aurc(std::span<const double> confidence, std::span<const std::uint8_t> correct) {
    const std::vector<double> risk = riskCoverage(confidence, correct);
    return std::accumulate(risk.begin(), risk.end(), 0.0) / static_cast<double>(risk.size());
}

RiskCoverageCurve sampledRiskCoverage(std::span<const double> risk, int points) {
    RiskCoverageCurve curve;
    const auto n = static_cast<std::int64_t>(risk.size());
    const std::int64_t count = std::min<std::int64_t>(n, std::max(points, 2));
    for (std::int64_t i = 0; i < count; ++i) {
        // k = 1 .. n spread over `count` points; the last is k = n.
        const std::int64_t k = count == 1 ? n : 1 + (i * (n - 1) + (count - 1) / 2) / (count - 1);
        curve.coverage.push_back(static_cast<double>(k) / static_cast<double>(n));
        curve.risk.push_back(risk[static_cast<std::size_t>(k - 1)]);
    }
    return curve;
}

}  // namespace modescape::calibration

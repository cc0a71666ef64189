#pragma once
// Monte-Carlo error of MCMC output, for tests that compare a chain's moments
// with known ones: Geyer's effective sample size of a scalar chain, and a
// z-score for every mean and covariance entry (difference from the expected
// value over its standard error, the error computed from the effective sample
// size of the series that moment averages). docs/definitions.md states both.

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace modescape::testing {

// n / tau, tau = -1 + 2 sum_m Gamma_m, Gamma_m = rho(2m) + rho(2m + 1) summed
// while positive and forced non-increasing (Geyer's initial monotone sequence).
// Capped at n: an antithetic chain (tau < 1) is counted as independent, which
// only widens tolerances.
inline double effectiveSampleSize(const std::vector<double>& x) {
    const std::size_t n = x.size();
    if (n < 4)
        return double(n);
    double mean = 0.0;
    for (double v : x)
        mean += v;
    mean /= double(n);
    std::vector<double> centred(n);
    for (std::size_t t = 0; t < n; ++t)
        centred[t] = x[t] - mean;
    auto autocovariance = [&](std::size_t lag) {
        double sum = 0.0;
        for (std::size_t t = 0; t + lag < n; ++t)
            sum += centred[t] * centred[t + lag];
        return sum / double(n);
    };
    const double gamma0 = autocovariance(0);
    if (!(gamma0 > 0.0))
        return double(n);
    double tau = -1.0, previous = std::numeric_limits<double>::infinity();
    for (std::size_t m = 0; 2 * m + 1 < n; ++m) {
        double pair = (autocovariance(2 * m) + autocovariance(2 * m + 1)) / gamma0;
        if (pair <= 0.0)
            break;
        pair = std::min(pair, previous);
        previous = pair;
        tau += 2.0 * pair;
    }
    return double(n) / std::max(tau, 1.0);
}

struct MomentCheck {
    double worstZ = 0.0;  // largest |difference| / standard error over all moments
    double smallestEss = 0.0;
    std::string report;  // one line per moment, for failure messages and logs
};

namespace detail {
inline std::vector<double> toVector(const at::Tensor& t) {
    const at::Tensor c = t.to(at::kDouble).contiguous();
    return {c.data_ptr<double>(), c.data_ptr<double>() + c.numel()};
}
inline double variance(const std::vector<double>& x) {
    double mean = 0.0, sum = 0.0;
    for (double v : x)
        mean += v;
    mean /= double(x.size());
    for (double v : x)
        sum += (v - mean) * (v - mean);
    return sum / double(x.size());
}
}  // namespace detail

// samples [n, d]; expected mean [d] and covariance [d, d]; the optional
// reference standard errors (of an expected value that is itself a Monte-Carlo
// estimate) add in quadrature. A NaN or infinite estimate counts as z = inf.
inline MomentCheck compareMoments(const at::Tensor& samples, const at::Tensor& expectedMean,
                                  const at::Tensor& expectedCovariance,
                                  const at::Tensor& meanSe = {},
                                  const at::Tensor& covarianceSe = {}) {
    const at::Tensor x = samples.to(at::kDouble);
    const std::int64_t d = x.size(1);
    const at::Tensor centred = x - x.mean(0);
    MomentCheck check;
    check.smallestEss = std::numeric_limits<double>::infinity();
    std::ostringstream out;
    auto judge = [&](const std::string& name, const std::vector<double>& series, double expected,
                     double referenceSe) {
        double estimate = 0.0;
        for (double v : series)
            estimate += v;
        estimate /= double(series.size());
        const double ess = effectiveSampleSize(series);
        const double se = std::sqrt(detail::variance(series) / ess + referenceSe * referenceSe);
        double z = std::abs(estimate - expected) / se;
        if (!std::isfinite(z))
            z = std::numeric_limits<double>::infinity();
        check.worstZ = std::max(check.worstZ, z);
        check.smallestEss = std::min(check.smallestEss, ess);
        out << name << ": " << estimate << " vs " << expected << " (se " << se << ", ESS " << ess
            << ", z " << z << ")\n";
    };
    for (std::int64_t i = 0; i < d; ++i)
        judge("mean[" + std::to_string(i) + "]", detail::toVector(x.select(1, i)),
              expectedMean[i].item<double>(), meanSe.defined() ? meanSe[i].item<double>() : 0.0);
    // A covariance entry is the average of the products of centred coordinates.
    for (std::int64_t i = 0; i < d; ++i)
        for (std::int64_t j = i; j < d; ++j)
            judge("cov[" + std::to_string(i) + "," + std::to_string(j) + "]",
                  detail::toVector(centred.select(1, i) * centred.select(1, j)),
                  expectedCovariance[i][j].item<double>(),
                  covarianceSe.defined() ? covarianceSe[i][j].item<double>() : 0.0);
    out << "worst z " << check.worstZ;
    check.report = out.str();
    return check;
}

}  // namespace modescape::testing

#include "core/calibration/SmoothEce.h"

#include <ATen/ATen.h>
#include <c10/util/complex.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "core/common/Error.h"

namespace modescape::calibration {
namespace {

// Terms 0 .. termsFor(sigma) - 1 of the series: the first left out has the
// factor exp(-(pi k sigma)^2 / 2) < exp(-(2.4 pi)^2 / 2) ~ 4e-13.
std::size_t termsFor(double sigma) {
    return static_cast<std::size_t>(std::ceil(2.4 / sigma)) + 1;
}

// sum_k c_k cos(pi k t) on the midpoint grid t_j = (j + 1/2) / G, |.| averaged
// (the midpoint rule of the integral of |g| over [0, 1]).
double meanAbsolute(const std::vector<double>& c, std::size_t grid) {
    double total = 0.0;
    for (std::size_t j = 0; j < grid; ++j) {
        const double t = (static_cast<double>(j) + 0.5) / static_cast<double>(grid);
        // cos(k x) by the Chebyshev recurrence cos(k x) = 2 cos x cos((k-1) x) - cos((k-2) x).
        const double twoCos = 2.0 * std::cos(std::numbers::pi * t);
        double previous = 1.0, current = twoCos / 2.0, sum = c[0];
        for (std::size_t k = 1; k < c.size(); ++k) {
            sum += c[k] * current;
            const double next = twoCos * current - previous;
            previous = current;
            current = next;
        }
        total += std::abs(sum);
    }
    return total / static_cast<double>(grid);
}

// The same by one FFT of length 2G: g(t_j) = Re sum_k [c_k e^{i pi k / (2G)}]
// e^{2 pi i k j / (2G)}, an inverse DFT (times 2G). O(G log G) instead of O(G K).
double meanAbsoluteByFft(const std::vector<double>& c, std::size_t grid) {
    const auto length = static_cast<std::int64_t>(2 * grid);
    std::vector<c10::complex<double>> twisted(static_cast<std::size_t>(length));
    for (std::size_t k = 0; k < c.size(); ++k) {
        const double angle =
            std::numbers::pi * static_cast<double>(k) / static_cast<double>(length);
        twisted[k] = c10::complex<double>(c[k] * std::cos(angle), c[k] * std::sin(angle));
    }
    const at::Tensor spectrum = at::from_blob(twisted.data(), {length}, at::kComplexDouble);
    const at::Tensor g =
        at::real(at::fft_ifft(spectrum)).slice(0, 0, static_cast<std::int64_t>(grid));
    return g.abs().sum().item<double>() * static_cast<double>(length) / static_cast<double>(grid);
}

// Above this many terms one FFT beats the direct sums.
constexpr std::size_t kFftFromTerms = 64;

// The series' coefficients at sigma: 2 a_k exp(-(pi k sigma)^2 / 2), a_0 once.
std::vector<double> smoothed(const std::vector<double>& terms, double sigma) {
    std::vector<double> c(std::min(termsFor(sigma), terms.size()));
    for (std::size_t k = 0; k < c.size(); ++k) {
        const double x = std::numbers::pi * static_cast<double>(k) * sigma;
        c[k] = (k == 0 ? 1.0 : 2.0) * terms[k] * std::exp(-0.5 * x * x);
    }
    return c;
}

double evaluate(const std::vector<double>& c, double t) {
    double sum = 0.0;
    for (std::size_t k = 0; k < c.size(); ++k)
        sum += c[k] * std::cos(std::numbers::pi * static_cast<double>(k) * t);
    return sum;
}

}  // namespace

SmoothCalibration::SmoothCalibration(std::span<const double> confidence,
                                     std::span<const std::uint8_t> correct,
                                     std::span<const std::uint32_t> weights) {
    if (confidence.size() != correct.size() ||
        (!weights.empty() && weights.size() != correct.size()))
        throw ShapeMismatch("smooth ECE: " + std::to_string(confidence.size()) + " confidences, " +
                            std::to_string(correct.size()) + " correctness flags and " +
                            std::to_string(weights.size()) + " weights");
    for (std::size_t i = 0; i < confidence.size(); ++i) {
        if (!(confidence[i] >= 0.0 && confidence[i] <= 1.0))
            throw InvalidArgument("smooth ECE: confidence " + std::to_string(confidence[i]) +
                                  " of sample " + std::to_string(i) + " is outside [0, 1]");
        const double w = weights.empty() ? 1.0 : static_cast<double>(weights[i]);
        if (w == 0.0)
            continue;  // not in this resample
        confidence_.push_back(confidence[i]);
        residual_.push_back((correct[i] ? 1.0 : 0.0) - confidence[i]);
        weight_.push_back(w);
        total_ += w;
        meanResidual_ += w * residual_.back();
        meanAbsoluteResidual_ += w * std::abs(residual_.back());
    }
    if (total_ == 0.0)
        throw InvalidArgument("smooth ECE needs at least one sample");
    meanResidual_ /= total_;
    meanAbsoluteResidual_ /= total_;
}

void SmoothCalibration::extendTo(std::size_t terms, bool density) {
    std::vector<double>& out = density ? densityTerms_ : residualTerms_;
    if (out.size() >= terms)
        return;
    // Recomputed from k = 0: one cosine recurrence per sample, kLanes samples
    // side by side so that their independent recurrences overlap in the
    // pipeline (a single one waits on its own previous step).
    constexpr std::size_t kLanes = 8;
    out.assign(terms, 0.0);
    for (std::size_t first = 0; first < confidence_.size(); first += kLanes) {
        double value[kLanes] = {}, twoCos[kLanes] = {}, previous[kLanes], current[kLanes];
        for (std::size_t lane = 0; lane < kLanes; ++lane) {
            const std::size_t i = first + lane;
            if (i < confidence_.size()) {  // lanes past the end carry value 0
                value[lane] = weight_[i] * (density ? 1.0 : residual_[i]) / total_;
                twoCos[lane] = 2.0 * std::cos(std::numbers::pi * confidence_[i]);
            }
            previous[lane] = 1.0;              // cos(0 x)
            current[lane] = twoCos[lane] / 2;  // cos(1 x)
        }
        double sum = 0.0;
        for (std::size_t lane = 0; lane < kLanes; ++lane)
            sum += value[lane];
        out[0] += sum;
        for (std::size_t k = 1; k < terms; ++k) {
            sum = 0.0;
            for (std::size_t lane = 0; lane < kLanes; ++lane) {
                sum += value[lane] * current[lane];
                const double next = twoCos[lane] * current[lane] - previous[lane];
                previous[lane] = current[lane];
                current[lane] = next;
            }
            out[k] += sum;
        }
    }
}

double SmoothCalibration::at(double sigma) {
    sigma = std::clamp(sigma, kSmallestSmoothEceBandwidth, 1.0);
    const std::size_t terms = termsFor(sigma);
    extendTo(terms, false);
    const std::size_t grid = std::max<std::size_t>(512, 16 * terms);
    const std::vector<double> c = smoothed(residualTerms_, sigma);
    return terms > kFftFromTerms ? meanAbsoluteByFft(c, grid) : meanAbsolute(c, grid);
}

double SmoothCalibration::fixedPoint(double guess, double tolerance) {
    // h(sigma) = smECE_sigma - sigma falls strictly, and |mean r| <= smECE_sigma
    // <= mean |r| (the integral of |g| is at least |integral of g| = |mean r|, and
    // each sample's kernel integrates to 1): so |mean r| <= sigma* <= mean |r|.
    const double floor = std::max(kSmallestSmoothEceBandwidth, std::abs(meanResidual_));
    const double ceiling = std::min(1.0, meanAbsoluteResidual_);
    if (ceiling < kSmallestSmoothEceBandwidth)
        return kSmallestSmoothEceBandwidth;
    if (ceiling - floor <= tolerance)  // residuals of one sign: smECE_sigma = |mean r|
        return std::min(floor, ceiling);
    const auto h = [this](double sigma) { return at(sigma) - sigma; };
    double lo = std::clamp(guess > 0.0 ? guess : std::sqrt(floor * ceiling), floor, ceiling);
    // Near a given guess (a resample's root lies near the full data's) small
    // steps keep the bracket's low end, which sets the terms needed, high.
    const double step = guess > 0.0 ? 1.25 : 2.0;
    double hLo = h(lo), hi = lo, hHi = hLo;
    if (hLo > 0.0) {  // the root is above: step up to a sign change
        while (hHi > 0.0 && hi < ceiling) {
            lo = hi, hLo = hHi;
            hi = std::min(ceiling, step * hi);
            hHi = h(hi);
        }
        if (hHi > 0.0)  // only rounding keeps h(ceiling) above 0
            return hi;
    } else {
        while (hLo <= 0.0 && lo > floor) {
            hi = lo, hHi = hLo;
            lo = std::max(floor, lo / step);
            hLo = h(lo);
        }
        if (hLo <= 0.0)  // sigma* is the floor: |mean r|, or below the smallest bandwidth
            return lo;
    }
    // Regula falsi with the Illinois rule (halve the weight of an end kept twice).
    int kept = 0;
    for (int iteration = 0; iteration < 200 && hi - lo > tolerance; ++iteration) {
        const double x = (lo * hHi - hi * hLo) / (hHi - hLo);
        const double hx = h(x);
        if (hx == 0.0)
            return x;
        if (hx > 0.0) {
            lo = x, hLo = hx;
            if (kept == -1)
                hHi /= 2.0;
            kept = -1;
        } else {
            hi = x, hHi = hx;
            if (kept == 1)
                hLo /= 2.0;
            kept = 1;
        }
        if (std::abs(hx) < 1e-3 * tolerance)
            break;
    }
    return (lo * hHi - hi * hLo) / (hHi - hLo);
}

SmoothCalibration::Curve SmoothCalibration::curve(double sigma, int points) {
    sigma = std::clamp(sigma, kSmallestSmoothEceBandwidth, 1.0);
    extendTo(termsFor(sigma), false);
    extendTo(termsFor(sigma), true);
    const std::vector<double> residual = smoothed(residualTerms_, sigma);
    const std::vector<double> density = smoothed(densityTerms_, sigma);
    Curve out;
    out.sigma = sigma;
    for (int j = 0; j < points; ++j) {
        const double t = points > 1 ? static_cast<double>(j) / (points - 1) : 0.5;
        const double d = evaluate(density, t);
        out.confidence.push_back(t);
        out.density.push_back(d);
        out.accuracy.push_back(d > kDensityFloor ? t + evaluate(residual, t) / d : t);
    }
    return out;
}

double smoothEce(std::span<const double> confidence, std::span<const std::uint8_t> correct) {
    return SmoothCalibration(confidence, correct).fixedPoint();
}

}  // namespace modescape::calibration

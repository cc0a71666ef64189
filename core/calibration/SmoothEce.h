#pragma once
// Smooth ECE (Blasiok & Nakkiran, "Smooth ECE: Principled Reliability
// Diagrams via Kernel Smoothing", 2023), docs/definitions.md:
//   residuals r_i = y_i - f_i (y_i = 1 when sample i is predicted correctly,
//   f_i its top-label confidence), smoothed with the Gaussian kernel of width
//   sigma reflected at 0 and 1, K_sigma(t, f) = sum_m phi_sigma(t - f - 2m)
//   + phi_sigma(t + f - 2m):
//     smECE_sigma = integral_0^1 |(1/n) sum_i K_sigma(t, f_i) r_i| dt,
//   and smooth ECE = smECE_sigma* at the bandwidth sigma* where
//   smECE_sigma* = sigma* (unique: smECE_sigma does not grow with sigma), so
//   smooth ECE equals sigma*.
// The reflected kernel is the heat kernel of [0, 1] with reflecting ends, a
// cosine series: K_sigma(t, f) = 1 + 2 sum_k exp(-(pi k sigma)^2 / 2)
// cos(pi k t) cos(pi k f). So the smoothed residual is a cosine series whose
// coefficients a_k = (1/n) sum_i w_i r_i cos(pi k f_i) are computed once per
// data set; each sigma of the bandwidth search then sums K = 2.4 / sigma
// terms (the first left out weighs below 1e-12) on a midpoint grid of
// G = max(512, 16 K) points (|g| has kinks where g changes sign: the midpoint
// rule is within ~2e-7 of the integral there): directly, O(K G), for K <= 64,
// else by one FFT of length 2G (ATen), O(G log G).

#include <cstdint>
#include <span>
#include <vector>

namespace modescape::calibration {

// The search stops at this bandwidth: a smooth ECE below it is reported as it.
// The search is bracketed by |mean r| <= sigma* <= mean |r| (see fixedPoint).
inline constexpr double kSmallestSmoothEceBandwidth = 1e-3;
inline constexpr double kDensityFloor = 1e-6;

class SmoothCalibration {
  public:
    // weights (optional: empty means 1 each) count how often each sample is in
    // a bootstrap resample; n is their sum. Throws ShapeMismatch for spans of
    // different lengths, InvalidArgument for no samples or f outside [0, 1].
    SmoothCalibration(std::span<const double> confidence, std::span<const std::uint8_t> correct,
                      std::span<const std::uint32_t> weights = {});

    // smECE_sigma, sigma in [kSmallestSmoothEceBandwidth, 1].
    double at(double sigma);
    // sigma* (= smooth ECE) to `tolerance`; `guess` (e.g. the point
    // estimate's sigma* for a resample) starts the bracket near the root.
    double fixedPoint(double guess = 0.0, double tolerance = 1e-10);

    // The smoothed reliability curve at sigma on `points` equally spaced t in
    // [0, 1]: accuracy(t) = t + residual(t) / density(t) and density(t) =
    // (1/n) sum_i K_sigma(t, f_i); where the density is below kDensityFloor
    // (no data near t; the series' rounding would rule the ratio) accuracy(t) = t.
    struct Curve {
        double sigma = 0.0;
        std::vector<double> confidence, accuracy, density;
    };
    Curve curve(double sigma, int points = 101);

  private:
    // Cosine coefficients up to index k of the residuals (and of the density).
    void extendTo(std::size_t terms, bool density);
    std::vector<double> confidence_, residual_, weight_;
    double total_ = 0.0;
    double meanResidual_ = 0.0, meanAbsoluteResidual_ = 0.0;  // bound sigma* (fixedPoint)
    std::vector<double> residualTerms_, densityTerms_;
};

// The smooth ECE of top-label confidences (SmoothCalibration(...).fixedPoint()).
double smoothEce(std::span<const double> confidence, std::span<const std::uint8_t> correct);

}  // namespace modescape::calibration

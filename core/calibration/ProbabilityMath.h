#pragma once
// Small per-sample formulas shared by the calibration metrics. Templated on the
// element type so that float32 and float64 caches are read without conversion;
// every sum is accumulated in double.

#include <cmath>
#include <cstdint>

namespace modescape::calibration {

// Index of the largest probability; ties go to the lowest class index (as
// torch.argmax and numpy.argmax do on CPU).
template <typename T>
std::int32_t argmaxClass(const T* probabilities, std::int64_t classes) {
    std::int32_t best = 0;
    for (std::int64_t c = 1; c < classes; ++c) {
        if (probabilities[c] > probabilities[best])
            best = static_cast<std::int32_t>(c);
    }
    return best;
}

// Shannon entropy in nats (natural log), with 0 log 0 = 0.
template <typename T>
double entropyNats(const T* probabilities, std::int64_t classes) {
    double h = 0.0;
    for (std::int64_t c = 0; c < classes; ++c) {
        const double p = static_cast<double>(probabilities[c]);
        if (p > 0.0)
            h -= p * std::log(p);
    }
    return h;
}

}  // namespace modescape::calibration

#pragma once
// A random source whose sequence is fixed by its seed on every platform and
// compiler: std::mt19937_64 is specified bit-for-bit, but the standard
// distributions are not, so uniform / normal / shuffle are written here.

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <utility>
#include <vector>

namespace modescape::data {

class SeededRandom {
  public:
    explicit SeededRandom(std::uint64_t seed) : engine_(seed) {}

    // Uniform in [0, 1) with 53 random bits.
    double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

    // Standard normal (Box-Muller; the second value of each pair is kept).
    double normal() {
        if (hasSpare_)
            return hasSpare_ = false, spare_;
        const double u1 = 1.0 - uniform();  // (0, 1]: log is finite
        const double u2 = uniform();
        const double r = std::sqrt(-2.0 * std::log(u1));
        spare_ = r * std::sin(2 * std::numbers::pi * u2);
        hasSpare_ = true;
        return r * std::cos(2 * std::numbers::pi * u2);
    }

    // Uniform integer in [0, bound) (bound > 0), by rejection so it is unbiased.
    std::uint64_t below(std::uint64_t bound) {
        const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
        std::uint64_t v;
        do
            v = engine_();
        while (v >= limit);
        return v % bound;
    }

    // Fisher-Yates.
    template <typename T>
    void shuffle(std::vector<T>& items) {
        for (std::size_t i = items.size(); i > 1; --i)
            std::swap(items[i - 1], items[below(i)]);
    }

  private:
    std::mt19937_64 engine_;
    double spare_ = 0;
    bool hasSpare_ = false;
};

}  // namespace modescape::data

#pragma once
// Whether a set's members score near chance on some data: the usual sign of
// inputs preprocessed differently from training (published checkpoints fed
// raw [0, 1] pixels instead of normalised ones). One rule for `eval`,
// `calibrate` and the GUI, documented in docs/datasets.md:
//   with at least 100 samples and C classes, the members' mean accuracy is
//   below min(1.5 / C, 1 / C + 0.05): less than half again chance, and less
//   than 5 points above it (for 2 classes 0.55, for 10 classes 0.15).

#include <cstdint>
#include <string>
#include <vector>

namespace modescape::data {
struct Dataset;
}

namespace modescape::evaluation {

inline constexpr std::int64_t kNearChanceMinSamples = 100;

// The accuracy below which a mean over members counts as near chance.
double nearChanceThreshold(std::int64_t classes);

// The rule above; false for no accuracies, fewer than 2 classes or too few samples.
bool nearChance(const std::vector<double>& accuracies, std::int64_t classes, std::int64_t samples);

// "" when the rule does not hold; otherwise a warning naming the mean
// accuracy, the class count, the role and the normalisation of data, and
// what to check.
std::string nearChanceWarning(const std::vector<double>& accuracies, const data::Dataset& data,
                              const std::string& role);

}  // namespace modescape::evaluation

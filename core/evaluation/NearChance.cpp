#include "core/evaluation/NearChance.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "core/data/Dataset.h"
#include "core/data/Normalization.h"

namespace modescape::evaluation {

double nearChanceThreshold(std::int64_t classes) {
    const double chance = 1.0 / static_cast<double>(std::max<std::int64_t>(classes, 1));
    return std::min(1.5 * chance, chance + 0.05);
}

bool nearChance(const std::vector<double>& accuracies, std::int64_t classes, std::int64_t samples) {
    if (accuracies.empty() || classes < 2 || samples < kNearChanceMinSamples)
        return false;
    const double mean = std::accumulate(accuracies.begin(), accuracies.end(), 0.0) /
                        static_cast<double>(accuracies.size());
    return mean < nearChanceThreshold(classes);
}

std::string nearChanceWarning(const std::vector<double>& accuracies, const data::Dataset& data,
                              const std::string& role) {
    if (!nearChance(accuracies, data.numClasses, data.size()))
        return "";
    const double mean = std::accumulate(accuracies.begin(), accuracies.end(), 0.0) /
                        static_cast<double>(accuracies.size());
    char numbers[160];
    std::snprintf(numbers, sizeof numbers, "accuracy %.3f over %zu member%s, %lld classes", mean,
                  accuracies.size(), accuracies.size() == 1 ? "" : "s",
                  static_cast<long long>(data.numClasses));
    return "members score near chance (" + std::string(numbers) + ") on " + role + " data " +
           data.spec + " with inputs " + data::describeNormalization(data) +
           "; were they trained with another normalisation? Give the dataset spec norm=train or "
           "mean=a:b:c,std=a:b:c (see docs/datasets.md, \"Normalisation\")";
}

}  // namespace modescape::evaluation

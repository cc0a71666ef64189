#include "core/calibration/MemberProbabilities.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/calibration/ProbabilityMath.h"
#include "core/common/Error.h"

namespace modescape::calibration {
namespace {

void checkDimensions(std::size_t size, std::int64_t members, std::int64_t samples,
                     std::int64_t classes) {
    if (members < 1 || samples < 1 || classes < 2) {
        throw InvalidArgument(
            "member probabilities need at least 1 member, 1 sample and 2 classes; got [" +
            std::to_string(members) + ", " + std::to_string(samples) + ", " +
            std::to_string(classes) + "]");
    }
    const auto expected = static_cast<std::size_t>(members * samples * classes);
    if (size != expected) {
        throw ShapeMismatch("member probabilities hold " + std::to_string(size) + " values but [" +
                            std::to_string(members) + ", " + std::to_string(samples) + ", " +
                            std::to_string(classes) + "] needs " + std::to_string(expected));
    }
}

template <typename T>
void checkRow(const T* row, std::int64_t classes, std::int64_t member, std::int64_t sample) {
    double sum = 0.0;
    for (std::int64_t c = 0; c < classes; ++c) {
        const double p = static_cast<double>(row[c]);
        if (!std::isfinite(p) || p < 0.0 || p > 1.0 + MemberProbabilities::kRowSumTolerance) {
            throw InvalidArgument("member " + std::to_string(member) + ", sample " +
                                  std::to_string(sample) + ", class " + std::to_string(c) + ": " +
                                  std::to_string(p) +
                                  " is not a probability; pass softmax outputs, not logits");
        }
        sum += p;
    }
    if (std::abs(sum - 1.0) > MemberProbabilities::kRowSumTolerance) {
        throw InvalidArgument("member " + std::to_string(member) + ", sample " +
                              std::to_string(sample) + ": probabilities sum to " +
                              std::to_string(sum) +
                              ", not 1; pass softmax outputs, not logits or scores");
    }
}

}  // namespace

MemberProbabilities::MemberProbabilities(std::span<const float> data, std::int64_t members,
                                         std::int64_t samples, std::int64_t classes)
    : members_(members),
      samples_(samples),
      classes_(classes),
      precision_(ProbabilityPrecision::Float32) {
    initialise(data, float32_);
}

MemberProbabilities::MemberProbabilities(std::span<const double> data, std::int64_t members,
                                         std::int64_t samples, std::int64_t classes)
    : members_(members),
      samples_(samples),
      classes_(classes),
      precision_(ProbabilityPrecision::Float64) {
    initialise(data, float64_);
}

template <typename T>
void MemberProbabilities::initialise(std::span<const T> data, std::vector<T>& store) {
    checkDimensions(data.size(), members_, samples_, classes_);
    store.assign(data.begin(), data.end());
    entropies_.resize(static_cast<std::size_t>(members_ * samples_));
    votes_.resize(entropies_.size());
    for (std::int64_t m = 0; m < members_; ++m) {
        for (std::int64_t n = 0; n < samples_; ++n) {
            const std::int64_t row = m * samples_ + n;
            const T* p = store.data() + row * classes_;
            checkRow(p, classes_, m, n);
            entropies_[row] = entropyNats(p, classes_);
            votes_[row] = argmaxClass(p, classes_);
        }
    }
}

void MemberProbabilities::checkMember(std::int64_t member) const {
    if (member < 0 || member >= members_) {
        throw InvalidArgument("member index " + std::to_string(member) + " is outside [0, " +
                              std::to_string(members_) + ")");
    }
}

void MemberProbabilities::copyMember(std::int64_t member, std::span<double> out) const {
    checkMember(member);
    const std::size_t count = static_cast<std::size_t>(samples_ * classes_);
    if (out.size() != count)
        throw ShapeMismatch("copyMember: output has the wrong size");
    const std::size_t offset = static_cast<std::size_t>(member) * count;
    if (precision_ == ProbabilityPrecision::Float32) {
        for (std::size_t i = 0; i < count; ++i)
            out[i] = float32_[offset + i];
    } else {
        for (std::size_t i = 0; i < count; ++i)
            out[i] = float64_[offset + i];
    }
}

void MemberProbabilities::addMember(std::int64_t member, std::span<double> accumulator) const {
    checkMember(member);
    const std::size_t count = static_cast<std::size_t>(samples_ * classes_);
    if (accumulator.size() != count)
        throw ShapeMismatch("addMember: accumulator has the wrong size");
    const std::size_t offset = static_cast<std::size_t>(member) * count;
    if (precision_ == ProbabilityPrecision::Float32) {
        const float* p = float32_.data() + offset;
        for (std::size_t i = 0; i < count; ++i)
            accumulator[i] += p[i];
    } else {
        const double* p = float64_.data() + offset;
        for (std::size_t i = 0; i < count; ++i)
            accumulator[i] += p[i];
    }
}

void MemberProbabilities::averageMembers(std::span<const std::int64_t> selection,
                                         std::span<double> out) const {
    checkSelection(selection, members_);
    if (out.size() != static_cast<std::size_t>(samples_ * classes_)) {
        throw ShapeMismatch("averageMembers: output has the wrong size");
    }
    // Blocked so that the running sum stays in L1 while every member streams
    // past it once; 2-3x faster than whole-member passes on a 50 x 10^5 cache.
    constexpr std::size_t kBlock = 2048;
    const std::size_t count = out.size();
    const auto members = static_cast<double>(selection.size());
    for (std::size_t begin = 0; begin < count; begin += kBlock) {
        const std::size_t end = std::min(count, begin + kBlock);
        double* sum = out.data();
        std::fill(sum + begin, sum + end, 0.0);
        for (const std::int64_t m : selection) {
            const std::size_t offset = static_cast<std::size_t>(m) * count;
            if (precision_ == ProbabilityPrecision::Float32) {
                const float* p = float32_.data() + offset;
                for (std::size_t i = begin; i < end; ++i)
                    sum[i] += p[i];
            } else {
                const double* p = float64_.data() + offset;
                for (std::size_t i = begin; i < end; ++i)
                    sum[i] += p[i];
            }
        }
        // Divided, not multiplied by 1 / k: a mean of values <= 1 then stays <= 1.
        for (std::size_t i = begin; i < end; ++i)
            sum[i] /= members;
    }
}

std::span<const double> MemberProbabilities::memberEntropies(std::int64_t member) const {
    checkMember(member);
    return std::span<const double>(entropies_)
        .subspan(static_cast<std::size_t>(member * samples_), static_cast<std::size_t>(samples_));
}

std::span<const std::int32_t> MemberProbabilities::memberVotes(std::int64_t member) const {
    checkMember(member);
    return std::span<const std::int32_t>(votes_).subspan(
        static_cast<std::size_t>(member * samples_), static_cast<std::size_t>(samples_));
}

void checkSelection(std::span<const std::int64_t> selection, std::int64_t members) {
    if (selection.empty())
        throw InvalidArgument("the member selection is empty; select at least one member");
    std::vector<bool> seen(static_cast<std::size_t>(members), false);
    for (const std::int64_t m : selection) {
        if (m < 0 || m >= members) {
            throw InvalidArgument("selected member index " + std::to_string(m) +
                                  " is outside [0, " + std::to_string(members) + ")");
        }
        if (seen[static_cast<std::size_t>(m)]) {
            throw InvalidArgument("member " + std::to_string(m) +
                                  " is selected twice; select each member once");
        }
        seen[static_cast<std::size_t>(m)] = true;
    }
}

void checkLabels(std::span<const std::int64_t> labels, std::int64_t samples, std::int64_t classes) {
    if (static_cast<std::int64_t>(labels.size()) != samples) {
        throw ShapeMismatch("there are " + std::to_string(labels.size()) + " labels for " +
                            std::to_string(samples) + " samples");
    }
    for (std::size_t n = 0; n < labels.size(); ++n) {
        if (labels[n] < 0 || labels[n] >= classes) {
            throw InvalidArgument("label " + std::to_string(labels[n]) + " of sample " +
                                  std::to_string(n) + " is outside [0, " + std::to_string(classes) +
                                  ")");
        }
    }
}

}  // namespace modescape::calibration

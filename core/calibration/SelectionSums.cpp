#include "core/calibration/SelectionSums.h"

#include <algorithm>
#include <string>

#include "core/common/ParallelFor.h"

#include "core/common/Error.h"

namespace modescape::calibration {
namespace {

// sum + error += x without losing x's low bits: TwoSum gives the rounding
// error of s + x exactly, and the error term collects it. Branch-free, so the
// loop vectorises.
template <typename T>
void compensatedAdd(double* sum, double* error, const T* values, std::size_t count, double sign) {
    for (std::size_t i = 0; i < count; ++i) {
        const double x = sign * static_cast<double>(values[i]);
        const double s = sum[i];
        const double t = s + x;
        const double z = t - s;
        error[i] += (s - (t - z)) + (x - z);
        sum[i] = t;
    }
}

}  // namespace

SelectionSums::SelectionSums(std::int64_t samples, std::int64_t classes, bool withProbabilities)
    : samples_(samples),
      classes_(classes),
      withProbabilities_(withProbabilities),
      sum_(withProbabilities ? static_cast<std::size_t>(samples * classes) : 0, 0.0),
      error_(sum_.size(), 0.0),
      entropySum_(static_cast<std::size_t>(samples), 0.0),
      entropyError_(entropySum_.size(), 0.0),
      counts_(static_cast<std::size_t>(samples * classes), 0),
      pairs_(entropySum_.size(), 0) {}

double SelectionSums::bytes(std::int64_t samples, std::int64_t classes, bool withProbabilities) {
    const double sc = double(samples) * double(classes);
    return (withProbabilities ? 16.0 * sc : 0.0) + 4.0 * sc + 24.0 * double(samples);
}

void SelectionSums::check(MemberRef member) const {
    const MemberProbabilities& p = *member.probabilities;
    if (p.samples() != samples_ || p.classes() != classes_)
        throw ShapeMismatch("selection sums: a member with " + std::to_string(p.samples()) +
                            " samples and " + std::to_string(p.classes()) + " classes, not " +
                            std::to_string(samples_) + " and " + std::to_string(classes_));
}

void SelectionSums::addSigned(MemberRef member, double sign) {
    check(member);
    const MemberProbabilities& p = *member.probabilities;
    const std::size_t count = sum_.size();
    const std::size_t offset = static_cast<std::size_t>(member.member) * count;
    if (!withProbabilities_)
        ;  // entropies and votes only
    else if (p.precision() == ProbabilityPrecision::Float32)
        compensatedAdd(sum_.data(), error_.data(), p.float32Data().data() + offset, count, sign);
    else
        compensatedAdd(sum_.data(), error_.data(), p.float64Data().data() + offset, count, sign);
    const std::span<const double> entropy = p.memberEntropies(member.member);
    compensatedAdd(entropySum_.data(), entropyError_.data(), entropy.data(), entropy.size(), sign);
    // pairs[n] = sum_c C(n_c, 2): a vote for c joins (or leaves) n_c - 1 pairs.
    const std::span<const std::int32_t> votes = p.memberVotes(member.member);
    for (std::size_t n = 0; n < votes.size(); ++n) {
        std::int32_t& c = counts_[n * std::size_t(classes_) + std::size_t(votes[n])];
        if (sign > 0)
            pairs_[n] += c++;
        else
            pairs_[n] -= --c;
    }
}

void SelectionSums::add(MemberRef member) {
    addSigned(member, 1.0);
    ++members_;
}

void SelectionSums::remove(MemberRef member) {
    if (members_ == 0)
        throw InvalidArgument("selection sums: no member to remove");
    addSigned(member, -1.0);
    --members_;
}

void SelectionSums::reset(std::span<const MemberRef> members) {
    for (const MemberRef& m : members)
        check(m);
    std::fill(sum_.begin(), sum_.end(), 0.0);
    std::fill(error_.begin(), error_.end(), 0.0);
    std::fill(entropySum_.begin(), entropySum_.end(), 0.0);
    std::fill(entropyError_.begin(), entropyError_.end(), 0.0);
    std::fill(counts_.begin(), counts_.end(), 0);
    std::fill(pairs_.begin(), pairs_.end(), 0);
    // Blocked as averageMembers: the block of the sum stays in L1 while every
    // member streams past it once. Compensated as add(): a member removed
    // later then leaves exactly the others' sum behind, small values included.
    // Blocks are independent and each adds the members in the given order, so
    // spreading them over the cores gives the same bits on any thread count.
    constexpr std::size_t kBlock = 2048;
    const std::size_t count = sum_.size();
    const auto blocks = static_cast<std::int64_t>((count + kBlock - 1) / kBlock);
    at::parallel_for(0, blocks, 1, [&](std::int64_t firstBlock, std::int64_t endBlock) {
        for (std::int64_t block = firstBlock; block < endBlock; ++block) {
            const std::size_t begin = std::size_t(block) * kBlock;
            const std::size_t length = std::min(count, begin + kBlock) - begin;
            double* sum = sum_.data() + begin;
            double* error = error_.data() + begin;
            for (const MemberRef& m : members) {
                const std::size_t offset = static_cast<std::size_t>(m.member) * count + begin;
                if (m.probabilities->precision() == ProbabilityPrecision::Float32)
                    compensatedAdd(sum, error, m.probabilities->float32Data().data() + offset,
                                   length, 1.0);
                else
                    compensatedAdd(sum, error, m.probabilities->float64Data().data() + offset,
                                   length, 1.0);
            }
        }
    });
    for (const MemberRef& m : members) {
        const std::span<const double> entropy = m.probabilities->memberEntropies(m.member);
        compensatedAdd(entropySum_.data(), entropyError_.data(), entropy.data(), entropy.size(),
                       1.0);
        const std::span<const std::int32_t> votes = m.probabilities->memberVotes(m.member);
        for (std::size_t n = 0; n < votes.size(); ++n)
            pairs_[n] += counts_[n * std::size_t(classes_) + std::size_t(votes[n])]++;
    }
    members_ = static_cast<std::int64_t>(members.size());
}

void SelectionSums::accumulateSum(std::span<double> out) const {
    if (out.size() != sum_.size())
        throw ShapeMismatch("selection sums: output has the wrong size");
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] += sum_[i] + error_[i];
}

std::vector<double> SelectionSums::average() const {
    if (!withProbabilities_)
        throw InvalidArgument("selection sums: kept without the probabilities");
    if (members_ == 0)
        throw InvalidArgument("the member selection is empty; select at least one member");
    std::vector<double> out(sum_.size());
    const auto members = static_cast<double>(members_);
    // Divided, as averageMembers does: a mean of values <= 1 stays <= 1.
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = (sum_[i] + error_[i]) / members;
    return out;
}

SampleUncertainty SelectionSums::uncertainty(std::span<const double> average) const {
    if (average.size() != counts_.size())
        throw ShapeMismatch("selection sums: the average has the wrong size");
    std::vector<double> entropySums(entropySum_.size());
    for (std::size_t s = 0; s < entropySums.size(); ++s)
        entropySums[s] = entropySum_[s] + entropyError_[s];  // the compensated sum
    return uncertaintyFromSums(average, classes_, members_, entropySums, pairs_);
}

}  // namespace modescape::calibration

#pragma once
// The predictions cache of an ensemble: the softmax outputs of M members on N
// samples with C classes, kept in the precision they came in (float32 or
// float64). Everything in core/calibration is computed from it, so a new
// selection of members is re-aggregated without running any network.
// Per member and sample it also caches the entropy and the argmax vote, which
// the diversity metrics need for every selection. Immutable once built: its
// const methods may be called from several threads at once.

#include <cstdint>
#include <span>
#include <vector>

namespace modescape::calibration {

enum class ProbabilityPrecision { Float32, Float64 };

class MemberProbabilities {
  public:
    // `data` is row-major [members, samples, classes] and is copied.
    // Throws ShapeMismatch when data.size() != members * samples * classes, and
    // InvalidArgument when a dimension is < 1 (classes < 2) or a row is not a
    // probability vector: an entry negative or not finite, or a row sum off 1
    // by more than kRowSumTolerance (logits passed instead of softmax outputs).
    MemberProbabilities(std::span<const float> data, std::int64_t members, std::int64_t samples,
                        std::int64_t classes);
    MemberProbabilities(std::span<const double> data, std::int64_t members, std::int64_t samples,
                        std::int64_t classes);

    // Loose enough for float16-rounded caches of 1000 classes, tight enough to
    // reject logits and unnormalised scores.
    static constexpr double kRowSumTolerance = 1e-3;

    std::int64_t members() const { return members_; }
    std::int64_t samples() const { return samples_; }
    std::int64_t classes() const { return classes_; }
    ProbabilityPrecision precision() const { return precision_; }

    // The raw cache; exactly one of the two is non-empty.
    std::span<const float> float32Data() const { return float32_; }
    std::span<const double> float64Data() const { return float64_; }

    // out[n * C + c] = p_member(x_n)_c. out.size() must be samples * classes.
    void copyMember(std::int64_t member, std::span<double> out) const;
    // accumulator[n * C + c] += p_member(x_n)_c.
    void addMember(std::int64_t member, std::span<double> accumulator) const;
    // The Bayesian model average: out = mean over the selected members.
    // Throws InvalidArgument for an empty, out-of-range or repeated selection.
    void averageMembers(std::span<const std::int64_t> selection, std::span<double> out) const;

    // Cached per member: H(p_m(x_n)) in nats, and argmax_c p_m(x_n)_c.
    std::span<const double> memberEntropies(std::int64_t member) const;
    std::span<const std::int32_t> memberVotes(std::int64_t member) const;

  private:
    template <typename T>
    void initialise(std::span<const T> data, std::vector<T>& store);
    void checkMember(std::int64_t member) const;

    std::int64_t members_ = 0;
    std::int64_t samples_ = 0;
    std::int64_t classes_ = 0;
    ProbabilityPrecision precision_ = ProbabilityPrecision::Float64;
    std::vector<float> float32_;
    std::vector<double> float64_;
    std::vector<double> entropies_;    // [members, samples]
    std::vector<std::int32_t> votes_;  // [members, samples]
};

// Throws InvalidArgument when the selection is empty, names a member outside
// [0, members) or names one twice.
void checkSelection(std::span<const std::int64_t> selection, std::int64_t members);

// Throws ShapeMismatch when labels.size() != samples, InvalidArgument when a
// label is outside [0, classes).
void checkLabels(std::span<const std::int64_t> labels, std::int64_t samples, std::int64_t classes);

}  // namespace modescape::calibration

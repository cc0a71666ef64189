#pragma once
// The running sums behind the model average of a selection that changes one
// member at a time: the sum of the members' probabilities, of their entropies
// and their argmax votes. add() and remove() each cost one pass over one
// member, so a selection that gains or loses a member is re-aggregated
// without reading the others.
//
// Why the sums never drift: the probability and entropy sums are compensated
// (each element keeps the rounding error of every add and subtract in a
// second double, Knuth's TwoSum), so after any sequence of adds and removes
// sum + error equals the exact sum of the members now in it to about one
// rounding, however long the sequence. The votes are integers (exact).
// reset() sums the given members afresh (the same compensated sums, blocked
// for the cache), the quickest way to a selection that shares few members.

#include <cstdint>
#include <span>
#include <vector>

#include "core/calibration/Diversity.h"
#include "core/calibration/MemberProbabilities.h"

namespace modescape::calibration {

// One member of some cache: `probabilities` must outlive the sums' use of it.
struct MemberRef {
    const MemberProbabilities* probabilities = nullptr;
    std::int64_t member = 0;
};

class SelectionSums {
  public:
    // withProbabilities = false keeps only the entropies and votes (the
    // uncertainty of a selection whose average is summed elsewhere).
    SelectionSums(std::int64_t samples, std::int64_t classes, bool withProbabilities = true);

    // Throws ShapeMismatch when the member's samples or classes differ.
    void add(MemberRef member);
    // The member must be in the sums (the caller keeps the selection).
    void remove(MemberRef member);
    // The sums of exactly `members`, summed afresh (blocked, so each element
    // of the sum stays in cache while every member streams past it once).
    void reset(std::span<const MemberRef> members);

    std::int64_t members() const { return members_; }
    std::int64_t samples() const { return samples_; }
    std::int64_t classes() const { return classes_; }

    // out += sum (with its error) over the members: [samples, classes].
    void accumulateSum(std::span<double> out) const;
    // The model average [samples, classes] (throws InvalidArgument when empty).
    std::vector<double> average() const;
    // The per-sample uncertainty of these members; `average` is theirs.
    SampleUncertainty uncertainty(std::span<const double> average) const;

    // What sums of this shape hold, in bytes.
    static double bytes(std::int64_t samples, std::int64_t classes, bool withProbabilities = true);

  private:
    void addSigned(MemberRef member, double sign);
    void check(MemberRef member) const;

    std::int64_t samples_ = 0;
    std::int64_t classes_ = 0;
    std::int64_t members_ = 0;
    bool withProbabilities_ = true;
    std::vector<double> sum_, error_;                // [samples, classes]
    std::vector<double> entropySum_, entropyError_;  // [samples]
    std::vector<std::int32_t> counts_;               // [samples, classes]: votes per class
    std::vector<std::int64_t> pairs_;                // [samples]: sum_c C(n_c, 2)
};

}  // namespace modescape::calibration

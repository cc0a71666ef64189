#pragma once
// Members' predictions served one at a time, so that a whole-set calibration
// never holds every member's [samples, classes] probabilities at once (9,216
// members x 10,000 CIFAR images x 10 classes would be 3.7 GB of float32). The
// predictions cache (core/evaluation) serves them for a checkpoint set; an
// in-memory CalibrationSet serves them for tests and small sets.

#include <cstdint>
#include <memory>
#include <optional>

#include "core/calibration/CalibrationReport.h"
#include "core/calibration/MemberProbabilities.h"
#include "core/jobs/Progress.h"

namespace modescape::calibration {

// One member's predictions: MemberProbabilities of a single member, so its
// entropies and votes are computed exactly as in a whole cache.
struct MemberPrediction {
    MemberProbabilities inside;                  // [1, samples, classes] on the split
    std::optional<MemberProbabilities> outside;  // on the OOD split, when there is one
};

class MemberPredictionSource {
  public:
    virtual ~MemberPredictionSource() = default;
    virtual std::int64_t members() const = 0;
    // Member `member` (0 .. members() - 1), in any order. A reader keeps the
    // pointer only as long as it needs the member, so a counting source can
    // see how many are alive. May throw what reading or evaluating throws.
    virtual std::shared_ptr<const MemberPrediction> read(std::int64_t member,
                                                         const JobContext& context) const = 0;
};

// The members of a CalibrationSet, copied out one at a time.
class CalibrationSetSource : public MemberPredictionSource {
  public:
    explicit CalibrationSetSource(const CalibrationSet& set) : set_(set) {}
    std::int64_t members() const override { return set_.members(); }
    std::shared_ptr<const MemberPrediction> read(std::int64_t member,
                                                 const JobContext& context) const override;

  private:
    const CalibrationSet& set_;
};

// Member `member` of `probabilities` as a one-member cache.
MemberProbabilities memberOf(const MemberProbabilities& probabilities, std::int64_t member);

}  // namespace modescape::calibration

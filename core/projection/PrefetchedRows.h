#pragma once
// Members read one ahead on a reader thread: while the visitor multiplies
// member i, member i + 1 is loaded (unpickled, symmetry-removed, converted
// to float32). Costs one more member row of memory; the visitor sees the same
// rows in the same order as from the source itself.

#include <cstdint>

#include "core/projection/MemberRowSource.h"

namespace modescape::projection {

class PrefetchedRowSource : public MemberRowSource {
  public:
    explicit PrefetchedRowSource(const MemberRowSource& base) : base_(base) {}
    int64_t memberCount() const override { return base_.memberCount(); }
    int64_t parameterCount() const override { return base_.parameterCount(); }
    // Exceptions from the source (IoError, Cancelled, ...) and from the
    // visitor reach the caller after the reader thread has stopped.
    void read(int64_t first, const MemberVisitor& visit, const JobContext& context) const override;

  private:
    const MemberRowSource& base_;
};

}  // namespace modescape::projection

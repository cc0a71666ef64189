#pragma once
// The members of a loaded set as rows for the streamed whole-set
// computations: each member read with LoadedSet::weights in the set's order,
// symmetry-removed as the weight space says, and the selected tensors
// flattened to float32. One member (plus the matching reference) is in
// memory at a time.

#include <optional>
#include <string>
#include <vector>

#include "core/model/ParameterSet.h"
#include "core/projection/MemberRowSource.h"
#include "core/symmetry/SymmetrySpec.h"
#include "core/symmetry/WeightSpace.h"

namespace modescape::symmetry {

class SetMemberRows : public projection::MemberRowSource {
  public:
    // Reads member 0 once to learn the row length. Throws what flattenMembers
    // documents (no model for a removal, unknown reference member, ...).
    SetMemberRows(const evaluation::LoadedSet& set, const SpaceOptions& options);
    int64_t memberCount() const override;
    int64_t parameterCount() const override { return parameters_; }
    void read(int64_t first, const projection::MemberVisitor& visit,
              const JobContext& context) const override;
    // The selected tensors as they were read (float32 views, not concatenated).
    void readPieces(int64_t first, const projection::MemberPiecesVisitor& visit,
                    const JobContext& context) const override;

  private:
    at::Tensor row(std::size_t member) const;
    std::vector<at::Tensor> pieces(std::size_t member) const;
    void checkLength(std::size_t member, int64_t parameters) const;

    const evaluation::LoadedSet& set_;
    RemovalOptions removal_;
    std::optional<SymmetrySpec> spec_;
    model::ParameterSet reference_;
    LayerSelection layers_;
    mutable std::vector<std::string> kept_;  // the selected tensors, the same in every member
    int64_t parameters_ = 0;
};

}  // namespace modescape::symmetry

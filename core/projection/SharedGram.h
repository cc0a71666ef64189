#pragma once
// The streamed Gram's matrices (StreamedGram.h) from block-pair units
// (MemberBlockPairs.h) that a UnitSharing hands to any process: unit (I, J)
// is the products of blocks I and J's rows shifted by member 0 (and, on the
// diagonal, each row's product with member 0); the collector places the
// blocks and finishes as streamedGram does. The same products of the same
// shifted rows, so the same matrices up to the order of addmm's sums (float64
// products) or to ~1e-7 relative (float32 products, as streamedGram's).

#include <cstdint>
#include <optional>

#include "core/jobs/Progress.h"
#include "core/projection/GramMatrix.h"
#include "core/projection/MemberRowSource.h"
#include "core/projection/UnitSharing.h"

namespace modescape::projection {

// nullopt on a process that only computed units (the collector has the
// matrices). `units` receives the number of block pairs when given.
std::optional<GramMatrices> sharedGram(const MemberRowSource& source, const UnitSharing& sharing,
                                       const JobContext& context,
                                       GramProducts products = GramProducts::Float64,
                                       std::int64_t* units = nullptr);

}  // namespace modescape::projection

#pragma once
// The Gram matrices and the pairwise distances of a set whose members are
// read in storage order (MemberRowSource), by panel passes: the exact
// N x N results with at most a panel of members in memory. Memory: the N x N
// results plus the panel; passes: ceil(N / P) (one when the set fits).

#include <cstdint>
#include <utility>

#include "core/jobs/Progress.h"
#include "core/projection/Distances.h"
#include "core/projection/GramMatrix.h"
#include "core/projection/MemberRowSource.h"

namespace at {
class Tensor;
}

namespace modescape::projection {

// The N x N float64 matrices computeGram keeps (accumulator, raw, centred and
// doubleCentre's temporaries): what the panel must leave room for.
double gramResultBytes(int64_t members);

// Same results as computeGram on the same rows. `passes` receives the number
// of passes over the set when given; maxPanelRows > 0 caps the panel (tests).
// Float64 products by default (distances need them); the PCA asks for Auto.
// With Float32 products, the panels of a multi-pass plan are balanced
// (ceil(N / passes) members) and the rows so freed join the batch of later
// members: each batch reads the whole panel, so fewer, larger batches cost
// less memory traffic.
GramMatrices streamedGram(const MemberRowSource& source, const JobContext& context,
                          int64_t* passes = nullptr, int64_t maxPanelRows = 0,
                          GramProducts products = GramProducts::Float64);

// Squared Euclidean and Manhattan distances by differences (as
// computeMemberDistances): what MMD needs.
MemberDistances streamedMemberDistances(const MemberRowSource& source, const JobContext& context,
                                        int64_t* passes = nullptr, int64_t maxPanelRows = 0);

// a b^T in float64 from float32 rows [rows, D], converted a chunk of columns at
// a time: the products of the float64 Gram.
at::Tensor doubleProducts(const at::Tensor& a, const at::Tensor& b, const JobContext& context);

// Squared Euclidean and Manhattan distances [rows a, rows b] (float64) between
// float32 rows, by differences, a chunk of columns at a time.
std::pair<at::Tensor, at::Tensor> pairDistances(const at::Tensor& a, const at::Tensor& b,
                                                const JobContext& context);

}  // namespace modescape::projection

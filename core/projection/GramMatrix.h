#pragma once
// The N x N Gram matrices of a member set, accumulated block by block in
// float64. Everything the projections need in weight space (PCA, Euclidean and
// cosine distances, MDS) follows from them without touching X again.

#include <Eigen/Dense>
#include <cstdint>

#include "core/jobs/Progress.h"
#include "core/projection/MemberBlockSource.h"

namespace modescape::projection {

struct GramMatrices {
    Eigen::MatrixXd centred;  // X0 X0^T with X0 = X minus its column means
    Eigen::MatrixXd raw;      // X X^T (cosine distances need the uncentred vectors)
};

// Columns per block so that one float64 block stays near 64 MB.
int64_t defaultBlockColumns(int64_t members);

// One streamed pass over the source. blockColumns <= 0 picks defaultBlockColumns.
// Reports progress per block and throws Cancelled between blocks.
GramMatrices computeGram(const MemberBlockSource& source, const JobContext& context,
                         int64_t blockColumns = 0);

// Both matrices from the Gram of rows shifted by a reference r (X' = X - 1 r^T),
// a = X' r and |r|^2: centring is shift-invariant, and X X^T = X'X'^T + a 1^T + 1 a^T + |r|^2.
GramMatrices gramFromShifted(const Eigen::MatrixXd& shifted, const Eigen::VectorXd& a, double r2);

// C G C with C = I - 11^T / N: the Gram matrix of the column-centred rows.
Eigen::MatrixXd doubleCentre(const Eigen::MatrixXd& gram);

}  // namespace modescape::projection

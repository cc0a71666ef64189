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

// How the Gram's products are formed. Float64: exactly (each float32 product
// is exact in float64), by LibTorch in float64. Float32: by BLAS ssyrk /
// sgemm in float32, a 4,096-column chunk at a time, the chunks summed in
// float64 (about 1e-7 relative, as scikit-learn's float32 PCA; several times
// faster). Auto: Float32 from kFloat32ProductsFrom multiply-adds (N^2 D / 2)
// on, where the float64 products take seconds; Float64 below, where they are
// cheap and small sets keep exact results. Data given in float64 is always
// multiplied in float64.
enum class GramProducts { Auto, Float64, Float32 };
inline constexpr double kFloat32ProductsFrom = 1e10;
GramProducts resolveGramProducts(GramProducts requested, int64_t members, int64_t parameters);

// Columns per block so that one float64 block stays near 64 MB.
int64_t defaultBlockColumns(int64_t members);

// One streamed pass over the source. blockColumns <= 0 picks defaultBlockColumns.
// Reports progress per block and throws Cancelled between blocks. A reader
// thread reads (and converts, float16 by F16C) block k + 1 while block k is
// multiplied; with Float32 products by BLAS ssyrk (GramKernels.h), else as
// computeGramDense. A CUDA device takes computeGramDense. overlapReads =
// false reads on the calling thread (the same results).
GramMatrices computeGram(const MemberBlockSource& source, const JobContext& context,
                         int64_t blockColumns = 0, GramProducts products = GramProducts::Auto,
                         bool overlapReads = true);

// The exact dense LibTorch path: every block converted to float64 and
// multiplied there (addmm), on context.device. The reference the fast path is
// measured against (tests, bench_projection).
GramMatrices computeGramDense(const MemberBlockSource& source, const JobContext& context,
                              int64_t blockColumns = 0);

// Both matrices from the Gram of rows shifted by a reference r (X' = X - 1 r^T),
// a = X' r and |r|^2: centring is shift-invariant, and X X^T = X'X'^T + a 1^T + 1 a^T + |r|^2.
GramMatrices gramFromShifted(const Eigen::MatrixXd& shifted, const Eigen::VectorXd& a, double r2);

// C G C with C = I - 11^T / N: the Gram matrix of the column-centred rows.
Eigen::MatrixXd doubleCentre(const Eigen::MatrixXd& gram);

}  // namespace modescape::projection

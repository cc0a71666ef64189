#pragma once
// PCA of sets past the exact Gram's reach, by a randomized range finder
// (Halko, Martinsson & Tropp 2011) on rows read in storage order.
//
// With X0 the centred N x D members and l = k + oversampling columns:
//   Y_0 = X0 Omega (Omega Gaussian D x l, seeded), then per power iteration
//   Y_t = X0 X0^T Q_{t-1} with Q = orth(Y); finally B = Q^T X0 and the SVD of
//   the small B gives the top-k scores Q U_B S and variances S^2 / (N - 1).
// Each pass computes Y = X0 Z member by member and, in the same pass,
// accumulates X0^T Y; orthonormalising afterwards (Y = Q S W^T, so
// X0^T Q = X0^T Y W S^-1) yields the next Z = X0^T Q, or B at the end. So q
// power iterations take q + 1 passes. Held: Z and the accumulator (D x l
// each; float64 when the working memory allows, else float32), member 0, the
// column sums and Y (N x l): O((N + D) l), never N x D; and the batches of
// members multiplied together (with float32 products up to 64 rows a batch,
// one batch for each of the workers that read and multiply, ShiftedBatches.h).

#include <cstdint>
#include <string>

#include "core/jobs/Progress.h"
#include "core/projection/MemberRowSource.h"
#include "core/projection/Pca.h"
#include "core/projection/ShiftedBatches.h"

namespace modescape::projection {

struct RandomizedPcaOptions {
    int components = 2;       // k, clipped to N - 1
    int oversampling = 10;    // p: extra sketch columns
    int powerIterations = 2;  // q: passes are q + 1
    uint64_t seed = 0;        // Omega's generator: same seed, same result
    // Auto: float32 products (SketchProducts.h) for large sets, as the exact Gram (GramMatrix.h).
    GramProducts products = GramProducts::Auto;
};

struct RandomizedPcaRun {
    PcaResult pca;          // as the exact PCA: scores, variances, left vectors
    int sketchColumns = 0;  // l
    int passes = 0;         // q + 1
    bool float64Accumulator = true;
    // Where the time went (one process's float32 passes; for the benchmarks):
    // the passes' reading and products, and the small work between passes.
    BatchPassTimes times;
    double betweenPasses = 0;
};

// Throws InvalidArgument for fewer than two members, MemoryLimitExceeded when
// the D x l buffers do not fit, Cancelled between members and chunks.
RandomizedPcaRun randomizedPca(const MemberRowSource& source, const RandomizedPcaOptions& options,
                               const JobContext& context);

// The most sketch columns l = k + p the working memory holds for n members of
// d parameters (float32 accumulator, one member at a time); 0 when none fit.
int64_t largestSketchColumns(int64_t n, int64_t d);

// "randomized (k=2, oversampling 10, 2 power iterations, 3 passes)"
std::string describeRandomizedPca(const RandomizedPcaOptions& options, const RandomizedPcaRun& run);

}  // namespace modescape::projection

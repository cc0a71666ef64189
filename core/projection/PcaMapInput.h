#pragma once
// t-SNE and MDS of weights past the reach of the N x N distances: computed
// from the members' top principal components (the randomized PCA, k = 50 by
// default, as is standard practice before t-SNE), which hold N x k numbers
// instead of N x N. Euclidean distances between k principal coordinates are
// the full distances when k reaches the rank of the centred set (N - 1 at
// most), and otherwise the distances within the top-k subspace.

#include <Eigen/Dense>
#include <cstdint>
#include <string>

#include "core/common/WordTable.h"
#include "core/projection/RandomizedPca.h"

namespace modescape::projection {

// Auto: PCA coordinates past the exact Gram's reach (exactGramOutOfReach, the
// first half of the PCA's own rule: where the N x N distances are out of reach
// too; a PCA that is merely cheaper randomized keeps the full distances for
// maps); Full: the N x N distances;
// Pca: the principal coordinates whatever the size.
enum class MapInput { Auto, Full, Pca };
inline constexpr WordTable<MapInput, 3> kMapInputWords{
    {{"auto", MapInput::Auto}, {"full", MapInput::Full}, {"pca", MapInput::Pca}}};
// A word of kMapInputWords; throws InvalidArgument otherwise.
MapInput parseMapInput(const std::string& text);

inline constexpr int kMapPcaComponents = 50;

struct MapInputPlan {
    bool pcaCoordinates = false;
    RandomizedPcaOptions pca;  // when pcaCoordinates: k, oversampling, seed
};

// k = min(components, N - 1), lowered (to 2 at least, and then the
// oversampling too) where the randomized PCA's D x (k + p) sketch would not fit
// the working memory: at 11.2 M parameters and 1.4 GiB that is k = 4.
MapInputPlan planMapInput(MapInput requested, int64_t members, int64_t parameters,
                          int components = kMapPcaComponents, uint64_t seed = 0);

// Classical MDS of the Euclidean distances between principal coordinates:
// their leading columns (PCA and classical MDS coincide on Euclidean
// distances). Columns past the scores' width are zero.
Eigen::MatrixXd mdsFromPcaScores(const Eigen::MatrixXd& scores, int dimensions);

// "top 50 principal components, randomized (k=50, oversampling 10, ...)"
std::string describePcaMapInput(const RandomizedPcaOptions& options, const RandomizedPcaRun& run);

}  // namespace modescape::projection

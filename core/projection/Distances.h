#pragma once
// Pairwise distances between members, and classical MDS on any distance matrix.

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/projection/MemberBlockSource.h"

namespace modescape::projection {

// d_ij = sqrt(G_ii + G_jj - 2 G_ij) (negative round-off clamped to 0); either
// the raw or the centred Gram matrix gives the same distances.
Eigen::MatrixXd euclideanDistancesFromGram(const Eigen::MatrixXd& gram);

// 1 - G_ij / sqrt(G_ii G_jj) from the raw (uncentred) Gram matrix, in [0, 2].
// Throws InvalidArgument naming the member when a member is the zero vector.
Eigen::MatrixXd cosineDistancesFromGram(const Eigen::MatrixXd& rawGram);

// Squared Euclidean and Manhattan (L1) distances between all members, in one
// streamed pass: what the MMD kernels need.
struct MemberDistances {
    Eigen::MatrixXd squaredEuclidean;
    Eigen::MatrixXd manhattan;
};
MemberDistances computeMemberDistances(const MemberBlockSource& source, const JobContext& context,
                                       int64_t blockColumns = 0);
// The same for rows of an in-memory matrix.
MemberDistances memberDistances(const Eigen::MatrixXd& rows);

struct MdsResult {
    Eigen::MatrixXd coordinates;      // N x k, same sign convention as PCA scores
    std::vector<double> eigenvalues;  // of B = -1/2 C D^2 C, for the k dimensions kept
    double negativeEigenvalueMass =
        0;  // share of |eigenvalue| mass that is negative (0 for Euclidean)
};

// Classical (Torgerson) MDS: B = -1/2 C D^2 C, coordinates U_k sqrt(lambda_k);
// dimensions with a negative eigenvalue get zero coordinates. D must be square,
// symmetric, finite, with a zero diagonal.
MdsResult classicalMds(const Eigen::MatrixXd& distances, int dimensions = 2);

}  // namespace modescape::projection

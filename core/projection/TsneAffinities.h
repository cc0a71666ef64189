#pragma once
// The input side of t-SNE: per-point Gaussian bandwidths found by binary search
// to match a perplexity, and the symmetrised joint probabilities P (dense for
// exact gradients, sparse over k nearest neighbours for Barnes-Hut).

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

namespace modescape::projection {

// p_{j|i} = exp(-beta d_ij) / sum, with beta found so that the entropy (nats)
// equals log(perplexity): scikit-learn's search (start beta = 1, double or
// halve until bracketed, then bisect; tolerance 1e-5, at most 100 steps).
// `squaredDistances` excludes the point itself. Returns beta.
double conditionalProbabilities(const double* squaredDistances, int64_t count, double perplexity,
                                double* probabilities);

// Dense P from an N x N squared-distance matrix: conditional rows, P + P^T,
// divided by its sum, floored at machine epsilon off the diagonal (as scikit-learn).
Eigen::MatrixXd jointProbabilities(const Eigen::MatrixXd& squaredDistances, double perplexity);

// k nearest neighbours of each point (self excluded), row-major N x k, nearest first.
struct Neighbours {
    int64_t k = 0;
    std::vector<int64_t> index;
    std::vector<double> squaredDistance;
};
Neighbours nearestNeighbours(const Eigen::MatrixXd& points, int64_t k);  // rows are points
Neighbours nearestNeighboursFromSquared(const Eigen::MatrixXd& squaredDistances, int64_t k);

// Symmetric sparse P in compressed rows, summing to 1.
struct SparseAffinities {
    std::vector<int64_t> rowStart;  // N + 1 entries
    std::vector<int64_t> column;
    std::vector<double> value;
};
SparseAffinities sparseJointProbabilities(const Neighbours& neighbours, double perplexity);

}  // namespace modescape::projection

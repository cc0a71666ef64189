#pragma once
// PCA of N members x D parameters with N << D, by the Gram-matrix method:
// X0 = U S V^T, G0 = X0 X0^T = U S^2 U^T, so an N x N eigenproblem gives the
// scores U S; the D-long directions V = X0^T U S^-1 need one more streamed pass.

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/projection/GramMatrix.h"
#include "core/projection/MemberBlockSource.h"

namespace modescape::projection {

struct PcaOptions {
    int components = 2;        // clipped to N - 1 (the rank of centred data), at least 1
    int64_t blockColumns = 0;  // <= 0: defaultBlockColumns
    GramProducts products = GramProducts::Auto;
};

struct PcaResult {
    // N x k; column j's entry of largest magnitude is positive (fixed sign convention).
    Eigen::MatrixXd scores;
    std::vector<double> singularValues;          // s_j of X0, descending
    std::vector<double> explainedVariance;       // s_j^2 / (N - 1), as scikit-learn
    std::vector<double> explainedVarianceRatio;  // s_j^2 / sum of all s^2
    double totalVariance = 0;                    // sum over all components, / (N - 1)
    Eigen::MatrixXd leftVectors;                 // U (N x k), for pcaComponents
};

// PCA from a centred Gram matrix (GramMatrices::centred).
PcaResult pcaFromGram(const Eigen::MatrixXd& centredGram, int components);

// One streamed pass (computeGram) then pcaFromGram. The Gram matrices are
// returned through `gram` when given, for distances without a second pass.
PcaResult pca(const MemberBlockSource& source, const PcaOptions& options, const JobContext& context,
              GramMatrices* gram = nullptr);

// The principal directions, D x k unit columns, by a second streamed pass
// V = X0^T U S^-1 (block-wise; only V is held). Components with a zero
// singular value come back as zero columns (logged). As computeGram, blocks
// are read on a reader thread; with Float32 products each is one sgemm, X0^T W = X'^T (C W) with X'
// the rows shifted by member 0 and C W the centred weights (no column means needed); float64 blocks
// are multiplied in float64.
Eigen::MatrixXd pcaComponents(const MemberBlockSource& source, const PcaResult& pca,
                              const JobContext& context, int64_t blockColumns = 0,
                              GramProducts products = GramProducts::Auto, bool overlapReads = true);

}  // namespace modescape::projection

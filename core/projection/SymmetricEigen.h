#pragma once
// Leading eigenpairs of a symmetric matrix, with a fixed sign per vector so
// that projections are reproducible run to run.

#include <Eigen/Dense>
#include <cstdint>

namespace modescape::projection {

struct Eigenpairs {
    Eigen::VectorXd values;   // descending
    Eigen::MatrixXd vectors;  // one unit column per value
};

// Sign convention: each vector's entry of largest magnitude (first on ties) is positive.
void fixSigns(Eigen::MatrixXd& vectors);

// The k largest eigenpairs (all eigenvalues too when the full solver runs: see
// allValues). Dense solver up to 1500 rows; above, seeded block subspace
// iteration with Rayleigh-Ritz, which only needs matrix products.
Eigenpairs leadingEigenpairs(const Eigen::MatrixXd& symmetric, int k, uint64_t seed = 0,
                             Eigen::VectorXd* allValues = nullptr);

}  // namespace modescape::projection

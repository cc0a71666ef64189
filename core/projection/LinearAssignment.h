#pragma once
// The linear assignment problem: a permutation pi maximising sum_i A(i, pi(i))
// for an n x n matrix, in O(n^3) by shortest augmenting paths (Hungarian
// method with potentials, Jonker-Volgenant style). Used for weight matching.

#include <Eigen/Dense>
#include <vector>

namespace modescape::projection {

struct Assignment {
    std::vector<int> columnOfRow;  // pi: row i is matched to column columnOfRow[i]
    double total = 0;              // sum_i A(i, pi(i))
};

// Throws InvalidArgument for a non-square matrix or non-finite entries. Any
// real values are fine (negative, ties); an empty matrix gives an empty assignment.
Assignment maximiseAssignment(const Eigen::MatrixXd& score);

// The same, minimising sum_i C(i, pi(i)).
Assignment minimiseAssignment(const Eigen::MatrixXd& cost);

}  // namespace modescape::projection

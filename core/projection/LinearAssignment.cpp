#include "core/projection/LinearAssignment.h"

#include <limits>

#include "core/common/Error.h"

namespace modescape::projection {

namespace {

void validate(const Eigen::MatrixXd& m) {
    if (m.rows() != m.cols())
        throw InvalidArgument("linear assignment needs a square matrix, got " +
                              std::to_string(m.rows()) + " x " + std::to_string(m.cols()));
    if (!m.allFinite())
        throw InvalidArgument("linear assignment: the matrix holds NaN or Inf");
}

}  // namespace

// Rows are added one at a time. For each new row a Dijkstra-like search over
// columns, with reduced costs c(i, j) - u(i) - v(j) >= 0 kept non-negative by
// the dual potentials u, v, finds the cheapest augmenting path to a free column;
// the assignment is then flipped along it. Index 0 is a virtual column that
// holds the row being inserted, so arrays are 1-based.
Assignment minimiseAssignment(const Eigen::MatrixXd& cost) {
    validate(cost);
    const int n = int(cost.rows());
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> u(n + 1, 0.0), v(n + 1, 0.0), minReduced(n + 1);
    std::vector<int> rowOfColumn(n + 1, 0), previousColumn(n + 1, 0);
    std::vector<char> visited(n + 1);

    for (int row = 1; row <= n; ++row) {
        rowOfColumn[0] = row;
        int column = 0;
        std::fill(minReduced.begin(), minReduced.end(), inf);
        std::fill(visited.begin(), visited.end(), 0);
        do {
            visited[column] = 1;
            const int i = rowOfColumn[column];
            double delta = inf;
            int next = 0;
            for (int j = 1; j <= n; ++j) {
                if (visited[j])
                    continue;
                const double reduced = cost(i - 1, j - 1) - u[i] - v[j];
                if (reduced < minReduced[j])
                    minReduced[j] = reduced, previousColumn[j] = column;
                if (minReduced[j] < delta)
                    delta = minReduced[j], next = j;
            }
            // Shift potentials so the tree's reduced costs stay zero and the others drop by delta.
            for (int j = 0; j <= n; ++j) {
                if (visited[j]) {
                    u[rowOfColumn[j]] += delta;
                    v[j] -= delta;
                } else {
                    minReduced[j] -= delta;
                }
            }
            column = next;
        } while (rowOfColumn[column] != 0);
        // Augment: walk back along the path, moving each row one column forward.
        while (column != 0) {
            const int previous = previousColumn[column];
            rowOfColumn[column] = rowOfColumn[previous];
            column = previous;
        }
    }

    Assignment result;
    result.columnOfRow.assign(size_t(n), -1);
    for (int j = 1; j <= n; ++j)
        result.columnOfRow[size_t(rowOfColumn[j] - 1)] = j - 1;
    for (int i = 0; i < n; ++i)
        result.total += cost(i, result.columnOfRow[size_t(i)]);
    return result;
}

Assignment maximiseAssignment(const Eigen::MatrixXd& score) {
    validate(score);
    Assignment result = minimiseAssignment(-score);
    result.total = -result.total;
    return result;
}

}  // namespace modescape::projection

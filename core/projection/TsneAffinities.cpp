#include "core/projection/TsneAffinities.h"

#include <ATen/ATen.h>
#include "core/common/ParallelFor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "core/common/Error.h"
#include "core/projection/TensorConversion.h"

namespace modescape::projection {

namespace {
constexpr double kMachineEpsilon = std::numeric_limits<double>::epsilon();
constexpr double kSumFloor = 1e-8;  // scikit-learn's EPSILON_DBL when every p underflows
}  // namespace

double conditionalProbabilities(const double* d, int64_t count, double perplexity, double* p) {
    const double desiredEntropy = std::log(perplexity);
    const double inf = std::numeric_limits<double>::infinity();
    double beta = 1.0, betaMin = -inf, betaMax = inf;
    for (int step = 0; step < 100; ++step) {
        double sum = 0;
        for (int64_t j = 0; j < count; ++j)
            sum += (p[j] = std::exp(-d[j] * beta));
        if (sum == 0.0)
            sum = kSumFloor;
        double weightedDistance = 0;
        for (int64_t j = 0; j < count; ++j) {
            p[j] /= sum;
            weightedDistance += d[j] * p[j];
        }
        // H = -sum p log p = log(sum) + beta * sum_j d_j p_j
        const double entropyGap = std::log(sum) + beta * weightedDistance - desiredEntropy;
        if (std::abs(entropyGap) <= 1e-5)
            break;
        if (entropyGap > 0) {  // too flat: sharpen
            betaMin = beta;
            beta = betaMax == inf ? beta * 2.0 : (beta + betaMax) / 2.0;
        } else {
            betaMax = beta;
            beta = betaMin == -inf ? beta / 2.0 : (beta + betaMin) / 2.0;
        }
    }
    return beta;
}

Eigen::MatrixXd jointProbabilities(const Eigen::MatrixXd& squared, double perplexity) {
    const Eigen::Index n = squared.rows();
    // Row-major scratch so each point's row is contiguous.
    std::vector<double> conditional(size_t(n * n), 0.0);
    at::parallel_for(0, n, 16, [&](int64_t begin, int64_t end) {
        std::vector<double> d(size_t(n - 1)), p(size_t(n - 1));
        for (int64_t i = begin; i < end; ++i) {
            for (int64_t j = 0, c = 0; j < n; ++j)
                if (j != i)
                    d[size_t(c++)] = squared(i, j);
            conditionalProbabilities(d.data(), n - 1, perplexity, p.data());
            for (int64_t j = 0, c = 0; j < n; ++j)
                if (j != i)
                    conditional[size_t(i * n + j)] = p[size_t(c++)];
        }
    });
    Eigen::MatrixXd joint(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < n; ++j)
            joint(i, j) = conditional[size_t(i * n + j)] + conditional[size_t(j * n + i)];
    joint /= std::max(joint.sum(), kMachineEpsilon);
    joint = joint.cwiseMax(kMachineEpsilon);
    joint.diagonal().setZero();
    return joint;
}

SparseAffinities sparseJointProbabilities(const Neighbours& nb, double perplexity) {
    const int64_t k = nb.k;
    const auto n = int64_t(nb.index.size()) / std::max<int64_t>(1, k);
    std::vector<double> conditional(nb.index.size());
    at::parallel_for(0, n, 64, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i)
            conditionalProbabilities(&nb.squaredDistance[size_t(i * k)], k, perplexity,
                                     &conditional[size_t(i * k)]);
    });
    // P + P^T: row i holds its own k neighbours and every j that lists i; each
    // row's entries are sorted by column and equal columns summed, rows in parallel.
    std::vector<int64_t> incoming(size_t(n + 1), 0);
    for (int64_t e = 0; e < n * k; ++e)
        ++incoming[size_t(nb.index[size_t(e)] + 1)];
    for (int64_t i = 0; i < n; ++i)
        incoming[size_t(i + 1)] += incoming[size_t(i)];
    std::vector<std::pair<int64_t, double>> reverse(size_t(n * k));
    {
        std::vector<int64_t> fill(incoming.begin(), incoming.end() - 1);
        for (int64_t i = 0; i < n; ++i)  // in row order: each list sorted by source
            for (int64_t c = 0; c < k; ++c) {
                const int64_t j = nb.index[size_t(i * k + c)];
                reverse[size_t(fill[size_t(j)]++)] = {i, conditional[size_t(i * k + c)]};
            }
    }
    std::vector<std::vector<std::pair<int64_t, double>>> rows(static_cast<size_t>(n));
    at::parallel_for(0, n, 64, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            auto& row = rows[size_t(i)];
            row.reserve(size_t(k + incoming[size_t(i + 1)] - incoming[size_t(i)]));
            for (int64_t c = 0; c < k; ++c)
                row.emplace_back(nb.index[size_t(i * k + c)], conditional[size_t(i * k + c)]);
            row.insert(row.end(), reverse.begin() + incoming[size_t(i)],
                       reverse.begin() + incoming[size_t(i + 1)]);
            std::stable_sort(row.begin(), row.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            size_t kept = 0;
            for (size_t e = 0; e < row.size(); ++e) {
                if (kept > 0 && row[kept - 1].first == row[e].first)
                    row[kept - 1].second += row[e].second;
                else
                    row[kept++] = row[e];
            }
            row.resize(kept);
        }
    });
    SparseAffinities out;
    out.rowStart.assign(size_t(n + 1), 0);
    for (int64_t i = 0; i < n; ++i)
        out.rowStart[size_t(i + 1)] = out.rowStart[size_t(i)] + int64_t(rows[size_t(i)].size());
    out.column.reserve(size_t(out.rowStart.back()));
    out.value.reserve(size_t(out.rowStart.back()));
    double total = 0;
    for (auto& row : rows) {
        for (const auto& [j, p] : row) {
            out.column.push_back(j);
            out.value.push_back(p);
            total += p;
        }
        std::vector<std::pair<int64_t, double>>().swap(row);
    }
    for (double& p : out.value)
        p /= std::max(total, kMachineEpsilon);
    return out;
}

}  // namespace modescape::projection

#include "core/projection/TsneAffinities.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

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

namespace {

// Row chunks of squared distances -> top-k smallest per row, self excluded.
template <typename SquaredRows>
Neighbours topK(int64_t n, int64_t k, SquaredRows&& rows) {
    if (k < 1 || k > n - 1)
        throw InvalidArgument("nearest neighbours: k = " + std::to_string(k) + " for " +
                              std::to_string(n) + " points");
    Neighbours out;
    out.k = k;
    out.index.resize(size_t(n * k));
    out.squaredDistance.resize(size_t(n * k));
    const int64_t chunk = std::max<int64_t>(1, (16ll << 20) / (8 * n));
    for (int64_t r0 = 0; r0 < n; r0 += chunk) {
        const int64_t r1 = std::min(n, r0 + chunk);
        at::Tensor d2 = rows(r0, r1);  // [r1 - r0, n] float64
        for (int64_t r = r0; r < r1; ++r)
            d2[r - r0][r] = std::numeric_limits<double>::infinity();
        auto [values, indices] = d2.topk(k, 1, /*largest=*/false, /*sorted=*/true);
        values = values.clamp_min(0).contiguous();
        indices = indices.contiguous();
        std::copy(values.data_ptr<double>(), values.data_ptr<double>() + values.numel(),
                  out.squaredDistance.begin() + r0 * k);
        std::copy(indices.data_ptr<int64_t>(), indices.data_ptr<int64_t>() + indices.numel(),
                  out.index.begin() + r0 * k);
    }
    return out;
}

}  // namespace

Neighbours nearestNeighbours(const Eigen::MatrixXd& points, int64_t k) {
    const at::Tensor x = toTensor(points);
    return topK(points.rows(), k,
                [&](int64_t r0, int64_t r1) { return at::cdist(x.slice(0, r0, r1), x).square_(); });
}

Neighbours nearestNeighboursFromSquared(const Eigen::MatrixXd& squared, int64_t k) {
    const at::Tensor d2 = toTensor(squared);
    return topK(squared.rows(), k,
                [&](int64_t r0, int64_t r1) { return d2.slice(0, r0, r1).clone(); });
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
    // P + P^T as (row, column, value) triplets, then summed per (row, column).
    std::vector<std::tuple<int64_t, int64_t, double>> entries;
    entries.reserve(2 * nb.index.size());
    for (int64_t i = 0; i < n; ++i)
        for (int64_t c = 0; c < k; ++c) {
            const int64_t j = nb.index[size_t(i * k + c)];
            const double p = conditional[size_t(i * k + c)];
            entries.emplace_back(i, j, p);
            entries.emplace_back(j, i, p);
        }
    std::sort(entries.begin(), entries.end());
    SparseAffinities out;
    out.rowStart.assign(size_t(n + 1), 0);
    double total = 0;
    for (size_t e = 0; e < entries.size(); ++e) {
        const auto [i, j, p] = entries[e];
        if (!out.column.empty() && e > 0 && std::get<0>(entries[e - 1]) == i &&
            std::get<1>(entries[e - 1]) == j) {
            out.value.back() += p;
        } else {
            out.column.push_back(j);
            out.value.push_back(p);
            ++out.rowStart[size_t(i + 1)];
        }
        total += p;
    }
    for (int64_t i = 0; i < n; ++i)
        out.rowStart[size_t(i + 1)] += out.rowStart[size_t(i)];
    for (double& p : out.value)
        p /= std::max(total, kMachineEpsilon);
    return out;
}

}  // namespace modescape::projection

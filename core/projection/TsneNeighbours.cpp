// Exact k nearest neighbours for sparse-P t-SNE (declared in TsneAffinities.h).
// Points: squared distances of a block of rows to all points from one float32
// matrix product (|x_i|^2 + |x_j|^2 - 2 x_i.x_j, the points centred first); a
// buffered selection keeps every point within float32's rounding bound of the
// k-th smallest, and those are recomputed in float64 and ranked exactly.
// Precomputed squared distances: a bounded heap over each row. Rows run in
// parallel; every row's result depends only on its own data, so the output is
// the same for any thread count.

#include <ATen/ATen.h>
#include "core/common/ParallelFor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "core/common/Error.h"
#include "core/projection/TsneAffinities.h"

namespace modescape::projection {

namespace {

void checkK(int64_t n, int64_t k) {
    if (k < 1 || k > n - 1)
        throw InvalidArgument("nearest neighbours: k = " + std::to_string(k) + " for " +
                              std::to_string(n) + " points");
}

// The `keep` smallest (value, index) of row[0..n), index `self` skipped, in a
// max-heap (unordered). Most values fail the first comparison with the heap's top.
template <typename T>
void smallest(const T* row, int64_t n, int64_t self, int64_t keep,
              std::vector<std::pair<T, int64_t>>& heap) {
    heap.clear();
    int64_t j = 0;
    for (; j < n && int64_t(heap.size()) < keep; ++j)
        if (j != self)
            heap.emplace_back(row[j], j);
    std::make_heap(heap.begin(), heap.end());
    for (; j < n; ++j) {
        if (!(row[j] < heap.front().first) || j == self)
            continue;
        std::pop_heap(heap.begin(), heap.end());
        heap.back() = {row[j], j};
        std::push_heap(heap.begin(), heap.end());
    }
}

// Two independent sums, added in a fixed order (the same bits on every run).
double squaredDistance(const double* a, const double* b, int64_t dim) {
    double s0 = 0, s1 = 0;
    int64_t c = 0;
    for (; c + 2 <= dim; c += 2) {
        const double d0 = a[c] - b[c], d1 = a[c + 1] - b[c + 1];
        s0 += d0 * d0, s1 += d1 * d1;
    }
    if (c < dim)
        s0 += (a[c] - b[c]) * (a[c] - b[c]);
    return s0 + s1;
}

// Every j != self with row[j] <= (k-th smallest of row without self) + margin,
// in `kept` (unordered). One pass with a threshold t, the k-th smallest of the
// buffer so far (+inf until k are in): a value is kept when <= t + margin; when
// the buffer fills, it shrinks to those <= its own new k-th + margin. Values
// dropped that way, or never kept, exceed the final k-th + margin, since t only
// falls. Almost every value fails the one comparison, so the pass costs about
// a comparison per point (the heap it replaces cost several).
void candidates(const float* row, int64_t n, int64_t self, int64_t k, float margin,
                std::vector<std::pair<float, int64_t>>& kept) {
    kept.clear();
    auto capacity = size_t(std::max<int64_t>(4 * k, 64));
    float limit = std::numeric_limits<float>::infinity();
    const auto kth = [&]() {
        std::nth_element(kept.begin(), kept.begin() + (k - 1), kept.end());
        return kept[size_t(k - 1)].first;
    };
    const auto shrink = [&]() {
        const float t = kth() + margin;
        kept.erase(std::remove_if(kept.begin(), kept.end(),
                                  [t](const std::pair<float, int64_t>& e) { return e.first > t; }),
                   kept.end());
        limit = t;
    };
    for (int64_t j = 0; j < n; ++j) {
        if (!(row[j] <= limit) || j == self)
            continue;
        kept.emplace_back(row[j], j);
        if (kept.size() >= capacity) {
            shrink();
            if (kept.size() * 2 > capacity)  // many values within the margin (duplicates)
                capacity *= 2;
        }
    }
    if (int64_t(kept.size()) > k)
        shrink();
}

Neighbours allocate(int64_t n, int64_t k) {
    Neighbours out;
    out.k = k;
    out.index.resize(size_t(n * k));
    out.squaredDistance.resize(size_t(n * k));
    return out;
}

}  // namespace

Neighbours nearestNeighbours(const Eigen::MatrixXd& points, int64_t k) {
    const int64_t n = points.rows(), dim = points.cols();
    checkK(n, k);
    Neighbours out = allocate(n, k);
    // Row-major float64 copy (exact re-ranking) and a centred float32 copy (products).
    const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> x = points;
    const Eigen::RowVectorXd mean = points.colwise().mean();
    const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> centred =
        (points.rowwise() - mean).cast<float>();
    const at::Tensor xf = at::from_blob(const_cast<float*>(centred.data()), {n, dim}, at::kFloat);
    const at::Tensor norms = xf.square().sum(1);
    const at::Tensor xt = xf.t().contiguous();
    const float* norm = norms.data_ptr<float>();
    const float largestNorm = norms.max().item<float>();
    // Rounding bound of a float32 |x_i|^2 + |x_j|^2 - 2 x_i.x_j (each term within
    // (dim + 2) float epsilons of its size): every point whose float distance is
    // within it of the k-th smallest is a candidate, re-ranked in float64.
    const float slack = 2.0f * float(dim + 8) * std::numeric_limits<float>::epsilon();
    // Blocks of rows whose n distances take about 16 MiB.
    const int64_t block = std::clamp<int64_t>((4ll << 20) / std::max<int64_t>(1, n), 16, 4096);
    for (int64_t r0 = 0; r0 < n; r0 += block) {
        const int64_t r1 = std::min(n, r0 + block);
        const at::Tensor dots = at::mm(xf.slice(0, r0, r1), xt);  // [r1 - r0, n], one sgemm
        const float* dot = dots.data_ptr<float>();
        at::parallel_for(r0, r1, 8, [&](int64_t begin, int64_t end) {
            std::vector<float> row(static_cast<size_t>(n));
            std::vector<std::pair<float, int64_t>> kept;
            std::vector<std::pair<double, int64_t>> exact;
            for (int64_t i = begin; i < end; ++i) {
                // |x_j|^2 - 2 x_i.x_j: the squared distance less |x_i|^2, the same for the row.
                const float* d = dot + (i - r0) * n;
                for (int64_t j = 0; j < n; ++j)
                    row[size_t(j)] = norm[j] - 2.0f * d[j];
                candidates(row.data(), n, i, k, slack * (norm[i] + largestNorm), kept);
                exact.clear();
                const double* xi = x.data() + i * dim;
                for (const auto& [value, j] : kept)
                    exact.emplace_back(squaredDistance(xi, x.data() + j * dim, dim), j);
                std::partial_sort(exact.begin(), exact.begin() + k,
                                  exact.end());  // ties: lower index
                for (int64_t c = 0; c < k; ++c) {
                    out.squaredDistance[size_t(i * k + c)] = exact[size_t(c)].first;
                    out.index[size_t(i * k + c)] = exact[size_t(c)].second;
                }
            }
        });
    }
    return out;
}

Neighbours nearestNeighboursFromSquared(const Eigen::MatrixXd& squared, int64_t k) {
    const int64_t n = squared.rows();
    checkK(n, k);
    Neighbours out = allocate(n, k);
    // Columns of the (symmetric) matrix are contiguous: column i is row i.
    at::parallel_for(0, n, 16, [&](int64_t begin, int64_t end) {
        std::vector<std::pair<double, int64_t>> heap;
        for (int64_t i = begin; i < end; ++i) {
            smallest(squared.col(i).data(), n, i, k, heap);
            std::sort(heap.begin(), heap.end());
            for (int64_t c = 0; c < k; ++c) {
                out.squaredDistance[size_t(i * k + c)] = std::max(0.0, heap[size_t(c)].first);
                out.index[size_t(i * k + c)] = heap[size_t(c)].second;
            }
        }
    });
    return out;
}

}  // namespace modescape::projection

#include "core/projection/Mmd.h"

#include <algorithm>
#include <cmath>

#include "core/common/Error.h"

namespace modescape::projection {

namespace {

double kernelValue(const MemberDistances& d, int64_t i, int64_t j, MmdKernel kernel, double h) {
    return kernel == MmdKernel::Gaussian ? std::exp(-d.squaredEuclidean(i, j) / (h * h))
                                         : std::exp(-d.manhattan(i, j) / h);
}

// numpy's default ("linear") quantile of sorted values.
double quantile(const std::vector<double>& sorted, double q) {
    const double position = q * double(sorted.size() - 1);
    const auto below = size_t(std::floor(position));
    const size_t above = std::min(below + 1, sorted.size() - 1);
    return sorted[below] + (position - double(below)) * (sorted[above] - sorted[below]);
}

// The pairwise distances (i < j) of an evenly spaced subset of at most `limit` indices.
std::vector<double> pooledDistances(const MemberDistances& d, const std::vector<int64_t>& pooled,
                                    MmdKernel kernel, int limit) {
    std::vector<int64_t> subset;
    const size_t m = std::min<size_t>(pooled.size(), size_t(std::max(2, limit)));
    for (size_t s = 0; s < m; ++s)
        subset.push_back(pooled[s * pooled.size() / m]);
    std::vector<double> out;
    out.reserve(m * (m - 1) / 2);
    for (size_t a = 0; a < m; ++a)
        for (size_t b = a + 1; b < m; ++b)
            out.push_back(kernel == MmdKernel::Gaussian
                              ? std::sqrt(d.squaredEuclidean(subset[a], subset[b]))
                              : d.manhattan(subset[a], subset[b]));
    return out;
}

void checkIndices(const MemberDistances& d, const std::vector<int64_t>& xs,
                  const std::vector<int64_t>& ys) {
    if (xs.size() < 2 || ys.size() < 2)
        throw InvalidArgument("MMD: each set needs at least two members (got " +
                              std::to_string(xs.size()) + " and " + std::to_string(ys.size()) +
                              ")");
    const Eigen::Index n = d.squaredEuclidean.rows();
    if (d.manhattan.rows() != n || d.squaredEuclidean.cols() != n || d.manhattan.cols() != n)
        throw ShapeMismatch("MMD: the distance tables are not square and of the same size");
    for (const auto* set : {&xs, &ys})
        for (int64_t i : *set)
            if (i < 0 || i >= n)
                throw InvalidArgument("MMD: member index " + std::to_string(i) + " outside 0.." +
                                      std::to_string(n - 1));
}

}  // namespace

const char* mmdKernelName(MmdKernel kernel) {
    return wordOf(kernel, kMmdKernelWords);
}

std::vector<double> mmdBandwidths(std::vector<double> distances, int count) {
    if (distances.empty())
        throw InvalidArgument("MMD bandwidths: no pairwise distances");
    if (count < 1)
        throw InvalidArgument("MMD bandwidths: count must be at least 1");
    std::sort(distances.begin(), distances.end());
    double hMin = distances.front();
    if (hMin < 0.1)
        hMin = std::max(quantile(distances, 0.05), 0.1);
    const double hMax = std::max(distances.back(), 0.3);
    const double first = hMin / 2, last = 2 * hMax;
    std::vector<double> h;
    for (int k = 0; k < count; ++k)
        h.push_back(count == 1 ? first : first * std::pow(last / first, double(k) / (count - 1)));
    return h;
}

double unbiasedMmd2(const MemberDistances& d, const std::vector<int64_t>& xs,
                    const std::vector<int64_t>& ys, MmdKernel kernel, double h) {
    checkIndices(d, xs, ys);
    if (!(h > 0))
        throw InvalidArgument("MMD: bandwidth must be positive");
    const auto m = double(xs.size()), n = double(ys.size());
    double kxx = 0, kyy = 0, kxy = 0;
    for (size_t a = 0; a < xs.size(); ++a)
        for (size_t b = a + 1; b < xs.size(); ++b)
            kxx += 2 * kernelValue(d, xs[a], xs[b], kernel, h);
    for (size_t a = 0; a < ys.size(); ++a)
        for (size_t b = a + 1; b < ys.size(); ++b)
            kyy += 2 * kernelValue(d, ys[a], ys[b], kernel, h);
    for (int64_t i : xs)
        for (int64_t j : ys)
            kxy += kernelValue(d, i, j, kernel, h);
    return kxx / (m * (m - 1)) + kyy / (n * (n - 1)) - 2 * kxy / (m * n);
}

MmdResult mmd(const MemberDistances& d, const std::vector<int64_t>& xs,
              const std::vector<int64_t>& ys, const MmdOptions& options) {
    checkIndices(d, xs, ys);
    std::vector<int64_t> pooled = xs;
    pooled.insert(pooled.end(), ys.begin(), ys.end());
    MmdResult result;
    for (MmdKernel kernel : {MmdKernel::Gaussian, MmdKernel::Laplace}) {
        const auto bandwidths =
            mmdBandwidths(pooledDistances(d, pooled, kernel, options.maxBandwidthSamples),
                          options.bandwidthCount);
        for (double h : bandwidths) {
            const MmdValue value{kernel, h, unbiasedMmd2(d, xs, ys, kernel, h)};
            result.values.push_back(value);
            if (result.values.size() == 1 || value.mmd2 > result.maximum.mmd2)
                result.maximum = value;
        }
    }
    return result;
}

MmdResult mmd(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, const MmdOptions& options) {
    if (x.cols() != y.cols())
        throw ShapeMismatch("MMD: the two sets have vectors of different lengths (" +
                            std::to_string(x.cols()) + " and " + std::to_string(y.cols()) + ")");
    Eigen::MatrixXd both(x.rows() + y.rows(), x.cols());
    both << x, y;
    std::vector<int64_t> xs, ys;
    for (Eigen::Index i = 0; i < x.rows(); ++i)
        xs.push_back(i);
    for (Eigen::Index j = 0; j < y.rows(); ++j)
        ys.push_back(x.rows() + j);
    return mmd(memberDistances(both), xs, ys, options);
}

MmdTable mmdTable(const MemberDistances& d, const std::vector<std::string>& groupOfMember,
                  const MmdOptions& options) {
    if (Eigen::Index(groupOfMember.size()) != d.squaredEuclidean.rows())
        throw ShapeMismatch("MMD table: " + std::to_string(groupOfMember.size()) +
                            " group labels for " + std::to_string(d.squaredEuclidean.rows()) +
                            " members");
    MmdTable table;
    std::vector<std::vector<int64_t>> members;
    for (size_t i = 0; i < groupOfMember.size(); ++i) {
        auto it = std::find(table.groups.begin(), table.groups.end(), groupOfMember[i]);
        if (it == table.groups.end()) {
            table.groups.push_back(groupOfMember[i]);
            members.emplace_back();
            it = table.groups.end() - 1;
        }
        members[size_t(it - table.groups.begin())].push_back(int64_t(i));
    }
    const auto g = Eigen::Index(table.groups.size());
    table.maximum = Eigen::MatrixXd::Zero(g, g);
    for (Eigen::Index a = 0; a < g; ++a)
        for (Eigen::Index b = a + 1; b < g; ++b) {
            table.pairs.push_back(mmd(d, members[size_t(a)], members[size_t(b)], options));
            table.maximum(a, b) = table.maximum(b, a) = table.pairs.back().maximum.mmd2;
        }
    return table;
}

}  // namespace modescape::projection

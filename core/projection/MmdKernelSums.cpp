#include "core/projection/MmdKernelSums.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

#include "core/common/Error.h"
#include "core/projection/PanelPasses.h"
#include "core/projection/StreamedGram.h"
#include "core/projection/SubsetRowSource.h"

namespace modescape::projection {

namespace {

constexpr std::array<MmdKernel, 2> kKernels{MmdKernel::Gaussian, MmdKernel::Laplace};

// Every pair i < j once, in tiles of at most side x side, within panel passes.
void visitDistanceTiles(const MemberRowSource& source, const PanelPlan& plan, int64_t side,
                        const TileVisitor& visit, const std::string& label,
                        const JobContext& context, StreamedMmdStats& stats) {
    PanelCallbacks callbacks;
    callbacks.pairs = [&](const at::Tensor& a, int64_t a0, const at::Tensor& b, int64_t b0) {
        visitBlockTiles(a, a0, b, b0, side, visit, context, stats);
    };
    runPanelPasses(source, plan, callbacks, label, context);
}

struct Groups {
    std::vector<std::string> names;
    std::vector<int64_t> ofMember;
    std::vector<std::vector<int64_t>> members;
    std::vector<std::pair<int64_t, int64_t>> pairs;  // (a, b), a < b, row-major
};

Groups groupsOf(const std::vector<std::string>& groupOfMember, int64_t n) {
    if (int64_t(groupOfMember.size()) != n)
        throw ShapeMismatch("MMD table: " + std::to_string(groupOfMember.size()) +
                            " group labels for " + std::to_string(n) + " members");
    Groups g;
    for (int64_t i = 0; i < n; ++i) {
        auto it = std::find(g.names.begin(), g.names.end(), groupOfMember[size_t(i)]);
        if (it == g.names.end()) {
            g.names.push_back(groupOfMember[size_t(i)]);
            g.members.emplace_back();
            it = g.names.end() - 1;
        }
        g.ofMember.push_back(int64_t(it - g.names.begin()));
        g.members[size_t(g.ofMember.back())].push_back(i);
    }
    for (size_t a = 0; a < g.names.size(); ++a)
        for (size_t b = a + 1; b < g.names.size(); ++b) {
            if (g.members[a].size() < 2 || g.members[b].size() < 2)
                throw InvalidArgument("MMD: each set needs at least two members (got " +
                                      std::to_string(g.members[a].size()) + " and " +
                                      std::to_string(g.members[b].size()) + ")");
            g.pairs.emplace_back(int64_t(a), int64_t(b));
        }
    return g;
}

// mmd()'s bandwidth sample of a pair: an evenly spaced subset of a's then b's members.
std::vector<int64_t> bandwidthSubset(const Groups& g, std::pair<int64_t, int64_t> pair, int limit) {
    std::vector<int64_t> pooled = g.members[size_t(pair.first)];
    const auto& ys = g.members[size_t(pair.second)];
    pooled.insert(pooled.end(), ys.begin(), ys.end());
    const size_t m = std::min<size_t>(pooled.size(), size_t(std::max(2, limit)));
    std::vector<int64_t> subset;
    for (size_t s = 0; s < m; ++s)
        subset.push_back(pooled[s * pooled.size() / m]);
    return subset;
}

// For each pair and kernel, the bandwidths mmd() would choose, from the
// distances between the union of the pairs' subsets (one round of passes).
std::vector<std::array<std::vector<double>, 2>> chooseBandwidths(
    const MemberRowSource& source, const Groups& g, const MmdOptions& options, int64_t side,
    const StreamedMmdOptions& streaming, const JobContext& context, StreamedMmdStats& stats) {
    std::vector<std::vector<int64_t>> subsets;
    std::vector<int64_t> chosen;
    for (const auto& pair : g.pairs) {
        subsets.push_back(bandwidthSubset(g, pair, options.maxBandwidthSamples));
        chosen.insert(chosen.end(), subsets.back().begin(), subsets.back().end());
    }
    std::sort(chosen.begin(), chosen.end());
    chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
    const auto u = int64_t(chosen.size());
    std::vector<int64_t> position(size_t(source.memberCount()), -1);
    for (int64_t s = 0; s < u; ++s)
        position[size_t(chosen[size_t(s)])] = s;
    stats.bandwidthMembers = u;

    const PanelPlan plan =
        planPanels(u, source.parameterCount(), 16.0 * double(u) * double(u) + mmdTileBytes(side),
                   "the distances between the " + std::to_string(u) +
                       " members that choose the MMD bandwidths",
                   streaming.maxPanelRows);
    stats.bandwidthPasses = plan.passes;
    at::Tensor squared = at::zeros({u, u}, at::kDouble);
    at::Tensor manhattan = at::zeros({u, u}, at::kDouble);
    visitDistanceTiles(
        SubsetRowSource(source, chosen), plan, side,
        [&](const at::Tensor& sq, const at::Tensor& l1, int64_t i0, int64_t j0, bool) {
            for (auto [table, block] : {std::pair{&squared, &sq}, std::pair{&manhattan, &l1}}) {
                table->narrow(0, i0, block->size(0)).narrow(1, j0, block->size(1)).copy_(*block);
                table->narrow(0, j0, block->size(1))
                    .narrow(1, i0, block->size(0))
                    .copy_(block->t());
            }
        },
        "MMD bandwidths", context, stats);
    const auto sq = squared.accessor<double, 2>();
    const auto l1 = manhattan.accessor<double, 2>();

    std::vector<std::array<std::vector<double>, 2>> out;
    for (const auto& subset : subsets) {
        std::array<std::vector<double>, 2> perKernel;
        for (size_t k = 0; k < kKernels.size(); ++k) {
            std::vector<double> distances;
            for (size_t a = 0; a < subset.size(); ++a)
                for (size_t b = a + 1; b < subset.size(); ++b) {
                    const int64_t i = position[size_t(subset[a])], j = position[size_t(subset[b])];
                    distances.push_back(kKernels[k] == MmdKernel::Gaussian ? std::sqrt(sq[i][j])
                                                                           : l1[i][j]);
                }
            perKernel[k] = mmdBandwidths(std::move(distances), options.bandwidthCount);
        }
        out.push_back(std::move(perKernel));
    }
    return out;
}

// Kernel sums of one group pair: within a, within b and across, for each
// kernel and bandwidth (pairs i < j counted once).
struct PairSums {
    std::array<std::vector<double>, 2> withinA, withinB, across;
};

at::Tensor indexTensor(const std::vector<int64_t>& values) {
    return at::tensor(values, at::kLong);
}

}  // namespace

// Bytes one tile of T x T pairs takes: the two distance tables, their
// selections and a stack of kernel values for every bandwidth (float64).
double mmdTileBytes(int64_t t) {
    return 320.0 * double(t) * double(t);
}

// The tile side: as asked, but small enough that a tile takes at most an
// eighth of the working memory.
int64_t mmdTileSide(int64_t requested) {
    const auto fitting = int64_t(std::sqrt(streamingWorkingBytes() / 8 / mmdTileBytes(1)));
    return std::max<int64_t>(8, std::min(std::max<int64_t>(1, requested), fitting));
}

void visitBlockTiles(const at::Tensor& a, int64_t a0, const at::Tensor& b, int64_t b0, int64_t side,
                     const TileVisitor& visit, const JobContext& context, StreamedMmdStats& stats) {
    const bool withItself = a0 == b0;
    for (int64_t r0 = 0; r0 < a.size(0); r0 += side) {
        const int64_t rows = std::min(side, a.size(0) - r0);
        for (int64_t c0 = withItself ? r0 : 0; c0 < b.size(0); c0 += side) {
            const int64_t cols = std::min(side, b.size(0) - c0);
            const auto [sq, l1] =
                pairDistances(a.narrow(0, r0, rows), b.narrow(0, c0, cols), context);
            stats.largestTile = std::max(stats.largestTile, rows * cols);
            ++stats.tiles;
            visit(sq, l1, a0 + r0, b0 + c0, withItself && c0 == r0);
        }
    }
}

struct MmdKernelSums::Impl {
    Groups g;
    std::vector<std::array<std::vector<double>, 2>> bandwidths;
    // The scaled bandwidths each kernel divides by: h^2 (Gaussian) or h (Laplace).
    std::vector<std::array<at::Tensor, 2>> scales;
    std::vector<PairSums> sums;
};

MmdKernelSums::MmdKernelSums(const MemberRowSource& source,
                             const std::vector<std::string>& groupOfMember,
                             const MmdOptions& options, const StreamedMmdOptions& streaming,
                             const JobContext& context, StreamedMmdStats& stats)
    : impl_(std::make_unique<Impl>()), side_(mmdTileSide(streaming.tileRows)) {
    Impl& i = *impl_;
    i.g = groupsOf(groupOfMember, source.memberCount());
    if (i.g.pairs.empty())
        return;
    i.bandwidths = chooseBandwidths(source, i.g, options, side_, streaming, context, stats);
    i.sums.resize(i.g.pairs.size());
    for (size_t p = 0; p < i.g.pairs.size(); ++p) {
        std::array<at::Tensor, 2> perKernel;
        for (size_t k = 0; k < kKernels.size(); ++k) {
            std::vector<double> s;
            for (double h : i.bandwidths[p][k])
                s.push_back(kKernels[k] == MmdKernel::Gaussian ? h * h : h);
            perKernel[k] = at::tensor(s, at::kDouble).view({-1, 1, 1});
            for (auto* v : {&i.sums[p].withinA[k], &i.sums[p].withinB[k], &i.sums[p].across[k]})
                v->assign(s.size(), 0.0);
        }
        i.scales.push_back(perKernel);
    }
}

std::vector<double> MmdKernelSums::bandwidths() const {
    std::vector<double> all;
    for (const auto& perKernel : impl_->bandwidths)
        for (const auto& values : perKernel)
            all.insert(all.end(), values.begin(), values.end());
    return all;
}

MmdKernelSums::~MmdKernelSums() = default;

bool MmdKernelSums::empty() const {
    return impl_->g.pairs.empty();
}

double MmdKernelSums::workingBytes() const {
    return mmdTileBytes(side_) + 48.0 * double(impl_->g.pairs.size());
}

void MmdKernelSums::addTile(const at::Tensor& sq, const at::Tensor& l1, int64_t i0, int64_t j0,
                            bool diagonal) {
    const at::Tensor above =
        diagonal ? at::ones({sq.size(0), sq.size(1)}, at::kDouble).triu_(1) : at::Tensor();
    for (size_t p = 0; p < impl_->g.pairs.size(); ++p) {
        const auto [a, b] = impl_->g.pairs[p];
        // The tile's rows and columns in group a or b, and which are in a.
        std::vector<int64_t> rows, cols;
        std::vector<double> rowInA, colInA;
        for (int64_t r = 0; r < sq.size(0); ++r)
            if (const int64_t gr = impl_->g.ofMember[size_t(i0 + r)]; gr == a || gr == b)
                rows.push_back(r), rowInA.push_back(gr == a);
        for (int64_t c = 0; c < sq.size(1); ++c)
            if (const int64_t gc = impl_->g.ofMember[size_t(j0 + c)]; gc == a || gc == b)
                cols.push_back(c), colInA.push_back(gc == a);
        if (rows.empty() || cols.empty())
            continue;
        const at::Tensor ri = indexTensor(rows), ci = indexTensor(cols);
        const at::Tensor rowA = at::tensor(rowInA, at::kDouble), rowB = 1.0 - rowA;
        const at::Tensor colA = at::tensor(colInA, at::kDouble), colB = 1.0 - colA;
        for (size_t k = 0; k < kKernels.size(); ++k) {
            const at::Tensor& table = kKernels[k] == MmdKernel::Gaussian ? sq : l1;
            const at::Tensor d = table.index_select(0, ri).index_select(1, ci);
            at::Tensor values = at::exp(-d.unsqueeze(0) / impl_->scales[p][k]);
            if (diagonal)
                values.mul_(above.index_select(0, ri).index_select(1, ci).unsqueeze(0));
            const at::Tensor toA = at::matmul(values, colA);  // [bandwidths, rows]
            const at::Tensor toB = at::matmul(values, colB);
            const at::Tensor aa = at::matmul(toA, rowA), bb = at::matmul(toB, rowB);
            const at::Tensor ab = at::matmul(toB, rowA) + at::matmul(toA, rowB);
            for (int64_t t = 0; t < aa.size(0); ++t) {
                impl_->sums[p].withinA[k][size_t(t)] += aa[t].item<double>();
                impl_->sums[p].withinB[k][size_t(t)] += bb[t].item<double>();
                impl_->sums[p].across[k][size_t(t)] += ab[t].item<double>();
            }
        }
    }
}

std::vector<double> MmdKernelSums::sums() const {
    std::vector<double> flat;
    for (const PairSums& s : impl_->sums)
        for (size_t k = 0; k < kKernels.size(); ++k)
            for (const auto* v : {&s.withinA[k], &s.withinB[k], &s.across[k]})
                flat.insert(flat.end(), v->begin(), v->end());
    return flat;
}

void MmdKernelSums::addSums(const std::vector<double>& other) {
    if (other.size() != sums().size())
        throw FormatError("work message", "MMD kernel sums: " + std::to_string(other.size()) +
                                              " values, expected " + std::to_string(sums().size()));
    size_t next = 0;
    for (PairSums& s : impl_->sums)
        for (size_t k = 0; k < kKernels.size(); ++k)
            for (auto* v : {&s.withinA[k], &s.withinB[k], &s.across[k]})
                for (double& x : *v)
                    x += other[next++];
}

void MmdKernelSums::clear() {
    for (PairSums& s : impl_->sums)
        for (size_t k = 0; k < kKernels.size(); ++k)
            for (auto* v : {&s.withinA[k], &s.withinB[k], &s.across[k]})
                std::fill(v->begin(), v->end(), 0.0);
}

MmdTable MmdKernelSums::table() const {
    const Impl& i = *impl_;
    MmdTable table;
    table.groups = i.g.names;
    const auto groupCount = Eigen::Index(i.g.names.size());
    table.maximum = Eigen::MatrixXd::Zero(groupCount, groupCount);
    for (size_t p = 0; p < i.g.pairs.size(); ++p) {
        const auto [a, b] = i.g.pairs[p];
        const auto m = double(i.g.members[size_t(a)].size()),
                   nb = double(i.g.members[size_t(b)].size());
        MmdResult result;
        for (size_t k = 0; k < kKernels.size(); ++k)
            for (size_t t = 0; t < i.bandwidths[p][k].size(); ++t) {
                // The unbiased estimator of unbiasedMmd2: each within-group pair counts twice.
                const double mmd2 = 2 * i.sums[p].withinA[k][t] / (m * (m - 1)) +
                                    2 * i.sums[p].withinB[k][t] / (nb * (nb - 1)) -
                                    2 * i.sums[p].across[k][t] / (m * nb);
                const MmdValue value{kKernels[k], i.bandwidths[p][k][t], mmd2};
                result.values.push_back(value);
                if (result.values.size() == 1 || value.mmd2 > result.maximum.mmd2)
                    result.maximum = value;
            }
        table.maximum(a, b) = table.maximum(b, a) = result.maximum.mmd2;
        table.pairs.push_back(std::move(result));
    }
    return table;
}

}  // namespace modescape::projection

#include "core/connectivity/BarrierMatrix.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <set>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/connectivity/ConnectJob.h"
#include "core/evaluation/Evaluator.h"
#include "core/evaluation/LoadedSet.h"
#include "core/symmetry/SetSymmetry.h"

namespace modescape::connectivity {
namespace {

std::size_t findRoot(std::vector<std::size_t>& parent, std::size_t i) {
    while (parent[i] != i)
        i = parent[i] = parent[parent[i]];
    return i;
}

std::vector<std::string> selectedMembers(const evaluation::LoadedSet& set,
                                         const std::vector<std::string>& requested) {
    std::vector<std::string> names = requested;
    if (names.empty())
        for (const auto& m : set.set().members)
            names.push_back(m.name);
    std::set<std::string> seen;
    for (const auto& n : names) {
        if (!set.set().findMember(n))
            throw InvalidArgument(set.set().folder + ": no member named '" + n + "'");
        if (!seen.insert(n).second)
            throw InvalidArgument("connect --matrix: member '" + n + "' is listed twice");
    }
    if (names.size() < 2)
        throw InvalidArgument("connect --matrix: needs at least 2 members (got " +
                              std::to_string(names.size()) + ")");
    return names;
}

}  // namespace

std::vector<int> basinsBelow(const std::vector<double>& barriers, std::size_t n, double threshold,
                             int& basinCount) {
    std::vector<std::size_t> parent(n);
    std::iota(parent.begin(), parent.end(), std::size_t{0});
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j)
            if (barriers[i * n + j] < threshold)  // false for NaN
                parent[findRoot(parent, i)] = findRoot(parent, j);
    std::vector<int> basin(n, -1), rootBasin(n, -1);
    basinCount = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t root = findRoot(parent, i);
        if (rootBasin[root] < 0)
            rootBasin[root] = basinCount++;
        basin[i] = rootBasin[root];
    }
    return basin;
}

std::int64_t pairCount(std::size_t n) {
    return n < 2 ? 0 : static_cast<std::int64_t>(n * (n - 1) / 2);
}

std::pair<std::size_t, std::size_t> pairAt(std::int64_t k, std::size_t n) {
    if (k < 0 || k >= pairCount(n))
        throw InvalidArgument("barrier matrix: pair " + std::to_string(k) + " of " +
                              std::to_string(n) + " members does not exist (there are " +
                              std::to_string(pairCount(n)) + ")");
    std::size_t i = 0;
    auto rest = static_cast<std::size_t>(k);
    while (rest >= n - 1 - i) {  // row i holds the n - 1 - i pairs (i, j > i)
        rest -= n - 1 - i;
        ++i;
    }
    return {i, i + 1 + rest};
}

void mergeBarrierMatrices(BarrierMatrix& whole, const BarrierMatrix& part) {
    if (whole.members.empty()) {
        whole = part;
        return;
    }
    if (whole.members != part.members || whole.kind != part.kind)
        throw InvalidArgument("barrier matrix: cannot merge parts of different members or paths");
    for (std::size_t k = 0; k < whole.interpolated.size(); ++k)
        if (std::isnan(whole.interpolated[k]) && !std::isnan(part.interpolated[k])) {
            whole.interpolated[k] = part.interpolated[k];
            whole.endpointMean[k] = part.endpointMean[k];
        }
    for (std::size_t i = 0; i < whole.memberLoss.size(); ++i)
        if (std::isnan(whole.memberLoss[i]))
            whole.memberLoss[i] = part.memberLoss[i];
    whole.seconds += part.seconds;
    whole.basin = basinsBelow(whole.interpolated, whole.size(), whole.threshold, whole.basinCount);
}

BarrierMatrix computeBarrierMatrix(evaluation::LoadedSet& set,
                                   const BarrierMatrixSettings& settings, const JobContext& job,
                                   const BarrierPairCallback& onPair,
                                   const BarrierMatrix* earlier) {
    const auto start = std::chrono::steady_clock::now();
    BarrierMatrix m;
    std::vector<model::ParameterSet> weights;
    const std::vector<std::string> selected = selectedMembers(set, settings.members);
    // Pairs are numbered over the selected members; a left-out one has no index here.
    std::vector<std::ptrdiff_t> keptIndex(selected.size(), -1);
    for (std::size_t s = 0; s < selected.size(); ++s) {
        const std::string& name = selected[s];
        auto w = set.weights(name);
        // NaN weights would give a NaN row: leave the member out and say so.
        if (!evaluation::finiteWeights(w)) {
            log::warning("connect --matrix: member " + name +
                         " has non-finite weights (NaN or Inf); it is left out");
            continue;
        }
        keptIndex[s] = static_cast<std::ptrdiff_t>(m.members.size());
        m.members.push_back(name);
        weights.push_back(std::move(w));
    }
    if (m.members.size() < 2)
        throw evaluation::NonFinitePredictions(
            "connect --matrix: fewer than 2 members with finite weights are left");
    std::vector<std::pair<std::size_t, std::size_t>> todo;  // kept indices
    std::vector<std::int64_t> wanted = settings.pairs;
    if (wanted.empty())
        for (std::int64_t k = 0; k < pairCount(selected.size()); ++k)
            wanted.push_back(k);
    for (const std::int64_t k : wanted) {
        const auto [si, sj] = pairAt(k, selected.size());
        if (keptIndex[si] >= 0 && keptIndex[sj] >= 0)
            todo.emplace_back(keptIndex[si], keptIndex[sj]);
    }
    m.kind = settings.aligned ? PathKind::Aligned : PathKind::Linear;
    m.threshold = settings.threshold;
    const std::size_t n = m.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    m.interpolated.assign(n * n, nan);
    m.endpointMean.assign(n * n, nan);
    m.memberLoss.assign(n, nan);
    for (std::size_t i = 0; i < n; ++i)
        m.interpolated[i * n + i] = m.endpointMean[i * n + i] = 0.0;
    if (earlier) {
        if (earlier->members != m.members || earlier->kind != m.kind)
            throw InvalidArgument(
                "barrier matrix: the matrix to continue has other members or paths");
        m.interpolated = earlier->interpolated;
        m.endpointMean = earlier->endpointMean;
        m.memberLoss = earlier->memberLoss;
        std::erase_if(todo, [&](const auto& pair) {
            return !std::isnan(m.interpolated[pair.first * n + pair.second]);
        });
    }

    PathSettings path;
    path.kind = m.kind;
    path.points = settings.points;
    path.evaluateTest = false;
    path.evaluationBatchSize = settings.evaluationBatchSize;
    path.batchNormSamples = settings.batchNormSamples;
    path.matchingSeed = settings.matchingSeed;
    validate(path);
    std::optional<symmetry::SymmetrySpec> spec;
    if (settings.aligned)
        spec = symmetry::symmetrySpecForSet(set);
    PathData data;
    data.train = &set.dataset("train");

    const std::size_t pairs = todo.size();
    std::size_t done = 0;
    for (const auto& [i, j] : todo) {
        JobContext pairJob = job;
        pairJob.progress = [&, i = i, j = j](double f, const std::string&) {
            job.report((done + f) / pairs, "barrier " + std::to_string(done + 1) + "/" +
                                               std::to_string(pairs) + ": " + m.members[i] + " - " +
                                               m.members[j]);
        };
        const ConnectOutcome o = connectWeights(set.model(), weights[i], weights[j], data, path,
                                                spec ? &*spec : nullptr, pairJob);
        const Barrier& b = o.result.trainBarrier;
        m.interpolated[i * n + j] = m.interpolated[j * n + i] = b.interpolated;
        m.endpointMean[i * n + j] = m.endpointMean[j * n + i] = b.endpointMean;
        m.memberLoss[i] = o.result.trainLoss.front();
        m.memberLoss[j] = o.result.trainLoss.back();
        ++done;
        if (onPair)
            onPair(m, i, j);
    }
    m.basin = basinsBelow(m.interpolated, n, m.threshold, m.basinCount);
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return m;
}

}  // namespace modescape::connectivity

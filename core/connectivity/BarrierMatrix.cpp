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

BarrierMatrix computeBarrierMatrix(evaluation::LoadedSet& set,
                                   const BarrierMatrixSettings& settings, const JobContext& job,
                                   const BarrierPairCallback& onPair) {
    const auto start = std::chrono::steady_clock::now();
    BarrierMatrix m;
    std::vector<model::ParameterSet> weights;
    for (const auto& name : selectedMembers(set, settings.members)) {
        auto w = set.weights(name);
        // NaN weights would give a NaN row: leave the member out and say so.
        if (!evaluation::finiteWeights(w)) {
            log::warning("connect --matrix: member " + name +
                         " has non-finite weights (NaN or Inf); it is left out");
            continue;
        }
        m.members.push_back(name);
        weights.push_back(std::move(w));
    }
    if (m.members.size() < 2)
        throw evaluation::NonFinitePredictions(
            "connect --matrix: fewer than 2 members with finite weights are left");
    m.kind = settings.aligned ? PathKind::Aligned : PathKind::Linear;
    m.threshold = settings.threshold;
    const std::size_t n = m.size();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    m.interpolated.assign(n * n, nan);
    m.endpointMean.assign(n * n, nan);
    m.memberLoss.assign(n, nan);
    for (std::size_t i = 0; i < n; ++i)
        m.interpolated[i * n + i] = m.endpointMean[i * n + i] = 0.0;

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

    const std::size_t pairs = n * (n - 1) / 2;
    std::size_t done = 0;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = i + 1; j < n; ++j) {
            JobContext pairJob = job;
            pairJob.progress = [&](double f, const std::string&) {
                job.report((done + f) / pairs, "barrier " + std::to_string(done + 1) + "/" +
                                                   std::to_string(pairs) + ": " + m.members[i] +
                                                   " - " + m.members[j]);
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
    }
    m.basin = basinsBelow(m.interpolated, n, m.threshold, m.basinCount);
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return m;
}

}  // namespace modescape::connectivity

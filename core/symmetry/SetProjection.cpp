#include "core/symmetry/SetProjection.h"

#include <ATen/ATen.h>

#include <map>

#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/evaluation/LoadedSet.h"
#include "core/projection/Distances.h"
#include "core/projection/GramMatrix.h"
#include "core/projection/Pca.h"
#include "core/projection/SharedGram.h"
#include "core/projection/SharedRandomizedPca.h"
#include "core/projection/StreamedGram.h"
#include "core/projection/StreamedMmd.h"
#include "core/projection/Tsne.h"
#include "core/symmetry/FunctionRows.h"
#include "core/symmetry/SetMemberRows.h"
#include "core/symmetry/SharedSetProjection.h"
#include "core/symmetry/WeightMapFromPca.h"
#include "core/symmetry/WeightMapFromRows.h"

namespace modescape::symmetry {

namespace {

using nlohmann::json;

Eigen::MatrixXd functionSpace(evaluation::LoadedSet& set, const SetProjectionOptions& options,
                              const JobContext& context, std::int64_t& dimensions,
                              std::vector<std::string>& notes, std::vector<std::size_t>& kept) {
    const FunctionRows rows =
        functionRows(set, {options.split, options.functionSamples}, context, notes);
    dimensions = rows.samples * rows.classes;
    kept = rows.kept;
    return functionDistances(rows, options.distance, context);
}

std::string exactGramText(int64_t passes) {
    return "exact (Gram matrix, " + std::to_string(passes) + (passes == 1 ? " pass" : " passes") +
           " over the members)";
}

// Block pairs: shared over MPI ranks, or one process's committed to a journal.
std::string sharedGramText(int64_t units, int processes) {
    return "exact (Gram matrix, " + std::to_string(units) + " block pairs of members" +
           (processes > 1 ? " shared over processes)" : ", committed as they come)");
}

// Exact PCA from the streamed (or shared) Gram, or the randomized one past its reach.
SetProjection projectPca(const SetMemberRows& source, const SetProjectionOptions& options,
                         const JobContext& context, SetProjection result,
                         const projection::UnitSharing& sharing) {
    projection::RandomizedPcaOptions randomized;
    randomized.components = options.components;
    randomized.seed = options.seed;
    projection::PcaAlgorithm algorithm = projection::choosePcaAlgorithm(
        options.pca, source.memberCount(), source.parameterCount(), randomized);
    // The choice may depend on this machine's free memory: every process
    // takes the collector's, so all run the same passes.
    if (sharing.broadcast) {
        int chosen = static_cast<int>(algorithm);
        sharing.broadcast(&chosen, sizeof chosen);
        algorithm = static_cast<projection::PcaAlgorithm>(chosen);
    }
    projection::PcaResult pca;
    if (algorithm == projection::PcaAlgorithm::Randomized) {
        int64_t units = 0;
        std::optional<projection::RandomizedPcaRun> run =
            projection::randomizedPca(source, randomized, sharing, context, &units);
        if (!run)
            return result;
        result.algorithm = projection::describeRandomizedPca(randomized, *run);
        if (sharing.shared())
            result.algorithm +=
                ", " + std::to_string(units) + " member blocks" +
                (sharing.processes > 1 ? " shared over processes" : ", committed pass by pass");
        pca = std::move(run->pca);
    } else if (sharing.shared()) {
        int64_t units = 0;
        const std::optional<projection::GramMatrices> gram = projection::sharedGram(
            source, sharing, context, projection::GramProducts::Auto, &units);
        if (!gram)
            return result;
        result.algorithm = sharedGramText(units, sharing.processes);
        pca = projection::pcaFromGram(gram->centred, options.components);
    } else {
        int64_t passes = 0;
        // Auto: float32 BLAS products past ~1e10 multiply-adds (GramMatrix.h).
        const projection::GramMatrices gram =
            projection::streamedGram(source, context, &passes, 0, projection::GramProducts::Auto);
        result.algorithm = exactGramText(passes);
        pca = projection::pcaFromGram(gram.centred, options.components);
    }
    result.coordinates = pca.scores;
    result.explainedVarianceRatio = pca.explainedVarianceRatio;
    return result;
}

}  // namespace

void checkProjectionOptions(const SetProjectionOptions& o, std::optional<std::size_t> members) {
    if (members && *members < 2)
        throw InvalidArgument("a projection needs at least 2 members");
    if (o.components != 2 && o.components != 3)
        throw InvalidArgument("components must be 2 or 3");
    if (o.method == ProjectionMethod::Tsne && o.components != 2)
        throw InvalidArgument("t-SNE embeds in 2 dimensions only (use --components 2)");
    if (o.method == ProjectionMethod::Pca && o.distance != DistanceKind::Euclidean)
        throw InvalidArgument(std::string("PCA works on Euclidean weights; for ") +
                              distanceKindName(o.distance) + " distances use mds or tsne");
}

ProjectionMethod parseProjectionMethod(const std::string& text) {
    return parseWord(text, kProjectionMethodWords, "projection method");
}

DistanceKind parseDistanceKind(const std::string& text) {
    return parseWord(text, kDistanceKindWords, "distance");
}

const char* projectionMethodName(ProjectionMethod method) {
    return wordOf(method, kProjectionMethodWords);
}

const char* distanceKindName(DistanceKind kind) {
    return wordOf(kind, kDistanceKindWords);
}

bool isFunctionSpace(DistanceKind kind) {
    return kind == DistanceKind::Disagreement || kind == DistanceKind::JensenShannon;
}

SetProjection projectSet(const io::CheckpointSet& checkpoints, const SetProjectionOptions& options,
                         const JobContext& context) {
    checkProjectionOptions(options, checkpoints.members.size());
    // Raw weights need no model; function space and symmetry removal ask for it.
    evaluation::LoadedSet set(checkpoints, evaluation::ModelNeed::WhenUsed);
    return projectSet(set, options, context);
}

SetProjection projectSet(evaluation::LoadedSet& set, const SetProjectionOptions& options,
                         const JobContext& context) {
    return projectSet(set, options, context, projection::UnitSharing{});
}

SetProjection projectSet(evaluation::LoadedSet& set, const SetProjectionOptions& options,
                         const JobContext& context, const projection::UnitSharing& sharing) {
    const io::CheckpointSet& checkpoints = set.set();
    checkProjectionOptions(options, checkpoints.members.size());
    SetProjection result;
    result.method = projectionMethodName(options.method);
    result.distance = distanceKindName(options.distance);
    for (const auto& m : checkpoints.members) {
        result.members.push_back(m.name);
        result.groups.push_back(m.group);
    }

    Eigen::MatrixXd distances;
    if (isFunctionSpace(options.distance)) {
        result.space = "function";
        if (!sharing.collects(context))  // the forward passes were shared before (docs/mpi.md)
            return result;
        std::vector<std::size_t> kept;
        distances = functionSpace(set, options, context, result.dimensions, result.notes, kept);
        result.members.clear();
        result.groups.clear();
        for (std::size_t i : kept) {
            result.members.push_back(checkpoints.members[i].name);
            result.groups.push_back(checkpoints.members[i].group);
        }
    } else {
        result.space = describeSpace(options.space);
        // Members stream in storage order: nothing of size members x parameters is held.
        const SetMemberRows source(set, options.space);
        result.dimensions = source.parameterCount();
        if (options.method == ProjectionMethod::Pca)
            return projectPca(source, options, context, std::move(result), sharing);
        if (mapFromRowsApplies(source.memberCount(), result.dimensions, options, sharing)) {
            mapFromRows(source, options, context, result);
            return result;
        }
        if (mapFromPcaCoordinates(source, options, context, result, sharing))
            return result;
        projection::GramMatrices gram;
        if (sharing.shared()) {
            int64_t units = 0;
            auto shared = projection::sharedGram(source, sharing, context,
                                                 projection::GramProducts::Float64, &units);
            if (!shared)
                return result;
            gram = std::move(*shared);
            result.algorithm = sharedGramText(units, sharing.processes);
        } else {
            int64_t passes = 0;
            gram = projection::streamedGram(source, context, &passes);
            result.algorithm = exactGramText(passes);
        }
        distances = options.distance == DistanceKind::Cosine
                        ? projection::cosineDistancesFromGram(gram.raw)
                        : projection::euclideanDistancesFromGram(gram.raw);
    }

    if (options.method == ProjectionMethod::Mds) {
        const projection::MdsResult mds = projection::classicalMds(distances, options.components);
        result.coordinates = mds.coordinates;
        if (mds.negativeEigenvalueMass > 1e-9)
            result.notes.push_back(
                "MDS: " + std::to_string(100 * mds.negativeEigenvalueMass) +
                "% of the eigenvalue mass is negative (not a Euclidean distance)");
    } else {
        projection::TsneOptions tsneOptions;
        tsneOptions.seed = options.seed;
        tsneOptions.method = options.tsneGradient;
        const projection::TsneResult tsne =
            projection::tsneFromDistances(distances, tsneOptions, context);
        result.coordinates = tsne.embedding;
        result.kl = tsne.klDivergence;
        if (tsne.perplexityLowered)
            result.notes.push_back("t-SNE perplexity lowered to " +
                                   std::to_string(tsne.perplexity) + " for " +
                                   std::to_string(result.members.size()) + " points");
    }
    return result;
}

void checkMmdGroups(const io::CheckpointSet& checkpoints) {
    std::map<std::string, int> sizes;
    for (const auto& m : checkpoints.members)
        ++sizes[m.group];
    int usable = 0;
    for (const auto& [group, size] : sizes)
        usable += size >= 2;
    if (usable < 2 || usable != static_cast<int>(sizes.size()))
        throw InvalidArgument(checkpoints.folder +
                              ": MMD needs at least two groups, each with at least two members");
}

SetMmd mmdOfSet(const io::CheckpointSet& checkpoints, const SpaceOptions& space,
                const projection::MmdOptions& options, const JobContext& context,
                const std::optional<FunctionSample>& functions) {
    checkMmdGroups(checkpoints);
    // Raw weights need no model; function space and symmetry removal ask for it.
    evaluation::LoadedSet set(checkpoints, evaluation::ModelNeed::WhenUsed);
    return mmdOfSet(set, space, options, context, functions);
}

SetMmd mmdOfSet(evaluation::LoadedSet& set, const SpaceOptions& space,
                const projection::MmdOptions& options, const JobContext& context,
                const std::optional<FunctionSample>& functions) {
    return mmdOfSet(set, space, options, context, functions, projection::UnitSharing{});
}

SetMmd mmdOfSet(evaluation::LoadedSet& set, const SpaceOptions& space,
                const projection::MmdOptions& options, const JobContext& context,
                const std::optional<FunctionSample>& functions,
                const projection::UnitSharing& sharing) {
    const io::CheckpointSet& checkpoints = set.set();
    checkMmdGroups(checkpoints);
    SetMmd result;
    std::vector<std::string> groups;
    projection::StreamedMmdStats stats;
    if (functions) {
        // Each member is the vector of its predicted probabilities.
        result.space = "function";
        if (!sharing.collects(context))  // the forward passes were shared before (docs/mpi.md)
            return result;
        const FunctionRows rows = functionRows(set, *functions, context, result.notes);
        for (std::size_t i : rows.kept) {
            result.members.push_back(checkpoints.members[i].name);
            groups.push_back(checkpoints.members[i].group);
        }
        result.table =
            projection::streamedMmdTable(*rows.rows, groups, options, context, {}, &stats);
    } else {
        result.space = describeSpace(space);
        // Members stream in storage order: nothing of size members x parameters, and no
        // members x members table, is held.
        const SetMemberRows source(set, space);
        for (const auto& m : checkpoints.members) {
            result.members.push_back(m.name);
            groups.push_back(m.group);
        }
        if (sharing.shared()) {
            auto table =
                projection::sharedMmdTable(source, groups, options, sharing, context, {}, &stats);
            if (!table)
                return result;
            result.table = std::move(*table);
        } else {
            result.table =
                projection::streamedMmdTable(source, groups, options, context, {}, &stats);
        }
    }
    result.algorithm = projection::describeStreamedMmd(stats);
    return result;
}

json toJson(const SetProjection& p) {
    json out = {{"method", p.method},         {"space", p.space},
                {"distance", p.distance},     {"components", p.coordinates.cols()},
                {"dimensions", p.dimensions}, {"notes", p.notes}};
    if (!p.explainedVarianceRatio.empty()) {
        std::vector<double> kept(p.explainedVarianceRatio.begin(),
                                 p.explainedVarianceRatio.begin() +
                                     std::min<std::size_t>(p.explainedVarianceRatio.size(),
                                                           std::size_t(p.coordinates.cols())));
        out["explained_variance_ratio"] = kept;
    }
    if (p.kl >= 0)
        out["kl"] = p.kl;
    if (!p.algorithm.empty())
        out["algorithm"] = p.algorithm;
    out["points"] = json::array();
    const char* axes[] = {"x", "y", "z"};
    for (std::size_t i = 0; i < p.members.size(); ++i) {
        json point = {{"name", p.members[i]}, {"group", p.groups[i]}};
        for (Eigen::Index c = 0; c < p.coordinates.cols() && c < 3; ++c)
            point[axes[c]] = p.coordinates(Eigen::Index(i), c);
        out["points"].push_back(point);
    }
    return out;
}

json toJson(const SetMmd& m) {
    json out = {{"space", m.space},
                {"groups", m.table.groups},
                {"members", m.members.size()},
                {"algorithm", m.algorithm},
                {"notes", m.notes}};
    json table = json::array();
    for (Eigen::Index a = 0; a < m.table.maximum.rows(); ++a) {
        std::vector<double> row;
        for (Eigen::Index b = 0; b < m.table.maximum.cols(); ++b)
            row.push_back(m.table.maximum(a, b));
        table.push_back(row);
    }
    out["max_mmd2"] = table;
    out["pairs"] = json::array();
    std::size_t k = 0;
    const auto g = m.table.groups.size();
    for (std::size_t a = 0; a < g; ++a)
        for (std::size_t b = a + 1; b < g; ++b, ++k) {
            const auto& r = m.table.pairs[k];
            json values = json::array();
            for (const auto& v : r.values)
                values.push_back({{"kernel", projection::mmdKernelName(v.kernel)},
                                  {"bandwidth", v.bandwidth},
                                  {"mmd2", v.mmd2}});
            out["pairs"].push_back({{"a", m.table.groups[a]},
                                    {"b", m.table.groups[b]},
                                    {"max",
                                     {{"kernel", projection::mmdKernelName(r.maximum.kernel)},
                                      {"bandwidth", r.maximum.bandwidth},
                                      {"mmd2", r.maximum.mmd2}}},
                                    {"values", values}});
        }
    out["notes"] = m.notes;
    return out;
}

}  // namespace modescape::symmetry

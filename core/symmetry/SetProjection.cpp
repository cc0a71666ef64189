#include "core/symmetry/SetProjection.h"

#include <ATen/ATen.h>

#include <map>

#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/common/MemoryBudget.h"
#include "core/data/Dataset.h"
#include "core/evaluation/Evaluator.h"
#include "core/evaluation/ForwardCost.h"
#include "core/evaluation/LoadedSet.h"
#include "core/evaluation/PredictionCache.h"
#include "core/jobs/ProgressPart.h"
#include "core/projection/Distances.h"
#include "core/projection/GramMatrix.h"
#include "core/projection/Pca.h"
#include "core/projection/StreamedGram.h"
#include "core/projection/StreamedMmd.h"
#include "core/projection/Tsne.h"
#include "core/symmetry/SetMemberRows.h"
#include "core/symmetry/WeightMapFromPca.h"

namespace modescape::symmetry {

namespace {

using nlohmann::json;

// Pairwise function-space distances from per-member probabilities [N, S, C].
Eigen::MatrixXd functionDistances(const at::Tensor& p, DistanceKind kind,
                                  const JobContext& context) {
    const std::int64_t n = p.size(0);
    Eigen::MatrixXd d = Eigen::MatrixXd::Zero(n, n);
    const at::Tensor votes = p.argmax(2);
    for (std::int64_t i = 0; i < n; ++i) {
        context.checkCancelled();
        context.report(double(i) / double(n), "function-space distances: member " +
                                                  std::to_string(i + 1) + " / " +
                                                  std::to_string(n));
        const at::Tensor pi = p[i].to(at::kDouble);  // float64 per member, not for all N
        const at::Tensor logpi = pi.clamp_min(1e-12).log();
        for (std::int64_t j = i + 1; j < n; ++j) {
            double value;
            if (kind == DistanceKind::Disagreement) {
                value = votes[i].ne(votes[j]).to(at::kDouble).mean().item<double>();
            } else {
                // JS(p, q) = (KL(p || m) + KL(q || m)) / 2, m = (p + q) / 2, in nats.
                const at::Tensor pj = p[j].to(at::kDouble);
                const at::Tensor logm = ((pi + pj) / 2).clamp_min(1e-12).log();
                const at::Tensor kl =
                    (pi * (logpi - logm)).sum(1) + (pj * (pj.clamp_min(1e-12).log() - logm)).sum(1);
                value = (kl / 2).mean().item<double>();
            }
            d(i, j) = d(j, i) = std::max(0.0, value);
        }
    }
    return d;
}

// The members' probabilities [N, S, C] on the first `samples` samples of the
// split, through the predictions cache. Members with non-finite predictions
// (NaN weights) are left out with a note and a warning; `kept` gets the
// positions in the set's member list of the others.
at::Tensor memberProbabilities(evaluation::LoadedSet& set, const FunctionSample& sample,
                               const JobContext& context, std::vector<std::string>& notes,
                               std::vector<std::size_t>& kept) {
    set.model();  // the model first: without one, "names no model" is the error that helps
    data::Dataset subset = set.dataset(sample.split);
    const std::int64_t n = std::min(sample.samples, subset.size());
    subset.inputs = subset.inputs.narrow(0, 0, n);
    subset.labels = subset.labels.narrow(0, 0, n);
    subset.spec += " (first " + std::to_string(n) + " samples)";
    notes.push_back("function space on " + subset.spec + "; symmetry removal does not change it");
    const auto& members = set.set().members;
    evaluation::warnIfLongForwardJob(set.model(), set.weights(members.front().name), subset,
                                     std::int64_t(members.size()), n, "--samples");
    const evaluation::PredictionCache cache;
    // Filled member by member: N x samples x classes float32 is all that is held.
    at::Tensor probabilities;
    std::int64_t filled = 0;
    for (std::size_t i = 0; i < members.size(); ++i) {
        context.checkCancelled();
        const double from = double(i) / double(members.size());
        context.report(from, "predictions of " + members[i].name);
        at::Tensor p = cache.probabilities(
            set.model(), set.modelDescription(), set.weights(members[i].name), subset,
            progressPart(context, from, double(i + 1) / double(members.size())));
        if (!evaluation::finitePredictions(p)) {
            const std::string why = evaluation::describeNonFinite(members[i].name, subset.spec);
            log::warning(why + " It is left out.");
            notes.push_back(why + " Left out.");
            continue;
        }
        if (!probabilities.defined()) {
            const double count = double(members.size()) * double(p.numel());
            requireMemory(4.0 * count, "the predictions of " + std::to_string(members.size()) +
                                           " members on " + subset.spec +
                                           " (use fewer --samples or members)");
            probabilities =
                at::empty({std::int64_t(members.size()), p.size(0), p.size(1)}, at::kFloat);
        }
        kept.push_back(i);
        probabilities[filled++].copy_(p);
    }
    if (filled < 2)
        throw evaluation::NonFinitePredictions(
            set.set().folder + ": fewer than 2 members have finite predictions on " + subset.spec +
            " (the others are NaN or Inf)");
    return probabilities.narrow(0, 0, filled);
}

Eigen::MatrixXd functionSpace(evaluation::LoadedSet& set, const SetProjectionOptions& options,
                              const JobContext& context, std::int64_t& dimensions,
                              std::vector<std::string>& notes, std::vector<std::size_t>& kept) {
    const at::Tensor p =
        memberProbabilities(set, {options.split, options.functionSamples}, context, notes, kept);
    dimensions = p.size(1) * p.size(2);
    return functionDistances(p, options.distance, context);
}

std::string exactGramText(int64_t passes) {
    return "exact (Gram matrix, " + std::to_string(passes) + (passes == 1 ? " pass" : " passes") +
           " over the members)";
}

// Exact PCA from the streamed Gram, or the randomized one past its reach.
SetProjection projectPca(const SetMemberRows& source, const SetProjectionOptions& options,
                         const JobContext& context, SetProjection result) {
    projection::RandomizedPcaOptions randomized;
    randomized.components = options.components;
    randomized.seed = options.seed;
    const projection::PcaAlgorithm algorithm = projection::choosePcaAlgorithm(
        options.pca, source.memberCount(), source.parameterCount(), randomized);
    projection::PcaResult pca;
    if (algorithm == projection::PcaAlgorithm::Randomized) {
        projection::RandomizedPcaRun run = projection::randomizedPca(source, randomized, context);
        result.algorithm = projection::describeRandomizedPca(randomized, run);
        pca = std::move(run.pca);
    } else {
        int64_t passes = 0;
        const projection::GramMatrices gram = projection::streamedGram(source, context, &passes);
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
            return projectPca(source, options, context, std::move(result));
        if (mapFromPcaCoordinates(source, options, context, result))
            return result;
        int64_t passes = 0;
        const projection::GramMatrices gram = projection::streamedGram(source, context, &passes);
        result.algorithm = exactGramText(passes);
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
    const io::CheckpointSet& checkpoints = set.set();
    checkMmdGroups(checkpoints);
    SetMmd result;
    std::vector<std::string> groups;
    projection::StreamedMmdStats stats;
    if (functions) {
        // Each member is the vector of its predicted probabilities.
        result.space = "function";
        std::vector<std::size_t> kept;
        const at::Tensor rows =
            memberProbabilities(set, *functions, context, result.notes, kept).flatten(1);
        for (std::size_t i : kept) {
            result.members.push_back(checkpoints.members[i].name);
            groups.push_back(checkpoints.members[i].group);
        }
        result.table = projection::streamedMmdTable(projection::TensorRowSource(rows), groups,
                                                    options, context, {}, &stats);
    } else {
        result.space = describeSpace(space);
        // Members stream in storage order: nothing of size members x parameters, and no
        // members x members table, is held.
        const SetMemberRows source(set, space);
        for (const auto& m : checkpoints.members) {
            result.members.push_back(m.name);
            groups.push_back(m.group);
        }
        result.table = projection::streamedMmdTable(source, groups, options, context, {}, &stats);
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

#include "core/landscape/LandscapeCompute.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/data/SeededRandom.h"
#include "core/evaluation/ContentHash.h"
#include "core/evaluation/LoadedSet.h"
#include "core/jobs/Device.h"
#include "core/landscape/GridEvaluator.h"
#include "core/landscape/HessianDirections.h"
#include "core/landscape/LandscapeDirections.h"
#include "core/landscape/LandscapeOnDirections.h"

namespace modescape::landscape {

namespace {

// `count` distinct samples drawn with `seed` (kept in dataset order), or all of them.
at::Tensor subsetIndices(std::int64_t size, std::int64_t count, std::uint64_t seed) {
    if (count <= 0 || count >= size)
        return {};
    std::vector<std::int64_t> order(static_cast<std::size_t>(size));
    std::iota(order.begin(), order.end(), 0);
    data::SeededRandom random(seed);
    random.shuffle(order);
    order.resize(static_cast<std::size_t>(count));
    std::sort(order.begin(), order.end());
    return at::tensor(order, at::kLong);
}

std::vector<at::Tensor> batchNormBatches(evaluation::LoadedSet& set, const LandscapeSettings& s) {
    if (!s.recomputeBatchNorm || !set.model().hasBatchNorm())
        return {};
    const auto& train = set.dataset("train");
    at::Tensor inputs = train.inputs;
    if (auto idx = subsetIndices(train.size(), s.batchNormSamples, s.seed + 1); idx.defined())
        inputs = inputs.index_select(0, idx);
    constexpr std::int64_t kBatch = 256;  // BatchNorm statistics are per batch: keep them large
    std::vector<at::Tensor> batches;
    for (std::int64_t start = 0; start < inputs.size(0); start += kBatch)
        batches.push_back(inputs.narrow(0, start, std::min(kBatch, inputs.size(0) - start)));
    return batches;
}

std::string hashOf(const model::ParameterSet& weights) {
    evaluation::ContentHash hash;
    for (const auto& e : weights.entries())
        hash.add(e.name).add(e.tensor);
    return hash.hex();
}

std::string hashOfFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError(path, "cannot read the direction file");
    evaluation::ContentHash hash;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0)
        hash.add(buffer, static_cast<std::size_t>(in.gcount()));
    return hash.hex();
}

std::string hashOf(const EvaluationData& data) {
    evaluation::ContentHash hash;
    hash.add(data.inputs).add(data.labels);
    for (const auto& batch : data.batchNormBatches)
        hash.add(batch);
    return hash.hex();
}

std::vector<std::string> memberOrder(const io::CheckpointSet& set) {
    std::vector<std::string> names;
    if (!set.referenceMember.empty())
        names.push_back(set.referenceMember);
    for (const auto& m : set.members)
        if (m.name != set.referenceMember)
            names.push_back(m.name);
    return names;
}

// The grid over the anchors (settings.fitRange): before any point is computed,
// so a resumed surface keeps the grid it was started on.
void fitGridToMarkers(LandscapeResult& result, const std::vector<LandscapeMarker>& markers) {
    if (markers.empty())
        return;
    std::vector<double> xs, ys;
    for (const auto& m : markers) {
        xs.push_back(m.x);
        ys.push_back(m.y);
    }
    LandscapeSettings& s = result.settings;
    s.x = fittedAxis(xs, s.x.count);
    result.xs = s.x.values();
    if (s.dimensions == 2) {
        s.y = fittedAxis(ys, s.y.count);
        result.ys = s.y.values();
    }
}

}  // namespace

std::string contentHashOf(const model::ParameterSet& weights) {
    return hashOf(weights);
}

void computeLandscape(evaluation::LoadedSet& set, LandscapeResult& result, const JobContext& job,
                      const RowCallback& onRow, const GridFill& fill) {
    const LandscapeSettings& s = result.settings;
    validate(s);
    job.report(0.0, "landscape: reading members");
    LandscapeInputs inputs;
    auto directions = makeDirections(
        s,
        [&](const std::string& name) {
            auto weights = set.weights(name);
            inputs.members[name] = hashOf(weights);
            return weights;
        },
        memberOrder(set.set()), job);
    if (s.directions == DirectionSource::File)
        inputs.directionFile = hashOfFile(s.directionFile);
    if (s.directions == DirectionSource::Hessian) {
        // The curvature of the very loss the slice shows: its split and subset.
        const data::Dataset& dataset = set.dataset(s.split);
        at::Tensor inputsUsed = dataset.inputs, labels = dataset.labels;
        if (auto idx = subsetIndices(dataset.size(), s.subset, s.seed); idx.defined()) {
            inputsUsed = inputsUsed.index_select(0, idx);
            labels = labels.index_select(0, idx);
        }
        HessianPlane plane =
            hessianPlane(set.model(), directions.center, inputsUsed, labels, s, job);
        directions.x = std::move(plane.x);
        directions.y = std::move(plane.y);
        directions.curvature = std::move(plane.curvature);
        for (const auto& c : directions.curvature)
            log::info("landscape: Hessian eigenvector " + std::to_string(c.eigenvector) +
                      ": eigenvalue " + std::to_string(c.eigenvalue) +
                      ", curvature along the direction used " + std::to_string(c.curvature));
    }
    computeLandscapeOn(set, result, directions, std::move(inputs), job, onRow, fill);
}

void computeLandscapeOn(evaluation::LoadedSet& set, LandscapeResult& result,
                        const LandscapeDirections& directions, LandscapeInputs inputs,
                        const JobContext& job, const RowCallback& onRow, const GridFill& fill) {
    const LandscapeSettings& s = result.settings;
    validate(s);
    if (result.nx() != s.nx() || result.ny() != s.ny() ||
        result.loss.size() != static_cast<std::size_t>(s.nx()) * s.ny() ||
        result.accuracy.size() != result.loss.size())
        throw InvalidArgument("landscape: the result's grid does not match its settings");
    if (s.fitRange && result.computedPoints() == 0)
        fitGridToMarkers(result, directions.markers);

    const data::Dataset& dataset = set.dataset(s.split);
    EvaluationData data{dataset.inputs, dataset.labels, batchNormBatches(set, s)};
    if (auto idx = subsetIndices(dataset.size(), s.subset, s.seed); idx.defined()) {
        data.inputs = data.inputs.index_select(0, idx);
        data.labels = data.labels.index_select(0, idx);
    }

    inputs.data = hashOf(data);
    inputs.model = evaluation::ContentHash().add(set.modelDescription()).hex();
    // A resume must continue the same surface: refuse before touching it.
    if (result.inputs.recorded())
        if (auto changes = describeChanges(result.inputs, inputs); !changes.empty())
            throw InputsChanged(std::move(changes));
    result.inputs = std::move(inputs);

    result.setFolder = set.set().folder;
    result.modelDescription = set.modelDescription();
    result.dataSpec = dataset.spec;
    result.samples = data.inputs.size(0);
    result.centerName = directions.centerName;
    result.members = directions.members;
    result.markers = directions.markers;
    result.curvature = directions.curvature;
    result.device = describeDevice(job.device);

    const GridEvaluator evaluator(set.model(), directions, data, s, job.device);
    if (!result.isCenterComputed()) {
        const auto centre = evaluator.evaluate({GridPoint{0.0, 0.0}}, job).front();
        result.centerLoss = centre.loss;
        result.centerAccuracy = centre.accuracy;
        result.centerComputed = true;
    }
    if (!std::isfinite(result.centerLoss))
        log::warning("landscape: the centre " + result.centerName +
                     " gives a non-finite loss (NaN or Inf in its predictions; are its weights "
                     "finite?)");
    if (fill)
        fill(evaluator, result, job);
    else
        fillGrid(evaluator, result, job, onRow);
    if (const auto bad = result.nonFinitePoints(); bad > 0)
        log::warning("landscape: " + std::to_string(bad) + " of " +
                     std::to_string(result.loss.size()) +
                     " points have a non-finite loss; they are kept as computed (NaN or Inf)");
}

}  // namespace modescape::landscape

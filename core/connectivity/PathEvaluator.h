#pragma once
// Loss and accuracy along a path, point by point: theta(t_i) written into the
// model (functional substitution), BatchNorm statistics recomputed at each
// point when the model has BatchNorm, then mean cross-entropy and accuracy on
// the training split and (optionally) the test split. Internal to core.

#include <ATen/core/Tensor.h>

#include <functional>
#include <vector>

#include "core/connectivity/PathCurve.h"
#include "core/connectivity/PathResult.h"
#include "core/jobs/Progress.h"
#include "core/model/Model.h"

namespace modescape::data {
struct Dataset;
}

namespace modescape::connectivity {

struct PathData {
    const data::Dataset* train = nullptr;  // required
    const data::Dataset* test = nullptr;   // optional
};

// Called after each evaluated point with the result so far (later points NaN).
using PathPointCallback = std::function<void(const PathResult& partial, int index)>;

// Training inputs for BatchNorm recomputation: at most maxSamples (the first
// ones) in batches of 256. Empty when the model has no BatchNorm.
std::vector<at::Tensor> batchNormBatches(const model::Model& model, const data::Dataset& train,
                                         std::int64_t maxSamples);

// Fills result.t, the loss / accuracy arrays, both splits' barriers and the
// length for settings.points points (result's kind, bends and member names are
// the caller's). A result that already holds settings.points points (an
// earlier, cancelled run on the same curve) is continued: the points whose
// losses it holds are kept, not evaluated again. Progress covers [progressFrom, progressTo]. Throws
// InvalidArgument without training data or with bad settings, Cancelled
// between points (result keeps the points done).
void evaluatePath(const model::Model& model, const PathCurve& curve, const PathData& data,
                  const PathSettings& settings, PathResult& result, const JobContext& job,
                  const PathPointCallback& onPoint = {}, double progressFrom = 0.0,
                  double progressTo = 1.0);

// ||a - b||_2 over the floating-point parameters (buffers left out).
double parameterDistance(const model::ParameterSet& a, const model::ParameterSet& b);

}  // namespace modescape::connectivity

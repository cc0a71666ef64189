#pragma once
// Loss and accuracy at grid points theta(a, b) = theta* + a x + b y, on data
// held on the device. Batched engine: K points per Model::forwardBatched (the
// weights get a leading K), or on the CPU for the built-in MLP and LeNet-5
// our own forward (FastGridForward), elsewhere on the CPU the naive engine's
// forwards, one point per core side by side; naive engine: one Model::forward
// per point, the reference algorithm. All accumulate per point in double.
// Internal to core/landscape (LibTorch types).

#include <ATen/core/Tensor.h>

#include <memory>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/landscape/LandscapeDirections.h"
#include "core/landscape/LandscapeSettings.h"
#include "core/model/Model.h"

namespace modescape::landscape {

struct GridPoint {
    double a = 0.0, b = 0.0;
};

struct PointMetrics {
    double loss = 0.0;      // mean cross-entropy (NaN or Inf from non-finite predictions)
    double accuracy = 0.0;  // fraction; NaN where the loss is not finite
};

// Which forward the batched engine uses on the CPU: Auto takes our own
// (FastGridForward) where it covers the model, LibTorch is the reference.
enum class CpuForward { Auto, LibTorch };

class FastGridForward;

struct EvaluationData {
    at::Tensor inputs;  // [N, ...] float32
    at::Tensor labels;  // [N] int64
    // Training batches for BatchNorm recomputation (empty: stored statistics).
    std::vector<at::Tensor> batchNormBatches;
};

class GridEvaluator {
  public:
    // Moves directions and data to the job's device once. Throws
    // InvalidArgument for empty data or data without labels.
    GridEvaluator(const model::Model& model, const LandscapeDirections& directions,
                  const EvaluationData& data, const LandscapeSettings& settings, DeviceKind device,
                  CpuForward cpuForward = CpuForward::Auto);

    // Grid points per forward (1 for naive) and samples per forward.
    int pointsPerForward() const { return pointsPerForward_; }
    std::int64_t batchSize() const { return batchSize_; }
    // True when the batched engine runs on our own CPU forward.
    bool usesFastForward() const { return fast_ != nullptr; }
    // True when that forward holds the first layer's outputs for the surface.
    bool firstLayerCached() const;
    // Points the batched engine evaluates at once on LibTorch's CPU forward,
    // each on one thread (1: one after the other, on every thread).
    int sideBySideWorkers() const { return sideBySide_; }

    // Metrics at up to pointsPerForward() points. Throws Cancelled between data batches.
    std::vector<PointMetrics> evaluate(const std::vector<GridPoint>& points,
                                       const JobContext& job) const;

  private:
    std::vector<PointMetrics> onLibTorch(const std::vector<GridPoint>& points, bool batched,
                                         const JobContext& job) const;
    std::vector<PointMetrics> sideBySide(const std::vector<GridPoint>& points,
                                         const JobContext& job) const;
    model::ParameterSet weightsAt(const std::vector<GridPoint>& points) const;
    model::ParameterSet singleWeightsAt(const GridPoint& point) const;

    const model::Model& model_;
    model::ParameterSet center_, x_, y_;
    at::Tensor inputs_, labels_;
    std::vector<at::Tensor> batchNormBatches_;
    Engine engine_;
    std::shared_ptr<const FastGridForward> fast_;
    int pointsPerForward_ = 1;
    int sideBySide_ = 1;
    std::int64_t batchSize_ = 1;
};

// Fills the points of result not computed yet (LandscapeResult::isComputed)
// in row-major order, pointsPerForward() at a time, and records them in
// result.computed, so that a non-finite point is never computed again;
// calls onRow after each finished row (1-D: after every group).
// Throws Cancelled (the points computed so far stay in result).
using RowReport = std::function<void(const LandscapeResult&, int iy)>;
void fillGrid(const GridEvaluator& evaluator, LandscapeResult& result, const JobContext& job,
              const RowReport& onRow = {});

}  // namespace modescape::landscape

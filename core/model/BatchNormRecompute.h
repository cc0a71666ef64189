#pragma once
// Recomputes BatchNorm running statistics for a weight set (needed along
// mode-connectivity curves and at landscape points, where interpolated
// weights make the stored statistics meaningless).
//
// Definition (PyTorch's momentum=None, the "exact average" of algorithms.md):
// reset running_mean = 0, running_var = 1, num_batches_tracked = 0; put every
// BatchNorm in train mode (each normalises with its batch statistics, so later
// layers see what they see in training); feed batches b = 1..B once. Each
// batch gives, per channel, the batch mean mu_b and the UNBIASED batch variance
// var_b (over N*H*W values, divided by N*H*W - 1). Then
//   running_mean = (1/B) sum_b mu_b,  running_var = (1/B) sum_b var_b,
//   num_batches_tracked = B,
// i.e. the cumulative average PyTorch computes with factor 1/b at batch b.
// With equal batch sizes running_mean is the exact mean over the subset;
// running_var is the mean of the per-batch variances (as in PyTorch).

#include <vector>

#include "core/jobs/Progress.h"
#include "core/model/Model.h"

namespace at {
class Tensor;
}

namespace modescape::model {

// Returns a copy of params whose BatchNorm buffers hold the recomputed
// statistics (params itself is not modified; a model without BatchNorm gets
// params back). Built-ins run one pass per batch with momentum 1/b; other
// models (TorchScript, whose momentum is baked into the archive) run one extra
// probe pass on the first batch to measure it. Reports progress per batch and
// checks for cancellation between batches. Throws InvalidArgument for no batches.
ParameterSet recomputeBatchNorm(const Model& model, const ParameterSet& params,
                                const std::vector<at::Tensor>& batches, const JobContext& job);

}  // namespace modescape::model

#pragma once
// Evaluation of one weight set on a dataset held as tensors: logits, mean
// cross-entropy and accuracy, in batches on the job's device, with progress
// and cancellation between batches. Eval mode, no gradients.

#include <cstdint>

#include "core/jobs/Progress.h"
#include "core/model/Model.h"

namespace at {
class Tensor;
}

namespace modescape::model {

struct EvaluationOptions {
    std::int64_t batchSize = 1024;
};

// Logits [N, classes] on the CPU for inputs [N, ...]. Throws InvalidArgument
// for a batch size < 1, ShapeMismatch when the inputs do not fit the model,
// Cancelled when the job is cancelled.
at::Tensor predictLogits(const Model& model, const ParameterSet& params, const at::Tensor& inputs,
                         const JobContext& job, const EvaluationOptions& options = {});

struct LossAccuracy {
    double nll = 0.0;       // mean cross-entropy (natural log)
    double accuracy = 0.0;  // fraction of argmax == label
    std::int64_t count = 0;
};

// From logits [N, C] and integer labels [N]. Throws ShapeMismatch when they disagree.
LossAccuracy lossAndAccuracy(const at::Tensor& logits, const at::Tensor& labels);

}  // namespace modescape::model

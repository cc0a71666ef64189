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
    std::int64_t batchSize = 1024;  // at most; on the CPU also cpuBatchLimit
};

// Samples per forward on the CPU beyond which LibTorch 1.13's CPU
// convolutions run several times slower per sample (LeNet-5 forwards on this
// project's 2-core EPYC, 2026-11-26: 17-29k images/s at 512 images, 8k at
// 1024, 4k at 4096): about 6M activation floats per forward. Tabular inputs
// are never limited in practice (an MLP on 2 features: about 22,000 samples).
std::int64_t cpuBatchLimit(const at::Tensor& inputs);

// Rough float32 activations one sample of inputs [N, ...] leaves alive in a
// forward: 16 x its features (convolutions widen images several times) plus a
// floor for small tabular inputs. For sizing batches only; never affects values.
std::int64_t activationFloatsPerSample(const at::Tensor& inputs);

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

// From logits [N, C] and integer labels [N]. Throws ShapeMismatch when they
// disagree or a label is not one of the C classes.
LossAccuracy lossAndAccuracy(const at::Tensor& logits, const at::Tensor& labels);

// Throws ShapeMismatch naming the first label outside 0 .. classes - 1 and
// its index: a data set whose labels the model cannot predict (LibTorch would
// fail inside gather with a backtrace instead).
void requireLabelsWithin(const at::Tensor& labels, std::int64_t classes);

}  // namespace modescape::model

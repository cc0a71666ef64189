#pragma once
// "Run this network with these weights on this data": probabilities in
// batches, on the job's device, with progress and cancellation, plus the
// summary metrics every view starts from.

#include <cstdint>

#include "core/jobs/Progress.h"
#include "core/model/Model.h"

namespace modescape::data {
struct Dataset;
}

namespace modescape::evaluation {

struct EvaluationOptions {
    std::int64_t batchSize = 1024;
};

// Softmax probabilities [N, C] (float32, CPU). Progress is reported within
// [progressFrom, progressTo].
at::Tensor predictProbabilities(const model::Model& model, const model::ParameterSet& weights,
                                const data::Dataset& dataset, const JobContext& context,
                                const EvaluationOptions& options = {}, double progressFrom = 0.0,
                                double progressTo = 1.0);

struct Scores {
    double accuracy = 0;
    double nll = 0;  // mean -log p_y, p clamped at 1e-12
};
Scores scoreProbabilities(const at::Tensor& probabilities, const at::Tensor& labels);

}  // namespace modescape::evaluation

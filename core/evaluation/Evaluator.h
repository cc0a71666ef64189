#pragma once
// "Run this network with these weights on this data": probabilities in
// batches, on the job's device, with progress and cancellation, plus the
// summary metrics every view starts from.

#include <cstdint>
#include <string>

#include "core/common/Error.h"

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

// Whether every probability is finite. Weights holding NaN or Inf give NaN
// predictions, which would otherwise pass for numbers (argmax of NaN is
// class 0, a 50% "accuracy" on balanced data).
bool finitePredictions(const at::Tensor& probabilities);

// Whether every floating-point tensor of weights is finite (a cheap check
// where predictions come later, e.g. from paths between members).
bool finiteWeights(const model::ParameterSet& weights);

// "member NAME: non-finite predictions (NaN or Inf) on DATA; are its weights
// finite?" for warnings and reports.
std::string describeNonFinite(const std::string& member, const std::string& dataSpec);

struct Scores {
    bool finite = true;  // false: accuracy and nll are NaN, not scores
    double accuracy = 0;
    double nll = 0;  // mean -log p_y, p clamped at 1e-12
};
// Non-finite probabilities give finite = false and NaN scores.
Scores scoreProbabilities(const at::Tensor& probabilities, const at::Tensor& labels);

// Every member left for a computation had non-finite predictions.
class NonFinitePredictions : public Error {
  public:
    using Error::Error;
};

}  // namespace modescape::evaluation

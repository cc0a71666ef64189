#pragma once
// Minibatch SGD with momentum and weight decay on a classification loss, the
// training loop every sampler builds on. Deterministic for a given seed.

#include <cstdint>
#include <functional>
#include <string>

#include "core/jobs/Progress.h"
#include "core/model/Model.h"

namespace modescape::data {
struct Dataset;
}

namespace modescape::sampling {

struct SgdOptions {
    int epochs = 100;
    std::int64_t batchSize = 128;
    double learningRate = 0.05;
    double momentum = 0.9;
    double weightDecay = 5e-4;
    // Linear decay to finalLearningRateFactor x the rate over the last half of
    // training (flat before); 1.0 keeps the rate constant (SWAG's collection phase).
    double finalLearningRateFactor = 0.01;
    // The rate rises linearly over the first warmupSteps minibatches (0: none).
    // With momentum 0.9 a full rate from the first step can throw a ReLU
    // network into a state where every unit is dead and it predicts uniformly;
    // a warm-up of about one epoch avoids that.
    std::int64_t warmupSteps = 0;
    bool dropout = false;  // train with the model's dropout active
    std::uint64_t seed = 0;
};

// Called after each epoch with the epoch number (1-based) and the mean training loss.
using EpochCallback =
    std::function<void(int epoch, double meanLoss, const model::ParameterSet& weights)>;

// Trains weights in place. Progress covers [progressFrom, progressTo] of the
// job's bar. Returns the last epoch's mean training loss.
double trainSgd(const model::Model& model, model::ParameterSet& weights, const data::Dataset& train,
                const SgdOptions& options, const JobContext& context,
                const EpochCallback& onEpoch = {}, double progressFrom = 0.0,
                double progressTo = 1.0);

// Throws Error naming `what` when a run's last mean training loss is no
// better than a uniform guess over `classes` classes (ln classes, less 2%):
// the mark of a network whose units have all died, which would otherwise
// enter a set as a member that predicts every class alike.
void requireLearned(const std::string& what, double lastMeanLoss, std::int64_t classes);

// Mean cross-entropy of weights on a data set, in batches, without gradients.
double meanLoss(const model::Model& model, const model::ParameterSet& weights,
                const data::Dataset& dataset, std::int64_t batchSize = 4096);

// Fraction of correctly classified samples.
double accuracy(const model::Model& model, const model::ParameterSet& weights,
                const data::Dataset& dataset, std::int64_t batchSize = 4096);

}  // namespace modescape::sampling

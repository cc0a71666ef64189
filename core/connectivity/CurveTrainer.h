#pragma once
// Training of a curve's middle bends (Garipov et al. 2018; algorithms.md):
// per minibatch draw t ~ U[0, 1], minimise
// CE(theta(t)) + weightDecay / 2 ||theta(t)||^2 over the middle bends with SGD
// with momentum; the ends stay fixed. Models with BatchNorm train in
// train mode (batch statistics), as the reference does. Deterministic for a
// given seed. Internal to core (LibTorch types).

#include <functional>
#include <vector>

#include "core/connectivity/PathCurve.h"
#include "core/connectivity/PathSettings.h"
#include "core/jobs/Progress.h"
#include "core/model/Model.h"

namespace modescape::data {
struct Dataset;
}

namespace modescape::connectivity {

// The rate of an epoch (0-based, as the reference computes it at the start of
// the epoch): flat up to 50% of the epochs, linear decay to finalRateFactor at
// 90%, then flat again.
double curveLearningRate(const CurveTraining& training, int epoch);

// Called after each epoch (1-based) with its mean training loss (cross-entropy only).
using CurveEpochCallback = std::function<void(int epoch, double meanLoss)>;

// Trains curve.points()[1 .. n-2] in place on train (on the job's device;
// the points come back on the CPU). Progress covers [progressFrom,
// progressTo]. Returns the mean loss of every epoch. Throws InvalidArgument
// for a curve without middle bends or bad settings, Cancelled between
// minibatches, Error when the loss diverges.
std::vector<double> trainCurve(const model::Model& model, PathCurve& curve,
                               const data::Dataset& train, const CurveTraining& training,
                               const JobContext& job, const CurveEpochCallback& onEpoch = {},
                               double progressFrom = 0.0, double progressTo = 1.0);

}  // namespace modescape::connectivity

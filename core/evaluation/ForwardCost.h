#pragma once
// What a function-space job (every member's predictions on every sample)
// will cost, said before it starts: `project --space function`, `mmd --space
// function`, `eval` and `calibrate` all go through warnIfLongForwardJob.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/data/Dataset.h"
#include "core/evaluation/ForwardJobCost.h"
#include "core/model/Model.h"
#include "core/model/ParameterSet.h"

namespace modescape::evaluation {

// FLOPs of one forward of one sample, from the weight shapes and the input
// size: 2 x numel for a matrix (a linear layer), and for a convolution kernel
// [C_out, C_in, kh, kw] 2 x numel x H x W x (C_first / C_out)^2, i.e. the
// resolution halves where the channels double (ResNets, LeNets). ResNet-18 on
// 32 x 32 inputs: 1.11 GFLOP. An estimate: padding and strides are not read.
double estimateForwardFlops(const std::vector<model::TensorSpec>& spec,
                            const std::vector<int64_t>& sampleShape);

// Below this many FLOPs a job takes seconds on any CPU: its time is not measured.
inline constexpr double kFlopsWorthMeasuring = 1e11;

// The cost of `members` x `samples` forwards on samples like data's: FLOPs and
// the predictions' bytes (float32, as many classes as the last weight matrix
// has rows) at once and, from kFlopsWorthMeasuring on, seconds at
// this machine's rate. The rate is measured once per process and network shape
// (the second of two forwards of up to 16 samples through weights(), which is
// only called then) and kept, so later estimates are instant. Thread-safe.
ForwardCost estimateForwardJob(const model::Model& model,
                               const std::function<model::ParameterSet()>& weights,
                               const data::Dataset& data, int64_t members, int64_t samples);

// At most this many FLOPs per forward on the CPU. Cancel is checked between
// forwards, so it answers within a second on any CPU doing 10 GFLOP/s or more:
// 9 CIFAR images per forward for a ResNet-18 (1.11 GFLOP each); small nets
// keep the batch they are given.
inline constexpr double kCancellableForwardFlops = 1e10;

// The samples per forward (1 .. batchSize) whose estimated FLOPs stay within
// kCancellableForwardFlops; batchSize when flopsPerSample is not positive.
std::int64_t cancellableBatch(double flopsPerSample, std::int64_t batchSize);

// Jobs shorter than this start without a word.
inline constexpr double kLongForwardJobSeconds = 30;

// Estimates the cost and, for a job that may take longer than
// kLongForwardJobSeconds, measures this machine's rate with one forward of a
// few samples of `data` through `weights` and logs a warning:
// "about 11.2 TFLOP, roughly 25 minutes on this CPU (if not cached); use
// <shorten> to shorten". Returns the estimate.
ForwardCost warnIfLongForwardJob(const model::Model& model, const model::ParameterSet& weights,
                                 const data::Dataset& data, int64_t members, int64_t samples,
                                 const std::string& shorten);

// "about 11.2 TFLOP, roughly 25 min on this CPU"
std::string describeForwardCost(const ForwardCost& cost);

// The window's line before a job starts:
// "≈ 2.1 TFLOP, ~4 min on this machine, 350.0 MiB of predictions" (the
// time only when measured, the bytes only when predictions are kept).
std::string describeForwardJob(const ForwardCost& cost);

// "11.2 TFLOP", "79.9 kFLOP".
std::string formatFlops(double flops);

}  // namespace modescape::evaluation

#pragma once
// What a mode-connectivity path is and how it is trained and evaluated: plain
// data shared by the CLI (`modescape connect`) and the GUI. Definitions in
// docs/definitions.md, "Mode connectivity", and docs/connectivity.md.

#include <cstdint>
#include <string>

#include "core/common/WordTable.h"

namespace modescape::connectivity {

enum class PathKind {
    Linear,     // theta(t) = (1 - t) A + t B
    Aligned,    // B weight-matched to A (Ainsworth et al.), then linear
    Bezier,     // Bezier curve through `bends` control points, middle ones trained
    Polychain,  // polygonal chain through `bends` points, middle ones trained
};

// The words of `--path`, the GUI's path combo and the JSON "path" field.
inline constexpr WordTable<PathKind, 4> kPathKindWords{{{"linear", PathKind::Linear},
                                                        {"aligned", PathKind::Aligned},
                                                        {"bezier", PathKind::Bezier},
                                                        {"polychain", PathKind::Polychain}}};

// "linear", "aligned", "bezier", "polychain".
const char* pathKindName(PathKind kind);
// Inverse of pathKindName; throws InvalidArgument naming the accepted words.
PathKind parsePathKind(const std::string& word);
// Bezier and polychain are trained; linear and aligned are not.
bool isTrained(PathKind kind);

// Training of a curved path (Garipov et al. 2018): per minibatch t ~ U[0, 1],
// loss CE(theta(t)) + weightDecay / 2 ||theta(t)||^2 (parameters only), SGD
// with momentum; the rate is flat for the first 50% of epochs, then decays
// linearly to finalRateFactor x at 90%, and stays there.
struct CurveTraining {
    int epochs = 20;
    std::int64_t batchSize = 128;
    double learningRate = 0.05;
    double momentum = 0.9;
    double weightDecay = 5e-4;
    double finalRateFactor = 0.01;
    std::uint64_t seed = 0;  // minibatch order and the t drawn for each
};

struct PathSettings {
    PathKind kind = PathKind::Linear;
    // Control points including both ends (Garipov's num_bends): 3 is the
    // quadratic Bezier / a chain with one middle bend; 2 is the straight line.
    int bends = 3;
    CurveTraining training;
    // Evaluation at t = i / (points - 1), i = 0 .. points - 1.
    int points = 61;
    bool evaluateTest = true;  // also the test split (the barrier matrix skips it)
    std::int64_t evaluationBatchSize = 1024;
    // Models with BatchNorm: recompute the running statistics at every point
    // with one train-mode pass over (at most) this many training samples.
    std::int64_t batchNormSamples = 10000;
    std::uint64_t matchingSeed = 0;  // weight matching's group order (aligned)
};

// Throws InvalidArgument naming the bad value (bends < 2, points < 2,
// epochs < 1, batch size < 1, non-positive learning rate ...),
// MemoryLimitExceeded when the points' results would not fit in memory.
void validate(const PathSettings& settings);

// Throws MemoryLimitExceeded when a path of this many points would not fit.
void requirePathMemory(int points);

}  // namespace modescape::connectivity

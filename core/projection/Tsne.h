#pragma once
// t-SNE to two dimensions with scikit-learn's defaults (docs/definitions.md,
// "Projections"): exact gradients up to a few thousand points, Barnes-Hut above
// (ATen's FFT made the interpolated repulsion several times slower at 5,000 and
// 20,000 points); FFT-accelerated interpolation on request.

#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/common/WordTable.h"
#include "core/jobs/Progress.h"
#include "core/projection/FftRepulsion.h"

namespace modescape::projection {

enum class TsneMethod { Auto, Exact, BarnesHut, Fft };
enum class TsneInitialisation { Pca, Random };

struct TsneOptions {
    double perplexity = 30;  // lowered to (N - 1) / 3 when N is small (reported)
    double earlyExaggeration = 12;
    int exaggerationIterations = 250;
    int iterations = 1000;         // in total, exaggeration included
    double learningRate = 0;       // <= 0: auto, max(N / earlyExaggeration / 4, 50)
    double initialMomentum = 0.5;  // during exaggeration
    double finalMomentum = 0.8;
    double minGain = 0.01;
    double minGradientNorm = 1e-7;  // stop when the gradient norm falls below
    int iterationsWithoutProgress = 300;
    TsneInitialisation initialisation = TsneInitialisation::Pca;  // PCA / MDS, scaled to std 1e-4
    uint64_t seed = 0;  // random initialisation and large eigenproblems
    TsneMethod method = TsneMethod::Auto;
    int64_t exactMaxPoints = 2000;  // Auto uses exact gradients up to this many points,
    int64_t barnesHutMaxPoints = int64_t(1) << 40;  // Barnes-Hut up to this many, FFT above
    double theta = 0.5;                             // Barnes-Hut opening angle
    FftRepulsionSettings fft;                       // interpolation grid of the FFT gradient
};

// Wall-clock seconds of each phase (for benchmarks; never asserted).
struct TsneTimings {
    double affinities = 0;      // neighbours (or distances) and P
    double initialisation = 0;  // PCA / MDS start
    double iterations = 0;      // gradient descent, KL checks included
    double finalKl = 0;         // the exact KL at the end
};

struct TsneResult {
    Eigen::MatrixXd embedding;  // N x 2
    // KL(P || Q) at the end, with the un-exaggerated P and Z summed over all
    // pairs (the sparse methods use their own Z above kExactKlMaxPoints = 50,000).
    double klDivergence = 0;
    // KL every 50 iterations, at the positions where that iteration's gradient
    // was taken, with that gradient's Z (as scikit-learn reports it); the last
    // entry is klDivergence. klAfterExaggeration: the entry at iteration 250.
    double klAfterExaggeration = 0;
    std::vector<std::pair<int, double>> klHistory;  // (iteration, KL)
    TsneTimings timings;
    double perplexity = 0;  // the perplexity used
    bool perplexityLowered = false;
    double learningRate = 0;  // the learning rate used
    int iterations = 0;       // iterations run (fewer when converged early)
    bool barnesHut = false;
    bool fft = false;  // FFT-interpolated repulsion
};

// Rows of `points` are the items; P uses squared Euclidean distances.
TsneResult tsne(const Eigen::MatrixXd& points, const TsneOptions& options,
                const JobContext& context);

// From a precomputed symmetric distance matrix (e.g. function-space distances).
// The distances are squared for P, so Euclidean distances give the same
// result as the points; the PCA initialisation becomes classical MDS.
TsneResult tsneFromDistances(const Eigen::MatrixXd& distances, const TsneOptions& options,
                             const JobContext& context);

// The --tsne-gradient words; auto: exact, Barnes-Hut or FFT by size (TsneOptions).
inline constexpr WordTable<TsneMethod, 4> kTsneMethodWords{{{"auto", TsneMethod::Auto},
                                                            {"exact", TsneMethod::Exact},
                                                            {"bh", TsneMethod::BarnesHut},
                                                            {"fft", TsneMethod::Fft}}};
// A word of kTsneMethodWords; throws InvalidArgument otherwise.
TsneMethod parseTsneMethod(const std::string& text);

// The perplexity t-SNE will use for n points: min(requested, (n - 1) / 3).
double effectivePerplexity(int64_t n, double requested);

}  // namespace modescape::projection

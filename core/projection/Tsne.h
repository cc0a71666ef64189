#pragma once
// t-SNE to two dimensions with scikit-learn's defaults (docs/definitions.md,
// "Projections"): exact gradients up to a few thousand points, Barnes-Hut above.

#include <Eigen/Dense>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/jobs/Progress.h"

namespace modescape::projection {

enum class TsneMethod { Auto, Exact, BarnesHut };
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
    int64_t exactMaxPoints = 2000;  // Auto uses exact gradients up to this many points
    double theta = 0.5;             // Barnes-Hut opening angle
};

struct TsneResult {
    Eigen::MatrixXd embedding;       // N x 2
    double klDivergence = 0;         // KL(P || Q) at the end, with the un-exaggerated P
    double klAfterExaggeration = 0;  // the same at the end of early exaggeration
    std::vector<std::pair<int, double>> klHistory;  // (iteration, KL) every 50 iterations
    double perplexity = 0;                          // the perplexity used
    bool perplexityLowered = false;
    double learningRate = 0;  // the learning rate used
    int iterations = 0;       // iterations run (fewer when converged early)
    bool barnesHut = false;
};

// Rows of `points` are the items; P uses squared Euclidean distances.
TsneResult tsne(const Eigen::MatrixXd& points, const TsneOptions& options,
                const JobContext& context);

// From a precomputed symmetric distance matrix (e.g. function-space distances).
// The distances are squared for P, so Euclidean distances give the same
// result as the points; the PCA initialisation becomes classical MDS.
TsneResult tsneFromDistances(const Eigen::MatrixXd& distances, const TsneOptions& options,
                             const JobContext& context);

// The perplexity t-SNE will use for n points: min(requested, (n - 1) / 3).
double effectivePerplexity(int64_t n, double requested);

}  // namespace modescape::projection

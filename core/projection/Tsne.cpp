#include "core/projection/Tsne.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <sstream>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/projection/Distances.h"
#include "core/projection/SymmetricEigen.h"
#include "core/projection/TensorConversion.h"
#include "core/projection/TsneAffinities.h"
#include "core/projection/TsneObjective.h"

namespace modescape::projection {

namespace {

constexpr int kCheckEvery = 50;  // iterations between KL evaluations (scikit-learn's n_iter_check)

// Portable standard normal numbers (std::normal_distribution differs between libraries).
double normal(std::mt19937_64& rng) {
    const double u1 = (double(rng() >> 11) + 0.5) * 0x1.0p-53;
    const double u2 = double(rng() >> 11) * 0x1.0p-53;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

Eigen::MatrixXd randomLayout(int64_t n, uint64_t seed) {
    std::mt19937_64 rng(seed);
    Eigen::MatrixXd y(n, 2);
    for (Eigen::Index i = 0; i < n; ++i)
        y(i, 0) = normal(rng), y(i, 1) = normal(rng);
    return y;
}

// The first two principal components of the points (covariance or Gram
// eigenproblem, whichever is smaller), signs fixed as in PCA.
Eigen::MatrixXd pcaLayout(const Eigen::MatrixXd& points, uint64_t seed) {
    const Eigen::MatrixXd x0 = points.rowwise() - points.colwise().mean();
    Eigen::MatrixXd scores = Eigen::MatrixXd::Zero(points.rows(), 2);
    const int k = int(std::min<Eigen::Index>(2, std::min(points.cols(), points.rows() - 1)));
    if (points.cols() <= points.rows()) {
        const Eigenpairs pairs = leadingEigenpairs(x0.transpose() * x0, k, seed);
        scores.leftCols(k) = x0 * pairs.vectors;
    } else {
        const Eigenpairs pairs = leadingEigenpairs(x0 * x0.transpose(), k, seed);
        for (int j = 0; j < k; ++j)
            scores.col(j) = pairs.vectors.col(j) * std::sqrt(std::max(0.0, pairs.values(j)));
    }
    fixSigns(scores);
    return scores;
}

// scikit-learn scales the PCA layout so that the first column has std 1e-4.
Eigen::MatrixXd scaledLayout(Eigen::MatrixXd y, const TsneOptions& options) {
    const Eigen::VectorXd first = y.col(0);
    const double stddev = std::sqrt((first.array() - first.mean()).square().mean());
    if (!(stddev > 0) || !y.allFinite()) {
        log::warning(
            "t-SNE: the PCA initialisation is degenerate (all points coincide); using a "
            "random initialisation");
        y = randomLayout(y.rows(), options.seed);
        return y * 1e-4;
    }
    // A missing second component (1-D data) gets seeded noise so the layout is not a line.
    if (y.col(1).cwiseAbs().maxCoeff() == 0)
        y.col(1) = randomLayout(y.rows(), options.seed).col(0) * stddev;
    return y / stddev * 1e-4;
}

void validate(int64_t n, const TsneOptions& options) {
    if (n < 4)
        throw InvalidArgument("t-SNE needs at least 4 points (got " + std::to_string(n) +
                              "); use PCA or MDS for fewer");
    if (!(options.perplexity > 0))
        throw InvalidArgument("t-SNE: perplexity must be positive");
    if (options.iterations < 1 || options.exaggerationIterations < 0)
        throw InvalidArgument("t-SNE: iteration counts must be positive");
    if (!(options.theta >= 0))
        throw InvalidArgument("t-SNE: theta must be >= 0");
}

// Inputs arrive as points or as squared distances; `squared` is filled lazily.
struct TsneInput {
    const Eigen::MatrixXd* points = nullptr;
    Eigen::MatrixXd squared;  // set when built from distances
    Eigen::MatrixXd distances;
};

TsneResult run(const TsneInput& input, int64_t n, const TsneOptions& options,
               const JobContext& context) {
    validate(n, options);
    TsneResult result;
    result.perplexity = effectivePerplexity(n, options.perplexity);
    result.perplexityLowered = result.perplexity < options.perplexity;
    if (result.perplexityLowered) {
        std::ostringstream message;
        message << "t-SNE: perplexity lowered from " << options.perplexity << " to "
                << result.perplexity << " for " << n << " points ((N - 1) / 3)";
        log::info(message.str());
    }
    result.learningRate = options.learningRate > 0
                              ? options.learningRate
                              : std::max(double(n) / options.earlyExaggeration / 4.0, 50.0);
    // Measured at 5,000 and 20,000 points the tree was several times faster than
    // the FFT, whose grid follows the layout's span (docs/definitions.md).
    const TsneMethod method = options.method != TsneMethod::Auto ? options.method
                              : n <= options.exactMaxPoints      ? TsneMethod::Exact
                              : n <= options.barnesHutMaxPoints  ? TsneMethod::BarnesHut
                                                                 : TsneMethod::Fft;
    result.barnesHut = method == TsneMethod::BarnesHut;
    result.fft = method == TsneMethod::Fft;
    const bool sparse = method != TsneMethod::Exact;
    const at::Device device = sparse ? at::Device(at::kCPU) : torchDevice(context.device);

    using Clock = std::chrono::steady_clock;
    const auto seconds = [](Clock::time_point since) {
        return std::chrono::duration<double>(Clock::now() - since).count();
    };
    auto phase = Clock::now();
    context.report(0.0, "t-SNE: affinities");
    std::unique_ptr<TsneObjective> objective;
    if (sparse) {
        const int64_t k = std::min<int64_t>(n - 1, int64_t(3.0 * result.perplexity + 1.0));
        const Neighbours neighbours = input.points ? nearestNeighbours(*input.points, k)
                                                   : nearestNeighboursFromSquared(input.squared, k);
        SparseAffinities p = sparseJointProbabilities(neighbours, result.perplexity);
        objective = result.fft ? makeFftObjective(std::move(p), options.fft)
                               : makeBarnesHutObjective(std::move(p), options.theta);
    } else {
        const Eigen::MatrixXd squared =
            input.points ? memberDistances(*input.points).squaredEuclidean : input.squared;
        objective =
            makeExactObjective(toTensor(jointProbabilities(squared, result.perplexity)).to(device));
    }
    result.timings.affinities = seconds(phase);
    context.checkCancelled();

    phase = Clock::now();
    Eigen::MatrixXd start;
    if (options.initialisation == TsneInitialisation::Random)
        start = randomLayout(n, options.seed) * 1e-4;
    else
        start = scaledLayout(input.points ? pcaLayout(*input.points, options.seed)
                                          : classicalMds(input.distances, 2).coordinates,
                             options);
    result.timings.initialisation = seconds(phase);

    // Plain row-major arrays: a few thousand numbers per step need no tensor ops.
    phase = Clock::now();
    const auto size = size_t(2 * n);
    std::vector<double> y(size), update(size, 0.0), gains(size, 1.0), grad(size);
    for (int64_t i = 0; i < n; ++i)
        y[size_t(2 * i)] = start(i, 0), y[size_t(2 * i + 1)] = start(i, 1);
    double bestKl = std::numeric_limits<double>::infinity();
    int bestIteration = 0;
    for (int it = 0; it < options.iterations; ++it) {
        context.checkCancelled();
        const bool exploring = it < options.exaggerationIterations;
        if (it == options.exaggerationIterations)
            bestKl = std::numeric_limits<double>::infinity(), bestIteration = it;
        const double momentum = exploring ? options.initialMomentum : options.finalMomentum;
        const bool last = it + 1 == options.iterations;
        const bool endOfExaggeration = it + 1 == options.exaggerationIterations;
        const bool check = (it + 1) % kCheckEvery == 0 || last || endOfExaggeration;
        const double kl = objective->gradientAt(
            y.data(), n, exploring ? options.earlyExaggeration : 1.0, grad.data(), check);
        // Delta-bar-delta gains: grow where the step keeps its direction, shrink where it flips.
        double gradNorm2 = 0;
        for (size_t e = 0; e < size; ++e) {
            const double g = grad[e];
            gains[e] =
                std::max(update[e] * g < 0 ? gains[e] + 0.2 : gains[e] * 0.8, options.minGain);
            const double scaled = g * gains[e];
            gradNorm2 += scaled * scaled;
            update[e] = momentum * update[e] - result.learningRate * scaled;
            y[e] += update[e];
        }
        result.iterations = it + 1;

        if (check) {
            result.klHistory.emplace_back(it + 1, kl);
            if (endOfExaggeration)
                result.klAfterExaggeration = kl;
            context.report(
                double(it + 1) / options.iterations,
                "t-SNE: iteration " + std::to_string(it + 1) + ", KL " + std::to_string(kl));
            if (kl < bestKl) {
                bestKl = kl, bestIteration = it;
            } else if (!exploring && it - bestIteration > options.iterationsWithoutProgress) {
                log::info("t-SNE: no progress for " +
                          std::to_string(options.iterationsWithoutProgress) +
                          " iterations; stopped at " + std::to_string(it + 1));
                break;
            }
            if (!exploring && std::sqrt(gradNorm2) < options.minGradientNorm) {
                log::info("t-SNE: converged (gradient norm below " +
                          std::to_string(options.minGradientNorm) + ") at " +
                          std::to_string(it + 1));
                break;
            }
        }
    }
    result.timings.iterations = seconds(phase);
    if (!std::all_of(y.begin(), y.end(), [](double v) { return std::isfinite(v); }))
        throw InvalidArgument("t-SNE diverged (non-finite positions); lower the learning rate");
    phase = Clock::now();
    const at::Tensor yt = at::from_blob(y.data(), {n, 2}, at::kDouble).to(device);
    result.klDivergence = objective->klDivergence(yt);
    result.timings.finalKl = seconds(phase);
    if (result.klHistory.empty() || result.klHistory.back().first != result.iterations)
        result.klHistory.emplace_back(result.iterations, result.klDivergence);
    else
        result.klHistory.back().second = result.klDivergence;
    if (options.exaggerationIterations >= result.iterations)
        result.klAfterExaggeration = result.klDivergence;
    result.embedding.resize(n, 2);
    for (int64_t i = 0; i < n; ++i)
        result.embedding(i, 0) = y[size_t(2 * i)], result.embedding(i, 1) = y[size_t(2 * i + 1)];
    return result;
}

}  // namespace

TsneMethod parseTsneMethod(const std::string& text) {
    return parseWord(text, kTsneMethodWords, "t-SNE gradient");
}

double effectivePerplexity(int64_t n, double requested) {
    return std::min(requested, double(n - 1) / 3.0);
}

TsneResult tsne(const Eigen::MatrixXd& points, const TsneOptions& options,
                const JobContext& context) {
    if (!points.allFinite())
        throw InvalidArgument("t-SNE: the points hold NaN or Inf");
    if (points.cols() < 1)
        throw InvalidArgument("t-SNE: points have no coordinates");
    TsneInput input;
    input.points = &points;
    return run(input, points.rows(), options, context);
}

TsneResult tsneFromDistances(const Eigen::MatrixXd& distances, const TsneOptions& options,
                             const JobContext& context) {
    if (distances.rows() != distances.cols())
        throw InvalidArgument("t-SNE: the distance matrix is " + std::to_string(distances.rows()) +
                              " x " + std::to_string(distances.cols()) + ", not square");
    if (!distances.allFinite() || distances.minCoeff() < 0)
        throw InvalidArgument("t-SNE: distances must be finite and non-negative");
    TsneInput input;
    input.distances = 0.5 * (distances + distances.transpose());
    input.distances.diagonal().setZero();
    input.squared = input.distances.cwiseAbs2();
    return run(input, distances.rows(), options, context);
}

}  // namespace modescape::projection

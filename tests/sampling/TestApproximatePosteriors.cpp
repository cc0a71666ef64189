// The approximate posteriors against independent references written by
// tests/fixtures/sampling/make_approx_references.py: SWAG's moments on an SGD
// trajectory whose stationary covariance solves a discrete Lyapunov equation,
// the last-layer Laplace precision against torch.autograd.functional.hessian
// and its predictive against quadrature, and MC dropout's predictive mean
// against all masks enumerated. Every check also runs on a deliberately
// broken variant written here, which must fail it.
#include <QtTest>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/GradMode.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "core/data/Dataset.h"
#include "core/model/Mlp.h"
#include "core/sampling/LastLayerLaplace.h"
#include "core/sampling/McDropout.h"
#include "core/sampling/Swag.h"

using namespace modescape;
using nlohmann::json;

namespace {

// Monte-Carlo checks allow 5 standard errors per entry: with at most a few
// dozen entries per check a correct implementation fails with probability
// below 1e-4 (and the seeds are fixed, so a pass is repeatable).
constexpr double kSigmas = 5.0;

// A JSON number, vector or matrix as a float64 tensor.
at::Tensor tensorOf(const json& value) {
    std::vector<double> flat;
    std::vector<std::int64_t> shape;
    if (value.is_array() && !value.empty() && value[0].is_array()) {
        for (const auto& row : value)
            for (const auto& x : row)
                flat.push_back(x.get<double>());
        shape = {static_cast<std::int64_t>(value.size()),
                 static_cast<std::int64_t>(value[0].size())};
    } else {
        flat = value.get<std::vector<double>>();
        shape = {static_cast<std::int64_t>(flat.size())};
    }
    return at::tensor(flat, at::kDouble).reshape(shape);
}

// Empty when |actual - expected| <= tolerance everywhere, else the worst entry.
QString mismatch(const at::Tensor& actual, const at::Tensor& expected,
                 const at::Tensor& tolerance) {
    const at::Tensor excess = ((actual - expected).abs() / tolerance).reshape({-1});
    const std::int64_t worst = excess.argmax().item<std::int64_t>();
    if (excess[worst].item<double>() <= 1.0)
        return {};
    return QStringLiteral("entry %1: %2, expected %3 +- %4")
        .arg(worst)
        .arg(actual.reshape({-1})[worst].item<double>(), 0, 'g', 10)
        .arg(expected.reshape({-1})[worst].item<double>(), 0, 'g', 10)
        .arg(tolerance.expand_as(expected).reshape({-1})[worst].item<double>(), 0, 'g', 4);
}

#define EXPECT_PASSES(result)                                                  \
    do {                                                                       \
        const QString m_ = (result);                                           \
        QVERIFY2(m_.isEmpty(), qPrintable(QStringLiteral(#result ": ") + m_)); \
    } while (false)
#define EXPECT_FAILS(result) QVERIFY2(!(result).isEmpty(), "the broken variant passed: " #result)

// ------------------------------------------------------------------- SWAG

// Heavy-ball SGD (PyTorch's form: v = mu v + g, theta -= lr v) on the quadratic
// 1/2 (theta - theta*)' A (theta - theta*), gradient noise L u with u ~ N(0, I).
// After the burn-in every stride-th iterate goes into SWAG's moments.
sampling::SwagPosterior swagOnQuadratic(const json& c, std::uint64_t seed) {
    const auto a = c["curvature"].get<std::vector<std::vector<double>>>();
    const auto l = c["noise_cholesky"].get<std::vector<std::vector<double>>>();
    const auto optimum = c["optimum"].get<std::vector<double>>();
    const double lr = c["learning_rate"], mu = c["momentum"];
    const int stride = c["stride"], burnIn = c["burn_in"], snapshots = c["snapshots"];
    const std::size_t p = optimum.size();

    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    std::vector<double> theta = optimum, velocity(p, 0.0), u(p);
    sampling::SwagMoments moments(c["rank"].get<int>());
    const long steps = burnIn + long(snapshots) * stride;
    for (long step = 1; step <= steps; ++step) {
        for (auto& x : u)
            x = normal(rng);
        for (std::size_t i = 0; i < p; ++i) {
            double g = 0.0;
            for (std::size_t j = 0; j < p; ++j)
                g += a[i][j] * (theta[j] - optimum[j]) + l[i][j] * u[j];
            velocity[i] = mu * velocity[i] + g;
        }
        for (std::size_t i = 0; i < p; ++i)
            theta[i] -= lr * velocity[i];
        if (step > burnIn && (step - burnIn) % stride == 0)
            moments.add(at::tensor(theta, at::kDouble));
    }
    return moments.posterior();
}

at::Tensor lowRankCovariance(const at::Tensor& deviations) {
    return at::matmul(deviations.t(), deviations) / double(deviations.size(0) - 1);
}

// Covariance of a draw that is linear in (z1, z2): the sum of the outer
// products of its columns, one unit vector at a time (exact, no sampling).
template <typename Draw>
at::Tensor drawCovariance(const sampling::SwagPosterior& posterior, const Draw& draw) {
    const std::int64_t p = posterior.mean.size(0), k = posterior.deviations.size(0);
    const at::Tensor fromZ1 =
        draw(posterior, at::eye(p, at::kDouble), at::zeros({p, k}, at::kDouble));
    const at::Tensor fromZ2 =
        draw(posterior, at::zeros({k, p}, at::kDouble), at::eye(k, at::kDouble));
    const at::Tensor columns = at::cat({fromZ1, fromZ2}) - posterior.mean;
    return at::matmul(columns.t(), columns);
}

// ------------------------------------------------------------ Laplace, dropout

model::ParameterSet weightsOf(const model::MlpModel& mlp, const json& weights) {
    model::ParameterSet set = mlp.initialParameters(0).to(at::kDouble);
    for (const auto& [name, value] : weights.items())
        set.set(name, tensorOf(value));
    return set;
}

data::Dataset trainingSetOf(const json& c) {
    data::Dataset train;
    train.inputs = tensorOf(c["train_inputs"]);
    train.labels = at::tensor(c["train_labels"].get<std::vector<std::int64_t>>(), at::kLong);
    train.numClasses = c["widths"].back().get<std::int64_t>();
    return train;
}

model::MlpModel mlpOf(const json& c, double dropout = 0.0) {
    model::MlpConfig config;
    config.widths = c["widths"].get<std::vector<std::int64_t>>();
    config.dropout = dropout;
    return model::MlpModel(config);
}

// The members' mean softmax on inputs (the MC predictive).
at::Tensor meanProbabilities(const model::Model& model,
                             const std::vector<sampling::Member>& members,
                             const at::Tensor& inputs) {
    c10::AutoGradMode noGrad(false);
    at::Tensor sum = at::zeros({inputs.size(0), 0}, at::kDouble);
    for (const auto& m : members) {
        const at::Tensor p = at::softmax(model.forward(m.weights, inputs), 1);
        sum = sum.numel() ? sum + p : p;
    }
    return sum / double(members.size());
}

// The precision with the data curvature p (1 - p) replaced by `curvature`
// and the prior precision by `prior`: the building block of broken variants.
sampling::LastLayerPrecision precisionWith(
    const model::Model& model, const model::ParameterSet& map, const data::Dataset& train,
    const std::string& weightName, const std::function<at::Tensor(const at::Tensor&)>& curvatureOf,
    double prior) {
    c10::AutoGradMode noGrad(false);
    const at::Tensor phi = sampling::lastLayerFeatures(model, map, weightName, train.inputs);
    const at::Tensor curvature = curvatureOf(at::softmax(model.forward(map, train.inputs), 1));
    return {at::matmul(curvature.t(), phi * phi) + prior, curvature.sum(0) + prior};
}

}  // namespace

class TestApproximatePosteriors : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        const std::string path =
            std::string(MODESCAPE_FIXTURES_DIR) + "/sampling/approx_references.json";
        std::ifstream in(path);
        QVERIFY2(in.good(), qPrintable(QString::fromStdString(path) +
                                       " is missing; run make_approx_references.py"));
        reference_ = json::parse(in);
    }

    void swagMomentsMatchTheStationarySgdCovariance() {
        for (const auto& c : reference_["swag"]) {
            const std::string name = c["name"];
            const auto posterior = swagOnQuadratic(c, 23);
            QCOMPARE(posterior.iterates, c["snapshots"].get<std::int64_t>());
            const at::Tensor s = tensorOf(c["stationary_covariance"]);
            // Tolerances: 5 exact standard errors of the sample mean / covariance
            // of the snapshots (the generator sums their lag covariances; about
            // 4000 effectively independent snapshots, 2000 for the low rank).
            // Centring on the estimated mean biases the covariance by ~S / 4000,
            // well inside them.
            const at::Tensor diagonalTolerance = kSigmas * tensorOf(c["covariance_se"]).diagonal();
            const at::Tensor rankTolerance = kSigmas * tensorOf(c["rank_covariance_se"]);
            QVERIFY2(c["effective_snapshots"].get<double>() > 3900, name.c_str());

            EXPECT_PASSES(
                mismatch(posterior.mean, tensorOf(c["optimum"]), kSigmas * tensorOf(c["mean_se"])));
            EXPECT_PASSES(mismatch(posterior.diagonal, s.diagonal(), diagonalTolerance));
            EXPECT_PASSES(mismatch(lowRankCovariance(posterior.deviations), s, rankTolerance));

            // Broken: the second moment not centred; deviations from 0, not the mean.
            const at::Tensor mean = posterior.mean;
            EXPECT_FAILS(
                mismatch(posterior.diagonal + mean * mean, s.diagonal(), diagonalTolerance));
            EXPECT_FAILS(
                mismatch(lowRankCovariance(posterior.deviations + mean), s, rankTolerance));
        }
    }

    void swagDrawsHaveHalfDiagonalHalfLowRankCovariance() {
        for (const auto& c : reference_["swag"]) {
            const auto posterior = swagOnQuadratic(c, 29);
            const at::Tensor s = tensorOf(c["stationary_covariance"]);
            // SWAG's Gaussian: diag(S) / 2 + S / 2 once both estimates are exact.
            const at::Tensor expected = 0.5 * at::diag(s.diagonal()) + 0.5 * s;
            // Half of each estimate's 5 standard errors, added (errors may correlate).
            const at::Tensor tolerance = 0.5 * kSigmas *
                                         (at::diag(tensorOf(c["covariance_se"]).diagonal()) +
                                          tensorOf(c["rank_covariance_se"]));
            EXPECT_PASSES(
                mismatch(drawCovariance(posterior, sampling::swagDraw), expected, tolerance));

            // Broken: deviations scaled by 1 / sqrt(K - 1), the factor 2 forgotten.
            const auto missingHalf = [](const sampling::SwagPosterior& q, const at::Tensor& z1,
                                        const at::Tensor& z2) {
                return q.mean + (q.diagonal / 2.0).sqrt() * z1 +
                       at::matmul(z2, q.deviations) / std::sqrt(double(q.deviations.size(0) - 1));
            };
            EXPECT_FAILS(mismatch(drawCovariance(posterior, missingHalf), expected, tolerance));
        }
    }

    void laplacePrecisionIsTheHessianDiagonal() {
        const json& c = reference_["laplace"];
        const auto mlp = mlpOf(c);
        const auto map = weightsOf(mlp, c["weights"]);
        const data::Dataset train = trainingSetOf(c);
        sampling::LaplaceOptions options;
        options.weightName = "2.weight";
        options.priorStd = c["prior_std"];

        // The last layer enters the logits linearly, so its Hessian is the GGN
        // exactly; the code keeps its diagonal. Both sides are float64 sums of
        // 16 terms: 1e-9 leaves a million times their rounding.
        const at::Tensor hessian = tensorOf(c["hessian"]).diagonal();
        const auto flat = [](const sampling::LastLayerPrecision& q) {
            return at::cat({q.weight.reshape({-1}), q.bias});
        };
        const at::Tensor tolerance = at::full({1}, 1e-9, at::kDouble);
        EXPECT_PASSES(mismatch(flat(sampling::lastLayerPrecision(mlp, map, train, options)),
                               hessian, tolerance));

        const double precision = 1.0 / (options.priorStd * options.priorStd);
        const auto softmaxJacobian = [](const at::Tensor& p) { return p * (1.0 - p); };
        const auto withoutJacobianTerm = [](const at::Tensor& p) { return p; };  // drops -p^2
        EXPECT_FAILS(mismatch(
            flat(precisionWith(mlp, map, train, "2.weight", withoutJacobianTerm, precision)),
            hessian, tolerance));
        EXPECT_FAILS(mismatch(flat(precisionWith(mlp, map, train, "2.weight", softmaxJacobian,
                                                 options.priorStd * options.priorStd)),
                              hessian, tolerance));
    }

    void laplacePredictiveMatchesQuadrature() {
        const json& c = reference_["laplace"];
        const auto mlp = mlpOf(c);
        const auto map = weightsOf(mlp, c["weights"]);
        const data::Dataset train = trainingSetOf(c);
        const at::Tensor test = tensorOf(c["test_inputs"]);
        sampling::LaplaceOptions options;
        options.weightName = "2.weight";
        options.priorStd = c["prior_std"];
        options.samples = 4000;
        options.seed = 5;

        // The members are independent draws: 5 standard errors sd / sqrt(4000),
        // sd the exact per-entry SD of softmax under the posterior (quadrature).
        const at::Tensor expected = tensorOf(c["predictive"]);
        const at::Tensor tolerance =
            kSigmas * tensorOf(c["predictive_sd"]) / std::sqrt(double(options.samples));
        const auto members = sampling::sampleLastLayerLaplace(mlp, map, train, options).members;
        EXPECT_PASSES(mismatch(meanProbabilities(mlp, members, test), expected, tolerance));

        // Broken: the prior variance used as the prior precision.
        const auto softmaxJacobian = [](const at::Tensor& p) { return p * (1.0 - p); };
        const auto wrongPrior = precisionWith(mlp, map, train, "2.weight", softmaxJacobian,
                                              options.priorStd * options.priorStd);
        const auto broken = sampling::drawLastLayerLaplace(map, wrongPrior, options).members;
        EXPECT_FAILS(mismatch(meanProbabilities(mlp, broken, test), expected, tolerance));
    }

    void mcDropoutMeanMatchesAllMasksEnumerated() {
        const json& c = reference_["dropout"];
        const double p = c["dropout"];
        const auto mlp = mlpOf(c, p);
        const auto weights = weightsOf(mlp, c["weights"]);
        const at::Tensor inputs = tensorOf(c["inputs"]);
        constexpr int kMasks = 4000;

        // Independent masks: 5 standard errors sd / sqrt(4000), sd exact over all 16 masks.
        const at::Tensor expected = tensorOf(c["expected_probabilities"]);
        const at::Tensor tolerance =
            kSigmas * tensorOf(c["probability_sd"]) / std::sqrt(double(kMasks));
        const auto members = sampling::foldDropoutMasks(mlp, weights, kMasks, 3).members;
        EXPECT_PASSES(mismatch(meanProbabilities(mlp, members, inputs), expected, tolerance));

        // Broken: kept units not rescaled by 1 / (1 - p).
        auto generator = at::make_generator<at::CPUGeneratorImpl>(3);
        std::vector<sampling::Member> unscaled(kMasks);
        for (auto& m : unscaled) {
            m.weights = weights.clone();
            const at::Tensor w = weights.at("3.weight");
            const at::Tensor keep =
                at::bernoulli(at::full({w.size(1)}, 1.0 - p, w.options()), generator);
            m.weights.set("3.weight", w * keep.unsqueeze(0));
        }
        EXPECT_FAILS(mismatch(meanProbabilities(mlp, unscaled, inputs), expected, tolerance));
    }

  private:
    json reference_;
};

QTEST_APPLESS_MAIN(TestApproximatePosteriors)
#include "TestApproximatePosteriors.moc"

// HMC, SGLD and cyclical SG-MCMC against posteriors with known moments
// (tests/fixtures/sampling/make_mcmc_references.py): a correlated 2-D
// Gaussian, a Bayesian linear regression (closed form) and a logistic
// regression (long independent random-walk Metropolis run). Each sampler's
// sample mean and covariance must match within Monte-Carlo error, the error
// from an autocorrelation-based effective sample size (ChainStatistics.h);
// SGLD and cSG-MCMC match their exactly known discretisation bias. Each test
// also assembles a broken sampler from the kernels' pieces and asserts that
// the same check rejects it.
#include <QtTest>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/data/Dataset.h"
#include "core/model/Mlp.h"
#include "core/sampling/Hmc.h"
#include "core/sampling/NetworkPotential.h"
#include "core/sampling/SgMcmcKernel.h"
#include "tests/sampling/ChainStatistics.h"
#include "tests/sampling/ReferencePotentials.h"

using namespace modescape;
using testing::compareMoments;
using testing::MomentCheck;

namespace {

// A correct sampler lands beyond 4 standard errors on one of k moments with
// probability about k x 6e-5 (normal tails, k <= 27 here); seeds are fixed, so
// that is a one-time risk, not flakiness. A broken sampler must exceed it.
constexpr double kMaxZ = 4.0;

nlohmann::json readReferences() {
    const std::string path = std::string(MODESCAPE_FIXTURES_DIR) + "/sampling/mcmc_references.json";
    std::ifstream in(path);
    if (!in)
        throw IoError(path, "fixture missing; run tests/fixtures/sampling/make_mcmc_references.py");
    return nlohmann::json::parse(in);
}

// Nested JSON arrays of numbers as a double tensor (1-D or 2-D).
at::Tensor tensorOf(const nlohmann::json& j) {
    if (!j.is_array() || j.empty())
        throw InvalidArgument("mcmc_references.json: expected a non-empty array, found " +
                              j.dump());
    if (!j.front().is_array())
        return at::tensor(j.get<std::vector<double>>(), at::kDouble);
    std::vector<at::Tensor> rows;
    for (const auto& row : j)
        rows.push_back(tensorOf(row));
    return at::stack(rows);
}

at::Tensor samplesOf(const sampling::Chain& chain) {
    std::vector<at::Tensor> rows;
    for (const auto& s : chain.samples)
        rows.push_back(s.theta.to(at::kDouble));
    return at::stack(rows);
}

// HMC without its Metropolis correction: every finite trajectory is kept.
sampling::HmcParts withoutAcceptStep() {
    sampling::HmcParts parts;
    parts.accept = [](double, double, at::Generator&) {
        return sampling::MetropolisDecision{1.0, true};
    };
    return parts;
}

// Kinetic energy of mass 1/4 (K = 2 ||p||^2, velocity 4 p) while momenta are
// still drawn with unit mass: the chain then samples exp(-U / 4), four times
// the target's covariance.
sampling::HmcParts withWrongKineticEnergy() {
    sampling::HmcParts parts;
    parts.kineticEnergy = [](const at::Tensor& p) { return 2.0 * p.pow(2).sum().item<double>(); };
    parts.velocity = [](const at::Tensor& p) { return 4.0 * p; };
    return parts;
}

// Langevin noise of variance eta T instead of 2 eta T: half the covariance.
sampling::SgMcmcParts withHalfNoise() {
    sampling::SgMcmcParts parts;
    parts.step = [](const at::Tensor& theta, const at::Tensor& gradient, double eta,
                    double temperature, bool noisy, at::Generator& generator) {
        at::Tensor next = theta - eta * gradient;
        if (noisy)
            next = next + std::sqrt(eta * temperature) *
                              at::normal(0.0, 1.0, next.sizes(), generator, next.scalar_type());
        return next;
    };
    return parts;
}

testing::LinearRegressionPotential linearRegression(const nlohmann::json& r) {
    return {tensorOf(r["inputs"]), tensorOf(r["targets"]), r["noise_std"].get<double>(),
            r["prior_std"].get<double>()};
}

// The logistic regression as a network: an MLP 2-2 (one linear layer) with
// softmax cross-entropy; theta in the generator's order (weight row-major, bias).
struct LogisticNetwork {
    model::MlpModel mlp{model::MlpConfig{{2, 2}, model::Activation::Relu, 0.0}};
    data::Dataset train;
    model::ParameterSet start;

    explicit LogisticNetwork(const nlohmann::json& l) {
        train.inputs = tensorOf(l["inputs"]).to(at::kFloat);
        train.labels = at::tensor(l["labels"].get<std::vector<std::int64_t>>(), at::kLong);
        train.numClasses = 2;
        train.validate();
        start = mlp.initialParameters(0);
        const at::Tensor mode = tensorOf(l["mode"]).to(at::kFloat);
        start.set("0.weight", mode.slice(0, 0, 4).reshape({2, 2}));
        start.set("0.bias", mode.slice(0, 4, 6).clone());
    }
    at::Tensor thetaOf(const model::ParameterSet& w) const {
        return at::cat({w.at("0.weight").flatten(), w.at("0.bias")}).to(at::kDouble);
    }
};

void report(const char* what, const MomentCheck& check) {
    qInfo("%s: worst z %.2f, smallest ESS %.0f", what, check.worstZ, check.smallestEss);
}

}  // namespace

class TestMcmcPosteriors : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        try {
            references_ = readReferences();
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
    }

    // The estimator the tolerances rest on, on AR(1) chains x' = rho x + noise,
    // whose ESS is n (1 - rho) / (1 + rho).
    void effectiveSampleSizeOfAutoregressiveChains() {
        auto generator = at::make_generator<at::CPUGeneratorImpl>(11);
        const std::int64_t n = 100000;
        for (double rho : {0.0, 0.8}) {
            const at::Tensor noise = at::normal(0.0, 1.0, {n}, generator, at::kDouble);
            std::vector<double> x(n);
            const auto e = noise.accessor<double, 1>();
            x[0] = e[0];
            for (std::int64_t t = 1; t < n; ++t)
                x[t] = rho * x[t - 1] + std::sqrt(1 - rho * rho) * e[t];
            const double expected = n * (1 - rho) / (1 + rho);
            const double ess = testing::effectiveSampleSize(x);
            qInfo("AR(1), rho %.1f: ESS %.0f, expected %.0f", rho, ess, expected);
            // The estimate's relative sd is about sqrt(2 (2W + 1) / n) for a
            // summation window of W lags (Sokal); the sequence stops where the
            // autocorrelation sinks into its noise, 1 / sqrt(n), W < 50 here
            // (0.8^50 = 1e-5): under 4.5 %, so 20 % is over four of them.
            QVERIFY2(
                std::abs(ess / expected - 1.0) < 0.2,
                qPrintable(QString("rho %1: ESS %2, expected %3").arg(rho).arg(ess).arg(expected)));
        }
    }

    void hmcMatchesACorrelatedGaussian() {
        const auto& g = references_["gaussian"];
        const at::Tensor mean = tensorOf(g["mean"]), covariance = tensorOf(g["covariance"]);
        const testing::GaussianPotential target(mean, at::inverse(covariance));
        sampling::HmcChainOptions o;
        o.burnIn = 100;
        o.samples = 4000;
        o.leapfrogSteps = 8;
        o.stepSize = 0.2;  // 0.63 x the stiff direction's 1 / omega
        o.adaptStepSize = false;
        o.seed = 1;
        const auto chain = sampling::runHmcChain(target, at::zeros({2}, at::kDouble), o, {});
        const MomentCheck check = compareMoments(samplesOf(chain), mean, covariance);
        report("HMC, 2-D Gaussian", check);
        QVERIFY2(check.worstZ < kMaxZ, check.report.c_str());

        const auto broken = sampling::runHmcChain(target, at::zeros({2}, at::kDouble), o, {}, 0, 1,
                                                  withWrongKineticEnergy());
        const MomentCheck wrong = compareMoments(samplesOf(broken), mean, covariance);
        report("HMC with a wrong kinetic energy, 2-D Gaussian", wrong);
        QVERIFY2(wrong.worstZ > kMaxZ, wrong.report.c_str());
    }

    // At a step size near the leapfrog's stability limit in the stiff
    // direction (step x omega = 1.74 of 2) the Metropolis step is what keeps
    // the chain exact: without it the stiff direction's variance grows by
    // 1 / (1 - (step omega)^2 / 4), about 4x.
    void hmcNeedsItsAcceptStepAtALargeStep() {
        const auto& g = references_["gaussian"];
        const at::Tensor mean = tensorOf(g["mean"]), covariance = tensorOf(g["covariance"]);
        const testing::GaussianPotential target(mean, at::inverse(covariance));
        sampling::HmcChainOptions o;
        o.burnIn = 100;
        o.samples = 4000;
        o.leapfrogSteps = 5;
        o.stepSize = 0.55;
        o.adaptStepSize = false;
        o.seed = 2;
        const auto chain = sampling::runHmcChain(target, mean, o, {});
        const MomentCheck check = compareMoments(samplesOf(chain), mean, covariance);
        report("HMC at a large step, 2-D Gaussian", check);
        QVERIFY2(check.worstZ < kMaxZ, check.report.c_str());
        QVERIFY(chain.statistics.at("acceptance_rate") < 0.9);  // the correction did work

        const auto broken = sampling::runHmcChain(target, mean, o, {}, 0, 1, withoutAcceptStep());
        const MomentCheck unadjusted = compareMoments(samplesOf(broken), mean, covariance);
        report("HMC without accept step, 2-D Gaussian", unadjusted);
        QVERIFY2(unadjusted.worstZ > kMaxZ, unadjusted.report.c_str());
    }

    void hmcMatchesTheLinearRegressionPosterior() {
        const auto& r = references_["linear_regression"];
        const auto target = linearRegression(r);
        const at::Tensor mean = tensorOf(r["posterior_mean"]);
        const at::Tensor covariance = tensorOf(r["posterior_covariance"]);
        sampling::HmcChainOptions o;  // step size adapted during burn-in, as for networks
        o.burnIn = 200;
        o.samples = 3000;
        o.leapfrogSteps = 7;
        o.stepSize = 0.01;
        o.seed = 3;
        const auto chain = sampling::runHmcChain(target, at::zeros({3}, at::kDouble), o, {});
        const MomentCheck check = compareMoments(samplesOf(chain), mean, covariance);
        report("HMC, linear regression", check);
        QVERIFY2(check.worstZ < kMaxZ, check.report.c_str());

        const auto broken = sampling::runHmcChain(target, at::zeros({3}, at::kDouble), o, {}, 0, 1,
                                                  withWrongKineticEnergy());
        const MomentCheck wrong = compareMoments(samplesOf(broken), mean, covariance);
        report("HMC with a wrong kinetic energy, linear regression", wrong);
        QVERIFY2(wrong.worstZ > kMaxZ, wrong.report.c_str());
    }

    // runHmc on a network (float32 cross-entropy through NetworkPotential)
    // against the generator's long random-walk Metropolis run.
    void networkHmcMatchesTheLogisticRegressionReference() {
        const auto& l = references_["logistic_regression"];
        const LogisticNetwork net(l);
        const at::Tensor mean = tensorOf(l["reference_mean"]);
        const at::Tensor covariance = tensorOf(l["reference_covariance"]);
        const at::Tensor meanSe = tensorOf(l["reference_mean_se"]);
        const at::Tensor covarianceSe = tensorOf(l["reference_covariance_se"]);

        sampling::HmcOptions o;
        o.burnIn = 200;
        o.samples = 2000;
        // The prior-only direction (both classes' weights shifted alike) has
        // omega = 1; 10 steps of the adapted 0.33 make half its period, which
        // freezes its second moments (q -> -q), so 5 steps.
        o.leapfrogSteps = 5;
        o.stepSize = 0.05;
        o.priorStd = l["prior_std"].get<double>();
        o.seed = 4;
        const auto out = sampling::runHmc(net.mlp, net.start, net.train, o, {});
        std::vector<at::Tensor> rows;
        for (const auto& m : out.members)
            rows.push_back(net.thetaOf(m.weights));
        const MomentCheck check =
            compareMoments(at::stack(rows), mean, covariance, meanSe, covarianceSe);
        report("network HMC, logistic regression", check);
        QVERIFY2(check.worstZ < kMaxZ, check.report.c_str());

        // Without the accept step at 1.8 / sqrt(largest Hessian eigenvalue at the mode).
        const sampling::NetworkPotential potential(net.mlp, net.start, net.train, o.priorStd);
        o.stepSize = 1.8 / std::sqrt(l["largest_hessian_eigenvalue_at_mode"].get<double>());
        o.adaptStepSize = false;
        const auto broken =
            sampling::runHmcChain(potential, net.start.flatten(), o, {}, 0, 1, withoutAcceptStep());
        rows.clear();
        for (const auto& s : broken.samples)
            rows.push_back(net.thetaOf(net.start.unflatten(s.theta)));
        const MomentCheck unadjusted =
            compareMoments(at::stack(rows), mean, covariance, meanSe, covarianceSe);
        report("network HMC without accept step, logistic regression", unadjusted);
        QVERIFY2(unadjusted.worstZ > kMaxZ, unadjusted.report.c_str());
    }

    // Constant-step SGLD with the exact gradient has stationary covariance
    // T inv(A) inv(I - eta A / 2) (docs/definitions.md), not inv(A).
    void sgldHasItsClosedFormStationaryCovariance() {
        const auto& g = references_["gaussian"];
        const at::Tensor mean = tensorOf(g["mean"]), covariance = tensorOf(g["covariance"]);
        const testing::GaussianPotential gaussian(mean, at::inverse(covariance));
        checkSgld("2-D Gaussian", gaussian, g["sgld"], mean, covariance);

        const auto& r = references_["linear_regression"];
        checkSgld("linear regression", linearRegression(r), r["sgld"],
                  tensorOf(r["posterior_mean"]), tensorOf(r["posterior_covariance"]));
    }

    // Cyclical SG-MCMC: one sample at the end of each cycle; the expected
    // moments come from the exact mean / covariance recursion over the
    // schedule (the generator), not from the posterior.
    void cyclicalSgMcmcMatchesItsMomentRecursion() {
        const auto& r = references_["linear_regression"];
        const auto& c = r["cyclical"];
        const auto target = linearRegression(r);
        sampling::SgMcmcChainOptions o;
        o.cyclical = true;
        o.cycles = c["cycles"].get<int>();
        o.samples = o.cycles;
        o.epochsPerCycle = c["epochs_per_cycle"].get<int>();
        o.explorationFraction = c["exploration_fraction"].get<double>();
        o.stepSize = c["step_size"].get<double>();
        o.temperature = c["temperature"].get<double>();
        o.batchSize = target.dataSize();  // full batch: the recursion is exact
        o.seed = 6;
        const at::Tensor start = tensorOf(c["start"]);
        const at::Tensor mean = tensorOf(c["expected_mean"]);
        const at::Tensor covariance = tensorOf(c["expected_covariance"]);
        const auto chain = sampling::runSgMcmcChain(target, start, o, {});
        QCOMPARE(int(chain.samples.size()), o.cycles);
        const MomentCheck check = compareMoments(samplesOf(chain), mean, covariance);
        report("cSG-MCMC, linear regression", check);
        QVERIFY2(check.worstZ < kMaxZ, check.report.c_str());

        const auto broken = sampling::runSgMcmcChain(target, start, o, {}, 0, 1, withHalfNoise());
        const MomentCheck halfNoise = compareMoments(samplesOf(broken), mean, covariance);
        report("cSG-MCMC with half the noise, linear regression", halfNoise);
        QVERIFY2(halfNoise.worstZ > kMaxZ, halfNoise.report.c_str());
    }

  private:
    void checkSgld(const char* name, const sampling::Potential& target, const nlohmann::json& s,
                   const at::Tensor& posteriorMean, const at::Tensor& posteriorCovariance) {
        sampling::SgMcmcChainOptions o;
        o.cyclical = false;
        o.burnInEpochs = s["burn_in"].get<int>();
        o.samples = s["samples"].get<int>();
        o.stepSize = s["step_size"].get<double>();
        o.temperature = s["temperature"].get<double>();
        o.batchSize = target.dataSize();  // full batch: the closed form is exact
        o.seed = 5;
        const at::Tensor mean = tensorOf(s["stationary_mean"]);
        const at::Tensor covariance = tensorOf(s["stationary_covariance"]);
        const auto chain = sampling::runSgMcmcChain(target, posteriorMean, o, {});
        const at::Tensor samples = samplesOf(chain);
        const MomentCheck check = compareMoments(samples, mean, covariance);
        report((std::string("SGLD, ") + name).c_str(), check);
        QVERIFY2(check.worstZ < kMaxZ, check.report.c_str());
        // The bias is resolved: the same samples reject the exact posterior.
        const MomentCheck exact = compareMoments(samples, posteriorMean, posteriorCovariance);
        report((std::string("SGLD against the exact posterior, ") + name).c_str(), exact);
        QVERIFY2(exact.worstZ > kMaxZ, exact.report.c_str());

        const auto broken =
            sampling::runSgMcmcChain(target, posteriorMean, o, {}, 0, 1, withHalfNoise());
        const MomentCheck halfNoise = compareMoments(samplesOf(broken), mean, covariance);
        report((std::string("SGLD with half the noise, ") + name).c_str(), halfNoise);
        QVERIFY2(halfNoise.worstZ > kMaxZ, halfNoise.report.c_str());
    }

    nlohmann::json references_;
};

QTEST_APPLESS_MAIN(TestMcmcPosteriors)
#include "TestMcmcPosteriors.moc"

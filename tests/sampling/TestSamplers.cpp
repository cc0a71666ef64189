// The samplers on a tiny two-moons problem: counts, HMC acceptance, SWAG
// moments, MC-dropout folding, Laplace features, and seeded repeatability.
#include <QtTest>

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <QTemporaryDir>

#include "core/common/Error.h"
#include "core/data/Synthetic.h"
#include "core/model/Mlp.h"
#include "core/sampling/DemoCache.h"
#include "core/sampling/Hmc.h"
#include "core/sampling/LastLayerLaplace.h"
#include "core/sampling/McDropout.h"
#include "core/sampling/SgMcmc.h"
#include "core/sampling/Swag.h"

using namespace modescape;

namespace {
data::Dataset tinyMoons(std::uint64_t seed = 0) {
    data::MoonsOptions o;
    o.n = 200;
    o.noise = 0.1;
    o.seed = seed;
    return data::makeMoons(o);
}
model::MlpModel tinyMlp(double dropout = 0.0) {
    model::MlpConfig c;
    c.widths = {2, 16, 16, 2};
    c.dropout = dropout;
    return model::MlpModel(c);
}
sampling::SgdOptions quickSgd() {
    sampling::SgdOptions o;
    o.epochs = 30;
    o.batchSize = 32;
    o.learningRate = 0.05;
    return o;
}
bool identical(const model::ParameterSet& a, const model::ParameterSet& b) {
    for (const auto& e : a.entries())
        if (!at::equal(e.tensor, b.at(e.name)))
            return false;
    return true;
}
}  // namespace

class TestSamplers : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void sgdLearnsTheMoonsAndRepeatsBitForBit() {
        const auto train = tinyMoons();
        const auto mlp = tinyMlp();
        auto a = mlp.initialParameters(7), b = mlp.initialParameters(7);
        sampling::trainSgd(mlp, a, train, quickSgd(), {});
        sampling::trainSgd(mlp, b, train, quickSgd(), {});
        QVERIFY(identical(a, b));
        QVERIFY2(sampling::accuracy(mlp, a, train) > 0.95,
                 qPrintable(QString::number(sampling::accuracy(mlp, a, train))));
        QVERIFY(!a.at("0.weight").requires_grad());
    }

    void warmUpRaisesTheRateStepByStep() {
        // Full batches, no momentum or decay, a flat schedule: with warmupSteps 4
        // at rate 0.4 the two steps are plain steps at 0.1 and then 0.2.
        const auto train = tinyMoons();
        const auto mlp = tinyMlp();
        sampling::SgdOptions warm;
        warm.epochs = 2;
        warm.batchSize = train.size();
        warm.momentum = 0;
        warm.weightDecay = 0;
        warm.finalLearningRateFactor = 1.0;
        warm.learningRate = 0.4;
        warm.warmupSteps = 4;
        auto warmed = mlp.initialParameters(3);
        sampling::trainSgd(mlp, warmed, train, warm, {});

        sampling::SgdOptions plain = warm;
        plain.epochs = 1;
        plain.warmupSteps = 0;
        auto stepped = mlp.initialParameters(3);
        plain.learningRate = 0.1;
        sampling::trainSgd(mlp, stepped, train, plain, {});
        plain.learningRate = 0.2;
        sampling::trainSgd(mlp, stepped, train, plain, {});
        // The batches' order differs (one shuffle per call), so sums differ in the last bits.
        QVERIFY(at::allclose(warmed.flatten(), stepped.flatten(), 1e-5, 1e-6));
        // Without the warm-up the first step is four times as long.
        auto full = mlp.initialParameters(3);
        warm.warmupSteps = 0;
        sampling::trainSgd(mlp, full, train, warm, {});
        QVERIFY(!at::allclose(full.flatten(), stepped.flatten(), 1e-3, 1e-3));
    }

    void aRunThatDidNotLearnIsRefusedByName() {
        // Zero output weights predict both classes alike (loss ln 2); a rate
        // of 1e-12 leaves them there, as a network with dead units stays.
        const auto train = tinyMoons();
        const auto mlp = tinyMlp();
        auto stuck = mlp.initialParameters(5);
        for (const char* name : {"4.weight", "4.bias"})
            stuck.set(name, at::zeros_like(stuck.at(name)));
        sampling::SgdOptions sgd = quickSgd();
        sgd.epochs = 1;
        sgd.learningRate = 1e-12;
        const double stuckLoss = sampling::trainSgd(mlp, stuck, train, sgd, {});
        QVERIFY(std::abs(stuckLoss - std::log(2.0)) < 1e-6);
        try {
            sampling::requireLearned("member m-07", stuckLoss, 2);
            QFAIL("a run at a uniform guess's loss was accepted");
        } catch (const Error& e) {
            const QString message = e.what();
            QVERIFY2(message.startsWith("member m-07 did not learn") &&
                         message.contains("0.6931") && message.contains("2 classes"),
                     qPrintable(message));
        }
        auto trained = mlp.initialParameters(5);
        const double loss = sampling::trainSgd(mlp, trained, train, quickSgd(), {});
        sampling::requireLearned("member m-08", loss, 2);  // learned: no throw
        QVERIFY(loss < 0.3);
    }

    void swagMeanIsTheMeanOfTheCollectedIterates() {
        const auto train = tinyMoons();
        const auto mlp = tinyMlp();
        auto start = mlp.initialParameters(1);
        sampling::trainSgd(mlp, start, train, quickSgd(), {});

        sampling::SwagOptions swag;
        swag.collectEpochs = 6;
        swag.rank = 4;
        swag.samples = 5;
        swag.sgd = quickSgd();
        swag.sgd.learningRate = 0.01;
        // Collect the same iterates by hand with the same seeded SGD.
        std::vector<at::Tensor> iterates;
        auto copy = start.clone();
        sampling::SgdOptions sgd = swag.sgd;
        sgd.epochs = swag.collectEpochs;
        sgd.finalLearningRateFactor = 1.0;
        sgd.seed = swag.seed;
        sampling::trainSgd(mlp, copy, train, sgd, {},
                           [&](int, double, const model::ParameterSet& w) {
                               iterates.push_back(w.flatten().detach().to(at::kDouble));
                           });
        const at::Tensor expectedMean = at::stack(iterates).mean(0);
        const auto posterior = sampling::fitSwag(mlp, start.clone(), train, swag, {});
        QCOMPARE(posterior.iterates, std::int64_t(6));
        QVERIFY(at::allclose(posterior.mean, expectedMean, 1e-12, 1e-12));
        // The diagonal is the iterates' population variance and the deviations are
        // the last four iterates less the mean, both from the hand-collected iterates.
        const at::Tensor stacked = at::stack(iterates);
        QVERIFY(at::allclose(posterior.diagonal, stacked.var(0, /*unbiased=*/false), 1e-8, 1e-12));
        QCOMPARE(posterior.deviations.size(0), std::int64_t(4));
        QVERIFY(
            at::allclose(posterior.deviations, stacked.slice(0, 2) - expectedMean, 1e-10, 1e-12));
        const auto samples = sampling::sampleSwag(posterior, start, swag);
        QCOMPARE(int(samples.members.size()), 5);
        QCOMPARE(samples.members[0].group, std::string("swag"));
        QVERIFY(!identical(samples.members[0].weights, samples.members[1].weights));
    }

    void hmcAcceptsAtASaneRateAndRepeats() {
        const auto train = tinyMoons();
        const auto mlp = tinyMlp();
        auto start = mlp.initialParameters(2);
        sampling::trainSgd(mlp, start, train, quickSgd(), {});
        sampling::HmcOptions hmc;
        hmc.burnIn = 20;
        hmc.samples = 6;
        hmc.leapfrogSteps = 10;
        hmc.seed = 3;
        const auto a = sampling::runHmc(mlp, start, train, hmc, {});
        const auto b = sampling::runHmc(mlp, start, train, hmc, {});
        QCOMPARE(int(a.members.size()), 6);
        const double rate = a.statistics.at("acceptance_rate");
        QVERIFY2(rate >= 0.3 && rate <= 1.0, qPrintable(QString::number(rate)));
        QVERIFY(identical(a.members.back().weights, b.members.back().weights));
        QVERIFY(sampling::accuracy(mlp, a.members.back().weights, train) > 0.9);
    }

    void sgMcmcGivesTheRequestedSamples() {
        const auto train = tinyMoons();
        const auto mlp = tinyMlp();
        sampling::SgMcmcOptions o;
        o.cycles = 2;
        o.epochsPerCycle = 10;
        o.samples = 4;
        o.batchSize = 32;
        o.stepSize = 5e-4;
        const auto out = sampling::runSgMcmc(mlp, mlp.initialParameters(4), train, o, {});
        QCOMPARE(int(out.members.size()), 4);
        QCOMPARE(out.members[0].metadata.at("epoch"),
                 std::string("9"));  // two per cycle, at its end
        QCOMPARE(out.members[1].metadata.at("epoch"), std::string("10"));
        QCOMPARE(out.members[3].metadata.at("epoch"), std::string("20"));
    }

    void droppedUnitsVanishFromTheNextLayer() {
        const auto mlp = tinyMlp(0.5);
        const auto weights = mlp.initialParameters(5);
        const auto out = sampling::foldDropoutMasks(mlp, weights, 3, 11);
        QCOMPARE(int(out.members.size()), 3);
        const std::string next = mlp.linearNames()[1] + ".weight";
        const at::Tensor folded = out.members[0].weights.at(next);
        const at::Tensor original = weights.at(next);
        // Each column is either zero (dropped) or the original times 1 / (1 - p) = 2.
        for (std::int64_t j = 0; j < folded.size(1); ++j) {
            const bool dropped = folded.select(1, j).abs().sum().item<double>() == 0.0;
            QVERIFY(dropped || at::allclose(folded.select(1, j), 2.0 * original.select(1, j)));
        }
        QVERIFY(at::equal(out.members[0].weights.at("0.weight"), weights.at("0.weight")));
    }

    void laplaceFeaturesReproduceTheLogits() {
        const auto train = tinyMoons();
        const auto mlp = tinyMlp();
        const auto weights = mlp.initialParameters(6);
        const std::string last = mlp.linearNames().back();
        const at::Tensor phi =
            sampling::lastLayerFeatures(mlp, weights, last + ".weight", train.inputs);
        QCOMPARE(phi.size(1), std::int64_t(16));
        c10::AutoGradMode noGrad(false);
        const at::Tensor logits =
            at::linear(phi, weights.at(last + ".weight"), weights.at(last + ".bias"));
        QVERIFY(at::allclose(logits, mlp.forward(weights, train.inputs), 1e-5, 1e-5));

        sampling::LaplaceOptions o;
        o.weightName = last + ".weight";
        o.samples = 4;
        const auto out = sampling::sampleLastLayerLaplace(mlp, weights, train, o);
        QCOMPARE(int(out.members.size()), 4);
        // Only the last layer moves.
        QVERIFY(at::equal(out.members[0].weights.at("0.weight"), weights.at("0.weight")));
        QVERIFY(!at::equal(out.members[0].weights.at(o.weightName), weights.at(o.weightName)));
    }

    // A demo set made by another recipe version (or by a Modescape before the
    // stamp) is not current, so `modescape demo` and the window rebuild it.
    void demoSetIsCurrentOnlyWithItsRecipeStamp() {
        QTemporaryDir dir;
        qputenv("XDG_DATA_HOME", dir.path().toUtf8());
        const std::string folder = sampling::demoSetFolder();
        QCOMPARE(folder, dir.path().toStdString() + "/modescape/demo/two-moons");
        QVERIFY(!sampling::isCurrentDemoSet(folder));  // nothing there
        QVERIFY(QDir().mkpath(QString::fromStdString(folder)));
        QFile manifest(QString::fromStdString(folder + "/modescape.json"));
        QVERIFY(manifest.open(QIODevice::WriteOnly));
        manifest.write("{}");
        manifest.close();
        QVERIFY(!sampling::isCurrentDemoSet(folder));  // made before stamps existed
        sampling::stampDemoSet(folder);
        QVERIFY(sampling::isCurrentDemoSet(folder));
        QVERIFY(sampling::demoSetExists());
        QFile stamp(QString::fromStdString(folder + "/.modescape-demo-version"));
        QVERIFY(stamp.open(QIODevice::WriteOnly | QIODevice::Truncate));
        stamp.write(QByteArray::number(sampling::kDemoSetVersion + 1));
        stamp.close();
        QVERIFY(!sampling::isCurrentDemoSet(folder));  // another recipe's set
    }
};

QTEST_APPLESS_MAIN(TestSamplers)
#include "TestSamplers.moc"

// Predictions: batching does not change them, scores are exact, and the cache
// serves the same tensor back but never for other weights or data.
#include <QtTest>

#include <QTemporaryDir>

#include <ATen/ATen.h>

#include "core/data/Synthetic.h"
#include "core/evaluation/ContentHash.h"
#include "core/evaluation/Evaluator.h"
#include "core/evaluation/PredictionCache.h"
#include "core/model/Mlp.h"

using namespace modescape;

class TestPredictionCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void batchSizeDoesNotChangePredictions() {
        const model::MlpModel mlp({});
        const auto weights = mlp.initialParameters(1);
        const auto data = data::makeMoons({});
        evaluation::EvaluationOptions small;
        small.batchSize = 7;
        const at::Tensor a = evaluation::predictProbabilities(mlp, weights, data, {}, small);
        const at::Tensor b = evaluation::predictProbabilities(mlp, weights, data, {});
        QCOMPARE(a.size(0), data.size());
        QVERIFY(at::allclose(a, b, 1e-6, 1e-7));
        QVERIFY(at::allclose(a.sum(1), at::ones({data.size()}), 1e-5, 1e-6));
    }

    void scoresByHand() {
        // Three samples, two classes: p_y = 0.9, 0.4, 0.5; argmax right for the
        // first only (ties go to class 0, label 1 on the third) -> accuracy 1/3;
        // NLL = -(ln 0.9 + ln 0.4 + ln 0.5) / 3 = 0.5715...
        const at::Tensor p = at::tensor({0.9, 0.1, 0.6, 0.4, 0.5, 0.5}, at::kDouble).view({3, 2});
        const at::Tensor y = at::tensor({0, 1, 1}, at::kLong);
        const auto s = evaluation::scoreProbabilities(p, y);
        QVERIFY(std::abs(s.accuracy - 1.0 / 3.0) < 1e-12);
        QVERIFY(std::abs(s.nll - (-(std::log(0.9) + std::log(0.4) + std::log(0.5)) / 3)) < 1e-12);
    }

    void cacheServesOnlyTheSameContent() {
        QTemporaryDir dir;
        const evaluation::PredictionCache cache(dir.path().toStdString());
        const model::MlpModel mlp({});
        const auto w1 = mlp.initialParameters(1), w2 = mlp.initialParameters(2);
        const auto data = data::makeMoons({});
        bool hit = true;
        const at::Tensor first = cache.probabilities(mlp, "mlp", w1, data, {}, &hit);
        QVERIFY(!hit);
        const at::Tensor again = cache.probabilities(mlp, "mlp", w1, data, {}, &hit);
        QVERIFY(hit);
        QVERIFY(at::equal(first, again));
        cache.probabilities(mlp, "mlp", w2, data, {}, &hit);
        QVERIFY(!hit);  // other weights
        data::MoonsOptions other;
        other.seed = 5;
        cache.probabilities(mlp, "mlp", w1, data::makeMoons(other), {}, &hit);
        QVERIFY(!hit);  // other data
        cache.probabilities(mlp, "mlp-v2", w1, data, {}, &hit);
        QVERIFY(!hit);  // other model description
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 4);
    }

    void damagedEntryIsRecomputed() {
        QTemporaryDir dir;
        const evaluation::PredictionCache cache(dir.path().toStdString());
        const model::MlpModel mlp({});
        const auto w = mlp.initialParameters(1);
        const auto data = data::makeMoons({});
        const std::string key = cache.key("mlp", w, data);
        QFile damaged(dir.filePath(QString::fromStdString(key) + ".safetensors"));
        QVERIFY(damaged.open(QIODevice::WriteOnly));
        damaged.write("garbage");
        damaged.close();
        bool hit = true;
        const at::Tensor p = cache.probabilities(mlp, "mlp", w, data, {}, &hit);
        QVERIFY(!hit);
        QCOMPARE(p.size(0), data.size());
    }

    void hashSeesDtypeShapeAndBytes() {
        const at::Tensor a = at::arange(6, at::kFloat);
        QVERIFY(evaluation::ContentHash().add(a).hex() == evaluation::ContentHash().add(a.clone()).hex());
        QVERIFY(evaluation::ContentHash().add(a).hex() != evaluation::ContentHash().add(a.view({2, 3})).hex());
        QVERIFY(evaluation::ContentHash().add(a).hex() != evaluation::ContentHash().add(a.to(at::kDouble)).hex());
        QCOMPARE(evaluation::ContentHash().add(a).hex().size(), std::size_t(32));
    }
};

QTEST_APPLESS_MAIN(TestPredictionCache)
#include "TestPredictionCache.moc"

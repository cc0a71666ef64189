// Predictions: batching does not change them, scores are exact (and absent
// for non-finite predictions), and the cache serves the same tensor back but
// never for other weights or data, evicting entries that do not fit.
#include <QtTest>

#include <QTemporaryDir>

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

#include "core/common/Log.h"
#include "core/data/DatasetSpec.h"
#include "core/data/Synthetic.h"
#include "core/evaluation/ContentHash.h"
#include "core/evaluation/Evaluator.h"
#include "core/evaluation/PredictionCache.h"
#include "core/io/safetensors/SafetensorsWriter.h"
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

    void cacheNotReusedAcrossNormalisations() {
        QTemporaryDir dir;
        const evaluation::PredictionCache cache(dir.path().toStdString());
        const model::MlpModel mlp({});
        const auto w = mlp.initialParameters(1);
        const auto raw = data::loadDataset("moons:n=50,seed=3,norm=none");
        const auto constants = data::loadDataset("moons:n=50,seed=3,mean=0.5:0.25,std=0.8:0.5");
        const auto train = data::loadDataset("moons:n=50,seed=3,norm=train");
        bool hit = true;
        const at::Tensor first = cache.probabilities(mlp, "mlp", w, raw, {}, &hit);
        QVERIFY(!hit);
        const at::Tensor normalised = cache.probabilities(mlp, "mlp", w, constants, {}, &hit);
        QVERIFY(!hit);
        QVERIFY(!at::allclose(first, normalised));
        cache.probabilities(mlp, "mlp", w, train, {}, &hit);
        QVERIFY(!hit);
        QVERIFY(cache.key("mlp", w, raw) != cache.key("mlp", w, constants));
        // The same inputs recorded under another normalisation get another key.
        data::Dataset relabelled = constants;
        relabelled.normalization.mean = {0.5, 0.3};
        QVERIFY(cache.key("mlp", w, relabelled) != cache.key("mlp", w, constants));
        cache.probabilities(mlp, "mlp", w, constants, {}, &hit);
        QVERIFY(hit);
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
        cache.probabilities(mlp, "mlp", w, data, {}, &hit);
        QVERIFY(hit);  // evicted and stored again
    }

    void wrongShapeEntryIsEvictedAndRecomputed() {
        // A wrong-shape entry once failed every later eval with a LibTorch
        // backtrace; now it is removed, with a warning naming its file.
        QTemporaryDir dir;
        const evaluation::PredictionCache cache(dir.path().toStdString());
        const model::MlpModel mlp({});
        const auto w = mlp.initialParameters(1);
        const auto data = data::makeMoons({});
        const at::Tensor right = evaluation::predictProbabilities(mlp, w, data, {});
        const std::string key = cache.key("mlp", w, data);
        const std::string file = cache.path(key);
        std::vector<std::string> warnings;
        const int sink = log::addSink([&](log::Level level, const std::string& message) {
            if (level == log::Level::Warning)
                warnings.push_back(message);
        });
        const std::vector<at::Tensor> bad{
            at::full({7, 2}, 0.5),                   // other sample count
            at::full({data.size()}, 0.5),            // one dimension
            at::full({data.size(), 1}, 1.0),         // fewer classes than the labels
            at::full({data.size(), 2}, 3.0),         // not probabilities
            at::zeros({data.size(), 2}, at::kLong),  // not floating point
        };
        for (const auto& entry : bad) {
            io::writeSafetensors(file, {{"probabilities", entry}});
            warnings.clear();
            bool hit = true;
            const at::Tensor p = cache.probabilities(mlp, "mlp", w, data, {}, &hit);
            QVERIFY(!hit);
            QVERIFY(at::allclose(p, right));
            QCOMPARE(warnings.size(), std::size_t(1));
            QVERIFY2(warnings[0].find(file) != std::string::npos, warnings[0].c_str());
            // Replaced by the right predictions: the next read is a clean hit.
            warnings.clear();
            QVERIFY(at::allclose(cache.probabilities(mlp, "mlp", w, data, {}, &hit), right));
            QVERIFY(hit);
            QVERIFY(warnings.empty());
        }
        log::removeSink(sink);
        QCOMPARE(evaluation::problemWithCachedProbabilities(right, data), std::string());
    }

    void nonFinitePredictionsAreNotScored() {
        // NaN weights: NaN probabilities, which argmax would score as class 0.
        const model::MlpModel mlp({});
        auto w = mlp.initialParameters(1);
        const auto first = w.entries().front();
        w.set(first.name, at::full_like(first.tensor, std::nan("")));
        QVERIFY(!evaluation::finiteWeights(w));
        QVERIFY(evaluation::finiteWeights(mlp.initialParameters(1)));
        const auto data = data::makeMoons({});
        const at::Tensor p = evaluation::predictProbabilities(mlp, w, data, {});
        QVERIFY(!evaluation::finitePredictions(p));
        const auto s = evaluation::scoreProbabilities(p, data.labels);
        QVERIFY(!s.finite);
        QVERIFY(std::isnan(s.accuracy) && std::isnan(s.nll));
        const at::Tensor goodP =
            evaluation::predictProbabilities(mlp, mlp.initialParameters(1), data, {});
        const auto good = evaluation::scoreProbabilities(goodP, data.labels);
        QVERIFY(good.finite);
        // Accuracy and NLL worked out row by row from the same probabilities (a
        // float64 mean of a few hundred terms: 1e-12).
        const at::Tensor p64 = goodP.to(at::kDouble).contiguous();
        const at::Tensor labels = data.labels.to(at::kLong).contiguous();
        double correct = 0, nll = 0;
        for (int64_t i = 0; i < p64.size(0); ++i) {
            const double* row = p64.data_ptr<double>() + i * p64.size(1);
            const int64_t label = labels.data_ptr<int64_t>()[i];
            correct += std::max_element(row, row + p64.size(1)) - row == label;
            nll -= std::log(std::max(row[label], 1e-12));
        }
        const double accuracy = correct / double(p64.size(0));
        nll /= double(p64.size(0));
        QVERIFY2(std::abs(good.accuracy - accuracy) < 1e-12,
                 qPrintable(QString("%1 vs %2").arg(good.accuracy).arg(accuracy)));
        QVERIFY2(std::abs(good.nll - nll) < 1e-12 * nll,
                 qPrintable(QString("%1 vs %2").arg(good.nll).arg(nll)));
        // A cached NaN entry is a member's true predictions, not a damaged file.
        QCOMPARE(evaluation::problemWithCachedProbabilities(p, data), std::string());
    }

    void hashSeesDtypeShapeAndBytes() {
        const at::Tensor a = at::arange(6, at::kFloat);
        QVERIFY(evaluation::ContentHash().add(a).hex() ==
                evaluation::ContentHash().add(a.clone()).hex());
        QVERIFY(evaluation::ContentHash().add(a).hex() !=
                evaluation::ContentHash().add(a.view({2, 3})).hex());
        QVERIFY(evaluation::ContentHash().add(a).hex() !=
                evaluation::ContentHash().add(a.to(at::kDouble)).hex());
        QCOMPARE(evaluation::ContentHash().add(a).hex().size(), std::size_t(32));
    }
};

QTEST_APPLESS_MAIN(TestPredictionCache)
#include "TestPredictionCache.moc"

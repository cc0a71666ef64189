// Issue 13, part 4: sets in the published layout, trained by PyTorch on
// normalised inputs (tests/fixtures/published/make_published_fixtures.py),
// score exactly as PyTorch scored them once their data is normalised the same
// way, by the spec or by the set's default; norm=none turns the default off;
// norm=train takes the set's train statistics; near chance is recognised.
#include <QtTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <ATen/ATen.h>

#include <cmath>
#include <filesystem>

#include "core/data/Normalization.h"
#include "core/data/Transforms.h"
#include "core/evaluation/Evaluator.h"
#include "core/evaluation/LoadedSet.h"
#include "core/evaluation/NearChance.h"
#include "core/io/set/OpenSet.h"

using namespace modescape;

namespace {

const std::string kPublished = std::string(MODESCAPE_FIXTURES_DIR) + "/published";
const std::string kCifarConstants = "mean=0.4914:0.4822:0.4465,std=0.2023:0.1994:0.2010";
const std::string kTableConstants = "mean=400:-150:30:1200:5:-600,std=8:3:0.4:25:0.1:12";

QJsonObject reference(const std::string& family) {
    QFile file(QString::fromStdString(kPublished + "/reference.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read reference.json");
    return QJsonDocument::fromJson(file.readAll())
        .object()[QString::fromStdString(family)]
        .toObject();
}

struct Family {
    std::string folder;  // the members unpacked
    std::string builtin, argsJson;
    std::string testData;  // absolute spec, no normalisation
    std::string constants;
};

Family resnet() {
    return {MODESCAPE_PUBLISHED_UNPACKED "/cifar10-resnet20-frn-silu-0-2", "resnet20",
            R"({"norm":"frn","activation":"silu"})",
            "cifar10:" + kPublished + "/cifar10-test,split=test", kCifarConstants};
}

Family mlp() {
    return {kPublished + "/tabular-mlp-0-2", "mlp", R"({"widths":[6,32,5]})",
            "npz:" + kPublished + "/tabular-test.npz", kTableConstants};
}

evaluation::LoadedSet load(const Family& f, std::vector<io::DatasetSpec> datasets,
                           const std::string& defaultNormalization = "") {
    io::CheckpointSet set = io::openCheckpointSet(f.folder, {});
    set.model.kind = io::ModelSpec::Kind::Builtin;
    set.model.builtin = f.builtin;
    set.model.argsJson = f.argsJson;
    set.datasets = std::move(datasets);
    set.defaultNormalization = defaultNormalization;
    return evaluation::LoadedSet(std::move(set));
}

// Accuracy of every member on the set's test data; each member's accuracy and
// NLL equal PyTorch's under `key` ("normalised" / "raw").
std::vector<double> compareWithPyTorch(evaluation::LoadedSet& loaded, const QJsonObject& ref,
                                       const QString& key) {
    const data::Dataset& data = loaded.dataset("test");
    std::vector<double> accuracies;
    const QJsonArray rows = ref["members"].toArray();
    if (rows.size() < 3 || loaded.set().members.size() != std::size_t(rows.size())) {
        qWarning("%zu members, %lld reference rows", loaded.set().members.size(),
                 static_cast<long long>(rows.size()));
        return {};
    }
    for (const auto& value : rows) {
        const QJsonObject row = value.toObject();
        const std::string name =
            std::filesystem::path(row["member"].toString().toStdString()).filename().string();
        const at::Tensor p =
            evaluation::predictProbabilities(loaded.model(), loaded.weights(name), data, {});
        const auto scores = evaluation::scoreProbabilities(p, data.labels);
        const double accuracy = row[key].toObject()["accuracy"].toDouble();
        const double nll = row[key].toObject()["nll"].toDouble();
        // Raw inputs give confident wrong answers: NLLs of tens, compared relatively.
        const double nllTolerance = 1e-4 * std::max(1.0, std::abs(nll));
        if (std::abs(scores.accuracy - accuracy) > 1e-4 ||
            std::abs(scores.nll - nll) > nllTolerance)
            qWarning("%s (%s): accuracy %.6f vs PyTorch %.6f, NLL %.6f vs %.6f", name.c_str(),
                     qPrintable(key), scores.accuracy, accuracy, scores.nll, nll);
        if (std::abs(scores.accuracy - accuracy) > 1e-4 ||
            std::abs(scores.nll - nll) > nllTolerance)
            return {};
        accuracies.push_back(scores.accuracy);
    }
    return accuracies;
}

}  // namespace

class TestPublishedFixtures : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void scoresEqualPyTorchWithTheSpecsNormalisation_data() {
        QTest::addColumn<bool>("isResnet");
        QTest::newRow("resnet20 frn silu") << true;
        QTest::newRow("mlp") << false;
    }
    void scoresEqualPyTorchWithTheSpecsNormalisation() {
        QFETCH(bool, isResnet);
        const Family f = isResnet ? resnet() : mlp();
        const QJsonObject ref =
            reference(isResnet ? "cifar10-resnet20-frn-silu-0-2" : "tabular-mlp-0-2");
        auto normalised = load(f, {{"test", f.testData + "," + f.constants}});
        const auto good = compareWithPyTorch(normalised, ref, "normalised");
        QCOMPARE(good.size(), std::size_t(3));
        QCOMPARE(normalised.dataset("test").normalizationSource, std::string("given by the spec"));
        QVERIFY(evaluation::nearChanceWarning(good, normalised.dataset("test"), "test").empty());

        auto raw = load(f, {{"test", f.testData}});
        const auto bad = compareWithPyTorch(raw, ref, "raw");
        QCOMPARE(bad.size(), std::size_t(3));
        const std::string warning = evaluation::nearChanceWarning(bad, raw.dataset("test"), "test");
        QVERIFY2(warning.find("members score near chance") != std::string::npos, warning.c_str());
        QVERIFY(warning.find("not normalised (inputs as loaded)") != std::string::npos);
        QVERIFY(warning.find("docs/datasets.md") != std::string::npos);
    }

    void setDefaultAppliesUnlessTheSpecNamesOne() {
        const Family f = mlp();
        const QJsonObject ref = reference("tabular-mlp-0-2");
        auto silent = load(f, {{"test", f.testData}}, f.constants);
        QCOMPARE(compareWithPyTorch(silent, ref, "normalised").size(), std::size_t(3));
        QCOMPARE(silent.dataset("test").normalizationSource, std::string("the set's default"));
        QCOMPARE(data::describeNormalization(silent.dataset("test")),
                 std::string("normalised mean=400:-150:30:1200:5:-600,std=8:3:0.4:25:0.1:12 "
                             "(the set's default)"));
        auto off = load(f, {{"test", f.testData + ",norm=none"}}, f.constants);
        QCOMPARE(compareWithPyTorch(off, ref, "raw").size(), std::size_t(3));
        QVERIFY(off.dataset("test").normalization.mean.empty());
        // Another spec's constants win over the default.
        auto own =
            load(f, {{"test", f.testData + ",mean=0:0:0:0:0:0,std=1:1:1:1:1:1"}}, f.constants);
        QCOMPARE(own.dataset("test").normalization.mean, std::vector<double>(6, 0.0));
    }

    void trainStatisticsComeFromTheTrainRole() {
        const Family f = mlp();
        // The train role's inputs as stored give the statistics, even when the
        // set's default normalises the train data itself.
        auto loaded = load(f,
                           {{"train", f.testData + ",subset=120,subset-seed=4"},
                            {"test", f.testData + ",norm=train"}},
                           f.constants);
        const data::Dataset rawTrain =
            data::loadDataset(f.testData + ",subset=120,subset-seed=4,norm=none");
        const data::ChannelStats expected = data::computeChannelStats(rawTrain.inputs);
        const data::Dataset& test = loaded.dataset("test");
        QCOMPARE(test.normalization.mean.size(), std::size_t(6));
        for (std::size_t i = 0; i < 6; ++i) {
            QVERIFY(std::abs(test.normalization.mean[i] - expected.mean[i]) < 1e-9);
            QVERIFY(std::abs(test.normalization.std[i] - expected.std[i]) < 1e-9);
        }
        QVERIFY(test.normalizationSource.find("statistics of the train data") != std::string::npos);
        QCOMPARE(loaded.dataset("train").normalizationSource, std::string("the set's default"));

        auto noTrain = load(f, {{"test", f.testData}}, "norm=train");
        try {
            noTrain.dataset("test");
            QFAIL("norm=train without a train dataset was accepted");
        } catch (const InvalidArgument& e) {
            const std::string message = e.what();
            QVERIFY2(
                message.find("norm=train needs the set's 'train' dataset") != std::string::npos,
                e.what());
            QVERIFY(message.find("it has: test") != std::string::npos);
        }
    }

    void nearChanceRule() {
        QCOMPARE(evaluation::nearChanceThreshold(10), 0.15);
        QCOMPARE(evaluation::nearChanceThreshold(2), 0.55);
        QVERIFY(std::abs(evaluation::nearChanceThreshold(100) - 0.015) < 1e-12);
        QVERIFY(evaluation::nearChance({0.10, 0.12, 0.14}, 10, 100));
        QVERIFY(!evaluation::nearChance({0.10, 0.12, 0.25}, 10, 100));  // mean 0.157
        QVERIFY(!evaluation::nearChance({0.10}, 10, 99));               // too few samples
        QVERIFY(!evaluation::nearChance({}, 10, 1000));
        QVERIFY(evaluation::nearChance({0.54}, 2, 1000));
        QVERIFY(!evaluation::nearChance({0.56}, 2, 1000));
    }
};

QTEST_APPLESS_MAIN(TestPublishedFixtures)
#include "TestPublishedFixtures.moc"

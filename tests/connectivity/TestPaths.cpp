// The connectivity engine on two-moons MLPs: exact end points, the two barrier
// definitions, the polychain with 2 bends against the line, a planted
// permutation (a barrier on the line, none once aligned), a trained Bezier
// curve that lowers the barrier, curve files, basins and the rate schedule.
#include <QtTest>

#include <ATen/ATen.h>

#include <cmath>
#include <filesystem>

#include "ConnectivityTestSupport.h"
#include "core/common/Error.h"
#include "core/connectivity/BarrierMatrix.h"
#include "core/connectivity/ConnectJob.h"
#include "core/connectivity/CurveFile.h"
#include "core/connectivity/CurveTrainer.h"
#include "core/model/BatchNormRecompute.h"
#include "core/model/Evaluate.h"
#include "core/model/ModelFactory.h"

using namespace modescape;
using namespace modescape::connectivity;
using namespace modescape::connectivity::test;

namespace {

double exactLoss(const model::Model& m, const model::ParameterSet& w, const data::Dataset& d) {
    const at::Tensor logits = model::predictLogits(m, w, d.inputs, {});
    return model::lossAndAccuracy(logits, d.labels).nll;
}

PathSettings pathSettings(PathKind kind, int points = 21) {
    PathSettings s;
    s.kind = kind;
    s.points = points;
    return s;
}

QString describe(const PathResult& r) {
    return QString("%1: barrier %2 (endpoint mean %3) at t = %4")
        .arg(pathKindName(r.kind))
        .arg(r.trainBarrier.interpolated)
        .arg(r.trainBarrier.endpointMean)
        .arg(r.trainBarrier.tAtMax);
}

}  // namespace

class TestPaths : public QObject {
    Q_OBJECT
  private:
    model::MlpModel mlp_ = moonsMlp();
    data::Dataset train_ = moonsTrain(), test_ = moonsTest();
    model::ParameterSet a_, c_;
    PathData data_;

  private Q_SLOTS:
    void initTestCase() {
        a_ = trainedMoonsMember(mlp_, 1);
        c_ = trainedMoonsMember(mlp_, 2);
        data_.train = &train_;
        data_.test = &test_;
    }

    void coefficientsAreTheDefinitions() {
        const auto bezier = curveCoefficients(PathKind::Bezier, 3, 0.5);
        QCOMPARE(bezier, (std::vector<double>{0.25, 0.5, 0.25}));
        const auto cubic = curveCoefficients(PathKind::Bezier, 4, 0.25);  // C(3,k) t^k (1-t)^(3-k)
        QVERIFY(std::abs(cubic[1] - 3 * 0.25 * 0.75 * 0.75) < 1e-15);
        const auto chain = curveCoefficients(PathKind::Polychain, 3, 0.25);  // hat functions
        QCOMPARE(chain, (std::vector<double>{0.5, 0.5, 0.0}));
        QCOMPARE(curveCoefficients(PathKind::Polychain, 5, 1.0),
                 (std::vector<double>{0, 0, 0, 0, 1}));
        QCOMPARE(curveCoefficients(PathKind::Bezier, 5, 0.0), (std::vector<double>{1, 0, 0, 0, 0}));
        for (double t : {0.1, 0.37, 0.9})
            QCOMPARE(curveCoefficients(PathKind::Polychain, 2, t), (std::vector<double>{1 - t, t}));
    }

    void barrierDefinitions() {
        const std::vector<double> t{0, 0.25, 0.5, 0.75, 1};
        const Barrier b = lossBarrier(t, {1, 4, 2, 2, 3});
        QCOMPARE(b.tAtMax, 0.25);
        QCOMPARE(b.interpolated, 4 - (0.75 * 1 + 0.25 * 3));
        QCOMPARE(b.endpointMean, 4 - 2.0);
        const Barrier rising = lossBarrier({0, 0.5, 1}, {1, 2, 3});
        QCOMPARE(rising.interpolated, 0.0);  // the highest point is an end
        QCOMPARE(rising.endpointMean, 1.0);
        QVERIFY_EXCEPTION_THROWN(lossBarrier({0, 1}, {1}), InvalidArgument);
    }

    void endsOfEveryPathAreTheMembersExactly() {
        const double la = exactLoss(mlp_, a_, train_), lb = exactLoss(mlp_, c_, train_);
        const double ta = exactLoss(mlp_, a_, test_), tb = exactLoss(mlp_, c_, test_);
        PathSettings bezier = pathSettings(PathKind::Bezier, 5);
        bezier.training.epochs = 2;
        for (const PathSettings& s : {pathSettings(PathKind::Linear, 5), bezier}) {
            const PathResult r = connectWeights(mlp_, a_, c_, data_, s, nullptr, {}).result;
            QCOMPARE(int(r.t.size()), 5);
            QVERIFY2(r.trainLoss.front() == la && r.trainLoss.back() == lb,
                     qPrintable(describe(r)));
            QVERIFY(r.testLoss.front() == ta && r.testLoss.back() == tb);
            QVERIFY(r.t.front() == 0.0 && r.t.back() == 1.0);
        }
    }

    void linearPathLengthIsTheDistance() {
        const PathResult r =
            connectWeights(mlp_, a_, c_, data_, pathSettings(PathKind::Linear), nullptr, {}).result;
        QVERIFY(r.endpointDistance > 1.0);
        QVERIFY2(std::abs(r.length - r.endpointDistance) < 1e-4 * r.endpointDistance,
                 qPrintable(QString("%1 vs %2").arg(r.length).arg(r.endpointDistance)));
        QVERIFY(r.epochLoss.empty());
    }

    void polychainWithTwoBendsIsTheLine() {
        PathSettings chain = pathSettings(PathKind::Polychain);
        chain.bends = 2;
        const PathResult line =
            connectWeights(mlp_, a_, c_, data_, pathSettings(PathKind::Linear), nullptr, {}).result;
        const PathResult two = connectWeights(mlp_, a_, c_, data_, chain, nullptr, {}).result;
        QCOMPARE(two.bends, 2);
        QCOMPARE(two.trainLoss, line.trainLoss);
        QCOMPARE(two.testAccuracy, line.testAccuracy);
        QCOMPARE(two.trainBarrier.interpolated, line.trainBarrier.interpolated);
    }

    void plantedPermutationHasABarrierThatAlignmentRemoves() {
        const model::ParameterSet b = permutedCopy(mlp_, a_);
        const auto spec = symmetry::builtinSymmetrySpec(mlp_);
        QVERIFY(std::abs(exactLoss(mlp_, b, train_) - exactLoss(mlp_, a_, train_)) < 1e-5);
        const PathResult line =
            connectWeights(mlp_, a_, b, data_, pathSettings(PathKind::Linear), &spec, {}).result;
        const PathResult aligned =
            connectWeights(mlp_, a_, b, data_, pathSettings(PathKind::Aligned), &spec, {}).result;
        qInfo("planted permutation: %s; %s", qPrintable(describe(line)),
              qPrintable(describe(aligned)));
        QVERIFY2(line.trainBarrier.interpolated > 0.05, qPrintable(describe(line)));
        QVERIFY2(std::abs(aligned.trainBarrier.interpolated) < 1e-5, qPrintable(describe(aligned)));
        QVERIFY2(std::abs(aligned.testBarrier.endpointMean) < 1e-5, qPrintable(describe(aligned)));
        QVERIFY2(aligned.endpointDistance < 1e-4,
                 qPrintable(QString::number(aligned.endpointDistance)));
        QVERIFY_EXCEPTION_THROWN(
            connectWeights(mlp_, a_, b, data_, pathSettings(PathKind::Aligned), nullptr, {}),
            InvalidArgument);
    }

    void trainedBezierLowersTheBarrier() {
        const PathResult line =
            connectWeights(mlp_, a_, c_, data_, pathSettings(PathKind::Linear), nullptr, {}).result;
        PathSettings s = pathSettings(PathKind::Bezier);
        s.training.epochs = 20;
        s.training.batchSize = 32;
        s.training.seed = 3;
        const ConnectOutcome curve = connectWeights(mlp_, a_, c_, data_, s, nullptr, {});
        const PathResult& r = curve.result;
        QCOMPARE(int(r.epochLoss.size()), 20);
        qInfo("independent members: %s (test %g); %s (test %g), trained in %.2f s",
              qPrintable(describe(line)), line.testBarrier.interpolated, qPrintable(describe(r)),
              r.testBarrier.interpolated, r.trainingSeconds);
        QVERIFY2(line.trainBarrier.interpolated > 0.1, qPrintable(describe(line)));
        QVERIFY2(r.trainBarrier.interpolated < 0.5 * line.trainBarrier.interpolated,
                 qPrintable(describe(r) + " vs " + describe(line)));
        QVERIFY2(r.testBarrier.interpolated < line.testBarrier.interpolated,
                 qPrintable(QString("test %1 vs %2")
                                .arg(r.testBarrier.interpolated)
                                .arg(line.testBarrier.interpolated)));
        QVERIFY(r.length > r.endpointDistance);  // a curve is longer than its chord
        // The ends stayed fixed.
        QVERIFY(at::equal(curve.curve.points().front().at("0.weight"), a_.at("0.weight")));
        QVERIFY(at::equal(curve.curve.points().back().at("4.bias"), c_.at("4.bias")));
    }

    void savedCurveReloadsAndEvaluatesTheSame() {
        PathSettings s = pathSettings(PathKind::Polychain, 9);
        s.bends = 4;
        s.training.epochs = 3;
        const ConnectOutcome o = connectWeights(mlp_, a_, c_, data_, s, nullptr, {});
        const auto folder = std::filesystem::path(MODESCAPE_TEST_OUTPUT_DIR) / "connectivity-curve";
        std::filesystem::remove_all(folder);
        saveCurve(folder.string(), o.curve, s, o.result, {"/sets/moons", "g/a", "g/c", "{}"});
        QVERIFY(std::filesystem::exists(folder / kCurveTensorsFile));
        const SavedCurve back = loadCurve(folder.string());
        QVERIFY(back.curve.kind() == PathKind::Polychain);
        QCOMPARE(back.curve.bends(), 4);
        QCOMPARE(back.settings.training.epochs, 3);
        QCOMPARE(back.info.memberB, std::string("g/c"));
        for (int k = 0; k < 4; ++k)
            for (const auto& e : o.curve.points()[k].entries())
                QVERIFY2(at::equal(e.tensor, back.curve.points()[k].at(e.name)), e.name.c_str());
        PathResult again;
        evaluatePath(mlp_, back.curve, data_, s, again, {});
        QCOMPARE(again.trainLoss, o.result.trainLoss);

        QVERIFY_EXCEPTION_THROWN(loadCurve((folder / "missing").string()), IoError);
        std::filesystem::remove(folder / kCurveTensorsFile);
        QVERIFY_EXCEPTION_THROWN(loadCurve(folder.string()), IoError);
    }

    void batchNormIsRecomputedAtEveryPoint() {
        // ResNet-20 on 16 random 8 x 8 images: the path's ends are the members
        // with their statistics recomputed on the training data; a curve trains.
        const auto resnet = model::makeBuiltinModel("resnet20", nlohmann::json::object());
        const auto a = resnet->initialParameters(1), b = resnet->initialParameters(2);
        at::manual_seed(0);
        data::Dataset images;
        images.inputs = at::randn({16, 3, 8, 8});
        images.labels = at::randint(10, {16}, at::kLong);
        images.numClasses = 10;
        PathData data{&images, nullptr};
        PathSettings s = pathSettings(PathKind::Bezier, 3);
        s.training.epochs = 1;
        s.training.batchSize = 8;
        const PathResult r = connectWeights(*resnet, a, b, data, s, nullptr, {}).result;
        const auto batches = batchNormBatches(*resnet, images, 10000);
        QCOMPARE(int(batches.size()), 1);
        const double expected =
            exactLoss(*resnet, model::recomputeBatchNorm(*resnet, a, batches, {}), images);
        QVERIFY2(std::abs(r.trainLoss.front() - expected) < 1e-6,
                 qPrintable(QString("%1 vs %2").arg(r.trainLoss.front()).arg(expected)));
        QVERIFY(std::isfinite(r.trainLoss[1]) && r.testLoss.empty());
        QVERIFY(std::isfinite(r.epochLoss.front()));
    }

    void badSettingsAreRefused() {
        PathSettings s = pathSettings(PathKind::Bezier);
        s.bends = 1;
        QVERIFY_EXCEPTION_THROWN(validate(s), InvalidArgument);
        s.bends = 3;
        s.points = 1;
        QVERIFY_EXCEPTION_THROWN(validate(s), InvalidArgument);
        s.points = 5;
        s.training.epochs = 0;
        QVERIFY_EXCEPTION_THROWN(validate(s), InvalidArgument);
        QVERIFY_EXCEPTION_THROWN(parsePathKind("straight"), InvalidArgument);
    }

    void basinsAreConnectedComponents() {
        const double lo = 0.01, hi = 1.0;
        // 0-1 and 2-3 low; 4 alone.
        std::vector<double> m(25, hi);
        for (int i = 0; i < 5; ++i)
            m[i * 5 + i] = 0;
        m[0 * 5 + 1] = m[1 * 5 + 0] = lo;
        m[2 * 5 + 3] = m[3 * 5 + 2] = lo;
        int count = 0;
        QCOMPARE(basinsBelow(m, 5, 0.1, count), (std::vector<int>{0, 0, 1, 1, 2}));
        QCOMPARE(count, 3);
        m[1 * 5 + 2] = m[2 * 5 + 1] = lo;  // a chain joins them: 0-1-2-3
        QCOMPARE(basinsBelow(m, 5, 0.1, count), (std::vector<int>{0, 0, 0, 0, 1}));
        QCOMPARE(count, 2);
        QCOMPARE(basinsBelow(m, 5, 0.001, count), (std::vector<int>{0, 1, 2, 3, 4}));
    }

    void rateIsFlatThenDecaysToOnePercent() {
        CurveTraining t;
        t.epochs = 10;
        t.learningRate = 0.1;
        QCOMPARE(curveLearningRate(t, 0), 0.1);
        QCOMPARE(curveLearningRate(t, 5), 0.1);
        QVERIFY(std::abs(curveLearningRate(t, 7) - 0.1 * (1 - 0.5 * 0.99)) < 1e-12);
        QVERIFY(std::abs(curveLearningRate(t, 9) - 0.001) < 1e-12);
    }
};

QTEST_APPLESS_MAIN(TestPaths)
#include "TestPaths.moc"

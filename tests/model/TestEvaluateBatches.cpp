// Evaluation in batches: the CPU batch limit for images and tabular data
// (hand-worked from the activation estimate), and logits that do not depend
// on how the samples were split into batches.
#include <QtTest>

#include <ATen/ATen.h>

#include "core/model/Evaluate.h"
#include "core/model/LeNet5.h"

using namespace modescape;
using namespace modescape::model;

class TestEvaluateBatches : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void cpuLimitFollowsTheActivationEstimate() {
        // 28 x 28 images: 16 * 784 + 256 = 12,800 floats; 6 * 2^20 / 12,800 = 491.
        QCOMPARE(activationFloatsPerSample(at::zeros({3, 1, 28, 28})), std::int64_t(12800));
        QCOMPARE(cpuBatchLimit(at::zeros({3, 1, 28, 28})), std::int64_t(491));
        // Two features: 16 * 2 + 256 = 288 floats; 6 * 2^20 / 288 = 21,845.
        QCOMPARE(cpuBatchLimit(at::zeros({3, 2})), std::int64_t(21845));
    }

    void logitsDoNotDependOnTheBatching() {
        const LeNet5Model lenet;
        const auto weights = lenet.initialParameters(3);
        at::manual_seed(0);
        const auto images = at::randn({1000, 1, 28, 28});  // two CPU batches (491 + 491 + 18)
        const at::Tensor batched = predictLogits(lenet, weights, images, {});
        at::Tensor whole;
        {
            at::NoGradGuard noGrad;
            whole = lenet.forward(weights, images);
        }
        QCOMPARE(batched.sizes(), whole.sizes());
        QVERIFY((batched - whole).abs().max().item<double>() < 1e-5);
        EvaluationOptions small;
        small.batchSize = 7;  // a limit below the CPU one wins
        QVERIFY(
            (predictLogits(lenet, weights, images, {}, small) - whole).abs().max().item<double>() <
            1e-5);
    }
};

QTEST_APPLESS_MAIN(TestEvaluateBatches)
#include "TestEvaluateBatches.moc"

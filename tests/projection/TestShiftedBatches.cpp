// The randomized PCA's batch workers (ShiftedBatches): members read in
// pieces give the bits of whole rows, one worker the bits of two or three,
// and a failure on any worker stops them all and reaches the caller.
#include <QtTest>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <mutex>
#include <vector>

#include "core/common/Error.h"
#include "core/projection/Pca.h"
#include "core/projection/PcaChoice.h"
#include "core/projection/RandomizedPca.h"
#include "core/projection/ShiftedBatches.h"
#include "tests/projection/StreamedSets.h"

using namespace modescape;
using namespace modescape::projection;
using namespace test;

class TestShiftedBatches : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // The float32 passes read members into batches of shifted rows on two
    // workers (ShiftedBatches): rows in pieces give the same bits as whole
    // rows, and one worker the same bits as two or three (the ordered step
    // sees the batches in member order); a failing read, a member of the
    // wrong length, a failing product and Cancel stop every worker and reach
    // the caller.
    void batchesOfPiecesGiveTheSameBits() {
        const at::Tensor x = decayingSet(150, 900, 4);
        RandomizedPcaOptions options;
        options.seed = 5;
        options.products = GramProducts::Float32;
        const RandomizedPcaRun rows = randomizedPca(TensorRowSource(x), options, JobContext{});
        const RandomizedPcaRun pieces = randomizedPca(PiecewiseRows(x), options, JobContext{});
        QCOMPARE((rows.pca.scores - pieces.pca.scores).cwiseAbs().maxCoeff(), 0.0);
        QCOMPARE(rows.pca.explainedVarianceRatio, pieces.pca.explainedVarianceRatio);
        QVERIFY(rows.pca.explainedVarianceRatio[0] > 0.5);
        const int threads = at::get_num_threads();
        at::set_num_threads(1);
        const RandomizedPcaRun oneWorker = randomizedPca(PiecewiseRows(x), options, JobContext{});
        at::set_num_threads(threads);
        QCOMPARE((oneWorker.pca.scores - pieces.pca.scores).cwiseAbs().maxCoeff(), 0.0);

        // Batches of 4 over 10 members: [0, 4), [4, 8), [8, 10), each row x_i - x_0.
        const at::Tensor small = decayingSet(10, 37, 8);
        std::vector<std::vector<float>> seen[3];
        std::vector<int64_t> starts[3];
        for (const int workers : {1, 2, 3}) {
            ShiftedBatches batches(4, 37, workers);
            std::vector<std::vector<float>>& independent = seen[workers - 1];
            std::mutex mutex;
            batches.pass(
                PiecewiseRows(small),
                [&](int64_t first, int64_t count, const float* b) {
                    const std::lock_guard lock(mutex);
                    independent.emplace_back(b, b + count * 37);
                    independent.back().push_back(float(first));
                },
                [&](int64_t first, int64_t, const float*) { starts[workers - 1].push_back(first); },
                JobContext{});
            QCOMPARE(batches.reference()[5], small[0][5].item<float>());
            std::sort(independent.begin(), independent.end(),
                      [](const auto& a, const auto& b) { return a.back() < b.back(); });
        }
        QCOMPARE(starts[0], (std::vector<int64_t>{0, 4, 8}));
        QCOMPARE(starts[1], starts[0]);
        QCOMPARE(starts[2], starts[0]);
        QCOMPARE(seen[1], seen[0]);
        QCOMPARE(seen[2], seen[0]);
        QCOMPARE(seen[0][2].size(), std::size_t(2 * 37 + 1));
        QCOMPARE(seen[0][1][37 + 7], small[5][7].item<float>() - small[0][7].item<float>());
        QCOMPARE(seen[0][0][7], 0.0f);

        const auto ignore = [](int64_t, int64_t, const float*) {};
        const auto fail = [](int64_t, int64_t, const float*) { throw InvalidArgument("product"); };
        for (const int workers : {1, 2}) {
            ShiftedBatches batches(4, 37, workers);
            try {
                batches.pass(PiecewiseRows(small, 6), ignore, ignore, JobContext{});
                QFAIL("a short member was accepted");
            } catch (const ShapeMismatch& e) {
                QVERIFY2(QString(e.what()).contains("member 6 has 36 parameters"), e.what());
            }
            try {
                batches.pass(PiecewiseRows(small, -1, 7), ignore, ignore, JobContext{});
                QFAIL("a failing read was not reported");
            } catch (const IoError& e) {
                QVERIFY2(QString(e.what()).contains("member7.pt"), e.what());
            }
            QVERIFY_THROWS_EXCEPTION(
                InvalidArgument, batches.pass(PiecewiseRows(small), fail, ignore, JobContext{}));
            QVERIFY_THROWS_EXCEPTION(
                InvalidArgument, batches.pass(PiecewiseRows(small), ignore, fail, JobContext{}));
        }
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 randomizedPca(PiecewiseRows(x), options, cancellingAfter(2)));
    }
};

QTEST_APPLESS_MAIN(TestShiftedBatches)
#include "TestShiftedBatches.moc"

// The grid engine: points on a plane reproduce the anchors' losses, the
// batched engine equals the naive one (on LibTorch's forward too, one point
// per thread side by side), resuming computes only the points not
// computed (the mask; NaN without one), a NaN centre is computed once, and
// cancelling keeps what was computed.
#include <QtTest>

#include <ATen/ATen.h>

#include <ATen/Parallel.h>

#include <cmath>
#include <thread>

#include "LandscapeTestSupport.h"
#include "core/landscape/GridEvaluator.h"
#include "core/landscape/LandscapeDirections.h"
#include "core/model/LeNet5.h"
#include "core/model/ModelFactory.h"

#include <nlohmann/json.hpp>

using namespace modescape;
using namespace modescape::landscape;
using namespace landscape_test;

namespace {

LandscapeResult computeGrid(const model::Model& m, const LandscapeDirections& d,
                            const EvaluationData& data, LandscapeSettings s) {
    auto r = makeEmptyResult(s);
    const GridEvaluator evaluator(m, d, data, s, DeviceKind::Cpu);
    fillGrid(evaluator, r, {});
    return r;
}

double maxDifference(const std::vector<double>& a, const std::vector<double>& b) {
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
}

// Random filter-normalised directions around one set of weights.
LandscapeDirections randomAround(const model::ParameterSet& w, std::uint64_t seed) {
    Members members;
    members.sets["centre"] = w;
    LandscapeSettings s;
    s.seed = seed;
    return makeDirections(s, members.weights(), {"centre"}, {});
}

}  // namespace

class TestLandscapeEngine : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void planeGridPointsAtTheAnchorsHaveTheirLosses() {
        const auto m = moonsMlp();
        const auto data = moonsData();
        Members members;
        for (int i = 0; i < 3; ++i)
            members.sets[std::string(1, char('A' + i))] = m.initialParameters(20 + i);
        LandscapeSettings s;
        s.directions = DirectionSource::Plane;
        s.directionMembers = {"A", "B", "C"};
        const auto d = makeDirections(s, members.weights(), {"A", "B", "C"}, {});
        QCOMPARE(d.markers.size(), std::size_t(3));
        QCOMPARE(d.markers[0].x, 0.0);
        QCOMPARE(d.markers[1].x, 1.0);
        QCOMPARE(d.markers[1].y, 0.0);
        // A grid through A (0, 0), B (1, 0) and C's coordinates (cx, cy).
        const auto& c = d.markers[2];
        s.x = {0.0, 1.0, 2};
        s.y = {0.0, c.y, 2};
        auto r = makeEmptyResult(s);
        const GridEvaluator evaluator(m, d, data, s, DeviceKind::Cpu);
        fillGrid(evaluator, r, {});
        const auto atC = evaluator.evaluate({GridPoint{c.x, c.y}}, {}).front();
        for (const auto& [name, value] : std::vector<std::pair<std::string, double>>{
                 {"A", r.lossAt(0, 0)}, {"B", r.lossAt(1, 0)}, {"C", atC.loss}}) {
            const double expected = directLoss(m, members.sets[name], data).first;
            QVERIFY2(
                std::abs(value - expected) < 1e-5,
                qPrintable(QString("%1: %2 vs %3").arg(name.c_str()).arg(value).arg(expected)));
        }
        // The anchors are different networks: the test would notice a mix-up.
        QVERIFY(std::abs(r.lossAt(0, 0) - r.lossAt(1, 0)) > 1e-3);
    }

    void batchedEqualsNaiveOnTheMoonsMlp() {
        const auto m = moonsMlp();
        const auto data = moonsData();
        const auto d = randomAround(m.initialParameters(4), 1);
        LandscapeSettings s;
        s.x = {-1.0, 1.0, 5};
        s.y = {-0.5, 1.5, 4};
        s.pointsPerForward = 3;  // groups that cut across rows
        s.batchSize = 128;       // three uneven data batches
        s.engine = Engine::Naive;
        const auto naive = computeGrid(m, d, data, s);
        s.engine = Engine::Batched;
        const auto batched = computeGrid(m, d, data, s);
        QVERIFY(naive.complete() && batched.complete());
        QVERIFY2(maxDifference(naive.loss, batched.loss) < 1e-5,
                 qPrintable(QString::number(maxDifference(naive.loss, batched.loss))));
        QVERIFY(maxDifference(naive.accuracy, batched.accuracy) < 1e-5);
        // The surface is not flat, and its centre value is the centre's loss.
        QVERIFY(naive.lossMax() - naive.lossMin() > 0.1);
        s.x = {0.0, 0.0, 1};
        s.y = {0.0, 0.0, 1};
        const auto centre = computeGrid(m, d, data, s);
        QVERIFY(std::abs(centre.loss[0] - directLoss(m, d.center, data).first) < 1e-6);
    }

    void batchedEqualsNaiveOnLeNet() {
        const model::LeNet5Model m;
        const auto data = lenetData();
        const auto d = randomAround(m.initialParameters(5), 2);
        LandscapeSettings s;
        s.x = {-1.0, 1.0, 3};
        s.y = {-1.0, 1.0, 3};
        s.pointsPerForward = 4;
        s.batchSize = 10;
        s.engine = Engine::Naive;
        const auto naive = computeGrid(m, d, data, s);
        s.engine = Engine::Batched;
        const auto batched = computeGrid(m, d, data, s);
        QVERIFY2(maxDifference(naive.loss, batched.loss) < 1e-5,
                 qPrintable(QString::number(maxDifference(naive.loss, batched.loss))));
        QVERIFY(maxDifference(naive.accuracy, batched.accuracy) < 1e-5);
        QVERIFY(naive.lossMax() - naive.lossMin() > 1e-3);
    }

    void libTorchBatchedRunsPointsSideBySide() {
        // Where our own forward is not used (here refused on purpose), the
        // batched engine runs one point per intra-op thread at once, each on
        // one thread: the naive engine's forwards, so its numbers.
        const model::LeNet5Model m;
        const auto data = lenetData(60);
        const auto d = randomAround(m.initialParameters(5), 2);
        LandscapeSettings s;
        s.x = {-1.0, 1.0, 3};
        s.y = {-1.0, 1.0, 3};
        s.batchSize = 25;  // three data batches, the last one short
        const int threads = at::get_num_threads();
        at::set_num_threads(2);
        s.engine = Engine::Naive;
        const auto naive = computeGrid(m, d, data, s);
        s.engine = Engine::Batched;
        const GridEvaluator sideBySide(m, d, data, s, DeviceKind::Cpu, CpuForward::LibTorch);
        QCOMPARE(sideBySide.sideBySideWorkers(), 2);
        // A group: 16 short points per worker (60 images of 12,800 activation
        // floats each, far below 32M), but one per worker where a point is
        // long (1,400 images: 17.9M floats).
        QCOMPARE(sideBySide.pointsPerForward(), 32);
        const GridEvaluator longPoints(m, d, lenetData(1400), s, DeviceKind::Cpu,
                                       CpuForward::LibTorch);
        QCOMPARE(longPoints.pointsPerForward(), 2);
        auto batched = makeEmptyResult(s);
        fillGrid(sideBySide, batched, {});
        QVERIFY2(maxDifference(naive.loss, batched.loss) < 1e-6,
                 qPrintable(QString::number(maxDifference(naive.loss, batched.loss))));
        QCOMPARE(batched.accuracy, naive.accuracy);
        QVERIFY(naive.lossMax() - naive.lossMin() > 1e-3);
        // A cancelled job stops every worker and reaches the caller.
        JobContext job;
        job.cancel.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, sideBySide.evaluate({{0, 0}, {1, 1}, {0, 1}}, job));
        // The workers' single threads stayed theirs: this thread and threads
        // started afterwards still have two.
        QCOMPARE(at::get_num_threads(), 2);
        int newThread = 0;
        std::thread([&] { newThread = at::get_num_threads(); }).join();
        QCOMPARE(newThread, 2);
        // On one thread the points run one after the other.
        at::set_num_threads(1);
        QCOMPARE(
            GridEvaluator(m, d, data, s, DeviceKind::Cpu, CpuForward::LibTorch).sideBySideWorkers(),
            1);
        at::set_num_threads(threads);
    }

    void batchNormRecomputationAgreesBetweenEngines() {
        auto resnet = model::makeBuiltinModel("resnet20", nlohmann::json::object());
        at::manual_seed(8);
        EvaluationData data{at::randn({6, 3, 32, 32}),
                            at::randint(0, 10, {6}, at::kLong),
                            {at::randn({8, 3, 32, 32}), at::randn({8, 3, 32, 32})}};
        const auto d = randomAround(resnet->initialParameters(9), 5);
        LandscapeSettings s;
        s.x = {-0.5, 0.5, 3};
        s.y = {0.0, 0.0, 1};
        s.recomputeBatchNorm = true;
        s.engine = Engine::Naive;
        const auto naive = computeGrid(*resnet, d, data, s);
        s.engine = Engine::Batched;
        const auto batched = computeGrid(*resnet, d, data, s);
        QVERIFY2(maxDifference(naive.loss, batched.loss) < 1e-5,
                 qPrintable(QString::number(maxDifference(naive.loss, batched.loss))));
        // Recomputed statistics change the answer (the stored ones are 0 / 1).
        data.batchNormBatches.clear();
        const auto stored = computeGrid(*resnet, d, data, s);
        QVERIFY(maxDifference(stored.loss, batched.loss) > 1e-4);
    }

    void oneDimensionalLineReportsItsRow() {
        const auto m = moonsMlp();
        const auto data = moonsData(100);
        Members members;
        members.sets["A"] = m.initialParameters(1);
        members.sets["B"] = m.initialParameters(2);
        LandscapeSettings s;
        s.directions = DirectionSource::Line;
        s.directionMembers = {"A", "B"};
        s.dimensions = 1;
        s.x = {0.0, 1.0, 6};
        s.pointsPerForward = 4;
        const auto d = makeDirections(s, members.weights(), {"A", "B"}, {});
        auto r = makeEmptyResult(s);
        QCOMPARE(r.ny(), 1);
        int reports = 0;
        fillGrid(GridEvaluator(m, d, data, s, DeviceKind::Cpu), r, {},
                 [&](const LandscapeResult&, int iy) {
                     QCOMPARE(iy, 0);
                     ++reports;
                 });
        QCOMPARE(reports, 2);  // 6 points, 4 per group
        QVERIFY(std::abs(r.lossAt(0, 0) - directLoss(m, members.sets["A"], data).first) < 1e-5);
        QVERIFY(std::abs(r.lossAt(5, 0) - directLoss(m, members.sets["B"], data).first) < 1e-5);
    }

    void resumeComputesOnlyTheMissingPoints() {
        const auto m = moonsMlp();
        const auto data = moonsData();
        const auto d = randomAround(m.initialParameters(6), 3);
        LandscapeSettings s;
        s.x = {-1.0, 1.0, 4};
        s.y = {-1.0, 1.0, 4};
        const auto full = computeGrid(m, d, data, s);
        // Half the points not computed, the others a marker value no evaluation gives.
        auto partial = full;
        QCOMPARE(partial.computed, std::vector<std::uint8_t>(16, 1));
        for (std::size_t i = 0; i < partial.loss.size(); ++i)
            if (i % 2 == 0) {
                partial.loss[i] = partial.accuracy[i] = std::nan("");
                partial.computed[i] = 0;
            } else {
                partial.loss[i] = 1000.0 + i;
            }
        std::vector<int> rows;
        fillGrid(GridEvaluator(m, d, data, s, DeviceKind::Cpu), partial, {},
                 [&](const LandscapeResult&, int iy) { rows.push_back(iy); });
        QCOMPARE(partial.pointsComputedLastRun, std::int64_t(8));
        QCOMPARE(rows, (std::vector<int>{0, 1, 2, 3}));
        for (std::size_t i = 0; i < full.loss.size(); ++i) {
            if (i % 2 == 0) {
                QVERIFY(std::abs(partial.loss[i] - full.loss[i]) < 1e-12);
                QCOMPARE(partial.accuracy[i], full.accuracy[i]);
            } else {
                QCOMPARE(partial.loss[i], 1000.0 + i);  // kept, not recomputed
            }
        }
    }

    void withoutMaskNanMeansNotComputed() {
        // Results of older files carry no mask: NaN points are the ones to compute.
        const auto m = moonsMlp();
        const auto data = moonsData(100);
        const auto d = randomAround(m.initialParameters(6), 3);
        LandscapeSettings s;
        s.x = {-1.0, 1.0, 3};
        s.y = {-1.0, 1.0, 2};
        const auto full = computeGrid(m, d, data, s);
        auto old = full;
        old.computed.clear();
        old.loss[1] = old.loss[4] = std::nan("");
        QCOMPARE(old.computedPoints(), std::int64_t(4));
        fillGrid(GridEvaluator(m, d, data, s, DeviceKind::Cpu), old, {});
        QCOMPARE(old.pointsComputedLastRun, std::int64_t(2));
        QCOMPARE(old.computed, std::vector<std::uint8_t>(6, 1));
        QVERIFY(std::abs(old.loss[4] - full.loss[4]) < 1e-12);
    }

    void nanCentreIsComputedOnceAndNeverAgain() {
        // A member with NaN weights: every point is NaN, yet computed.
        const auto m = moonsMlp();
        const auto data = moonsData(100);
        auto w = m.initialParameters(8);
        const auto first = w.entries().front();
        w.set(first.name, at::full_like(first.tensor, std::nan("")));
        Members members;
        members.sets["bad"] = w;
        members.sets["good"] = m.initialParameters(9);
        LandscapeSettings s;
        s.x = {-1.0, 1.0, 3};
        s.y = {-1.0, 1.0, 3};
        // Random directions around NaN weights are NaN too; use a line to a good member.
        s.directions = DirectionSource::Line;
        s.directionMembers = {"bad", "good"};
        s.dimensions = 1;
        const auto d = makeDirections(s, members.weights(), {"bad", "good"}, {});
        auto r = computeGrid(m, d, data, s);
        QCOMPARE(r.pointsComputedLastRun, std::int64_t(3));
        QCOMPARE(r.computed, std::vector<std::uint8_t>(3, 1));
        QCOMPARE(r.computedPoints(), std::int64_t(3));
        QVERIFY(r.complete());
        QCOMPARE(r.nonFinitePoints(), std::int64_t(3));
        for (std::size_t i = 0; i < 3; ++i)
            QVERIFY(std::isnan(r.loss[i]) && std::isnan(r.accuracy[i]));  // no fake 50%
        QVERIFY(std::isnan(r.lossMin()) && std::isnan(r.lossMax()));
        fillGrid(GridEvaluator(m, d, data, s, DeviceKind::Cpu), r, {});
        QCOMPARE(r.pointsComputedLastRun, std::int64_t(0));
    }

    void cancellingKeepsTheRowsComputed() {
        const auto m = moonsMlp();
        const auto data = moonsData(100);
        const auto d = randomAround(m.initialParameters(7), 4);
        LandscapeSettings s;
        s.x = {-1.0, 1.0, 3};
        s.y = {-1.0, 1.0, 5};
        s.pointsPerForward = 3;  // one row per group
        auto r = makeEmptyResult(s);
        JobContext job;
        QVERIFY_THROWS_EXCEPTION(Cancelled, fillGrid(GridEvaluator(m, d, data, s, DeviceKind::Cpu),
                                                     r, job, [&](const LandscapeResult&, int iy) {
                                                         if (iy == 1)
                                                             job.cancel.cancel();
                                                     }));
        QCOMPARE(r.computedPoints(), std::int64_t(6));
        QVERIFY(!std::isnan(r.lossAt(2, 1)) && std::isnan(r.lossAt(0, 2)));
    }
};

QTEST_APPLESS_MAIN(TestLandscapeEngine)
#include "TestLandscapeEngine.moc"

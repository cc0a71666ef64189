// The batched engine's own CPU forward (FastGridForward) against LibTorch's:
// loss and accuracy at every grid point, for MLPs of several widths and
// activations and for LeNet-5, with filter-normalised and plain directions
// (bias directions included), float16-valued members, the first layer held
// per surface or recomputed per chunk, forwards of more points than a block;
// LeNet-5's pooling loops keep a NaN where their fast maxima would drop it;
// the grid is the same bit for bit on 1 and on 3 workers, which really run
// at once; and the models it does not cover go to LibTorch, on the CPU one
// point per thread side by side (a TorchScript module's one after the other).
#include <QtTest>

#include <ATen/ATen.h>

#include <ATen/Parallel.h>

#include <cmath>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <set>
#include <thread>

#include "LandscapeTestSupport.h"
#include "core/landscape/CpuKernels.h"
#include "core/landscape/FastGridForward.h"
#include "core/landscape/GridEvaluator.h"
#include "core/landscape/LandscapeDirections.h"
#include "core/landscape/LeNetKernels.h"
#include "core/landscape/MlpKernels.h"
#include "core/model/CifarResNet.h"
#include "core/model/TorchScriptModel.h"

using namespace modescape;
using namespace modescape::landscape;
using namespace landscape_test;

namespace {

LandscapeDirections directionsAround(const model::ParameterSet& w, Normalization norm) {
    Members members;
    members.sets["centre"] = w;
    LandscapeSettings s;
    s.seed = 11;
    s.normalization = norm;
    s.ignore = IgnoreMode::None;  // biases move too, so their directions are used
    return makeDirections(s, members.weights(), {"centre"}, {});
}

// A member stored as float16 reaches the engine as float32 holding float16 values.
model::ParameterSet asFloat16Member(const model::ParameterSet& w) {
    return w.to(at::kHalf).to(at::kFloat);
}

LandscapeSettings gridSettings(bool cacheFirstLayer, bool manyPoints = false) {
    LandscapeSettings s;
    s.x = {-1.0, 1.0, manyPoints ? 6 : 4};
    s.y = {-0.7, 1.3, manyPoints ? 4 : 3};
    // Groups that cut across rows; 21 is more than LeNet-5's block of 16 points.
    s.pointsPerForward = manyPoints ? 21 : 5;
    // Half of a 1 MiB budget is too small for the first layer's outputs of
    // the data below (3 x 1,500 x 32 floats for the MLP, 56 KiB per image for
    // LeNet-5): they are recomputed per chunk instead of held for the surface.
    s.memoryBudgetMiB = cacheFirstLayer ? 1024 : 1;
    return s;
}

// LibTorch's intra-op threads of this thread, which the fast forward's
// workers follow, set for a scope.
class IntraOpThreads {
  public:
    explicit IntraOpThreads(int n) : previous_(at::get_num_threads()) { at::set_num_threads(n); }
    ~IntraOpThreads() { at::set_num_threads(previous_); }
    IntraOpThreads(const IntraOpThreads&) = delete;
    IntraOpThreads& operator=(const IntraOpThreads&) = delete;

  private:
    int previous_;
};

bool blasThreadsCanBeLimited() {
    return fastForwardBlas().rfind("a BLAS other than OpenBLAS", 0) != 0;
}

// The fast forward's grid with this many intra-op threads.
LandscapeResult fastGrid(const model::Model& m, const LandscapeDirections& d,
                         const EvaluationData& data, const LandscapeSettings& s, int threads) {
    const IntraOpThreads scope(threads);
    auto result = makeEmptyResult(s);
    const GridEvaluator evaluator(m, d, data, s, DeviceKind::Cpu, CpuForward::Auto);
    if (!evaluator.usesFastForward())
        throw std::runtime_error("the fast forward was not chosen");
    fillGrid(evaluator, result, {});
    return result;
}

bool sameBits(const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

// Fast and LibTorch grids; both engines batched. Returns the fast evaluator's choice.
void compareWithLibTorch(const model::Model& m, const LandscapeDirections& d,
                         const EvaluationData& data, const LandscapeSettings& s) {
    auto fast = makeEmptyResult(s), reference = makeEmptyResult(s);
    const GridEvaluator fastEvaluator(m, d, data, s, DeviceKind::Cpu, CpuForward::Auto);
    QVERIFY(fastEvaluator.usesFastForward());
    QCOMPARE(fastEvaluator.firstLayerCached(), s.memoryBudgetMiB > 1);
    fillGrid(fastEvaluator, fast, {});
    LandscapeSettings referenceSettings = s;
    referenceSettings.memoryBudgetMiB = 1024;
    const GridEvaluator libTorch(m, d, data, referenceSettings, DeviceKind::Cpu,
                                 CpuForward::LibTorch);
    QVERIFY(!libTorch.usesFastForward());
    fillGrid(libTorch, reference, {});
    const double n = static_cast<double>(data.labels.size(0));
    for (std::size_t i = 0; i < fast.loss.size(); ++i) {
        // float32 forwards in another summation order: a few float eps
        // (1.2e-7) relative per layer, far inside 1e-5.
        const double relative =
            std::abs(fast.loss[i] - reference.loss[i]) / std::abs(reference.loss[i]);
        QVERIFY2(relative < 1e-5, qPrintable(QString("point %1: loss %2 vs %3")
                                                 .arg(i)
                                                 .arg(fast.loss[i], 0, 'g', 12)
                                                 .arg(reference.loss[i], 0, 'g', 12)));
        // Accuracy is a count over n samples: equal argmaxes give equal counts
        // (a flip would be 1/n, far more than 1e-5).
        QVERIFY2(std::abs(fast.accuracy[i] - reference.accuracy[i]) < 1e-5 / n + 1e-12,
                 qPrintable(QString("point %1: accuracy %2 vs %3")
                                .arg(i)
                                .arg(fast.accuracy[i])
                                .arg(reference.accuracy[i])));
    }
    // The slice is not flat: the comparison covers different networks.
    QVERIFY(reference.lossMax() - reference.lossMin() > 1e-3);
}

}  // namespace

class TestFastGridForward : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void mlpEqualsLibTorch_data() {
        QTest::addColumn<QString>("widths");
        QTest::addColumn<QString>("activation");
        QTest::addColumn<double>("dropout");
        QTest::addColumn<bool>("filterNorm");
        QTest::addColumn<bool>("float16");
        QTest::addColumn<bool>("cache");
        QTest::newRow("2-32-32-2 relu, filter") << "2,32,32,2"
                                                << "relu" << 0.0 << true << false << true;
        QTest::newRow("2-32-32-2 relu, plain, per chunk")
            << "2,32,32,2"
            << "relu" << 0.0 << false << false << false;
        QTest::newRow("2-16-8-3 tanh, float16") << "2,16,8,3"
                                                << "tanh" << 0.0 << true << true << true;
        QTest::newRow("2-24-2 gelu, plain, float16") << "2,24,2"
                                                     << "gelu" << 0.0 << false << true << true;
        QTest::newRow("2-48-12-12-2 silu, dropout 0.2, per chunk")
            << "2,48,12,12,2"
            << "silu" << 0.2 << true << false << false;
        QTest::newRow("2-2 one linear layer") << "2,2"
                                              << "relu" << 0.0 << true << false << true;
    }
    void mlpEqualsLibTorch() {
        QFETCH(QString, widths);
        QFETCH(QString, activation);
        QFETCH(double, dropout);
        QFETCH(bool, filterNorm);
        QFETCH(bool, float16);
        QFETCH(bool, cache);
        model::MlpConfig config;
        config.widths.clear();
        for (const auto& w : widths.split(','))
            config.widths.push_back(w.toLongLong());
        config.activation = model::parseActivation(activation.toStdString());
        config.dropout = dropout;
        const model::MlpModel m(config);
        // 1,500 samples: chunks of 512 rows (fewer for wide layers), the last one short.
        auto data = moonsData(1500);
        data.labels = data.labels.remainder(config.widths.back());
        auto centre = m.initialParameters(3);
        if (float16)
            centre = asFloat16Member(centre);
        const auto d =
            directionsAround(centre, filterNorm ? Normalization::Filter : Normalization::None);
        compareWithLibTorch(m, d, data, gridSettings(cache));
    }

    void lenetEqualsLibTorch_data() {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("classes");
        QTest::addColumn<bool>("filterNorm");
        QTest::addColumn<bool>("float16");
        QTest::addColumn<bool>("cache");
        QTest::addColumn<bool>("manyPoints");
        QTest::newRow("1 channel, filter") << 1 << 10 << true << false << true << false;
        QTest::newRow("1 channel, plain, float16, per chunk")
            << 1 << 10 << false << true << false << false;
        QTest::newRow("3 channels, 5 classes, float16") << 3 << 5 << true << true << true << false;
        QTest::newRow("1 channel, 21 points per forward")
            << 1 << 10 << true << false << true << true;
    }
    void lenetEqualsLibTorch() {
        QFETCH(int, channels);
        QFETCH(int, classes);
        QFETCH(bool, filterNorm);
        QFETCH(bool, float16);
        QFETCH(bool, cache);
        QFETCH(bool, manyPoints);
        const model::LeNet5Model m({channels, classes});
        // 70 images: a chunk of 64 and a short one (conv2 steps of 4 and 2).
        at::manual_seed(9);
        const EvaluationData data{
            at::randn({70, channels, 28, 28}), at::randint(0, classes, {70}, at::kLong), {}};
        auto centre = m.initialParameters(4);
        if (float16)
            centre = asFloat16Member(centre);
        const auto d =
            directionsAround(centre, filterNorm ? Normalization::Filter : Normalization::None);
        compareWithLibTorch(m, d, data, gridSettings(cache, manyPoints));
    }

    // conv1's pooling: relu(max over each 2 x 2 window of centre + a x + b y),
    // NaN when any of the four is NaN. The NaN sits in a window's top-left
    // corner, which a plain maximum would drop.
    void lenetConv1PoolingKeepsNan() {
        using namespace lenet;
        std::vector<float> basis(static_cast<std::size_t>(3 * kC1 * kPixels));
        for (std::size_t i = 0; i < basis.size(); ++i)
            basis[i] = static_cast<float>(3.0 * std::sin(0.37 * static_cast<double>(i)));
        basis[2 * kPixels + 4 * kSide + 6] = std::nanf("");  // centre, channel 2, pixel (4, 6)
        const float a = 0.6f, b = -1.3f;
        std::vector<float> out(static_cast<std::size_t>(kC1 * kPool1 * kPool1));
        poolConv1(basis.data(), kPixels, a, b, out.data());
        int nans = 0;
        for (std::int64_t ch = 0; ch < kC1; ++ch)
            for (std::int64_t py = 0; py < kPool1; ++py)
                for (std::int64_t px = 0; px < kPool1; ++px) {
                    double expected = -INFINITY;
                    bool nan = false;
                    for (std::int64_t q : {0L, 1L, kSide, kSide + 1}) {
                        q += 2 * py * kSide + 2 * px + ch * kPixels;
                        const float v = basis[q] + a * basis[kC1 * kPixels + q] +
                                        b * basis[2 * kC1 * kPixels + q];
                        nan = nan || std::isnan(v);
                        expected = std::max(expected, static_cast<double>(v));
                    }
                    const float got = out[(ch * kPool1 + py) * kPool1 + px];
                    if (nan) {
                        QVERIFY(std::isnan(got));
                        ++nans;
                        continue;
                    }
                    QVERIFY(std::abs(got - std::max(expected, 0.0)) <= 1e-6 * std::abs(expected));
                }
        QCOMPARE(nans, 1);
        QVERIFY(std::isnan(out[(2 * kPool1 + 2) * kPool1 + 3]));
    }

    // conv2's pooling: relu(max over each window + bias), flattened per image.
    void lenetConv2PoolingKeepsNan() {
        using namespace lenet;
        const std::int64_t step = 2, ld = step * kOut2 * kOut2;
        std::vector<float> conv(static_cast<std::size_t>(kC2 * ld)), bias(kC2);
        for (std::size_t i = 0; i < conv.size(); ++i)
            conv[i] = static_cast<float>(2.0 * std::cos(0.53 * static_cast<double>(i)));
        for (std::int64_t ch = 0; ch < kC2; ++ch)
            bias[ch] = 0.1f * static_cast<float>(ch) - 0.8f;
        // Channel 5, image 1, conv position (2, 4): top-left of pooled (1, 2).
        conv[5 * ld + kOut2 * kOut2 + 2 * kOut2 + 4] = std::nanf("");
        std::vector<float> flat(static_cast<std::size_t>(step * kFlat));
        poolConv2(conv.data(), ld, step, bias.data(), flat.data());
        int nans = 0;
        for (std::int64_t i = 0; i < step; ++i)
            for (std::int64_t ch = 0; ch < kC2; ++ch)
                for (std::int64_t py = 0; py < kPool2; ++py)
                    for (std::int64_t px = 0; px < kPool2; ++px) {
                        double expected = -INFINITY;
                        bool nan = false;
                        for (std::int64_t q : {0L, 1L, kOut2, kOut2 + 1}) {
                            const float v =
                                conv[ch * ld + i * kOut2 * kOut2 + 2 * py * kOut2 + 2 * px + q];
                            nan = nan || std::isnan(v);
                            expected = std::max(expected, static_cast<double>(v));
                        }
                        const float got = flat[i * kFlat + (ch * kPool2 + py) * kPool2 + px];
                        if (nan) {
                            QVERIFY(std::isnan(got));
                            ++nans;
                            continue;
                        }
                        const double want = std::max(expected + bias[ch], 0.0);
                        QVERIFY(std::abs(got - want) <= 1e-6 * (1.0 + std::abs(want)));
                    }
        QCOMPARE(nans, 1);
        QVERIFY(std::isnan(flat[kFlat + (5 * kPool2 + 1) * kPool2 + 2]));
    }

    // The MLP's fused layer against sums in double: widths that take every
    // path (three rows by 32, two rows, eight rows by a partial register, an
    // odd last row), ReLU keeping a NaN and leaving -0.5 as 0.
    void mlpDenseLayerMatchesItsDefinition_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("inputs");
        QTest::addColumn<int>("outputs");
        QTest::addColumn<bool>("relu");
        QTest::newRow("11 x 32 -> 32, relu") << 11 << 32 << 32 << true;
        QTest::newRow("7 x 5 -> 3") << 7 << 5 << 3 << false;
        QTest::newRow("17 x 9 -> 2") << 17 << 9 << 2 << false;
        QTest::newRow("9 x 12 -> 45, relu") << 9 << 12 << 45 << true;
        QTest::newRow("4 x 3 -> 16") << 4 << 3 << 16 << false;
    }
    void mlpDenseLayerMatchesItsDefinition() {
        QFETCH(int, rows);
        QFETCH(int, inputs);
        QFETCH(int, outputs);
        QFETCH(bool, relu);
        if (!mlp::denseCovers(outputs))
            QSKIP("no AVX2 and FMA on this CPU: the MLP's layers use cblas");
        std::vector<float> src(static_cast<std::size_t>(rows * inputs));
        std::vector<float> wt(static_cast<std::size_t>(inputs * outputs)), bias(outputs);
        for (std::size_t i = 0; i < src.size(); ++i)
            src[i] = static_cast<float>(std::sin(0.7 * static_cast<double>(i) + 0.3));
        for (std::size_t i = 0; i < wt.size(); ++i)
            wt[i] = static_cast<float>(std::cos(1.3 * static_cast<double>(i)));
        for (int o = 0; o < outputs; ++o)
            bias[o] = 0.25f * static_cast<float>(o % 5) - 0.5f;
        if (relu)
            src[1 * inputs + 2] = std::nanf("");  // row 1 is NaN throughout
        // Guards after the output catch a write past its end.
        std::vector<float> dst(static_cast<std::size_t>(rows * outputs + 8), 123.0f);
        mlp::dense(src.data(), rows, inputs, wt.data(), outputs, bias.data(), relu, dst.data());
        for (int r = 0; r < rows; ++r)
            for (int o = 0; o < outputs; ++o) {
                double want = bias[o];
                for (int i = 0; i < inputs; ++i)
                    want += static_cast<double>(src[r * inputs + i]) * wt[i * outputs + o];
                const float got = dst[r * outputs + o];
                if (relu && r == 1) {
                    QVERIFY(std::isnan(got));
                    continue;
                }
                if (relu)
                    want = std::max(want, 0.0);
                QVERIFY2(
                    std::abs(got - want) <= 1e-5 * (1.0 + std::abs(want)),
                    qPrintable(
                        QString("row %1, output %2: %3 vs %4").arg(r).arg(o).arg(got).arg(want)));
            }
        for (std::size_t i = rows * outputs; i < dst.size(); ++i)
            QCOMPARE(dst[i], 123.0f);
    }

    // Three workers take the chunks at once: the first chunk each takes waits
    // until all three have one, which only three threads running together
    // can pass (fewer would wait for ever, ended by CTest's timeout).
    void chunksRunOnSeveralWorkersAtOnce() {
        if (!blasThreadsCanBeLimited())
            QSKIP("not OpenBLAS: the chunks run on the calling thread");
        const IntraOpThreads scope(3);
        QCOMPARE(cpu::chunkWorkers(8), 3);
        QCOMPARE(cpu::chunkWorkers(2), 2);  // at most one worker per chunk
        std::mutex mutex;
        std::condition_variable allThere;
        int arrived = 0;
        std::vector<std::thread::id> ids(8);
        struct Scratch {
            int chunksDone = 0;
        };
        const int workers = cpu::forEachChunk<Scratch>(8, [&](std::int64_t c, Scratch& s) {
            ids[c] = std::this_thread::get_id();
            if (s.chunksDone++ == 0) {
                std::unique_lock<std::mutex> lock(mutex);
                ++arrived;
                allThere.notify_all();
                allThere.wait(lock, [&] { return arrived >= 3; });
            }
        });
        QCOMPARE(workers, 3);
        QCOMPARE(arrived, 3);
        QCOMPARE(std::set<std::thread::id>(ids.begin(), ids.end()).size(), std::size_t(3));
        // A chunk's exception reaches the caller; the other workers stop.
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 cpu::forEachChunk<Scratch>(8, [](std::int64_t c, Scratch&) {
                                     if (c == 5)
                                         throw std::runtime_error("chunk 5");
                                 }));
    }

    // Each chunk is computed whole by one worker and the sums are added in
    // chunk order: 1 worker and 3 give the same grid, bit for bit, and both
    // match LibTorch. The MLP's 1,500 points are 3 chunks, LeNet-5's 200
    // images 4 (the last one short).
    void sameGridOnAnyNumberOfWorkers() {
        const model::MlpModel mlp(model::MlpConfig{{2, 32, 32, 2}});
        const auto moons = moonsData(1500);
        const auto mlpDirections =
            directionsAround(mlp.initialParameters(3), Normalization::Filter);
        const model::LeNet5Model lenet;
        at::manual_seed(12);
        const EvaluationData images{at::randn({200, 1, 28, 28}), at::randint(0, 10, {200}), {}};
        const auto lenetDirections =
            directionsAround(lenet.initialParameters(4), Normalization::Filter);
        for (const bool cache : {true, false}) {
            const auto s = gridSettings(cache);
            const auto mlp1 = fastGrid(mlp, mlpDirections, moons, s, 1);
            const auto mlp3 = fastGrid(mlp, mlpDirections, moons, s, 3);
            QVERIFY(sameBits(mlp1.loss, mlp3.loss));
            QVERIFY(sameBits(mlp1.accuracy, mlp3.accuracy));
            const auto lenet1 = fastGrid(lenet, lenetDirections, images, s, 1);
            const auto lenet3 = fastGrid(lenet, lenetDirections, images, s, 3);
            QVERIFY(sameBits(lenet1.loss, lenet3.loss));
            QVERIFY(sameBits(lenet1.accuracy, lenet3.accuracy));
        }
        const IntraOpThreads scope(3);
        compareWithLibTorch(mlp, mlpDirections, moons, gridSettings(true));
        compareWithLibTorch(lenet, lenetDirections, images, gridSettings(false));
    }

    void otherModelsAndEnginesUseLibTorch() {
        LandscapeSettings s = gridSettings(true);
        // ResNet-20: not covered.
        const model::CifarResNetModel resnet({});
        at::manual_seed(1);
        const EvaluationData images{at::randn({4, 3, 32, 32}), at::randint(0, 10, {4}), {}};
        const auto resnetDirections =
            directionsAround(resnet.initialParameters(0), Normalization::Filter);
        QVERIFY(
            !GridEvaluator(resnet, resnetDirections, images, s, DeviceKind::Cpu).usesFastForward());
        {
            // There LibTorch's batched forward runs the naive engine's forwards,
            // one point per intra-op thread side by side, so the budget holds
            // two batches: the naive engine's batch is 100 (32 MiB of 49,408
            // activation floats per image, then 127 for the CPU: 2 x 100 of
            // 200 images), the batched engine's 67 (84 per worker: 3 x 67).
            const IntraOpThreads two(2);
            LandscapeSettings small = s;
            small.memoryBudgetMiB = 32;
            small.pointsPerForward = 0;
            const EvaluationData many{at::randn({200, 3, 32, 32}), at::randint(0, 10, {200}), {}};
            small.engine = Engine::Naive;
            const GridEvaluator naive(resnet, resnetDirections, many, small, DeviceKind::Cpu);
            small.engine = Engine::Batched;
            const GridEvaluator batched(resnet, resnetDirections, many, small, DeviceKind::Cpu);
            QCOMPARE(naive.batchSize(), 100);
            QCOMPARE(batched.sideBySideWorkers(), 2);
            QCOMPARE(batched.batchSize(), 67);
            // 3 points per worker: 200 x 49,408 floats is 9.9M, 32M / 9.9M = 3.
            QCOMPARE(batched.pointsPerForward(), 6);
        }
        // A TorchScript LeNet-5: same layers, but not the built-in.
        const model::TorchScriptModel traced(MODESCAPE_FIXTURES_DIR "/models/lenet5_traced.pt");
        const model::LeNet5Model lenet;
        const auto lenetDirections =
            directionsAround(lenet.initialParameters(0), Normalization::Filter);
        const auto lenetData = landscape_test::lenetData(4);
        const GridEvaluator tracedEvaluator(traced, lenetDirections, lenetData, s, DeviceKind::Cpu);
        QVERIFY(!tracedEvaluator.usesFastForward());
        // Its forwards take turns (the module's attributes are swapped per forward).
        QCOMPARE(tracedEvaluator.sideBySideWorkers(), 1);
        QVERIFY(
            GridEvaluator(lenet, lenetDirections, lenetData, s, DeviceKind::Cpu).usesFastForward());
        // The naive engine is the reference algorithm: always LibTorch.
        s.engine = Engine::Naive;
        QVERIFY(!GridEvaluator(lenet, lenetDirections, lenetData, s, DeviceKind::Cpu)
                     .usesFastForward());
        s.engine = Engine::Batched;
        // float16 weights (not converted): LibTorch reports the mismatch itself.
        auto half = lenetDirections;
        half.center = half.center.to(at::kHalf);
        QVERIFY(!GridEvaluator(lenet, half, lenetData, s, DeviceKind::Cpu).usesFastForward());
        // Weights of another shape: LibTorch's path gives its message.
        const model::MlpModel mlp(model::MlpConfig{{2, 32, 32, 2}});
        const model::MlpModel wider(model::MlpConfig{{2, 64, 2}});
        const auto wrong = directionsAround(wider.initialParameters(0), Normalization::Filter);
        QVERIFY(!GridEvaluator(mlp, wrong, moonsData(), s, DeviceKind::Cpu).usesFastForward());
    }
};

QTEST_GUILESS_MAIN(TestFastGridForward)
#include "TestFastGridForward.moc"

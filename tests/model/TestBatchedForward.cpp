// The batched-weights path (K weight sets in one grouped forward) against K
// separate single forwards, for every built-in. The grouped kernels are forced
// here: on the CPU, BatchedKernels::Auto would run the per-set loop.

#include <QtTest>

#include <ATen/ATen.h>

#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/model/ModelFactory.h"

using namespace modescape;
using namespace modescape::model;
using nlohmann::json;

namespace {

// K different weight sets; BatchNorm statistics and affine parameters moved
// off their initial values so that the batched BatchNorm is really exercised.
std::vector<ParameterSet> weightSets(const BuiltinModel& model, int k) {
    std::vector<ParameterSet> sets;
    for (int i = 0; i < k; ++i) {
        auto p = model.initialParameters(100 + i);
        at::manual_seed(500 + i);
        for (const auto& e : p.entries()) {
            const auto& n = e.name;
            if (n.ends_with("running_mean") || n.ends_with(".bias") || n.ends_with(".beta"))
                p.set(n, e.tensor + 0.1 * at::randn(e.tensor.sizes()));
            else if (n.ends_with("running_var") ||
                     (n.ends_with(".weight") && e.tensor.dim() == 1) || n.ends_with(".gamma"))
                p.set(n, e.tensor * (0.5 + at::rand(e.tensor.sizes())));
            else if (n.ends_with(".tau"))
                p.set(n, e.tensor - 0.3 + 0.1 * at::randn(e.tensor.sizes()));
        }
        sets.push_back(p);
    }
    return sets;
}

// max |batched - singles| relative to max |singles|.
ForwardOptions groupedKernels() {
    ForwardOptions options;
    options.batchedKernels = ForwardOptions::BatchedKernels::Grouped;
    return options;
}

double batchedError(const BuiltinModel& model, const at::Tensor& x, int k) {
    auto sets = weightSets(model, k);
    std::vector<at::Tensor> singles;
    for (const auto& s : sets)
        singles.push_back(model.forward(s, x));
    auto expected = at::stack(singles);
    auto batched = model.forwardBatched(ParameterSet::stack(sets), x, groupedKernels());
    if (batched.sizes() != expected.sizes())
        return INFINITY;
    return (batched - expected).abs().max().item<double>() /
           std::max(1.0, expected.abs().max().item<double>());
}

}  // namespace

class TestBatchedForward : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void batchedEqualsSingles_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("args");
        QTest::addColumn<int>("k");
        struct Case {
            const char* label;
            const char* name;
            const char* args;
        };
        for (auto c : {Case{"mlp", "mlp", R"({"widths":[2,32,32,2]})"},
                       Case{"mlp-tanh-bias3", "mlp", R"({"widths":[5,7,3],"activation":"tanh"})"},
                       Case{"lenet5", "lenet5", "{}"},
                       Case{"resnet20-bn", "resnet20", R"({"num_classes":10})"},
                       Case{"resnet20-frn", "resnet20", R"({"norm":"frn"})"}})
            for (int k : {1, 3, 7})
                QTest::newRow((std::string(c.label) + " K=" + std::to_string(k)).c_str())
                    << c.name << c.args << k;
    }

    void batchedEqualsSingles() {
        QFETCH(QString, name);
        QFETCH(QString, args);
        QFETCH(int, k);
        auto model = makeBuiltinModel(name.toStdString(), json::parse(args.toStdString()));
        at::manual_seed(1);
        at::Tensor x;
        if (name == "mlp")
            x = at::randn({13, model->parameterSpec().front().info.shape[1]});
        else if (name == "lenet5")
            x = at::randn({5, 1, 28, 28});
        else
            x = at::randn({3, 3, 12, 12});
        double err = batchedError(*model, x, k);
        qInfo("%s K=%d: max relative difference %.3g", qPrintable(name), k, err);
        QVERIFY(err < 1e-5);
    }

    void batchedShapeIsKByNByClasses() {
        auto model = makeBuiltinModel("lenet5", json::parse(R"({"num_classes":6})"));
        auto sets = weightSets(*model, 4);
        for (auto kernels :
             {ForwardOptions::BatchedKernels::Grouped, ForwardOptions::BatchedKernels::Auto}) {
            ForwardOptions options;
            options.batchedKernels = kernels;
            auto y = model->forwardBatched(ParameterSet::stack(sets), at::randn({9, 1, 28, 28}),
                                           options);
            QCOMPARE(y.sizes().vec(), (std::vector<std::int64_t>{4, 9, 6}));
        }
    }

    void inconsistentKIsRejected() {
        auto model = makeBuiltinModel("mlp", json::object());
        auto batched = ParameterSet::stack(weightSets(*model, 3));
        batched.set("2.bias", batched.at("2.bias").narrow(0, 0, 2));
        QVERIFY_THROWS_EXCEPTION(ShapeMismatch, model->forwardBatched(batched, at::randn({4, 2})));
        QVERIFY_THROWS_EXCEPTION(
            ShapeMismatch, model->forwardBatched(model->initialParameters(1), at::randn({4, 2})));
    }

    void defaultBatchedLoopMatchesToo() {
        // Model::forwardBatched (the loop TorchScript models use) on a built-in.
        auto model = makeBuiltinModel("mlp", json::object());
        auto sets = weightSets(*model, 3);
        auto x = at::randn({6, 2});
        auto viaLoop = model->Model::forwardBatched(ParameterSet::stack(sets), x);
        auto grouped = model->forwardBatched(ParameterSet::stack(sets), x, groupedKernels());
        QVERIFY((viaLoop - grouped).abs().max().item<double>() < 1e-5);
    }

    void groupedTrainModeBatchNormUpdatesLikeSeparateSets() {
        // The grouped BatchNorm in train mode must update each set's running
        // statistics exactly as K separate train-mode forwards do.
        auto model = makeBuiltinModel("resnet20", json::object());
        auto grouped = ParameterSet::stack(weightSets(*model, 3)).clone();
        auto perSet = grouped.clone();
        at::manual_seed(3);
        auto x = at::randn({6, 3, 12, 12});
        ForwardOptions train = groupedKernels();
        train.trainBatchNorm = true;
        auto yGrouped = model->forwardBatched(grouped, x, train);
        train.batchedKernels = ForwardOptions::BatchedKernels::PerWeightSet;
        auto yPerSet = model->forwardBatched(perSet, x, train);
        QVERIFY((yGrouped - yPerSet).abs().max().item<double>() < 1e-4);
        double worst = 0;
        const ParameterSet groupedBuffers = grouped.buffers();
        for (const auto& e : groupedBuffers.entries())
            worst = std::max(worst, (e.tensor.to(at::kDouble) - perSet.at(e.name).to(at::kDouble))
                                        .abs()
                                        .max()
                                        .item<double>());
        QVERIFY2(worst < 1e-5, qPrintable(QString::number(worst)));
    }
};

QTEST_APPLESS_MAIN(TestBatchedForward)
#include "TestBatchedForward.moc"

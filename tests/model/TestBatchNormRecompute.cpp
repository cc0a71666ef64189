// BatchNorm running statistics recomputed with PyTorch's momentum=None rule:
// a hand-worked case, and real PyTorch recomputations.

#include <QtTest>

#include <ATen/ATen.h>

#include <nlohmann/json.hpp>

#include "FixtureTensors.h"
#include "core/common/Error.h"
#include "core/model/BatchNormRecompute.h"
#include "core/model/CifarResNet.h"
#include "core/model/ModelFactory.h"
#include "core/model/TorchScriptModel.h"

using namespace modescape;
using namespace modescape::model;
using nlohmann::json;

namespace {

// Max |a - b| over every BatchNorm buffer the reference holds.
double bufferError(const ParameterSet& got, const ParameterSet& reference) {
    double err = 0.0;
    for (const auto& e : reference.entries()) {
        if (e.name == "batches")
            continue;
        err = std::max(
            err,
            (got.at(e.name).to(at::kDouble) - e.tensor.to(at::kDouble)).abs().max().item<double>());
    }
    return err;
}

}  // namespace

class TestBatchNormRecompute : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void handWorkedStemStatistics() {
        // ResNet-20 whose stem conv copies input channels 0 and 1 to output
        // channels 0 and 1 (centre tap 1, everything else 0). Six 3x4x4 images,
        // image i constant: channel 0 = a_i, channel 1 = b_i; batches {0,1,2}, {3,4,5}.
        //   a = 1 2 3 | 4 6 8: batch means 2 and 6; each value repeats 16 times,
        //   n = 48: unbiased vars 16*(1+0+1)/47 = 32/47 and 16*(4+0+4)/47 = 128/47.
        //   running_mean = (2 + 6) / 2 = 4, running_var = (32 + 128) / 47 / 2 = 80/47.
        //   b = 0 0 0 | 1 1 1: means 0 and 1, vars 0: running_mean 0.5, running_var 0.
        CifarResNetModel model({});
        auto p = model.initialParameters(1);
        auto w = at::zeros({16, 3, 3, 3});
        w.index_put_({0, 0, 1, 1}, 1.0);
        w.index_put_({1, 1, 1, 1}, 1.0);
        p.set("conv1.weight", w);
        p.set("bn1.running_mean", at::full({16}, 7.0));  // stale values, must be replaced
        p.set("bn1.running_var", at::full({16}, 9.0));
        std::vector<double> a{1, 2, 3, 4, 6, 8}, b{0, 0, 0, 1, 1, 1};
        auto images = at::zeros({6, 3, 4, 4});
        for (int i = 0; i < 6; ++i) {
            images[i][0].fill_(a[i]);
            images[i][1].fill_(b[i]);
            images[i][2].fill_(100.0 * i);  // not copied by the stem: must not matter
        }
        std::vector<at::Tensor> batches{images.narrow(0, 0, 3), images.narrow(0, 3, 3)};
        auto out = recomputeBatchNorm(model, p, batches, JobContext{});
        auto mean = out.at("bn1.running_mean"), var = out.at("bn1.running_var");
        QVERIFY(std::abs(mean[0].item<double>() - 4.0) < 1e-6);
        QVERIFY(std::abs(var[0].item<double>() - 80.0 / 47.0) < 1e-6);
        QVERIFY(std::abs(mean[1].item<double>() - 0.5) < 1e-6);
        QVERIFY(std::abs(var[1].item<double>()) < 1e-6);
        QVERIFY(mean.narrow(0, 2, 14).abs().max().item<double>() < 1e-7);
        QCOMPARE(out.at("bn1.num_batches_tracked").item<std::int64_t>(), std::int64_t(2));
        // The caller's set is untouched.
        QCOMPARE(p.at("bn1.running_mean")[0].item<double>(), 7.0);
        QCOMPARE(p.at("bn1.num_batches_tracked").item<std::int64_t>(), std::int64_t(0));
    }

    void resnet20MatchesPyTorchMomentumNone() {
        auto model = makeBuiltinModel("resnet20", json::object());
        auto weights = test::readFixture("resnet20_bn.safetensors");
        auto reference = test::readFixture("resnet20_bn_recomputed.safetensors");
        auto all = reference.at("batches");
        std::vector<at::Tensor> batches{all.narrow(0, 0, 4), all.narrow(0, 4, 4)};
        int reports = 0;
        JobContext job;
        job.progress = [&](double, const std::string&) { ++reports; };
        auto out = recomputeBatchNorm(*model, weights, batches, job);
        double err = bufferError(out, reference);
        qInfo("resnet20: max |recomputed - PyTorch| = %.3g", err);
        QVERIFY(err < 1e-4);
        QCOMPARE(reports, 2);
        // The recomputed statistics differ from the stored ones.
        QVERIFY((out.at("layer3.2.bn2.running_mean") - weights.at("layer3.2.bn2.running_mean"))
                    .abs()
                    .max()
                    .item<double>() > 1e-3);
    }

    void batchedRecomputeEqualsSingles() {
        auto model = makeBuiltinModel("resnet20", json::object());
        auto p0 = model->initialParameters(1), p1 = model->initialParameters(2);
        at::manual_seed(3);
        std::vector<at::Tensor> batches{at::randn({4, 3, 8, 8}), at::randn({4, 3, 8, 8})};
        auto single0 = recomputeBatchNorm(*model, p0, batches, JobContext{});
        auto single1 = recomputeBatchNorm(*model, p1, batches, JobContext{});
        auto batched =
            recomputeBatchNorm(*model, ParameterSet::stack({p0, p1}), batches, JobContext{});
        QVERIFY(bufferError(batched.select(0), single0.buffers()) < 1e-5);
        QVERIFY(bufferError(batched.select(1), single1.buffers()) < 1e-5);
    }

    void torchScriptMatchesPyTorchMomentumNone() {
        // The archive's BatchNorms have momentum 0.1 baked in; the generic path
        // measures it and still produces the momentum=None statistics.
        TorchScriptModel model(test::modelFixture("bn_net_scripted.pt"));
        QVERIFY(model.hasBatchNorm());
        auto reference = test::readFixture("bn_net_recomputed.safetensors");
        auto all = reference.at("batches");
        std::vector<at::Tensor> batches{all[0], all[1], all[2]};
        auto stored = model.storedParameters();
        auto out = recomputeBatchNorm(model, stored, batches, JobContext{});
        double err = bufferError(out, reference);
        qInfo("torchscript: max |recomputed - PyTorch| = %.3g", err);
        QVERIFY(err < 1e-4);
        QCOMPARE(out.at("bn2.num_batches_tracked").item<std::int64_t>(), std::int64_t(3));
        // The archive itself is back in eval mode with its own statistics.
        QVERIFY(model.storedParameters().at("bn.running_mean").equal(stored.at("bn.running_mean")));
    }

    void cancellationAndNoBatches() {
        auto model = makeBuiltinModel("resnet20", json::object());
        auto p = model->initialParameters(1);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, recomputeBatchNorm(*model, p, {}, JobContext{}));
        JobContext job;
        job.cancel.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 recomputeBatchNorm(*model, p, {at::randn({2, 3, 4, 4})}, job));
        // No BatchNorm: the weights come back unchanged.
        auto mlp = makeBuiltinModel("mlp", json::object());
        auto w = mlp->initialParameters(1);
        auto same = recomputeBatchNorm(*mlp, w, {at::randn({2, 2})}, JobContext{});
        QVERIFY(same.at("0.weight").equal(w.at("0.weight")));
    }
};

QTEST_APPLESS_MAIN(TestBatchNormRecompute)
#include "TestBatchNormRecompute.moc"

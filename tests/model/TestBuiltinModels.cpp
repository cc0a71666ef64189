// Built-in architectures against real PyTorch: state dicts written by
// tests/fixtures/models/generate_model_fixtures.py load with no missing or
// unexpected key and give PyTorch's logits.

#include <QtTest>

#include <ATen/ATen.h>

#include <cmath>
#include <fstream>

#include <nlohmann/json.hpp>

#include "FixtureTensors.h"
#include "core/common/Error.h"
#include "core/model/CifarResNet.h"
#include "core/model/Evaluate.h"
#include "core/model/LeNet5.h"
#include "core/model/Mlp.h"
#include "core/model/ModelFactory.h"

using namespace modescape;
using namespace modescape::model;
using nlohmann::json;

namespace {

double maxAbsDiff(const at::Tensor& a, const at::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

// Loads weights + io fixture, checks that the state dict matches the spec with
// no missing or unexpected key, and returns the max logit error (relative to the
// largest logit magnitude when relative).
double logitError(const Model& model, const std::string& stem, bool relative) {
    auto weights = test::readFixture(stem + ".safetensors");
    auto match = matchSpec(model.parameterSpec(), weights);
    if (!match.ok()) {
        qWarning("%s: %s", stem.c_str(), match.describe().c_str());
        return INFINITY;
    }
    auto io = test::readFixture(stem + "_io.safetensors");
    auto logits = model.forward(weights, io.at("input"));
    const auto& expected = io.at("logits");
    if (logits.sizes() != expected.sizes())
        return INFINITY;
    double err = maxAbsDiff(logits, expected);
    return relative ? err / expected.abs().max().item<double>() : err;
}

}  // namespace

class TestBuiltinModels : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void mlpReluMatchesPyTorch() {
        auto model = makeBuiltinModel("mlp", json::parse(R"({"widths":[2,32,32,2]})"));
        QCOMPARE(model->parameterSpec().size(), std::size_t(6));
        QCOMPARE(model->parameterSpec()[2].info.name, std::string("2.weight"));
        QVERIFY(logitError(*model, "mlp_relu", false) < 1e-5);
    }

    void mlpDropoutNamesAndGelu() {
        auto model = makeBuiltinModel(
            "mlp", json::parse(R"({"widths":[3,16,8,4],"activation":"gelu","dropout":0.25})"));
        // Linear, GELU, Dropout per hidden layer: linears at 0, 3, 6.
        std::vector<std::string> names;
        for (const auto& s : model->parameterSpec())
            names.push_back(s.info.name);
        QCOMPARE(names, (std::vector<std::string>{"0.weight", "0.bias", "3.weight", "3.bias",
                                                  "6.weight", "6.bias"}));
        QVERIFY(logitError(*model, "mlp_gelu_dropout", false) < 1e-5);
    }

    void lenet5MatchesPyTorch() {
        auto model = makeBuiltinModel("lenet5", json::object());
        QVERIFY(logitError(*model, "lenet5", false) < 1e-5);
    }

    void resnet20BatchNormMatchesPyTorch() {
        auto model = makeBuiltinModel("resnet20", json::parse(R"({"num_classes":10})"));
        QCOMPARE(model->parameterSpec().size(), std::size_t(128));
        QVERIFY(model->hasBatchNorm());
        double err = logitError(*model, "resnet20_bn", true);
        qInfo("resnet20 bn: relative logit error %.3g", err);
        QVERIFY(err < 1e-4);
    }

    void resnet20FrnSiluMatchesPyTorch() {
        auto model = makeBuiltinModel("resnet20", json::parse(R"({"norm":"frn"})"));
        QVERIFY(!model->hasBatchNorm());
        QCOMPARE(model->describe(),
                 std::string("resnet20 (norm frn, activation silu, 10 classes)"));
        double err = logitError(*model, "resnet20_frn", true);
        qInfo("resnet20 frn: relative logit error %.3g", err);
        QVERIFY(err < 1e-4);
    }

    void resnet18NamesAndShapesMatchPyTorch() {
        std::ifstream in(test::modelFixture("resnet18_spec.json"));
        auto specs = json::parse(in);
        std::map<std::string, json> args{
            {"resnet18_bn", json::parse(R"({"num_classes":7})")},
            {"resnet18_bn_convbias", json::parse(R"({"num_classes":7,"conv_bias":true})")},
            {"resnet18_frn", json::parse(R"({"num_classes":7,"norm":"frn"})")}};
        for (const auto& [key, a] : args) {
            auto model = makeBuiltinModel("resnet18", a);
            const auto& expected = specs.at(key);
            const auto& spec = model->parameterSpec();
            QCOMPARE(spec.size(), expected.size());
            for (std::size_t i = 0; i < spec.size(); ++i) {
                QCOMPARE(spec[i].info.name, expected[i][0].get<std::string>());
                QCOMPARE(spec[i].info.shape, expected[i][1].get<std::vector<std::int64_t>>());
            }
        }
        // 11,173,962 parameters for 10 classes (the well-known CIFAR ResNet-18 count).
        auto model = makeBuiltinModel("resnet18", json::object());
        std::int64_t n = 0;
        for (const auto& s : model->parameterSpec())
            if (s.role == TensorRole::Parameter)
                n += s.info.numel();
        QCOMPARE(n, std::int64_t(11173962));
    }

    void resnet20RunsOnAnyImageSizeAndWithBias() {
        auto model =
            makeBuiltinModel("resnet20", json::parse(R"({"conv_bias":true,"num_classes":3})"));
        auto p = dynamic_cast<BuiltinModel&>(*model).initialParameters(3);
        QVERIFY(p.contains("conv1.bias"));
        QVERIFY(p.contains("layer2.0.shortcut.0.bias"));
        auto y = model->forward(p, at::randn({2, 3, 32, 32}));
        QCOMPARE(y.sizes().vec(), (std::vector<std::int64_t>{2, 3}));
        // Bias is used: changing it changes the output.
        auto p2 = p.clone();
        p2.set("conv1.bias", p2.at("conv1.bias") + 1.0);
        auto x = at::randn({2, 3, 8, 8});
        QVERIFY(maxAbsDiff(model->forward(p, x), model->forward(p2, x)) > 1e-4);
    }

    void badDescriptionsAreRejected() {
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, makeBuiltinModel("vgg", json::object()));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                                 makeBuiltinModel("mlp", json::parse(R"({"width":[2,2]})")));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                                 makeBuiltinModel("mlp", json::parse(R"({"widths":"2,2"})")));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                                 makeBuiltinModel("mlp", json::parse(R"({"activation":"elu"})")));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                                 makeBuiltinModel("resnet20", json::parse(R"({"norm":"ln"})")));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, makeModel(json::parse(R"({"model":"mlp"})")));
        QVERIFY_THROWS_EXCEPTION(IoError, makeModel(json::parse(R"({"torchscript":"nope.pt"})")));
        auto model = makeModel(json::parse(R"({"builtin":"lenet5","args":{"num_classes":4}})"));
        QCOMPARE(model->describe(), std::string("lenet5 (1 channels, 4 classes)"));
    }

    void wrongWeightsOrInputsThrow() {
        MlpModel mlp({{2, 4, 3}, Activation::Tanh, 0.0});
        auto p = mlp.initialParameters(1);
        QVERIFY_THROWS_EXCEPTION(ShapeMismatch, mlp.forward(p, at::randn({5, 3})));
        QVERIFY_THROWS_EXCEPTION(ShapeMismatch, mlp.forward(p, at::randn({5})));
        ParameterSet partial;
        partial.add("0.weight", p.at("0.weight"));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, mlp.forward(partial, at::randn({5, 2})));
        auto wrong = p.clone();
        wrong.set("2.weight", at::zeros({3, 5}));
        auto m = matchSpec(mlp.parameterSpec(), wrong);
        QCOMPARE(m.wrongShape.size(), std::size_t(1));
        QVERIFY_THROWS_EXCEPTION(ShapeMismatch, mlp.forward(wrong, at::randn({5, 2})));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, mlp.forward(p.to(at::kHalf), at::randn({5, 2})));
        wrong.add("extra.weight", at::zeros({1}));
        m = matchSpec(mlp.parameterSpec(), wrong);
        QCOMPARE(m.unexpected, std::vector<std::string>{"extra.weight"});
        QVERIFY_THROWS_EXCEPTION(ShapeMismatch, requireMatch(mlp.parameterSpec(), wrong, "test"));
    }

    void initialisationIsPyTorchDefaultAndSeeded() {
        LeNet5Model lenet;
        auto a = lenet.initialParameters(7), b = lenet.initialParameters(7),
             c = lenet.initialParameters(8);
        QVERIFY(a.at("fc1.weight").equal(b.at("fc1.weight")));
        QVERIFY(!a.at("fc1.weight").equal(c.at("fc1.weight")));
        // fc1: fan_in 400, U(-1/20, 1/20): max |w| <= 0.05, std = 0.05 / sqrt(3).
        const auto& w = a.at("fc1.weight");
        QVERIFY(w.abs().max().item<double>() <= 0.05);
        double sd = w.std().item<double>();
        QVERIFY(std::abs(sd - 0.05 / std::sqrt(3.0)) < 0.02 * 0.05 / std::sqrt(3.0));
        // conv1: fan_in 1 * 5 * 5, bias bound 1/5.
        QVERIFY(a.at("conv1.bias").abs().max().item<double>() <= 0.2);
        QVERIFY(a.at("conv1.bias").abs().max().item<double>() > 0.1);
        CifarResNetModel resnet({});
        auto r = resnet.initialParameters(1);
        QVERIFY(r.at("bn1.weight").equal(at::ones({16})));
        QVERIFY(r.at("bn1.running_var").equal(at::ones({16})));
        QCOMPARE(r.at("bn1.num_batches_tracked").scalar_type(), at::kLong);
        QVERIFY(r.at("layer3.2.bn2.bias").equal(at::zeros({64})));
    }

    void evaluationInBatches() {
        auto model = makeBuiltinModel("lenet5", json::object());
        auto weights = test::readFixture("lenet5.safetensors");
        auto io = test::readFixture("lenet5_io.safetensors");
        int reports = 0;
        JobContext job;
        job.progress = [&](double, const std::string&) { ++reports; };
        EvaluationOptions options;
        options.batchSize = 3;  // 4 inputs: batches of 3 and 1
        auto logits = predictLogits(*model, weights, io.at("input"), job, options);
        QCOMPARE(reports, 2);
        QVERIFY(maxAbsDiff(logits, io.at("logits")) < 1e-5);
        job.cancel.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, predictLogits(*model, weights, io.at("input"), job));
        // Hand-worked: rows [1, 0] (label 0) and [ln 3, 0] (label 1):
        // nll = (ln(1 + e^-1) + ln 4) / 2 = 0.8497780, accuracy 1/2.
        auto l = at::tensor({1.0, 0.0, std::log(3.0), 0.0}).reshape({2, 2});
        auto r = lossAndAccuracy(l, at::tensor({0, 1}));
        QVERIFY(std::abs(r.nll - 0.8497780) < 1e-6);
        QCOMPARE(r.accuracy, 0.5);
        QCOMPARE(r.count, std::int64_t(2));
        QVERIFY_THROWS_EXCEPTION(ShapeMismatch, lossAndAccuracy(l, at::tensor({0, 1, 1})));
    }

    void parameterSetFlattensAndSeparatesBuffers() {
        CifarResNetModel resnet({});
        auto p = resnet.initialParameters(2);
        QVERIFY(isBufferName("layer1.0.bn1.running_mean"));
        QVERIFY(!isBufferName("layer1.0.bn1.weight"));
        QCOMPARE(p.buffers().size(), std::size_t(3 * 21));  // 21 BatchNorms x 3 buffers
        auto flat = p.flatten();
        QCOMPARE(flat.numel(), std::int64_t(272474));  // ResNet-20, 10 classes
        auto back = p.unflatten(flat * 2.0);
        QVERIFY(back.at("linear.bias").equal(p.at("linear.bias") * 2.0));
        QVERIFY(back.at("bn1.running_var").equal(p.at("bn1.running_var")));  // buffer kept
        QVERIFY_THROWS_EXCEPTION(ShapeMismatch, p.unflatten(flat.narrow(0, 0, 10)));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, p.add("bn1.weight", at::ones({16})));
    }
};

QTEST_APPLESS_MAIN(TestBuiltinModels)
#include "TestBuiltinModels.moc"

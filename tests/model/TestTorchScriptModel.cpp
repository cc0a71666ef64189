// TorchScript archives written by PyTorch, evaluated with substituted weights,
// against the equivalent built-ins.

#include <QtTest>

#include <ATen/ATen.h>

#include <nlohmann/json.hpp>

#include "FixtureTensors.h"
#include "core/common/Error.h"
#include "core/model/ModelFactory.h"
#include "core/model/TorchScriptModel.h"

using namespace modescape;
using namespace modescape::model;
using nlohmann::json;

namespace {

double maxAbsDiff(const at::Tensor& a, const at::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

std::vector<std::string> specNames(const Model& m) {
    std::vector<std::string> names;
    for (const auto& s : m.parameterSpec())
        names.push_back(s.info.name);
    return names;
}

// Every float tensor shifted by a seeded random perturbation.
ParameterSet perturbed(const ParameterSet& p, int seed) {
    at::manual_seed(seed);
    ParameterSet out;
    for (const auto& e : p.entries())
        out.add(e.name, e.tensor + 0.05 * at::randn(e.tensor.sizes()), e.role);
    return out;
}

}  // namespace

class TestTorchScriptModel : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void scriptedMlpEqualsBuiltin() {
        TorchScriptModel scripted(test::modelFixture("mlp_relu_scripted.pt"));
        auto builtin = makeBuiltinModel("mlp", json::parse(R"({"widths":[2,32,32,2]})"));
        QCOMPARE(specNames(scripted), specNames(*builtin));
        auto weights = test::readFixture("mlp_relu.safetensors");
        auto io = test::readFixture("mlp_relu_io.safetensors");
        auto x = io.at("input");
        // The archive's own weights (empty substitution) give PyTorch's logits.
        QVERIFY(maxAbsDiff(scripted.forward(ParameterSet(), x), io.at("logits")) < 1e-5);
        QVERIFY(maxAbsDiff(scripted.forward(weights, x), builtin->forward(weights, x)) < 1e-5);
        // Other weights: substitution is really used, and equals the built-in.
        auto other = perturbed(weights, 3);
        auto y = scripted.forward(other, x);
        QVERIFY(maxAbsDiff(y, io.at("logits")) > 1e-3);
        QVERIFY(maxAbsDiff(y, builtin->forward(other, x)) < 1e-5);
        // ... and the archive's weights are restored afterwards.
        QVERIFY(maxAbsDiff(scripted.forward(ParameterSet(), x), io.at("logits")) < 1e-5);
        QVERIFY(scripted.storedParameters().at("4.bias").equal(weights.at("4.bias")));
    }

    void tracedLeNetEqualsBuiltin() {
        TorchScriptModel traced(test::modelFixture("lenet5_traced.pt"));
        auto builtin = makeBuiltinModel("lenet5", json::object());
        QCOMPARE(specNames(traced), specNames(*builtin));
        auto weights = perturbed(test::readFixture("lenet5.safetensors"), 4);
        auto x = test::readFixture("lenet5_io.safetensors").at("input");
        QVERIFY(maxAbsDiff(traced.forward(weights, x), builtin->forward(weights, x)) < 1e-5);
        // The default batched path (a loop) agrees with the built-in's grouped one.
        auto sets = std::vector<ParameterSet>{weights, perturbed(weights, 5)};
        auto batched = ParameterSet::stack(sets);
        QVERIFY(!traced.supportsBatched());
        QVERIFY(maxAbsDiff(traced.forwardBatched(batched, x), builtin->forwardBatched(batched, x)) <
                1e-5);
    }

    void gradientsFlowThroughSubstitutedWeights() {
        // theta(t) = w0 + t * d: d(loss)/dt by autograd equals the finite difference.
        TorchScriptModel scripted(test::modelFixture("mlp_relu_scripted.pt"));
        auto w0 = test::readFixture("mlp_relu.safetensors");
        auto x = test::readFixture("mlp_relu_io.safetensors").at("input");
        auto d = perturbed(w0, 6);
        auto t = at::zeros({}, at::kDouble).set_requires_grad(true);
        auto at_t = [&](const at::Tensor& tt) {
            ParameterSet p;
            for (const auto& e : w0.entries())
                p.add(e.name, e.tensor + tt.to(at::kFloat) * (d.at(e.name) - e.tensor));
            return p;
        };
        ForwardOptions withGrad;
        withGrad.grad = true;
        auto loss = scripted.forward(at_t(t), x, withGrad).pow(2).sum();
        loss.backward();
        QVERIFY(t.grad().defined());
        double g = t.grad().item<double>();
        double h = 1e-2;
        auto lossAt = [&](double v) {
            return scripted.forward(at_t(at::full({}, v, at::kDouble)), x)
                .pow(2)
                .sum()
                .item<double>();
        };
        double fd = (lossAt(h) - lossAt(-h)) / (2 * h);
        qInfo("autograd %.6f, finite difference %.6f", g, fd);
        QVERIFY(std::abs(g - fd) < 1e-2 * std::max(1.0, std::abs(fd)));
        // Without grad (the default) nothing is recorded.
        QVERIFY(!scripted.forward(at_t(t), x).requires_grad());
    }

    void badNamesAndFilesAreReported() {
        TorchScriptModel scripted(test::modelFixture("mlp_relu_scripted.pt"));
        ParameterSet wrong;
        wrong.add("9.weight", at::zeros({2, 2}));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, scripted.forward(wrong, at::randn({3, 2})));
        QVERIFY_THROWS_EXCEPTION(ShapeMismatch,
                                 scripted.forward(ParameterSet(), at::randn({3, 5})));
        // Still usable after both failures.
        QCOMPARE(scripted.forward(ParameterSet(), at::randn({3, 2})).size(1), std::int64_t(2));
        QVERIFY_THROWS_EXCEPTION(IoError, TorchScriptModel("/nonexistent/model.pt"));
        QVERIFY_THROWS_EXCEPTION(FormatError,
                                 TorchScriptModel(test::modelFixture("mlp_relu.safetensors")));
        auto viaFactory =
            makeModel(json::parse(R"({"torchscript":"lenet5_traced.pt"})"), test::modelFixture(""));
        QCOMPARE(viaFactory->name(), std::string("torchscript"));
    }
};

QTEST_APPLESS_MAIN(TestTorchScriptModel)
#include "TestTorchScriptModel.moc"

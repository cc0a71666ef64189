// Layer selection for maps and MMD: the default (every parameter), a regex,
// without normalisation layers, the last layer, buffers; and the errors.
#include <QtTest>

#include <ATen/ATen.h>

#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/model/Mlp.h"
#include "core/model/ModelFactory.h"
#include "core/symmetry/LayerSelection.h"

using namespace modescape;
using namespace modescape::symmetry;

namespace {

model::ParameterSet resnet20Bn() {
    return model::makeBuiltinModel("resnet20", {{"norm", "bn"}})->initialParameters(0);
}

bool anyContains(const std::vector<std::string>& names, const std::string& part) {
    for (const auto& n : names)
        if (n.find(part) != std::string::npos)
            return true;
    return false;
}

}  // namespace

class TestLayerSelection : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void defaultKeepsEveryParameterInOrder() {
        const auto w = resnet20Bn();
        const auto kept = selectTensors(w, {});
        QCOMPARE(kept, w.parameters().names());
        const auto flat = flattenSelected(w, kept);
        QCOMPARE(flat.numel(), w.parameters().numel());
        QVERIFY(at::equal(flat, w.flatten(false)));
    }

    void regexKeepsMatchingNamesOnly() {
        const auto w = resnet20Bn();
        const auto kept = selectTensors(w, {"^layer3\\..*conv"});
        QVERIFY(!kept.empty());
        for (const auto& n : kept)
            QVERIFY2(n.rfind("layer3.", 0) == 0 && n.find("conv") != std::string::npos, n.c_str());
        QVERIFY(!anyContains(kept, "bn"));
    }

    void normalizationLayersAreLeftOut() {
        const auto w = resnet20Bn();
        LayerSelection s;
        s.excludeNormalization = true;
        const auto kept = selectTensors(w, s);
        QVERIFY(!anyContains(kept, "bn"));
        QVERIFY(anyContains(kept, "conv1.weight"));
        QVERIFY(anyContains(kept, "linear.weight") || anyContains(kept, "fc.weight"));
        // Every BatchNorm module has a weight and a bias: two tensors each.
        int batchNorms = 0;
        for (const auto& e : w.entries())
            batchNorms += e.name.ends_with(".running_mean");
        QCOMPARE(int(kept.size()), int(w.parameters().size()) - 2 * batchNorms);
    }

    void lastLayerIsTheFinalLinear() {
        const model::MlpModel mlp(model::MlpConfig{{2, 32, 32, 2}});
        LayerSelection s;
        s.lastLayerOnly = true;
        const auto kept = selectTensors(mlp.initialParameters(0), s);
        const std::string last = mlp.linearNames().back();
        QCOMPARE(kept, (std::vector<std::string>{last + ".weight", last + ".bias"}));
        QCOMPARE(flattenSelected(mlp.initialParameters(0), kept).numel(), 32 * 2 + 2);
    }

    void buffersAddTheFloatStatisticsOnly() {
        const auto w = resnet20Bn();
        LayerSelection s;
        s.includeBuffers = true;
        const auto kept = selectTensors(w, s);
        QVERIFY(anyContains(kept, "running_mean") && anyContains(kept, "running_var"));
        QVERIFY(!anyContains(kept, "num_batches_tracked"));  // an integer counter
    }

    void badPatternsAreArgumentErrors() {
        const auto w = resnet20Bn();
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, selectTensors(w, {"("}));
        try {
            selectTensors(w, {"no-such-layer"});
            QFAIL("an empty selection must throw");
        } catch (const InvalidArgument& e) {
            QVERIFY2(std::string(e.what()).find("no-such-layer") != std::string::npos, e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestLayerSelection)
#include "TestLayerSelection.moc"

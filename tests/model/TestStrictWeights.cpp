// Strict weight matching against a tensor list (issue 22, item 7): an MLP
// 2-32-2 must not accept the weights of a 2-32-32-2 (a layer silently dropped,
// 0% accuracy); every difference is listed, the first few by name.
#include <QtTest>

#include "FixtureTensors.h"
#include "core/model/Mlp.h"
#include "core/model/TensorSpec.h"

using namespace modescape;
using namespace modescape::model;

class TestStrictWeights : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void fittingWeightsMatch() {
        const MlpModel mlp(MlpConfig{{2, 32, 32, 2}});
        const auto weights = test::readFixture("mlp_relu.safetensors");  // PyTorch 2-32-32-2
        const SpecMatch m = matchSpec(mlp.parameterSpec(), weights.infos());
        QVERIFY2(m.ok(), m.describe().c_str());
    }

    void aDroppedLayerIsListed() {
        const MlpModel narrow(MlpConfig{{2, 32, 2}});
        const auto weights = test::readFixture("mlp_relu.safetensors");
        const SpecMatch m = matchSpec(narrow.parameterSpec(), weights.infos());
        QVERIFY(!m.ok());
        QVERIFY(m.missing.empty());
        QCOMPARE(m.unexpected, (std::vector<std::string>{"4.weight", "4.bias"}));
        QCOMPARE(m.wrongShape, (std::vector<std::string>{"2.weight: expected [2, 32], got [32, 32]",
                                                         "2.bias: expected [2], got [32]"}));
        QCOMPARE(m.describe(),
                 std::string("unexpected: 4.weight, 4.bias; wrong shape: 2.weight: expected [2, "
                             "32], got [32, 32], 2.bias: expected [2], got [32]"));
    }

    void missingTensorsAreCountedBeyondTheFirstFew() {
        const MlpModel deep(MlpConfig{{2, 32, 32, 32, 32, 2}});
        std::vector<io::TensorInfo> onlyFirst{{"0.weight", io::DType::F32, {32, 2}}};
        const SpecMatch m = matchSpec(deep.parameterSpec(), onlyFirst);
        QCOMPARE(m.missing.size(), std::size_t{9});
        QVERIFY(m.describe().starts_with(
            "missing: 0.bias, 2.weight, 2.bias, 4.weight, ... (9 in all)"));
    }
};

QTEST_APPLESS_MAIN(TestStrictWeights)
#include "TestStrictWeights.moc"

// Symmetry specs read from JSON drive TorchScript models: function preserved,
// canonical forms reached; malformed or ill-fitting specs name what is wrong.
#include <QtTest>

#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/model/TorchScriptModel.h"
#include "core/symmetry/BuiltinSymmetry.h"
#include "core/symmetry/FunctionCheck.h"
#include "core/symmetry/SymmetryRemoval.h"
#include "core/symmetry/SymmetrySpecJson.h"
#include "tests/symmetry/SymmetryTestSupport.h"

using namespace modescape;
using namespace modescape::symmetry;
using modescape::symmetry::test::relativeWeightDistance;

namespace {

std::string fixture(const std::string& name) {
    return std::string(MODESCAPE_FIXTURES_DIR) + "/" + name;
}

void checkTorchScript(const std::string& archive, const std::string& specFile) {
    const model::TorchScriptModel m(fixture(archive));
    const SymmetrySpec spec = readSymmetrySpec(fixture(specFile));
    validateSymmetrySpec(spec, m.parameterSpec());
    QVERIFY(hasBuiltinSymmetry(m) == false);
    // Move the BN affine off (1, 0) so its scaling shows.
    model::ParameterSet w = m.storedParameters();
    at::Generator gen = at::detail::createCPUGenerator(3);
    for (const auto& e : w.entries())
        if (e.tensor.dim() == 1 && e.tensor.is_floating_point())
            w.set(e.name, e.tensor + 0.3 * at::rand(e.tensor.sizes(), gen));
    const at::Tensor x = randomInputs(spec.sampleInputShape, 4, 2);
    const model::ParameterSet moved = randomSymmetryImage(w, spec, 4, true);
    QVERIFY(relativeOutputDifference(m, w, moved, x) < 1e-5);
    for (auto scaling : {ScalingMethod::Optimal, ScalingMethod::UnitNorm}) {
        RemovalOptions o;
        o.scaling = scaling;
        o.permutation = PermutationMethod::Sort;
        const RemovalResult a = removeSymmetries(w, spec, o);
        const double diff = relativeOutputDifference(m, w, a.weights, x);
        QVERIFY2(diff < 1e-5, qPrintable(QString("%1: %2").arg(archive.c_str()).arg(diff)));
        const RemovalResult b = removeSymmetries(moved, spec, o);
        QVERIFY(relativeWeightDistance(a.weights, b.weights) < 1e-5);
    }
}

void expectFormatError(const std::string& text, const std::string& expected) {
    try {
        parseSymmetrySpec(text, "spec.json");
        QFAIL("no FormatError");
    } catch (const FormatError& e) {
        QVERIFY2(std::string(e.what()).find(expected) != std::string::npos, e.what());
    }
}

}  // namespace

class TestSymmetrySpecJson : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void scriptedMlp() {
        checkTorchScript("models/mlp_relu_scripted.pt", "symmetry/mlp_relu_symmetry.json");
    }
    void scriptedBatchNormNet() {
        checkTorchScript("models/bn_net_scripted.pt", "symmetry/bn_net_symmetry.json");
    }
    // Groups owning a slice of an axis ("offset"): the parts of a torch.cat read by
    // one layer, and the groups of a grouped convolution (tests/fixtures/symmetry/inference).
    void slicedAxes() {
        checkTorchScript("symmetry/inference/densenet_cat/model.pt",
                         "symmetry/inference/densenet_cat.expected.json");
        checkTorchScript("symmetry/inference/grouped_conv/model.pt",
                         "symmetry/inference/grouped_conv.expected.json");
        const SymmetrySpec spec =
            readSymmetrySpec(fixture("symmetry/inference/densenet_cat.expected.json"));
        QCOMPARE(spec.groups[1].axes.back().tensor, std::string("fc.weight"));
        QCOMPARE(spec.groups[1].axes.back().offset, std::int64_t(4));
        const SymmetrySpec back = parseSymmetrySpec(symmetrySpecToJson(spec).dump(), "x.json");
        QCOMPARE(back.groups[2].axes.back().offset, std::int64_t(7));
    }

    void roundTripsThroughJson() {
        auto m = symmetry::test::builtin("lenet5", "{}");
        const SymmetrySpec spec = builtinSymmetrySpec(*m);
        const SymmetrySpec back = parseSymmetrySpec(symmetrySpecToJson(spec).dump(), "x.json");
        QCOMPARE(back.groups.size(), spec.groups.size());
        QCOMPARE(back.groups[1].axes[2].tensor, std::string("fc1.weight"));
        QCOMPARE(back.groups[1].axes[2].block, std::int64_t(25));
        QCOMPARE(int(back.groups[1].axes[2].role), int(AxisRole::In));
        QCOMPARE(back.sampleInputShape, (std::vector<std::int64_t>{1, 28, 28}));
        validateSymmetrySpec(back, m->parameterSpec());
    }

    void malformedSpecsNameThePlace() {
        expectFormatError("[1, 2]", "'groups' array");
        expectFormatError(R"({"groups":[{"size":3,"axes":[{"tensor":"a","axis":0,"role":"up"}]}]})",
                          "groups[0].axes[0].role: 'up'");
        expectFormatError(R"({"groups":[{"axes":[]}]})", "groups[0]: missing 'size'");
        expectFormatError(R"({"groups":[{"size":"3"}]})", "groups[0].size: wrong type");
        expectFormatError("{", "not JSON");
        QVERIFY_THROWS_EXCEPTION(IoError, readSymmetrySpec(fixture("symmetry/missing.json")));
    }

    void specsThatDoNotFitAreRejected() {
        auto m = symmetry::test::builtin("mlp", R"({"widths":[2,4,3]})");
        auto reject = [&](const char* text, const std::string& expected) {
            try {
                validateSymmetrySpec(parseSymmetrySpec(text, "s.json"), m->parameterSpec());
                QFAIL("no ShapeMismatch");
            } catch (const ShapeMismatch& e) {
                QVERIFY2(std::string(e.what()).find(expected) != std::string::npos, e.what());
            }
        };
        reject(
            R"({"groups":[{"name":"h","size":5,"axes":[{"tensor":"0.weight","axis":0,"role":"out"}]}]})",
            "group 'h': tensor '0.weight' [4, 2] axis 0 has 4 entries, expected 5 x 1");
        reject(
            R"({"groups":[{"name":"h","size":4,"axes":[{"tensor":"1.weight","axis":0,"role":"out"}]}]})",
            "no tensor '1.weight'");
        reject(
            R"({"groups":[{"name":"h","size":4,"axes":[{"tensor":"0.bias","axis":1,"role":"out"}]}]})",
            "has no axis 1");
        reject(
            R"({"groups":[{"name":"h","size":4,"key":"2.bias","axes":[{"tensor":"0.bias","axis":0,"role":"out"}]}]})",
            "key tensor '2.bias'");
        reject(R"({"groups":[{"name":"h","size":4,"axes":[{"tensor":"0.bias","axis":0,"role":"out"},
               {"tensor":"0.bias","axis":0,"role":"stat"}]}]})",
               "belongs to two groups");
        // Slices: overlapping ones, one past the end, and a part of an axis without an offset.
        reject(
            R"({"groups":[{"name":"h","size":2,"axes":[{"tensor":"0.bias","axis":0,"role":"out"}]},
               {"name":"k","size":2,"axes":[{"tensor":"0.bias","axis":0,"role":"out","offset":1}]}]})",
            "belongs to two groups");
        reject(
            R"({"groups":[{"name":"h","size":2,"axes":[{"tensor":"0.bias","axis":0,"role":"out","offset":3}]}]})",
            "has 4 entries, expected 3 + 2 x 1");
        reject(
            R"({"groups":[{"name":"h","size":2,"axes":[{"tensor":"0.bias","axis":0,"role":"out"}]}]})",
            "give an offset");
        expectFormatError(
            R"({"groups":[{"size":2,"axes":[{"tensor":"a","axis":0,"role":"out","offset":-1}]}]})",
            "groups[0].axes[0].offset: must be at least 0");
    }
};

QTEST_APPLESS_MAIN(TestSymmetrySpecJson)
#include "TestSymmetrySpecJson.moc"

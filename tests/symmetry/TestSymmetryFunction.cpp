// Every symmetry transform keeps the network's function (logits agree to 1e-5
// relative on random inputs), and after removal a member and a randomly
// permuted + rescaled copy of it coincide; for each built-in architecture.
#include <QtTest>

#include "core/symmetry/BuiltinSymmetry.h"
#include "core/symmetry/FunctionCheck.h"
#include "core/symmetry/SymmetryRemoval.h"
#include "core/symmetry/SymmetrySpecJson.h"
#include "tests/model/FixtureTensors.h"
#include "tests/symmetry/SymmetryTestSupport.h"

using namespace modescape;
using namespace modescape::symmetry;
using modescape::model::test::readFixture;
using modescape::symmetry::test::builtin;
using modescape::symmetry::test::perturbedWeights;
using modescape::symmetry::test::relativeWeightDistance;

namespace {

RemovalOptions removal(ScalingMethod s, PermutationMethod p, SortKey key = SortKey::FirstWeight) {
    RemovalOptions o;
    o.scaling = s;
    o.permutation = p;
    o.sortKey = key;
    return o;
}

// The checks every architecture goes through. inputs: a few random samples.
void checkArchitecture(const model::Model& m, const model::ParameterSet& w, bool expectScaling) {
    const SymmetrySpec spec = builtinSymmetrySpec(m);
    validateSymmetrySpec(spec, m.parameterSpec());
    QCOMPARE(spec.hasScaling(), expectScaling);
    const at::Tensor x = randomInputs(spec.sampleInputShape, 3, 5);

    // A random element of the group is itself function-preserving.
    const model::ParameterSet moved = randomSymmetryImage(w, spec, 11, true);
    const double movedDiff = relativeOutputDifference(m, w, moved, x);
    QVERIFY2(movedDiff < 1e-5, qPrintable(QString("random symmetry: %1").arg(movedDiff)));
    QVERIFY(relativeWeightDistance(w, moved) > 1e-2);  // ... and really moved the weights

    const std::vector<std::pair<ScalingMethod, SortKey>> sorts{
        {ScalingMethod::Optimal, SortKey::FirstWeight},
        {ScalingMethod::UnitNorm, SortKey::Mean},
        {ScalingMethod::None, SortKey::L2Norm}};
    for (const auto& [scaling, key] : sorts) {
        const auto options = removal(scaling, PermutationMethod::Sort, key);
        const RemovalResult a = removeSymmetries(w, spec, options);
        const double diff = relativeOutputDifference(m, w, a.weights, x);
        qInfo("%s, %s: mass %.5g, minimal %.5g (excess %.3g, %d Newton steps), output diff %.2g",
              m.describe().c_str(), describeRemoval(options).c_str(), a.report.mass,
              a.report.minimalMass, a.report.excessMass, a.report.scalingIterations, diff);
        QVERIFY2(diff < 1e-5, qPrintable(QString("%1: output difference %2")
                                             .arg(describeRemoval(options).c_str())
                                             .arg(diff)));
        // Canonical: the moved copy lands on the same weights (scaling only
        // removable when there is any; without it the copy is only permuted).
        const model::ParameterSet copy =
            randomSymmetryImage(w, spec, 12, scaling != ScalingMethod::None);
        const RemovalResult b = removeSymmetries(copy, spec, options);
        const double distance = relativeWeightDistance(a.weights, b.weights);
        QVERIFY2(distance < 1e-5, qPrintable(QString("%1: distance after removal %2")
                                                 .arg(describeRemoval(options).c_str())
                                                 .arg(distance)));
        QVERIFY(a.report.minimalMass <= a.report.mass * (1 + 1e-12));
        if (scaling == ScalingMethod::Optimal)
            QVERIFY(std::abs(a.report.massAfter / a.report.minimalMass - 1) < 1e-5);
    }

    // Weight matching a moved copy back onto the original recovers it.
    RemovalOptions match = removal(ScalingMethod::None, PermutationMethod::Match);
    const model::ParameterSet permuted = randomSymmetryImage(w, spec, 13, false);
    const RemovalResult matched = removeSymmetries(permuted, spec, match, &w);
    QVERIFY(relativeOutputDifference(m, w, matched.weights, x) < 1e-5);
    QVERIFY2(relativeWeightDistance(w, matched.weights) < 1e-6,
             qPrintable(
                 QString("matching distance %1").arg(relativeWeightDistance(w, matched.weights))));
    qInfo("%s: weight matching converged in %d sweeps", m.describe().c_str(),
          matched.report.matchingSweeps);
    QVERIFY(matched.report.matchingConverged);
    QVERIFY(matched.report.matchingSimilarityAfter > matched.report.matchingSimilarityBefore);
}

}  // namespace

class TestSymmetryFunction : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void mlpRelu() {
        auto m = builtin("mlp", R"({"widths":[2,32,32,2]})");
        checkArchitecture(*m, readFixture("mlp_relu.safetensors"), true);
    }

    void mlpGeluWithDropoutHasNoScaling() {
        auto m = builtin("mlp", R"({"widths":[3,16,8,4],"activation":"gelu","dropout":0.25})");
        const SymmetrySpec spec = builtinSymmetrySpec(*m);
        QCOMPARE(spec.groups.size(), std::size_t(2));
        QCOMPARE(spec.groups[1].axes.back().tensor, std::string("6.weight"));
        QVERIFY(spec.notes.at(0).find("gelu is not positively homogeneous") != std::string::npos);
        checkArchitecture(*m, readFixture("mlp_gelu_dropout.safetensors"), false);
    }

    void lenet5() {
        auto m = builtin("lenet5", "{}");
        checkArchitecture(*m, readFixture("lenet5.safetensors"), true);
    }

    void resnet20BatchNorm() {
        auto m = builtin("resnet20", R"({"num_classes":10})");
        const SymmetrySpec spec = builtinSymmetrySpec(*m);
        // 3 residual streams + 9 blocks' inner channels.
        QCOMPARE(spec.groups.size(), std::size_t(12));
        QCOMPARE(spec.groups[0].name, std::string("stream0"));
        QCOMPARE(spec.groups[1].keyTensor, std::string("layer2.0.shortcut.0.weight"));
        QCOMPARE(spec.unitCount(), std::int64_t(16 * 4 + 32 * 4 + 64 * 4));
        checkArchitecture(*m, readFixture("resnet20_bn.safetensors"), true);
    }

    void resnet20BatchNormWithConvBias() {
        auto m = builtin("resnet20", R"({"num_classes":4,"conv_bias":true})");
        checkArchitecture(*m, perturbedWeights(*m, 3), true);
    }

    void resnet20FrnSilu() {
        auto m = builtin("resnet20", R"({"norm":"frn"})");
        checkArchitecture(*m, readFixture("resnet20_frn.safetensors"), false);
    }

    void resnet20FrnRelu() {
        auto m = builtin("resnet20", R"({"norm":"frn","activation":"relu","num_classes":5})");
        checkArchitecture(*m, perturbedWeights(*m, 4), true);
    }

    void resnet18SmallInput() {
        auto m = builtin("resnet18", R"({"num_classes":7})");
        const SymmetrySpec spec = builtinSymmetrySpec(*m);
        validateSymmetrySpec(spec, m->parameterSpec());
        QCOMPARE(spec.groups.size(), std::size_t(4 + 8));
        const model::ParameterSet w = perturbedWeights(*m, 5);
        const at::Tensor x = randomInputs({3, 4, 4}, 2, 6);
        const model::ParameterSet moved = randomSymmetryImage(w, spec, 7, true);
        QVERIFY(relativeOutputDifference(*m, w, moved, x) < 1e-5);
        const auto options = removal(ScalingMethod::Optimal, PermutationMethod::Sort);
        const RemovalResult a = removeSymmetries(w, spec, options);
        const double diff = relativeOutputDifference(*m, w, a.weights, x);
        QVERIFY2(diff < 1e-5, qPrintable(QString("resnet18: %1").arg(diff)));
        const RemovalResult b = removeSymmetries(moved, spec, options);
        QVERIFY(relativeWeightDistance(a.weights, b.weights) < 1e-5);
        qInfo("resnet18: mass %.6g, minimal %.6g, excess %.3g, %d Newton steps, output diff %.2g",
              a.report.mass, a.report.minimalMass, a.report.excessMass, a.report.scalingIterations,
              diff);
        QVERIFY(a.report.excessMass > 0);
    }
};

QTEST_APPLESS_MAIN(TestSymmetryFunction)
#include "TestSymmetryFunction.moc"

// Scaling removal, canonical sorting and weight matching against hand-worked
// values on tiny MLPs, and optimality of the minimal-mass scaling.
#include <QtTest>

#include <ATen/ATen.h>

#include <algorithm>

#include "core/common/Error.h"
#include "core/symmetry/BuiltinSymmetry.h"
#include "core/symmetry/SymmetryRemoval.h"
#include "tests/symmetry/SymmetryTestSupport.h"

using namespace modescape;
using namespace modescape::symmetry;
using modescape::symmetry::test::builtin;

namespace {

at::Tensor matrix(std::vector<float> values, std::int64_t rows, std::int64_t cols) {
    return at::tensor(values, at::kFloat).reshape({rows, cols});
}

// MLP 1-1-1: 0.weight 3, 0.bias 4, 2.weight 2, 2.bias 7.
model::ParameterSet tinyMlp() {
    model::ParameterSet w;
    w.add("0.weight", matrix({3}, 1, 1));
    w.add("0.bias", at::tensor({4.0f}));
    w.add("2.weight", matrix({2}, 1, 1));
    w.add("2.bias", at::tensor({7.0f}));
    return w;
}

float value(const model::ParameterSet& w, const std::string& name, std::int64_t i = 0) {
    return w.at(name).reshape({-1})[i].item<float>();
}

}  // namespace

class TestSymmetryRemoval : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void massOfATinyMlpByHand() {
        auto m = builtin("mlp", R"({"widths":[1,1,1]})");
        const SymmetrySpec spec = builtinSymmetrySpec(*m);
        const model::ParameterSet w = tinyMlp();
        QCOMPARE(l2Mass(w), 78.0);
        // (9 + 16) l^2 + 4 / l^2 is least at l^2 = 2/5: 10 + 10, plus the untouched 49.
        const OptimalScaling optimal = optimalScaling(w, spec);
        QVERIFY(optimal.converged);
        QVERIFY(std::abs(optimal.minimalMass - 69.0) < 1e-9);
        QVERIFY(std::abs(optimal.scales[0][0] - std::sqrt(0.4)) < 1e-9);

        RemovalOptions o;
        o.scaling = ScalingMethod::Optimal;
        const RemovalResult r = removeSymmetries(w, spec, o);
        QVERIFY(std::abs(r.report.excessMass - (78.0 / 69.0 - 1)) < 1e-9);
        QVERIFY(std::abs(value(r.weights, "0.weight") - 3 * std::sqrt(0.4)) < 1e-6);
        QVERIFY(std::abs(value(r.weights, "2.weight") - 2 / std::sqrt(0.4)) < 1e-6);
        QVERIFY(std::abs(r.report.massAfter - 69.0) < 1e-5);

        // unitnorm: lambda = 1 / ||(3, 4)|| = 1/5 -> (0.6, 0.8) and 2 * 5 = 10.
        o.scaling = ScalingMethod::UnitNorm;
        const RemovalResult u = removeSymmetries(w, spec, o);
        QVERIFY(std::abs(value(u.weights, "0.weight") - 0.6f) < 1e-6);
        QVERIFY(std::abs(value(u.weights, "0.bias") - 0.8f) < 1e-6);
        QVERIFY(std::abs(value(u.weights, "2.weight") - 10.0f) < 1e-5);
        QVERIFY(std::abs(u.report.massAfter - 150.0) < 1e-4);
        QCOMPARE(value(u.weights, "2.bias"), 7.0f);  // the output layer is never touched
    }

    void optimalScalingIsAStationaryMinimum() {
        auto m = builtin("mlp", R"({"widths":[3,6,5,4,2]})");
        const SymmetrySpec spec = builtinSymmetrySpec(*m);
        const model::ParameterSet w = m->initialParameters(21);
        RemovalOptions o;
        o.scaling = ScalingMethod::Optimal;
        const RemovalResult r = removeSymmetries(w, spec, o);
        QVERIFY(r.report.minimalMass < r.report.mass);
        // Moving any single unit's scale either way adds mass.
        for (const auto& g : spec.groups)
            for (std::int64_t u = 0; u < g.size; ++u)
                for (double f : {0.99, 1.01}) {
                    Scales lambda(g.size, 1.0);
                    lambda[u] = f;
                    model::ParameterSet moved = r.weights.clone();
                    scaleGroup(moved, g, lambda);
                    QVERIFY2(l2Mass(moved) > r.report.massAfter * (1 + 1e-6),
                             qPrintable(QString("%1 unit %2").arg(g.name.c_str()).arg(u)));
                }
        // unitnorm is a valid scaling too, so it cannot beat the minimum.
        o.scaling = ScalingMethod::UnitNorm;
        QVERIFY(removeSymmetries(w, spec, o).report.massAfter >= r.report.minimalMass * (1 - 1e-6));
    }

    void sortingByHand() {
        auto m = builtin("mlp", R"({"widths":[2,3,1]})");
        const SymmetrySpec spec = builtinSymmetrySpec(*m);
        model::ParameterSet w;
        w.add("0.weight", matrix({1, 5, 3, 0, 2, 9}, 3, 2));
        w.add("0.bias", at::tensor({10.0f, 20.0f, 30.0f}));
        w.add("2.weight", matrix({7, 8, 9}, 1, 3));
        w.add("2.bias", at::tensor({0.5f}));
        struct Case {
            SortKey key;
            std::vector<float> bias;  // the units' order shows in the bias
        };
        // first weights 1, 3, 2; means 3, 1.5, 5.5; norms^2 26, 9, 85.
        for (const Case& c :
             {Case{SortKey::FirstWeight, {20, 30, 10}}, Case{SortKey::Mean, {30, 10, 20}},
              Case{SortKey::L2Norm, {30, 10, 20}}}) {
            model::ParameterSet s = w.clone();
            sortUnits(s, spec, c.key);
            for (int i = 0; i < 3; ++i)
                QCOMPARE(value(s, "0.bias", i), c.bias[i]);
            // the outgoing weights moved with their units
            QCOMPARE(value(s, "2.weight", 0), c.bias[0] / 10 + 6);
        }
        model::ParameterSet s = w.clone();
        sortUnits(s, spec, SortKey::FirstWeight);
        QCOMPARE(value(s, "0.weight", 2), 2.0f);
        QCOMPARE(value(s, "0.weight", 3), 9.0f);
    }

    void weightMatchingRecoversAPlantedPermutation() {
        auto m = builtin("mlp", R"({"widths":[4,24,16,3]})");
        const SymmetrySpec spec = builtinSymmetrySpec(*m);
        const model::ParameterSet w = m->initialParameters(8);
        std::vector<Permutation> planted;
        model::ParameterSet other = randomSymmetryImage(w, spec, 9, false, 0.5, &planted);
        const MatchingResult r = matchWeights(other, w, spec);
        QVERIFY(r.converged);
        QVERIFY(r.sweeps >= 2 && r.sweeps <= 50);
        for (std::size_t g = 0; g < spec.groups.size(); ++g)
            for (std::size_t i = 0; i < planted[g].size(); ++i)
                QCOMPARE(planted[g][std::size_t(r.permutations[g][i])], std::int64_t(i));
        for (const auto& e : w.entries())
            QVERIFY(at::equal(e.tensor, other.at(e.name)));
        // The output bias is the one parameter no permutation touches.
        const double untouched = w.at("4.bias").to(at::kDouble).square().sum().item<double>();
        QVERIFY(std::abs(r.similarityAfter - (l2Mass(w) - untouched)) < 1e-4);
        QVERIFY(r.similarityBefore < r.similarityAfter - 1);
    }

    void badOptionsAreRejected() {
        RemovalOptions o;
        parsePermutationOption("match:ensemble/seed3.safetensors", o);
        QCOMPARE(int(o.permutation), int(PermutationMethod::Match));
        QCOMPARE(o.reference, std::string("ensemble/seed3.safetensors"));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, parsePermutationOption("shuffle", o));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, parseScalingMethod("max"));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, parseSortKey("median"));
        auto m = builtin("mlp", R"({"widths":[2,3,1]})");
        const SymmetrySpec spec = builtinSymmetrySpec(*m);
        model::ParameterSet w = m->initialParameters(1);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, permuteGroup(w, spec.groups[0], {0, 0, 1}));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, scaleGroup(w, spec.groups[0], {1, -1, 1}));
        o.permutation = PermutationMethod::Match;
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, removeSymmetries(w, spec, o));
        auto tanh = builtin("mlp", R"({"widths":[2,3,1],"activation":"tanh"})");
        QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                                 scaleGroup(w, builtinSymmetrySpec(*tanh).groups[0], {1, 1, 1}));
    }
};

QTEST_APPLESS_MAIN(TestSymmetryRemoval)
#include "TestSymmetryRemoval.moc"

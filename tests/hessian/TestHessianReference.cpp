// The "hessian" analysis against the exact Hessian of the generator
// (tests/fixtures/hessian/make_hessian_reference.py): top eigenvalues to 1e-4
// relative, eigenvectors up to sign, the exact trace, Hutch++ within its
// standard errors, and stochastic Lanczos quadrature whose nodes are the
// eigenvalues when it runs to the full dimension. The landscape's Hessian
// directions (--dirs hessian:I,J): the reference eigenvectors up to sign, and
// a 1-D slice along eigenvector 1 whose second derivative at 0 is lambda_1.
#include <QtTest>

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

#include "core/analysis/HessianAnalysis.h"
#include "core/analysis/LandscapeAnalysis.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/Error.h"
#include "core/hessian/Lanczos.h"
#include "core/landscape/HessianDirections.h"
#include "core/landscape/LandscapeJson.h"
#include "tests/hessian/HessianFixture.h"

using namespace modescape;
using modescape::test::hessianReference;
using modescape::test::hessianSet;

namespace {

analysis::HessianResult runHessian(const std::string& set, nlohmann::json given) {
    analysis::SetWorkspace workspace(hessianSet(set));
    given["set"] = workspace.set().folder;
    const auto& a = analysis::hessianAnalysis();
    const auto values = a.complete(given, &workspace.set());
    return std::any_cast<analysis::HessianResult>(a.run(workspace, values, {}));
}

double relative(double a, double b) {
    return std::abs(a - b) / std::max(std::abs(b), 1e-300);
}

// |<v, w>| of a computed eigenvector and the reference one (both unit norm).
double alignment(const at::Tensor& v, const std::vector<double>& w) {
    const at::Tensor ref = at::tensor(w, at::kDouble);
    return std::abs(v.to(at::kDouble).dot(ref).item<double>());
}

std::string refusal(const nlohmann::json& given) {
    try {
        runHessian("small", given);
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

landscape::LandscapeResult runLandscape(nlohmann::json given) {
    analysis::SetWorkspace workspace(hessianSet("small"));
    given["set"] = workspace.set().folder;
    const auto& a = analysis::landscapeAnalysis();
    const auto values = a.complete(given, &workspace.set());
    return std::any_cast<landscape::LandscapeResult>(a.run(workspace, values, {}));
}

// The flat vector of a direction over the operator's blocks (the reference's order).
at::Tensor flatOf(const model::ParameterSet& direction,
                  const std::vector<hessian::ParameterBlock>& blocks) {
    std::vector<at::Tensor> parts;
    for (const auto& b : blocks)
        parts.push_back(direction.at(b.name).reshape({-1}).to(at::kDouble));
    return at::cat(parts);
}

// d2f/da2 at 0 from five equally spaced values f(-2h) .. f(2h) (fourth order).
double secondDerivative(const std::vector<double>& f, double h) {
    return (-f[0] + 16 * f[1] - 30 * f[2] + 16 * f[3] - f[4]) / (12 * h * h);
}

}  // namespace

class TestHessianReference : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void checkTopEigenpairs_data() {
        QTest::addColumn<QString>("set");
        QTest::newRow("small, 114 parameters") << QString("small");
        QTest::newRow("wide, 1218 parameters") << QString("wide");
    }

    // Lanczos with full reorthogonalisation in float64 against eigh of the
    // exact Hessian: 1e-4 relative is the bar; both sides are float64
    // of the same float32 weights, so the only difference is the residual
    // tolerance: residuals below 1e-8 x lambda_max bound the eigenvalue
    // error by residual^2 / gap (~1e-13 here), far inside it.
    void checkTopEigenpairs() {
        QFETCH(QString, set);
        const auto ref = hessianReference(set.toStdString());
        const auto r = runHessian(set.toStdString(),
                                  {{"top", 5}, {"tolerance", 1e-8}, {"max-iterations", 400}});
        const auto& s = r.spectrum;
        QCOMPARE(s.parameters, ref.parameters);
        QCOMPARE(s.samples, std::int64_t(64));
        QVERIFY(s.top.converged);
        QVERIFY2(relative(s.loss, ref.loss) < 1e-10, qPrintable(QString::number(s.loss)));
        QCOMPARE(s.top.values.size(), std::size_t(5));
        for (std::size_t i = 0; i < 5; ++i) {
            QVERIFY2(relative(s.top.values[i], ref.eigenvalues[i]) < 1e-4,
                     qPrintable(QString("eigenvalue %1: %2 vs %3")
                                    .arg(i + 1)
                                    .arg(s.top.values[i], 0, 'g', 12)
                                    .arg(ref.eigenvalues[i], 0, 'g', 12)));
            // Up to sign. The angle to the true eigenvector is at most
            // residual / gap (< 1e-8 x 8.3 / 0.003 ~ 3e-5 on the wide net's
            // closest pair), so |<v, w>| > 1 - 1e-6 (an angle of 1.4e-3) holds
            // with a wide margin.
            QVERIFY2(
                alignment(s.top.vectors[i], ref.topVectors[i]) > 1 - 1e-6,
                qPrintable(QString("eigenvector %1: |<v, w>| = %2")
                               .arg(i + 1)
                               .arg(alignment(s.top.vectors[i], ref.topVectors[i]), 0, 'g', 12)));
        }
        // Exact trace (auto below 20,000 parameters): n products of unit
        // vectors in float64, sums of n terms: 1e-9 relative is rounding.
        QCOMPARE(s.traceMethod, hessian::TraceMethod::Exact);
        QVERIFY2(relative(s.trace.value, ref.trace) < 1e-9,
                 qPrintable(QString::number(s.trace.value, 'g', 12)));
        QCOMPARE(s.trace.standardError, 0.0);
        double layers = 0;
        for (const auto& l : s.layers)
            layers += l.trace;
        QCOMPARE(s.layers.size(), std::size_t(6));  // three layers, weight and bias each
        QVERIFY(relative(layers, ref.trace) < 1e-9);
    }

    // --per-layer: each tensor's own block of H (the generator's diagonal
    // blocks): its largest eigenvalue by Lanczos to 1e-4 relative, its trace
    // exactly (a sum of the diagonal). With a Hutch++ trace each block has
    // its own trace: exact for a block no larger than the products (to
    // 1e-9), else Hutch++ on the block, within 4 of its standard errors.
    void perLayerBlocksMatchTheExactHessiansBlocks() {
        for (const std::string set : {"small", "wide"}) {
            const auto ref = hessianReference(set);
            const auto r = runHessian(set, {{"top", 1}, {"per-layer", true}});
            const auto& layers = r.spectrum.layers;
            QCOMPARE(layers.size(), ref.layers.size());
            for (std::size_t i = 0; i < layers.size(); ++i) {
                QCOMPARE(layers[i].name, ref.layers[i].name);
                QVERIFY(layers[i].converged && layers[i].steps > 0);
                QVERIFY2(relative(layers[i].lambdaMax, ref.layers[i].lambdaMax) < 1e-4,
                         qPrintable(QString("%1 %2: %3 vs %4")
                                        .arg(QString::fromStdString(set))
                                        .arg(QString::fromStdString(layers[i].name))
                                        .arg(layers[i].lambdaMax, 0, 'g', 12)
                                        .arg(ref.layers[i].lambdaMax, 0, 'g', 12)));
                QVERIFY(relative(layers[i].trace, ref.layers[i].trace) < 1e-9);
            }
            // The JSON carries them.
            const auto json = analysis::hessianAnalysis().resultJson(std::any(r));
            QCOMPARE(json["layers"][0]["lambda_max"].get<double>(), layers[0].lambdaMax);
        }
        const auto hutch =
            runHessian("small", {{"top", 1}, {"per-layer", true}, {"trace", "hutch++"}});
        QCOMPARE(hutch.spectrum.layers.size(), std::size_t(6));
        QVERIFY(relative(hutch.spectrum.layers[0].lambdaMax,
                         hessianReference("small").layers[0].lambdaMax) < 1e-4);
        // 60 products: "wide"'s 1024-parameter 2.weight and 64-parameter
        // tensors by Hutch++, its 32- and 2-parameter ones exactly.
        const auto wide = hessianReference("wide");
        const auto blocks =
            runHessian(
                "wide",
                {{"top", 1}, {"per-layer", true}, {"trace", "hutch++"}, {"trace-products", 60}})
                .spectrum.layers;
        QCOMPARE(blocks.size(), wide.layers.size());
        int estimated = 0;
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            const auto& l = blocks[i];
            const double expected = wide.layers[i].trace;
            const QString what = QString("%1: %2 +- %3 vs %4")
                                     .arg(QString::fromStdString(l.name))
                                     .arg(l.trace, 0, 'g', 12)
                                     .arg(l.traceStandardError)
                                     .arg(expected, 0, 'g', 12);
            if (l.size <= 60) {
                QCOMPARE(l.traceStandardError, 0.0);
                QVERIFY2(relative(l.trace, expected) < 1e-9, qPrintable(what));
            } else {
                ++estimated;
                QVERIFY2(l.traceStandardError > 0, qPrintable(what));
                // The 1e-9 allows for a block whose sketch holds all of it.
                QVERIFY2(std::abs(l.trace - expected) <= 4 * l.traceStandardError + 1e-9,
                         qPrintable(what));
            }
        }
        QCOMPARE(estimated, 3);
        // Without --per-layer the blocks are not computed.
        QCOMPARE(runHessian("small", {{"top", 1}}).spectrum.layers[0].steps, 0);
    }

    // Hutch++ with 150 products on the 1218-parameter net: its random part's
    // estimate must lie within 4 of its own standard errors of the exact
    // trace (a 4-sigma band: with this fixed seed a failure means a biased
    // estimator or a wrong standard error, not bad luck, p < 1e-4).
    void hutchPlusPlusWithinItsStandardErrors() {
        const auto ref = hessianReference("wide");
        const auto r =
            runHessian("wide", {{"top", 1}, {"trace", "hutch++"}, {"trace-products", 150}});
        const auto& t = r.spectrum.trace;
        QCOMPARE(r.spectrum.traceMethod, hessian::TraceMethod::HutchPlusPlus);
        QCOMPARE(t.products, std::int64_t(150));
        QVERIFY(t.standardError > 0);
        QVERIFY2(
            std::abs(t.value - ref.trace) <= 4 * t.standardError,
            qPrintable(QString("%1 +- %2 vs %3").arg(t.value).arg(t.standardError).arg(ref.trace)));
        // The sketch takes the top directions out: what is left is a few percent.
        QVERIFY2(t.standardError < 0.05 * ref.trace, qPrintable(QString::number(t.standardError)));
        QVERIFY(r.spectrum.layers.empty());
    }

    // Run to the full dimension (114 steps), one start vector's Lanczos
    // quadrature ends when its Krylov space is invariant: that space holds one
    // direction per distinct eigenvalue (this Hessian has 0 nine times, so at
    // most 106), and its nodes are then exactly the distinct eigenvalues, with
    // weights summing to 1. The density built from it integrates to 1 up to
    // its +-4 sigma tails (6e-5) and the trapezoid rule.
    void quadratureAtFullDimensionHasEveryEigenvalue() {
        const auto ref = hessianReference("small");
        const auto r = runHessian("small", {{"top", 1},
                                            {"density", true},
                                            {"density-runs", 1},
                                            {"density-steps", 114},
                                            {"density-points", 2000}});
        QVERIFY(r.spectrum.density.has_value());
        const auto& density = *r.spectrum.density;
        QCOMPARE(density.grid.size(), std::size_t(2000));
        const auto& q = density.runs.front();
        QVERIFY(q.nodes.size() <= 106);
        double weights = 0;
        for (double w : q.weights)
            weights += w;
        QVERIFY(std::abs(weights - 1) < 1e-10);
        // Every node is an eigenvalue and every eigenvalue a node, to the
        // rounding of a ~100-step recurrence (1e-8 of lambda_max; eigenvalues
        // closer than that, the clusters near 0, count as one).
        const double close = 1e-8 * ref.eigenvalues.front();
        auto nearest = [](double v, const std::vector<double>& among) {
            double best = INFINITY;
            for (double a : among)
                best = std::min(best, std::abs(v - a));
            return best;
        };
        for (double node : q.nodes)
            QVERIFY2(nearest(node, ref.eigenvalues) < close, qPrintable(QString::number(node)));
        for (double eigenvalue : ref.eigenvalues)
            QVERIFY2(nearest(eigenvalue, q.nodes) < close, qPrintable(QString::number(eigenvalue)));
        double integral = 0;
        for (std::size_t i = 1; i < density.grid.size(); ++i)
            integral += 0.5 * (density.values[i] + density.values[i - 1]) *
                        (density.grid[i] - density.grid[i - 1]);
        QVERIFY2(std::abs(integral - 1) < 1e-3, qPrintable(QString::number(integral, 'g', 10)));
    }

    // A subset of 32 of the 64 points: the same seed gives the same loss, the
    // sample count is the subset's, and another seed another subset.
    void subsetIsSeeded() {
        const auto a = runHessian("small", {{"top", 1}, {"subset", 32}, {"seed", 3}});
        const auto b = runHessian("small", {{"top", 1}, {"subset", 32}, {"seed", 3}});
        const auto c = runHessian("small", {{"top", 1}, {"subset", 32}, {"seed", 4}});
        QCOMPARE(a.spectrum.samples, std::int64_t(32));
        QCOMPARE(a.spectrum.loss, b.spectrum.loss);
        QCOMPARE(a.spectrum.top.values, b.spectrum.top.values);
        QVERIFY(a.spectrum.loss != c.spectrum.loss);
    }

    // Lanczos on a diagonal operator with a repeated top eigenvalue and a
    // start vector that is restarted after an invariant subspace: the top
    // three are 5, 5, 3 exactly.
    void lanczosOnAKnownOperator() {
        const at::Tensor diagonal =
            at::tensor(std::vector<double>{1, 5, -2, 3, 5, 0.5}, at::kDouble);
        const hessian::LinearOperator op = [&](const at::Tensor& v) { return diagonal * v; };
        hessian::LanczosOptions options;
        options.wanted = 3;
        options.tolerance = 1e-12;
        const auto pairs = hessian::topEigenpairs(op, 6, at::TensorOptions(at::kDouble), options);
        QCOMPARE(pairs.values.size(), std::size_t(3));
        // Float64 rounding of a 6-step recurrence.
        QVERIFY(std::abs(pairs.values[0] - 5) < 1e-12 && std::abs(pairs.values[1] - 5) < 1e-12);
        QVERIFY(std::abs(pairs.values[2] - 3) < 1e-12);
        const at::Tensor y = pairs.vectors[2];
        QVERIFY(std::abs(std::abs(y[3].item<double>()) - 1) < 1e-10);
    }

    // --dirs hessian:1,2 --norm none: the directions are the reference's top
    // two unit eigenvectors, up to sign (to 1e-4 per element; float32 storage
    // rounds them by ~1e-8), with their eigenvalues and, along the unscaled
    // directions, curvatures equal to them.
    void hessianDirectionsAreTheTopEigenvectors() {
        const auto ref = hessianReference("small");
        analysis::SetWorkspace workspace(hessianSet("small"));
        const data::Dataset& data = workspace.loaded().dataset("test");
        const model::ParameterSet weights =
            workspace.loaded().weights(workspace.set().members.front().name);
        landscape::LandscapeSettings s = analysis::landscapeSettingsFrom(
            {{"directions", "hessian:1,2"}, {"normalization", "none"}});
        QCOMPARE(s.eigenvectors, (std::vector<int>{1, 2}));
        const auto plane =
            landscape::hessianPlane(workspace.model(), weights, data.inputs, data.labels, s, {});
        const hessian::HessianOperator op(workspace.model(), weights, data.inputs, data.labels,
                                          1024, DeviceKind::Cpu);
        QCOMPARE(plane.curvature.size(), std::size_t(2));
        for (std::size_t k = 0; k < 2; ++k) {
            const at::Tensor d = flatOf(k == 0 ? plane.x : plane.y, op.blocks());
            const at::Tensor v = at::tensor(ref.topVectors[k], at::kDouble);
            const double sign = d.dot(v).item<double>() < 0 ? -1.0 : 1.0;
            const double error = (d - sign * v).abs().max().item<double>();
            QVERIFY2(error < 1e-4, qPrintable(QString("eigenvector %1: %2").arg(k + 1).arg(error)));
            const auto& c = plane.curvature[k];
            QCOMPARE(c.eigenvector, int(k + 1));
            QVERIFY(c.converged);
            QVERIFY2(relative(c.eigenvalue, ref.eigenvalues[k]) < 1e-4,
                     qPrintable(QString::number(c.eigenvalue)));
            // d'Hd/d'd of the float32-stored unit eigenvector: the eigenvalue.
            QVERIFY2(std::abs(c.curvature - c.eigenvalue) < 1e-5 * ref.eigenvalues[0],
                     qPrintable(QString("%1 vs %2").arg(c.curvature).arg(c.eigenvalue)));
        }
        // Eigenvector 3 as y: the third eigenvalue.
        s.eigenvectors = {1, 3};
        const auto third =
            landscape::hessianPlane(workspace.model(), weights, data.inputs, data.labels, s, {});
        QVERIFY(relative(third.curvature[1].eigenvalue, ref.eigenvalues[2]) < 1e-4);
    }

    // The landscape along eigenvector 1, unnormalised: finite differences of
    // the computed (float32) slice give f''(0) = lambda_1; filter-normalised,
    // f''(0) = d'Hd = the reported curvature times |d|^2. The result carries
    // the eigenvalue and curvature (in --json and through its .h5 file).
    void sliceAlongEigenvectorOneCurvesByItsEigenvalue() {
        const auto ref = hessianReference("small");
        // h = 0.01: the five-point formula's truncation error (h^4) is ~5e-6
        // relative here and the float32 losses' rounding ~2e-5 (checked
        // against PyTorch in float32 and float64); at h = 0.05 truncation alone
        // is 3e-3.
        const double h = 0.01;
        const auto r = runLandscape(
            {{"directions", "hessian:1"}, {"normalization", "none"}, {"grid", "-0.02:0.02:5"}});
        QCOMPARE(r.nx(), 5);
        QCOMPARE(r.curvature.size(), std::size_t(1));
        const double second = secondDerivative(r.loss, h);
        QVERIFY2(relative(second, ref.eigenvalues[0]) < 1e-3,
                 qPrintable(QString("%1 vs %2").arg(second).arg(ref.eigenvalues[0])));
        QVERIFY(relative(r.curvature[0].eigenvalue, ref.eigenvalues[0]) < 1e-4);
        const nlohmann::json printed = analysis::landscapeAnalysis().resultJson(std::any(r));
        QCOMPARE(printed["hessian_directions"][0]["eigenvector"].get<int>(), 1);
        QCOMPARE(printed["hessian_directions"][0]["curvature"].get<double>(),
                 r.curvature[0].curvature);
        QCOMPARE(printed["settings"]["eigenvectors"], nlohmann::json::array({1}));

        // Filter-normalised: the slice's curvature is d'Hd, |d| no longer 1.
        // The same steps in weight space: the grid shrinks by |d|.
        analysis::SetWorkspace workspace(hessianSet("small"));
        const data::Dataset& data = workspace.loaded().dataset("test");
        const model::ParameterSet weights =
            workspace.loaded().weights(workspace.set().members.front().name);
        const auto settings = analysis::landscapeSettingsFrom(
            {{"directions", "hessian:1"}, {"normalization", "filter"}, {"grid", "-0.02:0.02:5"}});
        const auto plane = landscape::hessianPlane(workspace.model(), weights, data.inputs,
                                                   data.labels, settings, {});
        double squared = 0;
        for (const auto& e : plane.x.entries())
            squared += e.tensor.to(at::kDouble).pow(2).sum().item<double>();
        QVERIFY(std::abs(squared - 1) > 1e-3);
        const double end = 2 * h / std::sqrt(squared);
        const auto filtered =
            runLandscape({{"directions", "hessian:1"},
                          {"normalization", "filter"},
                          {"grid", std::to_string(-end) + ":" + std::to_string(end) + ":5"}});
        const double c = filtered.curvature[0].curvature;
        QVERIFY(relative(c, plane.curvature[0].curvature) < 1e-9);  // the same directions
        const double secondFiltered =
            secondDerivative(filtered.loss, filtered.xs[1] - filtered.xs[0]);
        QVERIFY2(relative(secondFiltered, c * squared) < 1e-3,
                 qPrintable(QString("%1 vs %2").arg(secondFiltered).arg(c * squared)));
        QVERIFY(relative(c, ref.eigenvalues[0]) > 1e-3);

        // The result's metadata (its .h5 file, the cache) keeps them.
        landscape::LandscapeResult back;
        landscape::resultMetadataFromJson(landscape::resultMetadataToJson(filtered), back, "test");
        QCOMPARE(back.curvature.size(), std::size_t(1));
        QCOMPARE(back.curvature[0].curvature, c);
        QCOMPARE(back.curvature[0].eigenvalue, filtered.curvature[0].eigenvalue);
        QCOMPARE(back.settings.eigenvectors, (std::vector<int>{1}));
    }

    void badHessianDirectionsAreRefused() {
        const auto refusedWith = [](const nlohmann::json& given, const std::string& words) {
            try {
                runLandscape(given);
            } catch (const InvalidArgument& e) {
                return std::string(e.what()).find(words) != std::string::npos;
            }
            return false;
        };
        QVERIFY(refusedWith({{"directions", "hessian:1"}, {"grid", "-1:1:3,-1:1:3"}}, "2-D"));
        QVERIFY(refusedWith({{"directions", "hessian:0,1"}}, "--eigenvectors"));
        QVERIFY(refusedWith({{"directions", "hessian:2,2"}}, "differ"));
        QVERIFY(refusedWith({{"directions", "hessian:a,b"}}, "--eigenvectors"));
    }

    void badValuesAreRefusedWithTheirName() {
        QVERIFY2(refusal({{"member", "m7"}}).find("--member") != std::string::npos &&
                     refusal({{"member", "m7"}}).find("'m7'") != std::string::npos,
                 refusal({{"member", "m7"}}).c_str());
        const std::string split = refusal({{"split", "train"}});
        QVERIFY2(
            split.find("--split") != std::string::npos && split.find("test") != std::string::npos,
            split.c_str());
        QVERIFY(refusal({{"top", 0}}).find("--top") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestHessianReference)
#include "TestHessianReference.moc"

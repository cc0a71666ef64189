// Directions: filter / layer normalisation, the biasbn rule, scopes, seeding,
// the plane through three members and PCA directions.
#include <QtTest>

#include <ATen/ATen.h>

#include "LandscapeTestSupport.h"
#include "core/landscape/LandscapeDirections.h"
#include "core/landscape/MemberDirections.h"
#include "core/landscape/RandomDirection.h"
#include "core/model/ModelFactory.h"

#include <nlohmann/json.hpp>

using namespace modescape;
using namespace modescape::landscape;
using namespace landscape_test;

namespace {

double l2(const at::Tensor& t) {
    return t.to(at::kDouble).norm().item<double>();
}

model::ParameterSet lenetWeights(std::uint64_t seed) {
    return model::LeNet5Model().initialParameters(seed);
}

}  // namespace

class TestDirections : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void filterNormalisationGivesEachFilterItsWeightsNorm() {
        const auto w = lenetWeights(1);
        auto d = randomDirections(w, DirectionScope::Weights, 5, 1).front();
        normalizeDirection(d, w, Normalization::Filter, IgnoreMode::BiasBn);
        int filters = 0;
        for (const auto& e : d.entries()) {
            const auto& wt = w.at(e.name);
            if (wt.dim() <= 1) {
                QCOMPARE(e.tensor.abs().max().item<double>(), 0.0);  // biasbn: zero
                continue;
            }
            for (std::int64_t i = 0; i < wt.size(0); ++i, ++filters) {
                const double wn = l2(wt[i]), dn = l2(e.tensor[i]);
                QVERIFY2(
                    std::abs(dn - wn) <= 1e-5 * wn,
                    qPrintable(
                        QString("%1[%2]: %3 vs %4").arg(e.name.c_str()).arg(i).arg(dn).arg(wn)));
            }
        }
        QCOMPARE(filters, 6 + 16 + 120 + 84 + 10);  // conv1, conv2, fc1, fc2, fc3 output slices
    }

    void layerNormalisationAndIgnoreNone() {
        const auto w = lenetWeights(2);
        auto d = randomDirections(w, DirectionScope::Weights, 9, 1).front();
        normalizeDirection(d, w, Normalization::Layer, IgnoreMode::None);
        for (const auto& e : d.entries()) {
            const auto& wt = w.at(e.name);
            if (wt.dim() <= 1)
                QVERIFY(at::equal(e.tensor, wt));  // the reference tool's rule: d = w
            else
                QVERIFY(std::abs(l2(e.tensor) - l2(wt)) <= 1e-5 * l2(wt));
        }
    }

    void noNormalisationKeepsTheGaussianButZeroesBiases() {
        const auto w = lenetWeights(2);
        const auto raw = randomDirections(w, DirectionScope::Weights, 9, 1).front();
        auto d = raw;
        normalizeDirection(d, w, Normalization::None, IgnoreMode::BiasBn);
        QVERIFY(at::equal(d.at("conv1.weight"), raw.at("conv1.weight")));
        QCOMPARE(d.at("conv1.bias").abs().max().item<double>(), 0.0);
        // Standard normal: mean ~ 0, std ~ 1 over fc1's 48,000 values.
        const auto fc1 = raw.at("fc1.weight");
        QVERIFY(std::abs(fc1.mean().item<double>()) < 0.02);
        QVERIFY(std::abs(fc1.std().item<double>() - 1.0) < 0.02);
    }

    void seedFixesTheDirectionsAndScopeSelectsTensors() {
        auto resnet = model::makeBuiltinModel("resnet20", nlohmann::json::object());
        const auto w = resnet->initialParameters(0);
        const auto a = randomDirections(w, DirectionScope::Weights, 4, 2);
        const auto b = randomDirections(w, DirectionScope::Weights, 4, 2);
        QVERIFY(at::equal(a[0].at("conv1.weight"), b[0].at("conv1.weight")));
        QVERIFY(at::equal(a[1].at("conv1.weight"), b[1].at("conv1.weight")));
        QVERIFY(!at::equal(a[0].at("conv1.weight"), a[1].at("conv1.weight")));
        QVERIFY(!a[0].contains("bn1.running_mean"));  // weights: parameters only
        const auto states = randomDirections(w, DirectionScope::States, 4, 1).front();
        QVERIFY(states.contains("bn1.running_mean"));
        QVERIFY(!states.contains("bn1.num_batches_tracked"));  // integers never move
    }

    void planeThroughThreeMembersIsOrthogonalAndPlacesC() {
        auto m = moonsMlp();
        const auto a = m.initialParameters(1), b = m.initialParameters(2),
                   c = m.initialParameters(3);
        const auto p = planeThrough(a, b, c, DirectionScope::Weights);
        const auto u = p.u.flatten(), v = p.v.flatten();
        QVERIFY(std::abs(at::dot(u.to(at::kDouble), v.to(at::kDouble)).item<double>()) <
                1e-4 * l2(u) * l2(v));
        QVERIFY(std::abs(l2(u) - l2(v)) < 1e-5 * l2(u));
        // A + cx u + cy v reproduces C.
        const auto rebuilt =
            a.flatten().to(at::kDouble) + p.cx * u.to(at::kDouble) + p.cy * v.to(at::kDouble);
        QVERIFY((rebuilt - c.flatten().to(at::kDouble)).abs().max().item<double>() < 1e-5);
        // By hand: u = B - A puts B at (1, 0); C sits at cx = <C - A, u> / |u|^2 along
        // it and cy = |C - A - cx u| / |u| across, on the positive side (float32
        // weights: 1e-5).
        const at::Tensor ab = (b.flatten() - a.flatten()).to(at::kDouble);
        const at::Tensor ac = (c.flatten() - a.flatten()).to(at::kDouble);
        QVERIFY((u.to(at::kDouble) - ab).abs().max().item<double>() < 1e-5 * l2(ab));
        const double cx = at::dot(ac, ab).item<double>() / at::dot(ab, ab).item<double>();
        const double cy = (ac - cx * ab).norm().item<double>() / ab.norm().item<double>();
        QVERIFY2(std::abs(p.cx - cx) < 1e-5 * std::abs(cx), qPrintable(QString::number(p.cx)));
        QVERIFY2(std::abs(p.cy - cy) < 1e-5 * cy, qPrintable(QString::number(p.cy)));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, planeThrough(a, a, c, DirectionScope::Weights));
    }

    void pcaDirectionsAreUnitAndPlaceMembers() {
        auto m = moonsMlp();
        Members members;
        std::vector<std::string> names;
        for (int i = 0; i < 5; ++i) {
            names.push_back("m" + std::to_string(i));
            members.sets[names.back()] = m.initialParameters(10 + i);
        }
        LandscapeSettings s;
        s.directions = DirectionSource::Pca;
        const auto d = makeDirections(s, members.weights(), names, {});
        QCOMPARE(d.centerName, std::string("mean(m0, m1, m2, m3, m4)"));
        QVERIFY(std::abs(l2(d.x.flatten()) - 1.0) < 1e-5);
        QVERIFY(std::abs(l2(d.y.flatten()) - 1.0) < 1e-5);
        QCOMPARE(d.markers.size(), std::size_t(6));  // the centre and the 5 members
        // Scores of centred members on the first two components sum to zero.
        double sx = 0, sy = 0;
        for (std::size_t i = 1; i < d.markers.size(); ++i) {
            sx += d.markers[i].x;
            sy += d.markers[i].y;
        }
        QVERIFY(std::abs(sx) < 1e-4 && std::abs(sy) < 1e-4);
    }
};

QTEST_APPLESS_MAIN(TestDirections)
#include "TestDirections.moc"

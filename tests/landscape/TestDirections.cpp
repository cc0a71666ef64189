// Directions: filter / layer normalisation, the biasbn rule, scopes, seeding,
// the plane through three members and PCA directions.
#include <QtTest>

#include <ATen/ATen.h>

#include "LandscapeTestSupport.h"
#include "core/landscape/LandscapeDirections.h"
#include "core/landscape/MemberDirections.h"
#include "core/landscape/RandomDirection.h"
#include "core/landscape/StreamedPcaDirections.h"
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

// Hands out copies of the members' weights and counts how many of them are
// alive at each read (the new one included), by a weak reference to the
// copy's first tensor: a reader that drops a member drops that tensor.
struct CountingMembers {
    std::map<std::string, model::ParameterSet> sets;
    mutable std::vector<c10::weak_intrusive_ptr<c10::TensorImpl, c10::UndefinedTensorImpl>> alive;
    mutable std::size_t maxAlive = 0;
    mutable int reads = 0;

    MemberWeights weights() const {
        return [this](const std::string& name) {
            std::erase_if(alive, [](const auto& w) { return w.expired(); });
            model::ParameterSet copy;
            for (const auto& e : sets.at(name).entries())
                copy.add(e.name, e.tensor.clone(), e.role);
            alive.emplace_back(copy.entries().front().tensor.getIntrusivePtr());
            maxAlive = std::max(maxAlive, alive.size());
            ++reads;
            return copy;
        };
    }
};

double maxDifference(const model::ParameterSet& a, const model::ParameterSet& b) {
    return (a.flatten().to(at::kDouble) - b.flatten().to(at::kDouble)).abs().max().item<double>();
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

    // --dirs pca reads the members one at a time (centre, Gram, directions,
    // markers: four passes) and gives the directions and member positions of
    // the PCA of all of them stacked in memory.
    void pcaStreamsOneMemberAtATime() {
        auto m = moonsMlp();
        CountingMembers members;
        std::vector<std::string> names;
        std::vector<model::ParameterSet> stacked;
        for (int i = 0; i < 9; ++i) {
            names.push_back("m" + std::to_string(i));
            members.sets[names.back()] = m.initialParameters(20 + i);
            stacked.push_back(members.sets[names.back()]);
        }
        LandscapeSettings s;
        s.directions = DirectionSource::Pca;
        const auto d = makeDirections(s, members.weights(), names, {});
        QCOMPARE(members.maxAlive, std::size_t(1));
        QCOMPARE(members.reads, 4 * int(names.size()));
        QCOMPARE(d.pcaAlgorithm, std::string("exact (Gram matrix, 1 pass over the members)"));

        const PcaDirections whole = principalDirections(stacked, s.scope, {});
        const model::ParameterSet centre = meanOf(stacked);
        // Both are the exact PCA (float64 Gram, same sign rule) rounded to
        // float32 unit vectors; the Gram is summed in another order, so the
        // entries (of size ~0.1) agree to a few float32 ulps, not bitwise.
        QVERIFY(maxDifference(d.x, whole.first) < 1e-6);
        QVERIFY(maxDifference(d.y, whole.second) < 1e-6);
        QCOMPARE(maxDifference(d.center, centre), 0.0);  // the same sums in the same order
        QCOMPARE(d.markers.size(), names.size() + 1);
        for (std::size_t i = 0; i < names.size(); ++i) {
            const auto [x, y] = coordinatesOf(stacked[i], centre, whole.first, whole.second);
            QCOMPARE(d.markers[i + 1].name, names[i]);
            // Coordinates of ~1 from float32 directions that agree to 1e-6.
            QVERIFY(std::abs(d.markers[i + 1].x - x) < 1e-5);
            QVERIFY(std::abs(d.markers[i + 1].y - y) < 1e-5);
        }
    }
};

QTEST_APPLESS_MAIN(TestDirections)
#include "TestDirections.moc"

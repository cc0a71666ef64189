// The plane through A, B and a curve's middle bend: A, B and the bend land at
// their known plane coordinates, off-plane points project orthogonally, and a
// quadratic Bezier curve lies exactly in its plane.
#include <QtTest>

#include <cmath>

#include "core/common/Error.h"
#include "core/connectivity/CurvePlane.h"
#include "core/connectivity/CurvePlaneLandscape.h"
#include "core/connectivity/PathCurve.h"
#include "core/model/Mlp.h"

using namespace modescape;
using namespace modescape::connectivity;

namespace {

Eigen::VectorXd vec(std::initializer_list<double> values) {
    Eigen::VectorXd v(static_cast<Eigen::Index>(values.size()));
    Eigen::Index i = 0;
    for (double x : values)
        v[i++] = x;
    return v;
}

bool near(const Eigen::Vector2d& p, double x, double y, double tolerance) {
    return std::abs(p.x() - x) < tolerance && std::abs(p.y() - y) < tolerance;
}

}  // namespace

class TestCurvePlane : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void anchorsLandAtTheirHandWorkedCoordinates() {
        // u = B - A = (2, 0, 0); C - A = (1, 2, 0) = 0.5 u + (0, 2, 0), and v is
        // (0, 2, 0) rescaled to ||u|| = 2: so C is at (0.5, 1).
        const auto a = vec({1, 1, 1}), b = vec({3, 1, 1}), c = vec({2, 3, 1});
        const WeightPlane plane = planeThroughPoints(a, b, c);
        QVERIFY(near(planeCoordinates(plane, a), 0.0, 0.0, 1e-15));
        QVERIFY(near(planeCoordinates(plane, b), 1.0, 0.0, 1e-15));
        QVERIFY(near(planeCoordinates(plane, c), 0.5, 1.0, 1e-15));
        QCOMPARE(plane.v.norm(), plane.u.norm());
        // Off the plane: the z offset is dropped, x and y stay.
        QVERIFY(near(planeCoordinates(plane, vec({2, 3, 6})), 0.5, 1.0, 1e-15));
        QVERIFY(near(planeCoordinates(plane, vec({0, -1, -4})), -0.5, -1.0, 1e-15));
    }

    void degenerateAnchorsAreRefused() {
        const auto a = vec({1, 1, 1}), b = vec({3, 1, 1});
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, planeThroughPoints(a, a, b));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, planeThroughPoints(a, b, vec({5, 1, 1})));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, planeThroughPoints(a, b, vec({5, 1})));
    }

    void aQuadraticBezierLiesInItsPlaneWithEndsAndBendWhereExpected() {
        const model::MlpModel mlp(model::MlpConfig{{2, 8, 2}});
        const auto a = mlp.initialParameters(1), b = mlp.initialParameters(2),
                   c = mlp.initialParameters(3);
        const PathCurve curve(PathKind::Bezier, {a, c, b});
        const WeightPlane plane = curvePlane(curve);

        // The bend's known coordinates, straight from the definitions.
        const Eigen::VectorXd fa = flatParameters(a), u = flatParameters(b) - fa,
                              w = flatParameters(c) - fa;
        const double cx = w.dot(u) / u.squaredNorm();
        const double cy = (w - cx * u).norm() / u.norm();
        QVERIFY(near(planeCoordinates(plane, flatParameters(c)), cx, cy, 1e-9));

        std::vector<double> t, x, y;
        projectCurve(curve, plane, 11, t, x, y);
        QCOMPARE(t.size(), std::size_t(11));
        QVERIFY(std::abs(x.front()) < 1e-9 && std::abs(y.front()) < 1e-9);
        QVERIFY(std::abs(x.back() - 1.0) < 1e-6 && std::abs(y.back()) < 1e-6);
        // theta(t) = (1-t)^2 A + 2t(1-t) C + t^2 B lies in the plane at
        // 2t(1-t) (cx, cy) + t^2 (1, 0) (float32 weights: 1e-5).
        for (std::size_t i = 0; i < t.size(); ++i) {
            const double s = t[i];
            QVERIFY2(std::abs(x[i] - (2 * s * (1 - s) * cx + s * s)) < 1e-5,
                     qPrintable(QString::number(s)));
            QVERIFY(std::abs(y[i] - 2 * s * (1 - s) * cy) < 1e-5);
        }
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, middleBend(PathCurve(PathKind::Linear, {a, b})));
    }
};

QTEST_APPLESS_MAIN(TestCurvePlane)
#include "TestCurvePlane.moc"

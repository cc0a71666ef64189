// A toy model whose cross-entropy is a known quadratic of its weights,
// q(w) = c + 1/2 (w - w0)^T H (w - w0): the engines must give the analytic
// surface q(w* + a d1 + b d2) at every grid point.
#include <QtTest>

#include <ATen/ATen.h>

#include <cmath>

#include "LandscapeTestSupport.h"
#include "core/landscape/GridEvaluator.h"
#include "core/landscape/LandscapeDirections.h"

using namespace modescape;
using namespace modescape::landscape;

namespace {

// Weights "w" [2, 2] (4 numbers, so filter normalisation applies). For every
// sample the logits are [-q, log(1 - exp(-q))], whose softmax puts exp(-q) on
// class 0: with labels 0 the mean cross-entropy is exactly q(w).
class QuadraticModel : public model::Model {
  public:
    QuadraticModel(at::Tensor hessian, at::Tensor minimum, double offset)
        : h_(std::move(hessian)), w0_(std::move(minimum)), c_(offset) {
        model::TensorSpec s;
        s.info = {"w", io::DType::F32, {2, 2}};
        spec_.push_back(s);
    }
    std::string name() const override { return "quadratic"; }
    std::string describe() const override { return "quadratic toy"; }
    const std::vector<model::TensorSpec>& parameterSpec() const override { return spec_; }

    double q(const at::Tensor& w) const {
        const auto d = w.reshape({4}).to(at::kDouble) - w0_;
        return c_ + 0.5 * at::dot(d, at::mv(h_, d)).item<double>();
    }

    at::Tensor forward(const model::ParameterSet& params, const at::Tensor& x,
                       const model::ForwardOptions& = {}) const override {
        const double value = q(params.at("w"));
        const auto n = x.size(0);
        return at::stack({at::full({n}, -value), at::full({n}, std::log(-std::expm1(-value)))}, 1)
            .to(at::kFloat);
    }

  private:
    at::Tensor h_, w0_;
    double c_;
    std::vector<model::TensorSpec> spec_;
};

}  // namespace

class TestQuadraticSurface : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void enginesGiveTheAnalyticSurface() {
        // H symmetric positive definite, known.
        const auto h = at::tensor({4.0, 1.0, 0.0, 0.5, 1.0, 3.0, 0.5, 0.0, 0.0, 0.5, 2.0, 0.25, 0.5,
                                   0.0, 0.25, 1.0},
                                  at::kDouble)
                           .view({4, 4});
        const auto w0 = at::tensor({0.5, -0.25, 1.0, 0.75}, at::kDouble);
        const double c = 0.3;
        const QuadraticModel m(h, w0, c);

        model::ParameterSet centre;
        centre.add("w", at::tensor({1.0f, 0.5f, -0.5f, 2.0f}).view({2, 2}));
        LandscapeSettings s;
        s.seed = 11;
        s.x = {-1.0, 1.0, 5};
        s.y = {-0.5, 0.5, 3};
        const auto d =
            makeDirections(s, [&](const std::string&) { return centre; }, {"centre"}, {});
        const EvaluationData data{at::zeros({6, 1}), at::zeros({6}, at::kLong), {}};

        // q(w* + a d1 + b d2), expanded around w*.
        const auto delta = centre.at("w").reshape({4}).to(at::kDouble) - w0;
        const auto d1 = d.x.at("w").reshape({4}).to(at::kDouble);
        const auto d2 = d.y.at("w").reshape({4}).to(at::kDouble);
        auto form = [&](const at::Tensor& u, const at::Tensor& v) {
            return at::dot(u, at::mv(h, v)).item<double>();
        };
        const double q0 = c + 0.5 * form(delta, delta), g1 = form(d1, delta), g2 = form(d2, delta);
        const double h11 = form(d1, d1), h12 = form(d1, d2), h22 = form(d2, d2);

        for (Engine engine : {Engine::Naive, Engine::Batched}) {
            s.engine = engine;
            auto r = makeEmptyResult(s);
            fillGrid(GridEvaluator(m, d, data, s, DeviceKind::Cpu), r, {});
            for (int iy = 0; iy < r.ny(); ++iy)
                for (int ix = 0; ix < r.nx(); ++ix) {
                    const double a = r.xs[ix], b = r.ys[iy];
                    const double expected =
                        q0 + a * g1 + b * g2 + 0.5 * a * a * h11 + a * b * h12 + 0.5 * b * b * h22;
                    QVERIFY2(std::abs(r.lossAt(ix, iy) - expected) < 1e-5 * std::max(1.0, expected),
                             qPrintable(QString("%1 (%2, %3): %4 vs %5")
                                            .arg(toString(engine))
                                            .arg(a)
                                            .arg(b)
                                            .arg(r.lossAt(ix, iy))
                                            .arg(expected)));
                    QCOMPARE(r.accuracyAt(ix, iy), expected > std::log(2.0) ? 0.0 : 1.0);
                }
        }
        // The filter-normalised directions keep each row's norm.
        for (int row = 0; row < 2; ++row)
            QVERIFY(std::abs(d.x.at("w")[row].norm().item<double>() -
                             centre.at("w")[row].norm().item<double>()) < 1e-5);
    }
};

QTEST_APPLESS_MAIN(TestQuadraticSurface)
#include "TestQuadraticSurface.moc"

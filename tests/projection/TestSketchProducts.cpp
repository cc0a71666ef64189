// The randomized PCA's float32 sketch kernels: y = X Z^T and acc += W^T X
// against float64 LibTorch products on sizes that leave every tail in use
// (rows not a multiple of 3, sketch rows not a multiple of 4, columns past
// whole chunks, tiles and 8-lanes), the pass-1 column sums and squares, and
// the same bits on one thread as on two.
#include <QtTest>

#include <ATen/ATen.h>

#include <cstring>

#include "core/projection/SketchProducts.h"

using namespace modescape::projection;

namespace {

// rows x cols float32 with a large shared part, as shifted members are not:
// the kernels must not care, the rounding bound below scales with the values.
at::Tensor randomRows(int64_t rows, int64_t cols, uint64_t seed) {
    at::manual_seed(seed);
    return at::randn({rows, cols}, at::kFloat) + 0.5;
}

// Relative error of a against the float64 reference, in the reference's largest value.
double relativeError(const at::Tensor& a, const at::Tensor& reference) {
    return (a.to(at::kDouble) - reference).abs().max().item<double>() /
           reference.abs().max().item<double>();
}

bool sameBits(const at::Tensor& a, const at::Tensor& b) {
    const at::Tensor ca = a.contiguous(), cb = b.contiguous();
    return ca.sizes() == cb.sizes() &&
           std::memcmp(ca.data_ptr(), cb.data_ptr(), std::size_t(ca.nbytes())) == 0;
}

struct Products {
    at::Tensor y, acc, sums;
    double squares = 0;
};

// Both products of x (rows x cols) with the sketch z (l x cols), y then W = y as float32.
Products multiply(const at::Tensor& x, const at::Tensor& z, bool float64Accumulator,
                  int threads = 2) {
    const int64_t rows = x.size(0), cols = x.size(1), l = z.size(0);
    Products p;
    p.y = at::zeros({rows, l}, at::kDouble);
    addSketchProducts(x.data_ptr<float>(), rows, cols, cols, z.data_ptr<float>(), l, cols,
                      p.y.data_ptr<double>(), threads);
    const at::Tensor w = p.y.to(at::kFloat).contiguous();
    p.sums = at::zeros({cols}, at::kDouble);
    if (float64Accumulator) {
        p.acc = at::zeros({l, cols}, at::kDouble);
        addTransposedSketch(w.data_ptr<float>(), rows, l, x.data_ptr<float>(), cols, cols,
                            p.acc.data_ptr<double>(), cols, p.sums.data_ptr<double>(), &p.squares,
                            threads);
    } else {
        p.acc = at::zeros({l, cols}, at::kFloat);
        addTransposedSketch(w.data_ptr<float>(), rows, l, x.data_ptr<float>(), cols, cols,
                            p.acc.data_ptr<float>(), cols, p.sums.data_ptr<double>(), &p.squares,
                            threads);
    }
    return p;
}

}  // namespace

class TestSketchProducts : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    // 2 chunks of 4,096 columns and 37 more (not a multiple of 8 or 24),
    // 7 rows (3 + 3 + 1) and 6 sketch rows (4 + 1 + 1), and a 67-row batch
    // (more than one group of 8 rows, as the PCA's 64).
    void productsMatchFloat64References_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        QTest::addColumn<int>("sketch");
        QTest::newRow("tails") << 7 << 2 * 4096 + 37 << 6;
        QTest::newRow("batch") << 67 << 5000 << 12;
        QTest::newRow("one column") << 2 << 1 << 1;
    }
    void productsMatchFloat64References() {
        QFETCH(int, rows);
        QFETCH(int, cols);
        QFETCH(int, sketch);
        const at::Tensor x = randomRows(rows, cols, 1);
        const at::Tensor z = at::randn({sketch, cols}, at::kFloat);
        const Products p = multiply(x, z, true);
        const at::Tensor x64 = x.to(at::kDouble);
        const at::Tensor yReference = at::mm(x64, z.to(at::kDouble).t());
        // float32 sums over 4,096 products: well under 1e-5 of the largest value.
        QVERIFY2(relativeError(p.y, yReference) < 1e-5,
                 qPrintable(QString::number(relativeError(p.y, yReference))));
        const at::Tensor w = p.y.to(at::kFloat).to(at::kDouble);
        const at::Tensor accReference = at::mm(w.t(), x64);
        QVERIFY2(relativeError(p.acc, accReference) < 1e-5,
                 qPrintable(QString::number(relativeError(p.acc, accReference))));
        QVERIFY(relativeError(p.sums, x64.sum(0)) < 1e-12);
        const double squares = x64.square().sum().item<double>();
        QVERIFY(std::abs(p.squares - squares) < 1e-12 * squares);
        // A wrong product is far off: moving one value of x moves y past the bound.
        at::Tensor moved = x.clone();
        moved[rows - 1][cols - 1] += 1000.0f;
        QVERIFY(relativeError(multiply(moved, z, true).y, yReference) > 1e-5);
    }

    // The float32 accumulator takes the same float32 column sums.
    void aFloat32AccumulatorAddsTheSameColumns() {
        const at::Tensor x = randomRows(19, 3001, 2);
        const at::Tensor z = at::randn({5, 3001}, at::kFloat);
        const Products p64 = multiply(x, z, true), p32 = multiply(x, z, false);
        QVERIFY(sameBits(p64.acc.to(at::kFloat), p32.acc));
    }

    // The rows of y and the columns of acc are split over threads; each is
    // computed the same way whatever the split.
    void oneThreadAndTwoGiveTheSameBits() {
        const at::Tensor x = randomRows(64, 4096 * 3 + 101, 3);
        const at::Tensor z = at::randn({12, 4096 * 3 + 101}, at::kFloat);
        const Products one = multiply(x, z, true, 1);
        const Products two = multiply(x, z, true, 2);
        QVERIFY(sameBits(one.y, two.y));
        QVERIFY(sameBits(one.acc, two.acc));
        QVERIFY(sameBits(one.sums, two.sums));
        QCOMPARE(one.squares, two.squares);
        // Products of a batch cut in two give y's rows with the same bits.
        at::Tensor y = at::zeros({64, 12}, at::kDouble);
        addSketchProducts(x.data_ptr<float>(), 40, x.size(1), x.size(1), z.data_ptr<float>(), 12,
                          z.size(1), y.data_ptr<double>(), 3);
        addSketchProducts(x.data_ptr<float>() + 40 * x.size(1), 24, x.size(1), x.size(1),
                          z.data_ptr<float>(), 12, z.size(1), y.data_ptr<double>() + 40 * 12, 1);
        QVERIFY(sameBits(y, one.y));
    }
};

QTEST_APPLESS_MAIN(TestSketchProducts)
#include "TestSketchProducts.moc"

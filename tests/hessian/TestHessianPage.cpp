// The window's Hessian tab on the generator's small set: Compute through the
// one page lifecycle fills the member table with the exact Hessian's largest
// eigenvalue and trace, and the spectrum it paints (the figure function File >
// Export and `hessian --figure` use) marks the top eigenvalues; the command's
// --figure writes it as SVG.
#include <QtTest>

#include <QFile>
#include <QImage>
#include <QPainter>
#include <QTableWidget>
#include <QTemporaryDir>

#include <cmath>

#include "core/analysis/SetWorkspace.h"
#include "tests/common/EventWait.h"
#include "tests/common/RunModescape.h"
#include "tests/hessian/HessianFixture.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/jobs/JobRunner.h"
#include "ui/views/hessian/HessianPage.h"
#include "ui/views/hessian/SpectrumWidget.h"

using namespace modescape;
using modescape::test::waitForExposed;
using modescape::test::waitForSignals;

class TestHessianPage : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void computeFillsTheTableAndTheSpectrum() {
        const auto ref = test::hessianReference("small");
        ui::JobRunner runner;
        ui::HessianPage page(&runner,
                             std::make_shared<analysis::SetWorkspace>(test::hessianSet("small")));
        page.resize(800, 600);
        page.show();
        waitForExposed(page);
        analysis::ParameterValues values = page.form()->rawValues();
        values["top"] = 3;
        values["density"] = true;
        page.form()->setValues(values);
        QSignalSpy finished(&page, &ui::HessianPage::computeFinished);
        QVERIFY(page.compute() > 0);
        waitForSignals(finished);
        QVERIFY(finished.last().at(0).toBool());

        QTableWidget* table = page.memberTable();
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 0)->text(), QString("m0.safetensors"));
        // Default tolerance: the eigenvalue to well inside 1e-4 relative; the
        // exact trace to float64 rounding.
        const double lambda = table->item(0, 3)->data(Qt::DisplayRole).toDouble();
        QVERIFY(std::abs(lambda - ref.eigenvalues[0]) < 1e-4 * ref.eigenvalues[0]);
        const double trace = table->item(0, 4)->data(Qt::DisplayRole).toDouble();
        QVERIFY(std::abs(trace - ref.trace) < 1e-9 * ref.trace);

        const ui::SpectrumPicture& picture = page.spectrum()->picture();
        QCOMPARE(picture.top.size(), std::size_t(3));
        QCOMPARE(picture.grid.size(), std::size_t(400));
        // The figure is painted (some pixels are neither white nor transparent).
        const QImage image = page.exportImage(1.0, false);
        int inked = 0;
        for (int y = 0; y < image.height(); y += 2)
            for (int x = 0; x < image.width(); x += 2)
                inked += image.pixel(x, y) != qRgb(255, 255, 255) ? 1 : 0;
        QVERIFY(inked > 100);

        // No per-layer blocks asked: no layer table.
        QVERIFY(page.layerTable()->isHidden());

        // A second compute of the same member replaces its row; with
        // "Per layer" the layer table lists each tensor's block.
        values["per-layer"] = true;
        page.form()->setValues(values);
        QVERIFY(page.compute() > 0);
        waitForSignals(finished, 2);
        QCOMPARE(table->rowCount(), 1);
        QTableWidget* layers = page.layerTable();
        QVERIFY(!layers->isHidden());
        QCOMPARE(layers->rowCount(), int(ref.layers.size()));
        for (int row = 0; row < layers->rowCount(); ++row) {
            const auto& expected = ref.layers[std::size_t(row)];
            QCOMPARE(layers->item(row, 0)->text(), QString::fromStdString(expected.name));
            const double block = layers->item(row, 2)->data(Qt::DisplayRole).toDouble();
            QVERIFY(std::abs(block - expected.lambdaMax) < 1e-4 * expected.lambdaMax);
        }
    }

    // `hessian --figure x.svg` paints the same spectrum as a vector file:
    // the axis names are <text> elements.
    void figureIsAVectorSvg() {
        const QString set = QString::fromStdString(test::hessianFixture("small"));
        QTemporaryDir dir;
        const QString path = dir.filePath("spectrum.svg");
        const test::Run r =
            test::runModescape({"hessian", set, "--top", "2", "--density", "--figure", path});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("top eigenvalues"), qPrintable(r.out));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString svg = QString::fromUtf8(file.readAll());
        QVERIFY(svg.contains("<svg"));
        QVERIFY2(svg.contains("eigenvalue") && svg.contains("density"), "axis names as text");
    }
};

QTEST_MAIN(TestHessianPage)
#include "TestHessianPage.moc"

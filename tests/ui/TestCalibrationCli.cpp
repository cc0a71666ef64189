// `modescape calibrate` on the two-moons set against the GUI's calibration
// views: the metrics table holds the numbers `--json` prints, and `--png`
// writes the reliability diagram at the requested size (the refused
// arguments are tests/cli/TestCalibrateCommand.cpp's). The set is made by
// `make-set two-moons` (a few minutes) and kept in the build's test-output
// only for as long as the modescape executable is unchanged.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <QTabWidget>

#include "core/analysis/CalibrateAnalysis.h"
#include "core/analysis/SetWorkspace.h"
#include "core/io/set/OpenSet.h"
#include "ui/GuiApplication.h"
#include "ui/jobs/JobRunner.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/setbrowser/SetBrowser.h"
#include "ui/views/calibration/CalibrationViews.h"
#include "ui/views/calibration/MetricsTableModel.h"
#include "ui/views/calibration/MetricsTablePage.h"
#include "ui/views/calibration/ReliabilityDiagramImage.h"
#include "ui/views/calibration/ReliabilityDiagramPage.h"
#include "ui/views/calibration/ReliabilityDiagramScene.h"

#include "tests/common/RunModescape.h"
#include "tests/common/TwoMoonsSetForThisBuild.h"

using namespace modescape;
using namespace modescape::ui;

using modescape::test::Run;
using modescape::test::runModescape;
using modescape::test::waitUntil;

namespace {

const QString kOutput = QString(MODESCAPE_TEST_OUTPUT_DIR);
QString kSet;  // made or found by initTestCase

void compareToJson(const calibration::PredictionMetrics& m, const QJsonObject& json,
                   const QString& what) {
    const std::pair<const char*, double> values[] = {{"accuracy", m.accuracy},
                                                     {"nll", m.nll},
                                                     {"brier", m.brier},
                                                     {"ece", m.ece},
                                                     {"mce", m.mce},
                                                     {"rmsce", m.rmsce},
                                                     {"adaptive_ece", m.adaptiveEce},
                                                     {"aurc", m.aurc},
                                                     {"smooth_ece", m.smoothEce},
                                                     {"signed_ece", m.signedEce},
                                                     {"classwise_ece", m.classwiseEce}};
    for (const auto& [key, value] : values) {
        QVERIFY2(json.contains(key), qPrintable(what + " lacks " + key));
        const double cli = json[key].toDouble();
        QVERIFY2(std::abs(cli - value) <= 1e-12 * std::max(1.0, std::abs(value)),
                 qPrintable(QString("%1 %2: table %3, CLI %4")
                                .arg(what, key)
                                .arg(value, 0, 'g', 17)
                                .arg(cli, 0, 'g', 17)));
    }
}

}  // namespace

class TestCalibrationCli : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        // The CLI and this process share one predictions cache.
        qputenv("XDG_CACHE_HOME", (kOutput + "/calibration-cache").toUtf8());
        QString error;
        kSet = modescape::test::twoMoonsSetForThisBuild(&error);
        QVERIFY2(!kSet.isEmpty(), qPrintable(error));
    }

    void tableHoldsTheCliNumbers() {
        const Run cli = runModescape({"calibrate", kSet, "--json"});
        QVERIFY2(cli.code == 0, qPrintable(cli.err));
        const QJsonObject json = QJsonDocument::fromJson(cli.out.toUtf8()).object();

        JobRunner runner;
        ReliabilityDiagramPage calibration(
            &runner, std::make_shared<analysis::SetWorkspace>(
                         io::openCheckpointSet(kSet.toStdString(), JobContext{})));
        MetricsTablePage page(&calibration);
        waitUntil([&] { return calibration.resultComplete() && !calibration.isComputing(); });
        const MetricsTableModel& model = *page.model();

        const QJsonArray members = json["members"].toArray();
        const QJsonArray groups = json["groups"].toArray();
        QCOMPARE(members.size(), 170);
        QCOMPARE(groups.size(), 7);
        QCOMPARE(int(model.rows().size()), 1 + groups.size() + members.size());
        compareToJson(model.rows()[0].metrics, json["bma"].toObject(), "selection BMA");
        for (int g = 0; g < groups.size(); ++g) {
            const auto& row = model.rows()[std::size_t(1 + g)];
            QCOMPARE(row.name, groups[g].toObject()["name"].toString());
            QCOMPARE(row.members, groups[g].toObject()["members"].toArray().size());
            compareToJson(row.metrics, groups[g].toObject(), "group " + row.name);
        }
        for (int m = 0; m < members.size(); ++m) {
            const auto& row = model.rows()[std::size_t(1 + groups.size() + m)];
            QCOMPARE(row.name, members[m].toObject()["name"].toString());
            compareToJson(row.metrics, members[m].toObject(), row.name);
        }
    }

    void windowShowsCalibrationTabsThatFollowTheSelection() {
        MainWindow window;
        window.show();
        window.openSet(kSet);
        CalibrationViews* views = window.calibrationViews();
        waitUntil([&] {
            return views->reliabilityPage() && views->reliabilityPage()->resultComplete() &&
                   !views->reliabilityPage()->isComputing();
        });
        QStringList titles;
        for (int i = 0; i < window.viewTabs()->count(); ++i)
            titles << window.viewTabs()->tabText(i);
        for (const char* tab : {"Reliability", "Metrics", "Uncertainty"})
            QVERIFY2(titles.contains(tab), qPrintable(titles.join(", ")));

        // Two members selected in the browser: the first table row is their average.
        const QStringList two = {"deep-ensemble/ensemble-00.safetensors", "hmc/hmc-03.safetensors"};
        window.setBrowser()->selectMembers(two);
        waitUntil([&] {
            const auto* result =
                std::any_cast<analysis::CalibrateResult>(&views->reliabilityPage()->result());
            return result && result->calibrated.report.selection.size() == 2;
        });
        waitUntil([&] { return views->metricsPage()->model()->rows().front().members == 2; });
        waitUntil([&] {
            return views->reliabilityPage()->diagram().subject.find("2 members") !=
                   std::string::npos;
        });
        int binned = 0;
        for (const auto& bin : views->reliabilityPage()->diagram().table.bins)
            binned += int(bin.count);
        QCOMPARE(binned, 1000);  // every test sample of the two-moons set
    }

    void pngHasTheRequestedSize() {
        QTemporaryDir dir;
        const QString path = dir.filePath("diagram.png");
        const Run cli = runModescape(
            {"calibrate", kSet, "--group", "deep-ensemble", "--png", path, "--size", "640x480"});
        QVERIFY2(cli.code == 0, qPrintable(cli.err));
        const QImage image(path);
        QCOMPARE(image.size(), QSize(640, 480));
        // The ensemble is accurate: its high-confidence accuracy bar is drawn where
        // the diagram's frame at this size puts confidence .98 and accuracy .5. The
        // frame is laid out for a stand-in table with a legend like the run's; its
        // tick labels may differ by a few pixels of margin, well inside the last
        // bin (1/15 of the axis, ~30 px) and the bar (~half the height).
        const QColor blue = QColor::fromRgbF(0.21f, 0.42f, 0.80f);
        // Since issue 21 the run has curves: a risk-coverage chart takes the
        // right of the figure, so the stand-in has curves too (and the legend's
        // "smooth" entry); the bar is read at its bin's centre.
        calibration::ReliabilityTable standIn;
        standIn.bins = {{14.0 / 15, 1.0, 100, 0.99, 0.99}};
        calibration::CalibrationCurves curves;
        curves.riskCoverage = {{0.5, 1.0}, {0.05, 0.1}};
        const ui::PlotFrame d =
            ui::reliabilityFramesAt({standIn, "", curves, 0.05, 0.05}, QSize(640, 480)).diagram;
        const QColor bar = image.pixelColor(d.map(29.0 / 30, 0.5).toPoint());
        QVERIFY2(std::abs(bar.red() - blue.red()) <= 4 && std::abs(bar.blue() - blue.blue()) <= 4,
                 qPrintable(bar.name()));
        QVERIFY(!QFile::exists(path + ".tmp"));
    }
};

int main(int argc, char** argv) {
    modescape::ui::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestCalibrationCli test;
    return QTest::qExec(&test, argc, argv);
}
#include "TestCalibrationCli.moc"

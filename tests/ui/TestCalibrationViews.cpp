// The calibration views on given predictions (a set whose prediction cache
// holds them, tests/ui/GivenPredictionsSet.h): the reliability page (the
// "calibrate" analysis) shows the engine's bin table for the members and bins
// chosen; the metrics table follows its result and holds the engine's numbers,
// sorts numerically and survives a CSV round trip; the uncertainty panels hold
// the ensemble-size curve and the histograms; a new selection re-aggregates
// without new predictions.
// `modescape uncertainty --json` prints the numbers the Uncertainty view draws.
#include <QtTest>

#include <QLabel>

#include <QComboBox>
#include <QDir>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "core/analysis/CalibrateAnalysis.h"
#include "core/analysis/ResidentCalibrations.h"
#include "core/analysis/SetWorkspace.h"
#include "core/analysis/UncertaintyAnalysis.h"
#include "core/calibration/CalibrationReport.h"
#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/evaluation/CalibrationInput.h"
#include "core/evaluation/ResidentCalibration.h"
#include "tests/common/EventWait.h"
#include "tests/common/RunModescape.h"
#include "tests/ui/ChartChecks.h"
#include "tests/ui/GivenPredictionsSet.h"
#include "tests/ui/SmallMlpSet.h"
#include "tests/ui/ViewGeometry.h"
#include "ui/GuiApplication.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/jobs/JobRunner.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/rendering/FigureSize.h"
#include "ui/rendering/LineChart.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/calibration/CalibrationViews.h"
#include "ui/views/calibration/MetricsCsv.h"
#include "ui/views/calibration/MetricsTableModel.h"
#include "ui/views/calibration/MetricsTablePage.h"
#include "ui/views/calibration/ReliabilityDiagramPage.h"
#include "ui/views/calibration/ReliabilityDiagramScene.h"
#include "ui/views/calibration/ReliabilityDiagramWidget.h"
#include "ui/views/calibration/UncertaintyPage.h"

using namespace modescape;
using namespace modescape::ui;
using modescape::test::drainPostedEvents;
using modescape::test::Run;
using modescape::test::runModescape;
using modescape::test::waitForExposed;
using modescape::test::waitUntil;

namespace {

// 3 members, 8 samples, 2 classes; member 2 is a copy of member 0. OOD: 4 samples.
// Groups a (a/m0, a/m1) and b (b/m2).
test::GivenPredictions smallPredictions() {
    const std::vector<double> p0 = {0.9, 0.6, 0.3, 0.8, 0.55, 0.2, 0.95, 0.7};  // p(class 0)
    const std::vector<double> p1 = {0.7, 0.4, 0.1, 0.6, 0.65, 0.45, 0.85, 0.9};
    test::GivenPredictions given;
    given.groups = {"a", "a", "b"};
    given.names = {"m0", "m1", "m2"};
    for (const auto* p : {&p0, &p1, &p0})
        for (double v : *p) {
            given.in.push_back(float(v));
            given.in.push_back(float(1.0 - v));
        }
    given.labels = {0, 0, 1, 0, 1, 1, 0, 1};
    const std::vector<double> q0 = {0.5, 0.6, 0.9, 0.4}, q1 = {0.2, 0.5, 0.55, 0.7};
    for (const auto* q : {&q0, &q1, &q0})
        for (double v : *q) {
            given.out.push_back(float(v));
            given.out.push_back(float(1.0 - v));
        }
    given.oodSamples = 4;
    return given;
}

const std::vector<std::string> kSmallNames = {"a/m0.safetensors", "a/m1.safetensors",
                                              "b/m2.safetensors"};

// The workspace's members on the test split, as the engine reads them.
std::shared_ptr<const calibration::CalibrationSet> predictionsOf(analysis::SetWorkspace& workspace,
                                                                 std::vector<std::string> names) {
    return std::make_shared<const calibration::CalibrationSet>(evaluation::loadCalibrationSet(
        workspace.loaded(), names, "test", {}, workspace.predictions()));
}

// The 5-member ensemble of tests/fixtures/calibration and its NumPy / SciPy
// reference (make_calibration_reference.py), independent of core/calibration.
const std::string kReferenceDir = std::string(MODESCAPE_FIXTURES_DIR) + "/calibration/";

template <typename T>
std::vector<T> readFixture(const std::string& name, std::size_t count) {
    std::ifstream in(kReferenceDir + name, std::ios::binary);
    std::vector<T> values(count);
    in.read(reinterpret_cast<char*>(values.data()), std::streamsize(count * sizeof(T)));
    if (!in)
        qFatal("%s%s missing or short", kReferenceDir.c_str(), name.c_str());
    return values;
}

nlohmann::json calibrationReference() {
    std::ifstream in(kReferenceDir + "reference.json");
    return nlohmann::json::parse(in);
}

// The reference's members m0..m4 in group "all".
test::GivenPredictions referencePredictions(const nlohmann::json& reference) {
    const auto members = reference["members"].get<std::int64_t>();
    const auto samples = reference["samples"].get<std::int64_t>();
    const auto ood = reference["ood_samples"].get<std::int64_t>();
    const auto classes = reference["classes"].get<std::int64_t>();
    test::GivenPredictions given;
    for (std::int64_t m = 0; m < members; ++m) {
        given.groups.push_back("all");
        given.names.push_back("m" + std::to_string(m));
    }
    given.classes = classes;
    given.in = readFixture<float>("probabilities.f32", std::size_t(members * samples * classes));
    given.labels = readFixture<std::int64_t>("labels.i64", std::size_t(samples));
    given.oodSamples = ood;
    given.out = readFixture<float>("ood.f32", std::size_t(members * ood * classes));
    return given;
}

// Until the page has a complete result and nothing more is coming.
void waitForResult(const AnalysisPage& page) {
    waitUntil([&] { return page.resultComplete() && !page.isComputing(); });
}

const analysis::CalibrateResult& calibrateResultOf(const AnalysisPage& page) {
    return std::any_cast<const analysis::CalibrateResult&>(page.result());
}

void compareMetrics(const calibration::PredictionMetrics& a,
                    const calibration::PredictionMetrics& b) {
    QCOMPARE(a.accuracy, b.accuracy);
    QCOMPARE(a.nll, b.nll);
    QCOMPARE(a.brier, b.brier);
    QCOMPARE(a.ece, b.ece);
    QCOMPARE(a.adaptiveEce, b.adaptiveEce);
    QCOMPARE(a.mce, b.mce);
    QCOMPARE(a.rmsce, b.rmsce);
    QCOMPARE(a.aurc, b.aurc);
    QCOMPARE(a.smoothEce, b.smoothEce);
    QCOMPARE(a.signedEce, b.signedEce);
    QCOMPARE(a.classwiseEce, b.classwiseEce);
}

QStringList splitCsvLine(const QString& line) {
    QStringList cells;
    QString cell;
    bool quoted = false;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
            cell += '"';
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (c == ',' && !quoted) {
            cells << cell;
            cell.clear();
        } else {
            cell += c;
        }
    }
    cells << cell;
    return cells;
}

}  // namespace

class TestCalibrationViews : public QObject {
    Q_OBJECT
  private:
    std::unique_ptr<JobRunner> runner;
    std::unique_ptr<QTemporaryDir> dir;

    std::shared_ptr<analysis::SetWorkspace> workspaceOf(const test::GivenPredictions& given) {
        return test::workspaceWithPredictions(dir->filePath("set"), given);
    }

  private Q_SLOTS:
    void init() {
        runner = std::make_unique<JobRunner>();
        dir = std::make_unique<QTemporaryDir>();
    }
    void cleanup() {
        runner.reset();
        dir.reset();
    }

    // Issue 23: the page's table is the NumPy reference's, and each bar is drawn
    // as high as the reference says.
    void reliabilityPageDrawsTheNumPyReferenceBins() {
        const nlohmann::json reference = calibrationReference();
        const nlohmann::json& all = reference["all"];
        ReliabilityDiagramPage page(runner.get(), workspaceOf(referencePredictions(reference)));
        page.resize(900, 700);
        page.show();
        waitForExposed(page);
        waitForResult(page);
        QCOMPARE(page.updates(), 1);
        const auto& table = page.diagram().table;
        const int bins = reference["bins"].get<int>();
        QCOMPARE(table.binCount, bins);  // the page's default, 15 as in the reference
        // Sums of float32 values in float64 in another order: 1e-12 (as tests/calibration).
        constexpr double kTolerance = 1e-12;
        QVERIFY(std::abs(table.ece - all["ece"].get<double>()) < kTolerance);
        QCOMPARE(table.bins.size(), all["bins"].size());  // the non-empty bins
        for (std::size_t b = 0; b < table.bins.size(); ++b) {
            QCOMPARE(table.bins[b].count, all["bins"][b]["count"].get<std::int64_t>());
            QVERIFY(std::abs(table.bins[b].accuracy - all["bins"][b]["accuracy"].get<double>()) <
                    kTolerance);
            QVERIFY(std::abs(table.bins[b].confidence -
                             all["bins"][b]["confidence"].get<double>()) < kTolerance);
        }

        // Pixels, from the reference alone: the bin holding the mean confidence c spans
        // [k/15, (k+1)/15]; at its middle the bar is blue up to the lower of the accuracy a
        // and c, red between them, white above both (away from the diagonal, which crosses it).
        const QImage image = page.view()->grab().toImage();  // paints the view
        QVERIFY(page.view()->shownFrames().has_value());
        const PlotFrame& box = page.view()->shownFrames()->diagram;
        auto colourAt = [&](double u, double v) {
            const QPointF p = box.map(u, v) * image.devicePixelRatio();
            return image.pixelColor(int(p.x()), int(p.y()));
        };
        const QColor blue = modescape::test::rgbColour(ReliabilityDiagramScene::kAccuracyColour);
        const QColor red = modescape::test::rgbColour(ReliabilityDiagramScene::kGapColour);
        int checked = 0;
        for (const auto& bin : all["bins"]) {
            const double a = bin["accuracy"].get<double>(), c = bin["confidence"].get<double>();
            const double u = (std::floor(c * bins) + 0.5) / bins;
            // 0.02 of the diagram's height is ~8 pixels: clear of the bars' edges.
            const double bluePart = std::min(a, c);
            if (bluePart > 0.03)
                QVERIFY2(
                    modescape::test::colourDistance(colourAt(u, bluePart - 0.02), blue) <= 6,
                    qPrintable(
                        QString("bin at %1: %2").arg(u).arg(colourAt(u, bluePart - 0.02).name())));
            if (std::abs(a - c) > 0.05)
                QVERIFY(modescape::test::colourDistance(colourAt(u, (a + c) / 2), red) <= 6);
            const double above = std::max(a, c) + 0.03;
            if (above < 0.97 && std::abs(above - u) > 0.03) {
                // White, unless the smoothed reliability curve passes exactly there.
                const QColor seen = colourAt(u, above);
                const QColor smooth =
                    modescape::test::rgbColour(ReliabilityDiagramScene::kSmoothColour);
                QVERIFY2(
                    seen == QColor(Qt::white) || modescape::test::colourDistance(seen, smooth) <= 6,
                    qPrintable(seen.name()));
                ++checked;
            }
        }
        QVERIFY(checked >= 3);
    }

    // Wiring: the page shows the engine's table (engine vs engine, same inputs).
    void wiringReliabilityPageShowsTheEngineTable() {
        const auto workspace = workspaceOf(smallPredictions());
        ReliabilityDiagramPage page(runner.get(), workspace);
        page.resize(640, 520);
        page.show();
        waitForExposed(page);
        waitForResult(page);
        const auto data = predictionsOf(*workspace, kSmallNames);
        const std::vector<std::int64_t> all = {0, 1, 2};
        auto expected =
            calibration::evaluateAverage(data->probabilities(), data->labels(), all, {});
        QCOMPARE(page.diagram().table.bins.size(), expected.table.bins.size());
        QCOMPARE(page.diagram().table.ece, expected.table.ece);
        for (std::size_t b = 0; b < expected.table.bins.size(); ++b) {
            QCOMPARE(page.diagram().table.bins[b].count, expected.table.bins[b].count);
            QCOMPARE(page.diagram().table.bins[b].accuracy, expected.table.bins[b].accuracy);
        }

        // Member 1 alone, 4 equal-mass bins, set in the form as a user would.
        // The three changes start one run; the drawn result is the last values'.
        QSignalSpy queued(runner.get(), &JobRunner::jobQueued);
        page.setValue("members", nlohmann::json::array({kSmallNames[1]}));
        page.setValue("bins", 4);
        page.setValue("binning", "equal_mass");
        waitForResult(page);
        QCOMPARE(queued.count(), 1);
        calibration::EvaluationOptions options;
        options.bins = 4;
        options.tableStrategy = calibration::BinningStrategy::EqualMass;
        expected = calibration::evaluateMember(data->probabilities(), data->labels(), 1, options);
        QCOMPARE(page.diagram().table.strategy, calibration::BinningStrategy::EqualMass);
        QCOMPARE(page.diagram().table.binCount, 4);
        QCOMPARE(page.diagram().table.bins.size(), std::size_t(4));  // 8 samples: 2 per bin
        QCOMPARE(page.diagram().table.ece, expected.table.ece);
        QCOMPARE(page.diagram().subject, kSmallNames[1]);

        const QImage image = page.exportImage(2.0, false);
        QCOMPARE(image.size(), page.view()->size() * page.view()->devicePixelRatioF() * 2);
    }

    void selectionChangeReaggregates() {
        const auto workspace = workspaceOf(smallPredictions());
        ReliabilityDiagramPage page(runner.get(), workspace);
        waitForResult(page);
        QCOMPARE(calibrateResultOf(page).calibrated.report.selection.size(), std::size_t(3));
        QCOMPARE(calibrateResultOf(page).calibrated.report.members.size(), std::size_t(3));
        const calibration::PredictionMetrics member0 =
            calibrateResultOf(page).calibrated.report.members[0].metrics;
        page.setSelection({"b/m2.safetensors", "a/m0.safetensors"});
        waitUntil([&] {
            return page.resultComplete() && !page.isComputing() &&
                   calibrateResultOf(page).calibrated.names.size() == 2;
        });
        QCOMPARE(calibrateResultOf(page).calibrated.names,
                 (std::vector<std::string>{"b/m2.safetensors", "a/m0.safetensors"}));
        // Members 0 and 2 are identical: their average is member 0 and their MI is 0.
        const auto& report = calibrateResultOf(page).calibrated.report;
        compareMetrics(report.bma, member0);
        QVERIFY(std::abs(report.diversity.mutualInformation) < 1e-12);
        page.setSelection({});
        waitUntil([&] {
            return page.resultComplete() && !page.isComputing() &&
                   calibrateResultOf(page).calibrated.names.size() == 3;
        });
    }

    // Issue 17: the page keeps the members' predictions in memory, so a new
    // selection updates the shown numbers without reading the prediction
    // cache again (it is deleted here: a read would evaluate the set's
    // untrained weights and show other numbers).
    void selectionChangeUpdatesTheNumbersFromMemory() {
        const auto workspace = workspaceOf(smallPredictions());
        ReliabilityDiagramPage page(runner.get(), workspace);
        waitForResult(page);
        const auto resident = analysis::residentCalibrationOf(*workspace);
        QVERIFY(resident);
        QCOMPARE(resident->membersRead(), std::int64_t(3));
        const auto data = predictionsOf(*workspace, kSmallNames);
        const auto member1 = calibration::evaluateMember(data->probabilities(), data->labels(), 1);
        const std::vector<std::int64_t> pair = {1, 2};
        const auto average12 =
            calibration::evaluateAverage(data->probabilities(), data->labels(), pair);
        QVERIFY(
            QDir(QString::fromStdString(workspace->predictions().folder())).removeRecursively());

        auto* summary = page.propertiesWidget()->findChild<QLabel*>("reliabilitySummary");
        QVERIFY(summary);
        const QString before = summary->text();
        const int updates = page.updates();
        page.setSelection({"a/m1.safetensors"});
        waitUntil([&] { return page.updates() > updates && !page.isComputing(); });
        const QString accuracy =
            QString("Accuracy %1%").arg(100 * member1.metrics.accuracy, 0, 'f', 2);
        const QString nll = QString("NLL %1").arg(member1.metrics.nll, 0, 'f', 4);
        QVERIFY2(summary->text().contains(accuracy) && summary->text().contains(nll),
                 qPrintable(summary->text() + " lacks " + accuracy + ", " + nll));
        QVERIFY(summary->text() != before);
        QCOMPARE(page.diagram().table.ece, member1.table.ece);

        // Members 1 and 2: one member added to the running sums.
        page.setSelection({"a/m1.safetensors", "b/m2.safetensors"});
        waitUntil([&] {
            return !page.isComputing() && calibrateResultOf(page).calibrated.names.size() == 2;
        });
        const auto& report = calibrateResultOf(page).calibrated.report;
        QVERIFY(std::abs(report.bma.nll - average12.metrics.nll) < 1e-12);
        QVERIFY(std::abs(report.bma.ece - average12.metrics.ece) < 1e-12);
        QVERIFY(summary->text().contains(QString("NLL %1").arg(average12.metrics.nll, 0, 'f', 4)));
        QCOMPARE(resident->membersRead(), std::int64_t(3));
    }

    // Issue 23: the table's rows hold the NumPy / SciPy reference's numbers.
    void metricsTableHoldsTheNumPyReferenceNumbers() {
        const nlohmann::json reference = calibrationReference();
        ReliabilityDiagramPage calibration(runner.get(),
                                           workspaceOf(referencePredictions(reference)));
        MetricsTablePage page(&calibration);
        waitForResult(calibration);
        const auto& rows = page.model()->rows();
        QCOMPARE(rows.size(), std::size_t(1 + 1 + 5));  // selection, the group, 5 members
        // Both sides sum float32 values in float64 in different orders: 1e-12.
        auto compareWithReference = [](const calibration::PredictionMetrics& m,
                                       const nlohmann::json& expected) {
            const std::pair<double, const char*> values[] = {{m.accuracy, "accuracy"},
                                                             {m.nll, "nll"},
                                                             {m.brier, "brier"},
                                                             {m.ece, "ece"},
                                                             {m.mce, "mce"},
                                                             {m.rmsce, "rmsce"},
                                                             {m.adaptiveEce, "adaptive_ece"}};
            for (const auto& [value, name] : values)
                if (std::abs(value - expected[name].get<double>()) >= 1e-12)
                    return QString("%1: %2, reference %3")
                        .arg(name)
                        .arg(value, 0, 'g', 17)
                        .arg(expected[name].get<double>(), 0, 'g', 17);
            return QString();
        };
        QString wrong = compareWithReference(rows[0].metrics, reference["all"]);
        QVERIFY2(wrong.isEmpty(), qPrintable("selection " + wrong));
        for (int m = 0; m < 5; ++m) {
            wrong = compareWithReference(rows[2 + m].metrics, reference["member_metrics"][m]);
            QVERIFY2(wrong.isEmpty(), qPrintable(QString("member %1 ").arg(m) + wrong));
        }
        // The ECE cell shows the reference's value as a percentage.
        QCOMPARE(page.model()->index(0, MetricsTableModel::Ece).data().toString(),
                 QString::number(100 * reference["all"]["ece"].get<double>(), 'f', 2) + "%");
    }

    // Wiring: the table holds what the engine computes on the same inputs.
    void wiringMetricsTableHoldsTheEngineNumbers() {
        const auto workspace = workspaceOf(smallPredictions());
        ReliabilityDiagramPage calibration(runner.get(), workspace);
        MetricsTablePage page(&calibration);
        waitForResult(calibration);
        const auto data = predictionsOf(*workspace, kSmallNames);
        calibration::CalibrationOptions options;
        options.groups = {{"a", {0, 1}}, {"b", {2}}};
        const auto report = calibration::calibrate(*data, data->allMembers(), options);

        const auto& rows = page.model()->rows();
        QCOMPARE(rows.size(), std::size_t(1 + 2 + 3));
        QCOMPARE(rows[0].kind, MetricsTableModel::RowKind::SelectionAverage);
        compareMetrics(rows[0].metrics, report.bma);
        QCOMPARE(rows[1].name, QString("a"));
        QCOMPARE(rows[1].members, 2);
        compareMetrics(rows[1].metrics, report.groups[0].metrics);
        compareMetrics(rows[2].metrics, report.groups[1].metrics);
        for (int m = 0; m < 3; ++m) {
            QCOMPARE(rows[3 + m].name, QString::fromStdString(data->memberNames()[m]));
            compareMetrics(rows[3 + m].metrics, report.members[m].metrics);
        }
        QCOMPARE(rows[4].group, QString("a"));
        const QModelIndex ece = page.model()->index(0, MetricsTableModel::Ece);
        QCOMPARE(ece.data(MetricsTableModel::SortRole).toDouble(), report.bma.ece);
        QCOMPARE(ece.data().toString(), QString::number(100 * report.bma.ece, 'f', 2) + "%");

        // Sorting by NLL is numeric: the proxy's rows come out in increasing NLL.
        page.proxy()->sort(MetricsTableModel::Nll, Qt::AscendingOrder);
        double previous = -1.0;
        for (int r = 0; r < page.proxy()->rowCount(); ++r) {
            const double nll = page.proxy()
                                   ->index(r, MetricsTableModel::Nll)
                                   .data(MetricsTableModel::SortRole)
                                   .toDouble();
            QVERIFY(nll >= previous);
            previous = nll;
        }
    }

    void csvRoundTrip() {
        ReliabilityDiagramPage calibration(runner.get(), workspaceOf(smallPredictions()));
        MetricsTablePage page(&calibration);
        waitForResult(calibration);
        QTemporaryDir dir;
        const QString path = dir.filePath("metrics.csv");
        QVERIFY(page.exportCsv(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
        const auto& rows = page.model()->rows();
        QCOMPARE(lines.size(), int(rows.size()) + 1);
        QCOMPARE(lines[0],
                 QString("name,kind,members,accuracy,nll,brier,ece,adaptive_ece,mce,rmsce,aurc,"
                         "smooth_ece,signed_ece,classwise_ece"));
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const QStringList cells = splitCsvLine(lines[int(r) + 1]);
            QCOMPARE(cells.size(), int(MetricsTableModel::ColumnCount));
            QCOMPARE(cells[0], rows[r].name);
            QCOMPARE(cells[1], MetricsTableModel::kindName(rows[r].kind));
            QCOMPARE(cells[2].toInt(), rows[r].members);
            for (int c = MetricsTableModel::Accuracy; c < MetricsTableModel::ColumnCount; ++c)
                QCOMPARE(cells[c].toDouble(),
                         MetricsTableModel::metricValue(rows[r], c));  // exact: 17 digits
        }
        // A name with a comma and a quote is quoted.
        MetricsTableModel model;
        model.setContent({{0, "odd, \"name\"", {}}}, {}, nullptr);
        QCOMPARE(splitCsvLine(metricsCsv(model).split('\n')[1])[0], QString("odd, \"name\""));
        // An unwritable path fails without throwing.
        QVERIFY(!page.exportCsv("/proc/modescape/metrics.csv"));
        QVERIFY(!QFile::exists(dir.filePath("metrics.csv.tmp")));
    }

    // Issue 19: opening a set in the window starts one job per calibration
    // view: one "calibrate" run shared by the Reliability and Metrics tabs and
    // one "uncertainty" run, however the pages get the set's selection.
    void openingASetStartsOneJobPerView() {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("XDG_CACHE_HOME", dir->filePath("cache").toUtf8());
        const QString folder = dir->filePath("mlp-set");
        modescape::test::writeSmallMlpSet(folder, true, true);
        MainWindow window;
        JobRunner* jobs = window.jobRunner();
        // Queued, not only started: a run replaced while it waits in the queue
        // is a row of the Jobs panel too.
        QMap<int, QString> names;
        QStringList queued, started;
        connect(jobs, &JobRunner::jobQueued, this, [&](int id, const QString& name) {
            names[id] = name;
            queued << name;
        });
        connect(jobs, &JobRunner::jobStarted, this, [&](int id) { started << names.value(id); });
        window.show();
        window.openSet(folder);
        CalibrationViews* views = window.calibrationViews();
        auto finished = [](const AnalysisPage* page) {
            return page && page->resultComplete() && !page->isComputing();
        };
        waitUntil([&] {
            return finished(views->reliabilityPage()) && finished(views->uncertaintyPage()) &&
                   jobs->isIdle();
        });
        QVERIFY(drainPostedEvents());
        const QString calibrate =
            QString::fromStdString(analysis::calibrateAnalysis().info().title);
        const QString uncertainty =
            QString::fromStdString(analysis::uncertaintyAnalysis().info().title);
        QVERIFY2(queued.count(calibrate) == 1, qPrintable(queued.join(", ")));
        QVERIFY2(queued.count(uncertainty) == 1, qPrintable(queued.join(", ")));
        QVERIFY2(started.count(calibrate) == 1, qPrintable(started.join(", ")));
        QVERIFY2(started.count(uncertainty) == 1, qPrintable(started.join(", ")));
        // Both tabs show that one result: the table's first row is its model average.
        const auto& report = calibrateResultOf(*views->reliabilityPage()).calibrated.report;
        QCOMPARE(views->metricsPage()->model()->rows().front().metrics.nll, report.bma.nll);
        QCOMPARE(report.selection.size(), std::size_t(4));
        qunsetenv("XDG_CACHE_HOME");
    }

    // The panels on a small real set: three MLPs and a copy of the first, 200
    // test and 60 OOD samples, computed by the page on the set's workspace.
    void uncertaintyPanels() {
        QTemporaryDir dir;
        qputenv("XDG_CACHE_HOME", dir.filePath("cache").toUtf8());
        auto workspace = std::make_shared<analysis::SetWorkspace>(
            *modescape::test::writeSmallMlpSet(dir.filePath("set"), true, true));
        UncertaintyPage page(runner.get(), workspace);
        page.resize(640, 480);
        page.show();
        waitForExposed(page);
        waitUntil([&] { return page.resultComplete() && !page.isComputing(); });
        const auto& result = std::any_cast<const analysis::UncertaintyResult&>(page.result());
        QCOMPARE(result.names.size(), std::size_t(4));

        // Ensemble size: accuracy of the first k members, k = 1..4.
        page.setPanel(UncertaintyPage::Panel::EnsembleSize);
        QCOMPARE(page.series().size(), std::size_t(1));
        QCOMPARE(page.series()[0].x, (std::vector<double>{1, 2, 3, 4}));
        const auto& curve = result.report.curve;
        QCOMPARE(page.series()[0].y[3], curve.points[3].metrics.accuracy);
        // Issue 19: an accuracy axis never runs past 1 (VTK padded 0.99 up to 1.045)
        // nor below 0, whatever the accuracies; checked on the chart as drawn.
        page.exportImage(1.0, false)
            .save(QString(MODESCAPE_TEST_OUTPUT_DIR) + "/uncertainty_accuracy_axis.png");
        const ResolvedFigure screen =
            resolveFigure(FigureSize::fromPixels(page.chart()->size()), page.chart()->size());
        const PlotRange axis =
            modescape::test::paintChart(page.chart()->data(), screen).frame->range();
        QVERIFY2(axis.y1 <= 1.0 && axis.y0 >= 0.0,
                 qPrintable(QString("accuracy axis %1 .. %2").arg(axis.y0).arg(axis.y1)));
        for (const double y : page.series()[0].y)
            QVERIFY(y >= axis.y0 && y <= axis.y1);
        QCOMPARE(page.chart()->data().xName, QString("number of members k"));

        // OOD histograms: fractions of 200 in- and 60 out-of-distribution samples.
        page.setPanel(UncertaintyPage::Panel::OodScores);
        // The note says what the shown AUROC means and lists every score's AUROC.
        auto* note = page.findChild<QLabel*>("uncertaintyNote");
        QVERIFY(note->text().contains("AUROC by score: -max probability"));
        QVERIFY(note->text().contains("mutual information (nats)"));
        QVERIFY(note->text().contains(
            QString::fromStdString(calibration::aurocReading(result.report.ood[0].metrics.auroc))));
        {
            // A score below 0.5, as the demo's max probability (0.13): explained,
            // and the best score named.
            calibration::UncertaintyReport low;
            for (const auto score : calibration::kAllOodScores) {
                calibration::OodScoreReport entry;
                entry.score = score;
                entry.metrics.auroc = score == calibration::OodScore::MaxProbability      ? 0.13
                                      : score == calibration::OodScore::MutualInformation ? 0.91
                                                                                          : 0.6;
                low.ood.push_back(entry);
            }
            const QString text = UncertaintyPage::oodNote(low, low.ood[0]);
            QVERIFY2(text.contains("below 0.5") && text.contains("more confident far from") &&
                         text.contains("Best: mutual information (nats)") &&
                         text.contains("-max probability 0.130"),
                     qPrintable(text));
        }
        QCOMPARE(page.series().size(), std::size_t(2));
        for (const auto& s : page.series()) {
            double total = 0;
            for (double y : s.y)
                total += y;
            QVERIFY(std::abs(total - 1.0) < 1e-12);
        }

        // Pairwise MI: 6 pairs in and 6 out of distribution; m1 and its copy: MI 0.
        page.setPanel(UncertaintyPage::Panel::PairwiseMutualInformation);
        QCOMPARE(page.series().size(), std::size_t(2));
        QCOMPARE(result.report.pairwise->values.size(), std::size_t(6));
        auto position = [&](const std::string& name) {
            return std::size_t(std::find(result.names.begin(), result.names.end(), name) -
                               result.names.begin());
        };
        QVERIFY(std::abs(result.report.pairwise->between(position("ensemble/m1.safetensors"),
                                                         position("copies/m1-copy.safetensors"))) <
                1e-12);
        double inPairs = 0;
        for (double y : page.series()[0].y)
            inPairs += y * 6;
        QVERIFY(std::abs(inPairs - 6.0) < 1e-9);

        // The chart is drawn: some of the blue bars' pixels are in the picture.
        const QImage image = page.exportImage(1.0, false);
        int blue = 0;
        for (int y = 0; y < image.height(); y += 2)
            for (int x = 0; x < image.width(); x += 2) {
                const QColor c = image.pixelColor(x, y);
                if (c.blue() > 150 && c.red() < 120)
                    ++blue;
            }
        QVERIFY2(blue > 20, qPrintable(QString::number(blue)));

        // The tallest in-distribution bar reaches the height of its value on the
        // left axis (the frame as the export laid it out; the legend, which has a
        // blue swatch too, is outside the plot area searched).
        const auto painted = modescape::test::paintChart(
            page.chart()->data(),
            resolveFigure(FigureSize::fromPixels(page.chart()->size()), page.chart()->size()));
        const QImage& bars = painted.image;
        QCOMPARE(bars.size(), image.size());
        const PlotFrame& frame = *painted.frame;
        const auto& in = page.series()[0];
        const std::size_t tallest =
            std::size_t(std::max_element(in.y.begin(), in.y.end()) - in.y.begin());
        const QPointF top = frame.map(in.x[tallest], in.y[tallest]);
        const QPointF base = frame.map(in.x[tallest], 0.0);
        const double binPixels =
            std::abs(frame.map(in.x[1], 0.0).x() - frame.map(in.x[0], 0.0).x());
        // The first blue row from the plot's top, within a bin's width either side of
        // the bin's x (with two series, the bars stand side by side around it).
        int topBlue = bars.height();
        for (int x = int(top.x() - binPixels); x <= int(top.x() + binPixels); ++x)
            for (int y = int(frame.plotArea().top()); y < bars.height() && bars.valid(x, y); ++y) {
                const QColor c = bars.pixelColor(x, y);
                if (c.blue() > 150 && c.red() < 120) {
                    topBlue = std::min(topBlue, y);
                    break;
                }
            }
        qInfo("tallest bar %g: expected top row %.1f (base %.1f), first blue row %d", in.y[tallest],
              top.y(), base.y(), topBlue);
        // The bar's top edge is on the value's row; at a fractional row it is
        // rasterised (antialiased) on one of its two neighbours.
        QVERIFY2(
            std::abs(topBlue - top.y()) <= 1,
            qPrintable(QString("blue from row %1, value at row %2").arg(topBlue).arg(top.y())));
        // The legend stands beside the bars: no bar top lies in it.
        QCOMPARE(modescape::test::curvePointsInside(frame.legendArea(),
                                                    chartPoints(frame, page.chart()->data())),
                 0);
    }

    // `modescape uncertainty --json` on a small real set (3 MLPs, test and OOD
    // splits, one prediction cache shared with this process) prints what the
    // view draws: the same cached float32 predictions through the same core
    // code, so every number is equal, not only close (JSON keeps 17 digits).
    void uncertaintyCliPrintsTheViewsNumbers() {
        QTemporaryDir dir;
        qputenv("XDG_CACHE_HOME", dir.filePath("cache").toUtf8());
        const QString folder = dir.filePath("set");
        const auto set = modescape::test::writeSmallMlpSet(folder, true);
        const QString saved = dir.filePath("uncertainty.json");
        const Run cli = runModescape(
            {"uncertainty", folder, "--histogram-bins", "12", "--json", "--out", saved});
        QVERIFY2(cli.code == 0, qPrintable(cli.err));
        const nlohmann::json json = nlohmann::json::parse(cli.out.toStdString());
        std::ifstream savedFile(saved.toStdString());
        QCOMPARE(nlohmann::json::parse(savedFile), json);

        UncertaintyPage page(runner.get(), std::make_shared<analysis::SetWorkspace>(*set));
        page.resize(640, 480);
        page.show();
        waitForExposed(page);
        waitUntil([&] { return page.resultComplete() && !page.isComputing(); });
        // The form's histogram bins, as the user sets them: the page computes again.
        page.findChild<QSpinBox*>("uncertainty.histogram-bins")->setValue(12);
        waitUntil([&] {
            return page.resultComplete() && !page.isComputing() &&
                   page.resultValues()["histogram-bins"] == 12;
        });
        const auto& result = std::any_cast<const analysis::UncertaintyResult&>(page.result());
        QCOMPARE(json["selection"].get<std::vector<std::string>>(), result.names);

        // The ensemble-size curve, metric by metric as the combo offers them.
        auto* metric = page.findChild<QComboBox*>("uncertaintyCurveMetric");
        const nlohmann::json& points = json["ensemble_size"]["points"];
        page.setPanel(UncertaintyPage::Panel::EnsembleSize);
        using Json = nlohmann::json;
        const std::pair<int, std::function<double(const Json&)>> metrics[] = {
            {int(calibration::CurveMetric::Accuracy),
             [](const Json& p) { return p["accuracy"].get<double>(); }},
            {int(calibration::CurveMetric::Nll),
             [](const Json& p) { return p["nll"].get<double>(); }},
            {int(calibration::CurveMetric::MutualInformation),
             [](const Json& p) { return p["diversity"]["mutual_information"].get<double>(); }},
            {int(calibration::CurveMetric::Auroc),
             [](const Json& p) { return p["ood"]["auroc"].get<double>(); }}};
        for (const auto& [code, value] : metrics) {
            metric->setCurrentIndex(metric->findData(code));
            QCOMPARE(page.series()[0].y.size(), points.size());
            for (std::size_t k = 0; k < points.size(); ++k)
                QCOMPARE(page.series()[0].y[k], value(points[k]));
        }

        // Each OOD score's histograms and detection metrics.
        page.setPanel(UncertaintyPage::Panel::OodScores);
        waitUntil([&] { return page.series().size() == 2; });
        auto* score = page.findChild<QComboBox*>("uncertaintyOodScore");
        for (int s = 0; s < score->count(); ++s) {
            score->setCurrentIndex(s);
            const nlohmann::json& expected =
                json["ood"]["scores"][calibration::oodScoreName(calibration::kAllOodScores[s])];
            QCOMPARE(page.series()[0].x,
                     expected["histogram"]["centres"].get<std::vector<double>>());
            QCOMPARE(page.series()[0].y,
                     expected["histogram"]["in_distribution"].get<std::vector<double>>());
            QCOMPARE(page.series()[1].y,
                     expected["histogram"]["out_of_distribution"].get<std::vector<double>>());
            const auto& shown = result.report.ood[std::size_t(s)].metrics;
            QCOMPARE(shown.auroc, expected["auroc"].get<double>());
            QCOMPARE(shown.aupr, expected["aupr"].get<double>());
            QCOMPARE(shown.fpr95, expected["fpr95"].get<double>());
        }

        // Pairwise mutual information and its histograms.
        page.setPanel(UncertaintyPage::Panel::PairwiseMutualInformation);
        const nlohmann::json& pairwise = json["pairwise_mutual_information"];
        QCOMPARE(result.report.pairwise->values,
                 pairwise["in_distribution"].get<std::vector<double>>());
        QCOMPARE(page.series()[0].y,
                 pairwise["histogram"]["in_distribution"].get<std::vector<double>>());
        QCOMPARE(page.series()[1].y,
                 pairwise["histogram"]["out_of_distribution"].get<std::vector<double>>());

        // Independently: the MI of members 0 and 1 computed here from their
        // probabilities, mean_n H((p0 + p1) / 2) - (H(p0) + H(p1)) / 2 in nats.
        analysis::SetWorkspace workspace(*set);
        const calibration::CalibrationSet data = evaluation::loadCalibrationSet(
            workspace.loaded(), result.names, "test", {}, workspace.predictions());
        const auto& p = data.probabilities();
        const auto cells = std::size_t(p.samples() * p.classes());
        std::vector<double> p0(cells), p1(cells);
        p.copyMember(0, p0);
        p.copyMember(1, p1);
        auto entropy = [](double a, double b) {
            double h = 0;
            for (const double v : {a, b})
                h -= v > 0 ? v * std::log(v) : 0.0;
            return h;
        };
        double mi = 0;
        for (std::size_t n = 0; n < cells; n += 2)
            mi += entropy((p0[n] + p1[n]) / 2, (p0[n + 1] + p1[n + 1]) / 2) -
                  (entropy(p0[n], p0[n + 1]) + entropy(p1[n], p1[n + 1])) / 2;
        mi /= double(p.samples());
        // 200 samples' terms summed in another order: 1e-12 leaves room for the rounding.
        QVERIFY2(std::abs(pairwise["in_distribution"][0].get<double>() - mi) < 1e-12,
                 qPrintable(QString("CLI %1, by hand %2")
                                .arg(pairwise["in_distribution"][0].get<double>(), 0, 'g', 17)
                                .arg(mi, 0, 'g', 17)));

        // The parameters stored with the result complete to themselves (JSON round trip).
        const nlohmann::json parameters = json["provenance"]["parameters"];
        QCOMPARE(parameters["histogram-bins"].get<int>(), 12);
        QCOMPARE(analysis::uncertaintyAnalysis().complete(parameters, set.get()), parameters);
        qunsetenv("XDG_CACHE_HOME");
    }

    // The calibrate and uncertainty tables: values survive JSON, and the rules
    // between parameters give one message wherever they are asked.
    void calibrationParametersRoundTrip() {
        const auto& calibrate = analysis::calibrateAnalysis();
        const nlohmann::json values =
            calibrate.complete({{"bins", 10}, {"binning", "equal_mass"}, {"ensemble-size", true}});
        QCOMPARE(calibrate.complete(nlohmann::json::parse(values.dump())), values);
        const auto settings = analysis::calibrateSettingsFrom(values);
        QCOMPARE(settings.calibration.evaluation.bins, 10);
        QCOMPARE(settings.calibration.evaluation.tableStrategy,
                 calibration::BinningStrategy::EqualMass);
        QVERIFY(settings.calibration.ensembleSizeCurve && !settings.calibration.pairwise);
        QCOMPARE(values["split"].get<std::string>(), std::string("test"));
        QCOMPARE(values["ood-score"].get<std::string>(), std::string("max_probability"));
        try {
            calibrate.complete({{"members", nlohmann::json::array({"a"})}, {"group", "g"}});
            QFAIL("members and group together were accepted");
        } catch (const InvalidArgument& error) {
            QVERIFY2(QString(error.what()).contains("--members and --group"), error.what());
        }
        const nlohmann::json unknownBinning = {{"binning", "quantile"}};
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, calibrate.complete(unknownBinning));
        const auto& uncertainty = analysis::uncertaintyAnalysis();
        const nlohmann::json u = uncertainty.complete({{"seed", 3}});
        QCOMPARE(uncertainty.complete(nlohmann::json::parse(u.dump())), u);
        QCOMPARE(analysis::uncertaintySettingsFrom(u).histogramBins, 30);  // the view's default
        QCOMPARE(analysis::uncertaintySettingsFrom(u).seed, std::uint64_t(3));
        const nlohmann::json oneBin = {{"histogram-bins", 1}};
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, uncertainty.complete(oneBin));
    }
};

int main(int argc, char** argv) {
    modescape::log::addSink(modescape::log::stderrSink());  // failed jobs say why
    modescape::ui::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestCalibrationViews test;
    return QTest::qExec(&test, argc, argv);
}
#include "TestCalibrationViews.moc"

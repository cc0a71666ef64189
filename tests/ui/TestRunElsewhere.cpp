// "Run elsewhere..." (issue 16 item 5): the command line the dialog shows runs
// the page's analysis with exactly the form's values (run it and read the
// values back from the file's provenance), its sbatch script wraps the same
// command and is saved atomically, and "Follow result file" shows a surface
// that a job elsewhere is filling (its .h5, then its journal's points), a
// barrier matrix (its resume file, then its output), a calibration report and
// a map (the CSV `project --out` writes; a malformed one is named, not shown).
#include <QtTest>

#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>

#include <cmath>
#include <filesystem>

#include "core/analysis/BarrierMatrixAnalysis.h"
#include "core/analysis/CalibrateAnalysis.h"
#include "core/analysis/CommandLineOf.h"
#include "core/analysis/SetWorkspace.h"
#include "core/io/AtomicFile.h"
#include "core/landscape/LandscapeFiles.h"
#include "core/landscape/LandscapeJournal.h"
#include "core/parallel/PartialResultFile.h"
#include "core/symmetry/SetProjection.h"
#include "tests/common/EventWait.h"
#include "tests/common/RunModescape.h"
#include "tests/ui/SmallMlpSet.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/analysis/ResultFileFollower.h"
#include "ui/analysis/RunElsewhereDialog.h"
#include "ui/jobs/JobRunner.h"
#include "ui/views/calibration/ReliabilityDiagramPage.h"
#include "ui/views/connectivity/BarrierMatrixPage.h"
#include "ui/views/landscape/LandscapePage.h"
#include "ui/views/map/MapPage.h"
#include "ui/views/map/MapView.h"

using namespace modescape;
using namespace modescape::ui;

namespace {

// The values that decide the run: every enabled parameter's but SET's (the
// same folder, written as given). A parameter that does not apply may read
// otherwise (the landscape's --grid sets --range grid even for random
// directions, where no range is used).
nlohmann::json applying(const analysis::Analysis& analysis, const nlohmann::json& values,
                        const nlohmann::json& formValues) {
    nlohmann::json kept = nlohmann::json::object();
    for (const auto& spec : analysis.parameters())
        if (spec.name != "set" && analysis::isEnabled(spec, formValues) &&
            values.contains(spec.name))
            kept[spec.name] = values[spec.name];
    return kept;
}

QStringList afterLauncher(const std::vector<std::string>& words) {
    QStringList args;
    for (std::size_t i = 4; i < words.size(); ++i)
        args << QString::fromStdString(words[i]);
    return args;
}

}  // namespace

class TestRunElsewhere : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    std::shared_ptr<const io::CheckpointSet> set_;

  private Q_SLOTS:
    void initTestCase() { set_ = test::writeSmallMlpSet(dir_.filePath("set")); }

    void commandLineRunsTheFormsValues() {
        JobRunner runner;
        const auto workspace = std::make_shared<analysis::SetWorkspace>(*set_);
        LandscapePage page(&runner, workspace);
        // Values away from the defaults, of several kinds (grid, choice, integers).
        page.form()->setValues({{"grid", "-0.5:0.5:4,-0.25:0.75:3"},
                                {"normalization", "layer"},
                                {"seed", 3},
                                {"batch-size", 64}});
        const analysis::ParameterValues values = page.form()->values(set_.get());

        RunElsewhereDialog dialog(page, set_.get());
        dialog.findChild<QSpinBox*>("run-elsewhere.ranks")->setValue(2);
        const QString out = dir_.filePath("elsewhere surface.h5");  // a space: quoted
        dialog.findChild<QLineEdit*>("run-elsewhere.out")->setText(out);
        const auto& words = dialog.commandWords();
        QVERIFY(words.size() > 6);
        QCOMPARE(words[0], std::string("mpirun"));
        QCOMPARE(words[2], std::string("2"));
        QCOMPARE(words[3], std::string("modescape"));
        QCOMPARE(words[4], std::string("landscape"));
        // What is shown is those words, quoted for the shell.
        QCOMPARE(dialog.findChild<QPlainTextEdit*>("run-elsewhere.command")->toPlainText(),
                 QString::fromStdString(analysis::shellCommand(words)));
        QVERIFY(dialog.commandText().contains("'" + out + "'"));

        // Run (one process: the same values) and read the values it used.
        const test::Run run = test::runModescape(afterLauncher(words));
        QVERIFY2(run.code == 0, qPrintable(run.err));
        const auto surface = landscape::readSurface(out.toStdString());
        const auto provenance = nlohmann::json::parse(surface.provenance);
        const auto& landscape = page.analysis();
        QCOMPARE(
            QString::fromStdString(applying(landscape, provenance["parameters"], values).dump()),
            QString::fromStdString(applying(landscape, values, values).dump()));
        QCOMPARE(provenance["parameters"]["seed"].get<int>(), 3);
        QCOMPARE(surface.nx(), 4);
        QCOMPARE(surface.ny(), 3);

        // The script runs the same command with srun, and is saved whole.
        const QString script = dialog.sbatchScript();
        QVERIFY(script.startsWith("#!/bin/bash\n"));
        QVERIFY(script.contains("#SBATCH --ntasks=2\n"));
        std::vector<std::string> job(words.begin() + 4, words.end());
        QVERIFY(script.contains("\nsrun modescape --progress lines " +
                                QString::fromStdString(analysis::shellCommand(job)) + "\n"));
        const QString saved = dir_.filePath("job.sbatch");
        QVERIFY(dialog.saveScript(saved));
        QFile file(saved);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), script);
        QVERIFY(file.permissions() & QFileDevice::ExeOwner);
    }

    void calibrationCommandParsesBack() {
        // Another analysis, with members and a flag: the subcommand accepts
        // every word and reports the same values.
        JobRunner runner;
        const auto workspace = std::make_shared<analysis::SetWorkspace>(*set_);
        class Page : public AnalysisPage {
          public:
            using AnalysisPage::AnalysisPage;
            void showResult(const std::any&, bool) override {}
            QImage exportImage(double, bool) override { return {}; }
        } page(analysis::calibrateAnalysis(), &runner, workspace);
        page.form()->setValues(
            {{"members", {"ensemble/m1.safetensors", "ensemble/m3.safetensors"}}, {"bins", 7}});
        const analysis::ParameterValues values = page.form()->values(set_.get());
        RunElsewhereDialog dialog(page, set_.get());
        const QString out = dir_.filePath("calibration.json");
        dialog.findChild<QLineEdit*>("run-elsewhere.out")->setText(out);
        QVERIFY2(!dialog.commandWords().empty(), qPrintable(dialog.commandText()));
        const test::Run run = test::runModescape(afterLauncher(dialog.commandWords()));
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QFile file(out);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto report = nlohmann::json::parse(file.readAll().toStdString());
        const auto& calibrate = page.analysis();
        QCOMPARE(QString::fromStdString(
                     applying(calibrate, report["provenance"]["parameters"], values).dump()),
                 QString::fromStdString(applying(calibrate, values, values).dump()));
        QCOMPARE(report["provenance"]["parameters"]["bins"].get<int>(), 7);
        QVERIFY(!page.canFollowResultFile());  // a page that does not say it can

        // The reliability page follows that output: its report, at once (complete).
        ReliabilityDiagramPage reliability(&runner, workspace);
        QVERIFY(reliability.canFollowResultFile());
        QVERIFY(reliability.followResultFile(out));
        QVERIFY(reliability.resultComplete());
        QVERIFY(!reliability.follower()->following());
        const auto& shown = std::any_cast<const analysis::CalibrateResult&>(reliability.result());
        QCOMPARE(shown.calibrated.names.size(), std::size_t(2));
        QCOMPARE(shown.calibrated.report.bma.ece, report["bma"]["ece"].get<double>());
        QCOMPARE(reliability.form()->rawValues()["bins"].get<int>(), 7);
        QCOMPARE(reliability.diagram().table.binCount, 7);
    }

    void followShowsTheBarrierMatrixAsItFills() {
        // A job's output (what resultJson writes) of three members, and its
        // resume file while only pair (0, 1) was done (NaN, written null).
        connectivity::BarrierMatrix m;
        m.members = {"g/a", "g/b", "g/c"};
        m.interpolated = {0, 0.5, 1.5, 0.5, 0, 0.25, 1.5, 0.25, 0};
        m.endpointMean = {0, 0.4, 1.4, 0.4, 0, 0.2, 1.4, 0.2, 0};
        m.memberLoss = {0.1, 0.2, 0.3};
        m.basin = {0, 1, 2};
        m.basinCount = 3;
        const auto& matrixAnalysis = analysis::barrierMatrixAnalysis();
        const std::string whole = matrixAnalysis.resultJson(std::any(m)).dump(2);
        connectivity::BarrierMatrix started = m;
        for (const std::size_t k : {2u, 5u, 6u, 7u})
            started.interpolated[k] = started.endpointMean[k] = std::nan("");
        const nlohmann::json part = matrixAnalysis.resultJson(std::any(started));
        const std::size_t n = 3;

        const QString out = dir_.filePath("matrix.json");
        JobRunner runner;
        BarrierMatrixPage page(&runner, std::make_shared<analysis::SetWorkspace>(*set_));
        QVERIFY(page.canFollowResultFile());
        QVERIFY(page.followResultFile(out));  // neither file there yet: waits
        QVERIFY(page.follower()->following());

        const auto finitePairs = [&] {
            int count = 0;
            for (std::size_t i = 0; i < page.matrix().size(); ++i)
                for (std::size_t j = i + 1; j < page.matrix().size(); ++j)
                    count += std::isfinite(page.matrix().barrier(i, j)) ? 1 : 0;
            return count;
        };
        // The job's resume file appears (replaced whole, as a shared run writes it).
        parallel::writePartialResult(parallel::partialPathFor(out.toStdString()),
                                     analysis::barrierMatrixAnalysis(), page.form()->rawValues(),
                                     part);
        test::waitUntil([&] { return page.matrix().size() == n; });
        QCOMPARE(finitePairs(), 1);
        QVERIFY(!page.resultComplete());
        QVERIFY(page.follower()->following());

        // Then the output, written atomically: every pair, and following stops.
        io::writeFileAtomically(out.toStdString(), whole);
        test::waitUntil([&] { return page.resultComplete(); });
        QCOMPARE(finitePairs(), int(n * (n - 1) / 2));
        QCOMPARE(page.matrix().barrier(0, 2), 1.5);
        QCOMPARE(page.matrix().barrier(2, 1), 0.25);
        QVERIFY(!page.follower()->following());
    }

    void pageButtonOpensTheDialog() {
        JobRunner runner;
        LandscapePage page(&runner, std::make_shared<analysis::SetWorkspace>(*set_));
        page.propertiesWidget()->findChild<QPushButton*>("landscape.run-elsewhere")->click();
        auto* dialog = page.findChild<RunElsewhereDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->commandText().startsWith("mpirun -np 4 modescape landscape "));
        QVERIFY(dialog->findChild<QPushButton*>("run-elsewhere.follow")->isEnabled());
        dialog->close();
    }

    void followShowsTheFileAsItFills() {
        // A finished surface, then the same with its last rows not there yet.
        const QString complete = dir_.filePath("complete.h5");
        const test::Run run = test::runModescape(
            {"landscape", dir_.filePath("set"), "--grid", "-1:1:5,-1:1:4", "--out", complete});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        const auto whole = landscape::readSurface(complete.toStdString());
        auto partial = whole;
        std::vector<landscape::JournalPoint> rest;
        for (std::size_t k = 10; k < partial.loss.size(); ++k) {
            rest.push_back({static_cast<std::int64_t>(k), whole.loss[k], whole.accuracy[k]});
            partial.loss[k] = partial.accuracy[k] = std::nan("");
            partial.computed[k] = 0;
        }
        const QString filling = dir_.filePath("filling.h5");
        JobRunner runner;
        LandscapePage page(&runner, std::make_shared<analysis::SetWorkspace>(*set_));
        QVERIFY(page.followResultFile(filling));  // not there yet: waits for it
        QVERIFY(page.follower()->following());

        landscape::writeSurface(filling.toStdString(), partial);
        test::waitUntil([&] { return page.surface().computedPoints() == 10; });
        QVERIFY(!page.surface().complete());
        QVERIFY(page.follower()->following());

        // The job commits the other points to the journal beside the file.
        landscape::LandscapeJournal journal(landscape::journalPathFor(filling.toStdString()),
                                            partial);
        journal.append(rest);
        test::waitUntil([&] { return page.surface().complete(); });
        for (std::size_t k = 0; k < whole.loss.size(); ++k)
            QCOMPARE(page.surface().loss[k], whole.loss[k]);
        QVERIFY(!page.follower()->following());  // complete: it stops
    }

    void followShowsTheMapOfProjectsCsv() {
        JobRunner runner;
        MapPage page(&runner, std::make_shared<analysis::SetWorkspace>(*set_));
        QVERIFY(page.canFollowResultFile());
        QVERIFY(RunElsewhereDialog::defaultOutput(page).endsWith(".csv"));
        const QString out = dir_.filePath("map.csv");
        QVERIFY(page.followResultFile(out));  // not there yet: waits for it
        QVERIFY(page.follower()->following());
        QVERIFY(!page.hasResult());

        // A file that is not a map's CSV: the status names it and the line.
        io::writeFileAtomically(out.toStdString(), std::string("name,group,x,y\nm1,a,0.5\n"));
        test::waitUntil([&] { return page.status().contains("line 2"); });
        QVERIFY2(page.status().contains(out + ": line 2: 3 fields, the header has 4"),
                 qPrintable(page.status()));
        QVERIFY(!page.hasResult());
        QVERIFY(page.follower()->following());

        // Then the job's output: a real `project --out` (written elsewhere,
        // here by the CLI), whose coordinates its --json also prints.
        const test::Run run = test::runModescape(
            {"project", dir_.filePath("set"), "--out", dir_.filePath("job.csv"), "--json"});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QVERIFY(QFile::copy(dir_.filePath("job.csv"), out + ".tmp"));
        QVERIFY(QFile::remove(out) && QFile::rename(out + ".tmp", out));
        test::waitUntil([&] { return page.hasResult(); });
        QVERIFY(page.resultComplete());
        QVERIFY(!page.follower()->following());  // complete: it stops
        const auto& map = page.mapView()->model().projection();
        const QJsonArray points = run.json()["points"].toArray();
        QCOMPARE(map.members.size(), std::size_t(3));
        QCOMPARE(map.coordinates.cols(), Eigen::Index(2));
        QCOMPARE(points.size(), 3);
        for (int i = 0; i < 3; ++i) {
            const QJsonObject point = points[i].toObject();
            QCOMPARE(QString::fromStdString(map.members[std::size_t(i)]), point["name"].toString());
            QCOMPARE(QString::fromStdString(map.groups[std::size_t(i)]), point["group"].toString());
            // The CSV keeps 10 significant digits.
            for (int c = 0; c < 2; ++c) {
                const double want = point[c == 0 ? "x" : "y"].toDouble();
                QVERIFY(std::abs(map.coordinates(i, c) - want) <= 1e-9 * std::abs(want) + 1e-300);
            }
        }
        QVERIFY(std::abs(map.coordinates(0, 0)) > 1e-3);  // a real map, not zeros
        QVERIFY(page.status().contains(out + " is complete (3 members)"));
        QCOMPARE(QString::fromStdString(map.method), QString("pca"));
    }
};

QTEST_MAIN(TestRunElsewhere)
#include "TestRunElsewhere.moc"

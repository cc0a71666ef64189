// The result cache beyond the landscape (issue 15): for each analysis of a
// window view that keeps result files (map, barrier matrix, reliability
// diagram, symmetry panels, uncertainty, Hessian, connectivity path, curve
// on its plane, trajectory), a result computed once comes back when a session saved with
// it is opened in a fresh window — shown as the view is restored, equal to
// the computed one, with no job — and changing one parameter then misses the
// cache and starts a job. The result files read back exactly (a hand-made
// MMD table, which no window view computes; a hand-made Hessian result's
// tensors in their dtypes), and a file of another analysis is refused naming
// the file.
#include <QtTest>

#include <QApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>

#include <ATen/ATen.h>

#include <any>
#include <cmath>
#include <fstream>
#include <functional>
#include <set>

#include "core/analysis/AllAnalyses.h"
#include "core/analysis/Analysis.h"
#include "core/analysis/CalibrateAnalysis.h"
#include "core/analysis/ConnectAnalysis.h"
#include "core/analysis/CurvePlaneAnalysis.h"
#include "core/analysis/HessianAnalysis.h"
#include "core/analysis/TrajectoryAnalysis.h"
#include "core/analysis/UncertaintyAnalysis.h"
#include "core/common/Error.h"
#include "core/connectivity/BarrierMatrix.h"
#include "core/connectivity/PathReport.h"
#include "core/landscape/LandscapeJson.h"
#include "core/model/Mlp.h"
#include "core/sampling/SetWriter.h"
#include "core/session/Session.h"
#include "core/symmetry/SetProjection.h"
#include "tests/common/EventWait.h"
#include "tests/common/ResultCacheOn.h"
#include "ui/GuiApplication.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/jobs/JobRunner.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/SessionActions.h"
#include "ui/mainwindow/SessionViews.h"
#include "ui/views/calibration/CalibrationViews.h"

using namespace modescape;
using namespace modescape::ui;
using modescape::test::waitForSignals;
using modescape::test::waitUntil;

namespace {

// Three untrained MLPs (2-32-32-2) with a train, a test and an OOD split:
// the barrier matrix needs the training split, the OOD split gives the
// calibration and uncertainty results their OOD parts.
void writeSetWithTrainSplit(const QString& folder) {
    const model::MlpModel mlp(model::MlpConfig{{2, 32, 32, 2}});
    std::vector<sampling::Member> members;
    for (int seed = 1; seed <= 3; ++seed)
        members.push_back(
            {"m" + std::to_string(seed), "ensemble", mlp.initialParameters(seed), {}});
    sampling::SetDescription description;
    description.model = {{"builtin", "mlp"}, {"args", {{"widths", {2, 32, 32, 2}}}}};
    description.datasets = {{"train", "moons:n=64,seed=3"},
                            {"test", "moons:n=64,seed=1"},
                            {"ood", "moons-ood:n=40,seed=2"}};
    sampling::writeCheckpointSet(folder.toStdString(), description, members);
}

void openSetAndWait(MainWindow& window, const QString& set) {
    window.setAsksForModelAndData(false);
    window.openSet(set);
    waitUntil([&] { return window.calibrationViews()->uncertaintyPage() != nullptr; });
    waitUntil([&] { return window.jobRunner()->isIdle(); });
}

// The window's view of `analysis` and its session id.
OpenView viewOf(const MainWindow& window, const std::string& analysis) {
    for (const OpenView& view : openViews(window))
        if (view.page->analysis().info().name == analysis)
            return view;
    return {};
}

// Bit for bit: the files keep every double exactly (JsonResultFile.h).
bool sameProjection(const std::any& a, const std::any& b) {
    const auto& x = std::any_cast<const symmetry::SetProjection&>(a);
    const auto& y = std::any_cast<const symmetry::SetProjection&>(b);
    return x.members == y.members && x.groups == y.groups && x.coordinates == y.coordinates &&
           x.explainedVarianceRatio == y.explainedVarianceRatio && x.kl == y.kl &&
           x.dimensions == y.dimensions && x.method == y.method && x.distance == y.distance &&
           x.space == y.space && x.algorithm == y.algorithm && x.notes == y.notes;
}

bool sameBarrierMatrix(const std::any& a, const std::any& b) {
    const auto& x = std::any_cast<const connectivity::BarrierMatrix&>(a);
    const auto& y = std::any_cast<const connectivity::BarrierMatrix&>(b);
    return x.members == y.members && x.kind == y.kind && x.interpolated == y.interpolated &&
           x.endpointMean == y.endpointMean && x.memberLoss == y.memberLoss && x.split == y.split &&
           x.threshold == y.threshold && x.basin == y.basin && x.basinCount == y.basinCount &&
           x.seconds == y.seconds;
}

// The JSON `calibrate --json` prints holds every number but the table's own
// summary and the member indices: those are compared besides.
bool sameCalibration(const std::any& a, const std::any& b) {
    const auto& x = std::any_cast<const analysis::CalibrateResult&>(a).calibrated;
    const auto& y = std::any_cast<const analysis::CalibrateResult&>(b).calibrated;
    const analysis::Analysis& calibrate = analysis::calibrateAnalysis();
    const auto& s = x.report.table;
    const auto& t = y.report.table;
    return calibrate.resultJson(a).dump() == calibrate.resultJson(b).dump() && s.ece == t.ece &&
           s.mce == t.mce && s.rmsce == t.rmsce && s.meanConfidence == t.meanConfidence &&
           s.meanAccuracy == t.meanAccuracy && x.report.selection == y.report.selection &&
           x.report.selectionNames == y.report.selectionNames && x.names == y.names &&
           std::any_cast<const analysis::CalibrateResult&>(a).split ==
               std::any_cast<const analysis::CalibrateResult&>(b).split;
}

// Every number of the uncertainty result is in its `--json --per-sample` text;
// the member indices besides.
bool sameUncertainty(const std::any& a, const std::any& b) {
    auto x = std::any_cast<analysis::UncertaintyResult>(a);
    auto y = std::any_cast<analysis::UncertaintyResult>(b);
    if (x.perSample != y.perSample || x.names != y.names ||
        x.report.selection != y.report.selection || x.report.curve.order != y.report.curve.order)
        return false;
    x.perSample = y.perSample = true;
    const analysis::Analysis& uncertainty = analysis::uncertaintyAnalysis();
    return uncertainty.resultJson(std::any(x)).dump() == uncertainty.resultJson(std::any(y)).dump();
}

// The panels' `--json` text holds every member value and histogram count.
bool samePanels(const std::any& a, const std::any& b) {
    const analysis::Analysis& panels = analysis::panelsAnalysis();
    return panels.resultJson(a).dump() == panels.resultJson(b).dump();
}

// Tensors equal in dtype, shape and every bit (torch's equal compares values).
bool sameTensors(const at::Tensor& a, const at::Tensor& b) {
    return a.scalar_type() == b.scalar_type() && a.sizes() == b.sizes() && at::equal(a, b);
}

// The printed numbers, and what the file keeps besides: the eigenvectors,
// the diagonal, the blocks and the density's runs.
bool sameHessian(const std::any& a, const std::any& b) {
    const auto& x = std::any_cast<const analysis::HessianResult&>(a).spectrum;
    const auto& y = std::any_cast<const analysis::HessianResult&>(b).spectrum;
    const analysis::Analysis& hessian = analysis::hessianAnalysis();
    if (hessian.resultJson(a).dump() != hessian.resultJson(b).dump() ||
        x.top.vectors.size() != y.top.vectors.size() || x.trace.diagonal != y.trace.diagonal ||
        x.blocks.size() != y.blocks.size() || x.density.has_value() != y.density.has_value())
        return false;
    for (std::size_t k = 0; k < x.top.vectors.size(); ++k)
        if (!sameTensors(x.top.vectors[k], y.top.vectors[k]))
            return false;
    for (std::size_t k = 0; k < x.blocks.size(); ++k)
        if (x.blocks[k].name != y.blocks[k].name || x.blocks[k].offset != y.blocks[k].offset ||
            x.blocks[k].size != y.blocks[k].size)
            return false;
    if (x.density)
        for (std::size_t k = 0; k < x.density->runs.size(); ++k)
            if (x.density->runs[k].nodes != y.density->runs[k].nodes ||
                x.density->runs[k].weights != y.density->runs[k].weights)
                return false;
    return true;
}

// The control points tensor by tensor.
bool sameCurve(const std::shared_ptr<const connectivity::PathCurve>& x,
               const std::shared_ptr<const connectivity::PathCurve>& y) {
    if (!x || !y || x->kind() != y->kind() || x->bends() != y->bends())
        return false;
    for (int k = 0; k < x->bends(); ++k) {
        const auto& p = x->points()[std::size_t(k)].entries();
        const auto& q = y->points()[std::size_t(k)].entries();
        if (p.size() != q.size())
            return false;
        for (std::size_t i = 0; i < p.size(); ++i)
            if (p[i].name != q[i].name || p[i].role != q[i].role ||
                !sameTensors(p[i].tensor, q[i].tensor))
                return false;
    }
    return true;
}

// The printed path, and the control points.
bool sameConnect(const std::any& a, const std::any& b) {
    const analysis::Analysis& connect = analysis::connectAnalysis();
    return connect.resultJson(a).dump() == connect.resultJson(b).dump() &&
           sameCurve(std::any_cast<const analysis::ConnectResult&>(a).curve,
                     std::any_cast<const analysis::ConnectResult&>(b).curve);
}

// The printed plane and path (every grid value), the surface's metadata, its
// computed mask and the control points.
bool sameCurvePlane(const std::any& a, const std::any& b) {
    const auto& x = std::any_cast<const analysis::CurvePlaneOutcome&>(a);
    const auto& y = std::any_cast<const analysis::CurvePlaneOutcome&>(b);
    return analysis::curvePlaneJson(x).dump() == analysis::curvePlaneJson(y).dump() &&
           connectivity::toJson(x.path).dump() == connectivity::toJson(y.path).dump() &&
           landscape::resultMetadataToJson(x.plane.surface).dump() ==
               landscape::resultMetadataToJson(y.plane.surface).dump() &&
           x.plane.surface.computed == y.plane.surface.computed && sameCurve(x.curve, y.curve);
}

// Equal within 1e-7 (NaN where the other is NaN).
bool near(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || std::abs(a - b) <= 1e-7;
}

// The printed plane and points, every grid value and the mask, the surface's
// metadata, and each point's numbers within 1e-7 (the file keeps them exactly).
bool sameTrajectory(const std::any& a, const std::any& b) {
    const auto& x = std::any_cast<const trajectory::TrajectoryResult&>(a);
    const auto& y = std::any_cast<const trajectory::TrajectoryResult&>(b);
    const analysis::Analysis& plane = analysis::trajectoryAnalysis();
    if (plane.resultJson(a).dump() != plane.resultJson(b).dump() ||
        landscape::resultMetadataToJson(x.surface).dump() !=
            landscape::resultMetadataToJson(y.surface).dump() ||
        x.surface.computedMask() != y.surface.computedMask() ||
        x.surface.loss.size() != y.surface.loss.size() || x.surface.xs != y.surface.xs ||
        x.surface.ys != y.surface.ys || x.path.size() != y.path.size() || x.path.empty() ||
        !near(x.explainedVariance, y.explainedVariance))
        return false;
    for (std::size_t i = 0; i < x.surface.loss.size(); ++i)
        if (!near(x.surface.loss[i], y.surface.loss[i]) ||
            !near(x.surface.accuracy[i], y.surface.accuracy[i]))
            return false;
    for (std::size_t i = 0; i < x.path.size(); ++i)
        if (!near(x.path[i].alpha, y.path[i].alpha) || !near(x.path[i].beta, y.path[i].beta) ||
            !near(x.path[i].projectionError, y.path[i].projectionError))
            return false;
    return true;
}

using SameResult = std::function<bool(const std::any&, const std::any&)>;

}  // namespace

Q_DECLARE_METATYPE(SameResult)

class TestCachedAnalyses : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    QString set_;

  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY(dir_.isValid());
        set_ = QFileInfo(dir_.filePath("set")).absoluteFilePath();
        writeSetWithTrainSplit(set_);
        set_ = QFileInfo(set_).canonicalFilePath();
    }

    void aComputedViewComesBackFromTheCache_data() {
        QTest::addColumn<QString>("analysis");
        QTest::addColumn<QByteArray>("values");   // set before computing
        QTest::addColumn<QByteArray>("changed");  // one parameter changed: a miss
        QTest::addColumn<SameResult>("same");
        QTest::newRow("map") << "project" << QByteArray(R"({"seed": 3})")
                             << QByteArray(R"({"seed": 4})") << SameResult(sameProjection);
        QTest::newRow("barrier matrix")
            << "barrier-matrix" << QByteArray(R"({"points": 5})") << QByteArray(R"({"points": 7})")
            << SameResult(sameBarrierMatrix);
        QTest::newRow("reliability diagram")
            << "calibrate" << QByteArray(R"({"bins": 10, "bootstrap": 20})")
            << QByteArray(R"({"bins": 12, "bootstrap": 20})") << SameResult(sameCalibration);
        QTest::newRow("symmetry panels") << "panels" << QByteArray(R"({"bins": 3})")
                                         << QByteArray(R"({"bins": 5})") << SameResult(samePanels);
        QTest::newRow("uncertainty")
            << "uncertainty" << QByteArray(R"({"histogram-bins": 10})")
            << QByteArray(R"({"histogram-bins": 12})") << SameResult(sameUncertainty);
        // 1218 parameters: the exact trace, so the diagonal is kept too.
        QTest::newRow("hessian") << "hessian" << QByteArray(R"({"top": 2})")
                                 << QByteArray(R"({"top": 3})") << SameResult(sameHessian);
        // The window picks the path's members from the selection: named here.
        QTest::newRow("connectivity path")
            << "connect"
            << QByteArray(
                   R"({"a": "ensemble/m1.safetensors", "b": "ensemble/m2.safetensors", "points": 5})")
            << QByteArray(
                   R"({"a": "ensemble/m1.safetensors", "b": "ensemble/m2.safetensors", "points": 7})")
            << SameResult(sameConnect);
        // One training epoch keeps the curve's training short.
        QTest::newRow("curve on its plane")
            << "curve-plane"
            << QByteArray(R"({"a": "ensemble/m1.safetensors", "b": "ensemble/m2.safetensors",)"
                          R"( "epochs": 1, "points": 5, "grid-points": 5})")
            << QByteArray(R"({"a": "ensemble/m1.safetensors", "b": "ensemble/m2.safetensors",)"
                          R"( "epochs": 1, "points": 5, "grid-points": 6})")
            << SameResult(sameCurvePlane);
        // The three members as one run, centred on the last; a small grid.
        QTest::newRow("trajectory")
            << "trajectory" << QByteArray(R"({"groups": "ensemble", "grid": "-1:1:5,-1:1:5"})")
            << QByteArray(R"({"groups": "ensemble", "grid": "-1:1:6,-1:1:6"})")
            << SameResult(sameTrajectory);
    }

    void aComputedViewComesBackFromTheCache() {
        QFETCH(QString, analysis);
        QFETCH(QByteArray, values);
        QFETCH(QByteArray, changed);
        QFETCH(SameResult, same);
        const std::string name = analysis.toStdString();
        QTemporaryDir home;
        const test::ResultCacheOn cacheOn(home.filePath("results"));
        const QString file = home.filePath("computed.modescape");
        std::any computed;
        std::string id;
        {
            MainWindow window;
            openSetAndWait(window, set_);
            const OpenView view = viewOf(window, name);
            QVERIFY(view.page);
            id = view.id;
            view.page->form()->setValues(nlohmann::json::parse(values.toStdString()));
            QSignalSpy done(view.page, &AnalysisPage::computeFinished);
            if (view.page->compute() != 0)
                waitForSignals(done);
            QVERIFY(view.page->resultComplete());
            computed = view.page->result();
            waitUntil([&] { return window.jobRunner()->isIdle(); });
            QVERIFY(window.sessions()->saveSession(file));
        }

        MainWindow window;
        window.setAsksForModelAndData(false);
        QStringList jobs;  // the title of every job the window starts
        connect(window.jobRunner(), &JobRunner::jobQueued, this,
                [&](int, const QString& title) { jobs << title; });
        QSignalSpy restored(window.sessions(), &SessionActions::viewRestored);
        QVERIFY(window.sessions()->openSession(file));
        waitUntil([&] {
            for (const auto& arguments : restored)
                if (arguments.at(0).toString() == QString::fromStdString(id))
                    return true;
            return false;
        });
        AnalysisPage* page = viewOf(window, name).page;
        QVERIFY(page);
        QVERIFY(page->resultComplete());  // shown as the view was restored
        QVERIFY(same(page->result(), computed));
        waitUntil([&] { return window.jobRunner()->isIdle(); });
        const QString title = QString::fromStdString(page->analysis().info().title);
        QVERIFY2(!jobs.contains(title), qPrintable(jobs.join(", ")));

        // One parameter changed: another key, so a job computes it.
        page->form()->setValues(nlohmann::json::parse(changed.toStdString()));
        page->compute();
        waitUntil([&] { return window.jobRunner()->isIdle() && !page->isComputing(); });
        QVERIFY2(jobs.contains(title), qPrintable(jobs.join(", ")));
    }

    // No view computes MMD: its file is checked by itself, with numbers
    // that need all 17 digits and a NaN (written as null).
    void anMmdResultFileReadsBackExactly() {
        symmetry::SetMmd mmd;
        mmd.space = "raw weights";
        mmd.algorithm = "streamed (3 passes over the members)";
        mmd.notes = {"a note"};
        mmd.members = {"a1", "a2", "b1", "b2"};
        mmd.table.groups = {"a", "b"};
        mmd.table.maximum.resize(2, 2);
        mmd.table.maximum << 0, 0.1 + 0.2, 0.1 + 0.2, 0;
        projection::MmdResult pair;
        pair.values = {{projection::MmdKernel::Gaussian, 1.0 / 3, 0.1 + 0.2},
                       {projection::MmdKernel::Laplace, std::sqrt(2.0), std::nan("")}};
        pair.maximum = pair.values[0];
        mmd.table.pairs = {pair};

        const analysis::Analysis& analysis = analysis::mmdAnalysis();
        QCOMPARE(analysis.resultFileSuffix(), std::string("json"));
        const std::string path = dir_.filePath("mmd.json").toStdString();
        analysis.writeResultFile(path, std::any(mmd));
        const auto back = std::any_cast<symmetry::SetMmd>(analysis.readResultFile(path));
        QCOMPARE(back.space, mmd.space);
        QCOMPARE(back.algorithm, mmd.algorithm);
        QCOMPARE(back.notes, mmd.notes);
        QCOMPARE(back.members, mmd.members);
        QCOMPARE(back.table.groups, mmd.table.groups);
        QVERIFY(back.table.maximum == mmd.table.maximum);
        QCOMPARE(back.table.pairs.size(), std::size_t(1));
        const auto& values = back.table.pairs[0].values;
        QCOMPARE(values.size(), std::size_t(2));
        QVERIFY(values[0].kernel == projection::MmdKernel::Gaussian);
        QCOMPARE(values[0].bandwidth, 1.0 / 3);  // exact: the shortest round-trip text
        QCOMPARE(values[0].mmd2, 0.1 + 0.2);
        QVERIFY(values[1].kernel == projection::MmdKernel::Laplace);
        QCOMPARE(values[1].bandwidth, std::sqrt(2.0));
        QVERIFY(std::isnan(values[1].mmd2));
        QCOMPARE(back.table.pairs[0].maximum.mmd2, 0.1 + 0.2);

        // Another analysis's reader refuses it, naming the file and the analysis.
        try {
            analysis::projectionAnalysis().readResultFile(path);
            QFAIL("a MMD file read as a map");
        } catch (const FormatError& error) {
            const std::string what = error.what();
            QVERIFY2(what.find(path) != std::string::npos, error.what());
            QVERIFY2(what.find("'mmd'") != std::string::npos, error.what());
        }
        // A field missing: refused, naming the file.
        std::ofstream(path) << R"({"format": "modescape-result", "version": 1,)"
                            << R"( "analysis": "mmd", "result": {"space": "raw"}})";
        try {
            analysis.readResultFile(path);
            QFAIL("an incomplete MMD file was read");
        } catch (const FormatError& error) {
            QVERIFY2(std::string(error.what()).find(path) != std::string::npos, error.what());
        }
    }

    // Issue 21: a calibrate file holds the new metrics and the bootstrap
    // intervals; one written before them (no "aurc") is refused, naming the
    // file, so the cache computes the result again instead of crashing.
    void aCalibrateFileWithoutTheNewMetricsIsRefused() {
        const analysis::Analysis& analysis = analysis::calibrateAnalysis();
        analysis::CalibrateResult result;
        result.calibrated.report.bma.aurc = 0.25;
        result.calibrated.report.bma.smoothEce = 0.125;
        result.calibrated.report.bma.intervals = calibration::MetricIntervals{};
        result.calibrated.report.bma.intervals->aurc = {0.2, 0.3};
        result.calibrated.report.bma.intervals->resamples = 7;
        QTemporaryDir dir;
        const std::string path = dir.filePath("calibrate.json").toStdString();
        analysis.writeResultFile(path, std::any(result));
        const auto back = std::any_cast<analysis::CalibrateResult>(analysis.readResultFile(path));
        QCOMPARE(back.calibrated.report.bma.aurc, 0.25);
        QCOMPARE(back.calibrated.report.bma.smoothEce, 0.125);
        QVERIFY(back.calibrated.report.bma.intervals.has_value());
        QCOMPARE(back.calibrated.report.bma.intervals->aurc.upper, 0.3);
        QCOMPARE(back.calibrated.report.bma.intervals->resamples, 7);

        nlohmann::json file;
        std::ifstream(path) >> file;
        file["result"]["bma"].erase("aurc");
        std::ofstream(path) << file.dump();
        try {
            analysis.readResultFile(path);
            QFAIL("a calibrate file without aurc was read");
        } catch (const FormatError& error) {
            QVERIFY2(std::string(error.what()).find(path) != std::string::npos, error.what());
        }
    }

    // A tensor result file holds the tensors bit for bit in their dtype; a
    // file of another analysis, a JSON result file and a tensor missing are
    // refused naming the file.
    void aTensorResultFileReadsBackExactlyOrIsRefused() {
        analysis::HessianResult hessian;
        hessian.member = "m1";
        hessian.split = "test";
        hessian.data = "moons:n=64,seed=1";
        auto& s = hessian.spectrum;
        s.parameters = 7;
        s.samples = 64;
        s.loss = 0.1 + 0.2;
        s.top.values = {1.0 / 3, -std::sqrt(2.0)};
        s.top.residuals = {1e-9, std::nan("")};
        s.top.vectors = {at::randn({7}, at::kFloat), at::randn({7}, at::kDouble)};
        s.top.steps = 7;
        s.top.converged = true;
        s.tolerance = 1e-6;
        s.traceMethod = hessian::TraceMethod::Exact;
        s.trace = {1.0 / 7, 0.0, 7, {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 1.0 / 7}};
        s.layers = {{"0.weight", 7, 1.0 / 7}};
        s.blocks = {{"0.weight", 0, 7}};
        s.products = 9;
        const analysis::Analysis& analysis = analysis::hessianAnalysis();
        QCOMPARE(analysis.resultFileSuffix(), std::string("safetensors"));
        const std::string path = dir_.filePath("hessian.safetensors").toStdString();
        analysis.writeResultFile(path, std::any(hessian));
        const std::any back = analysis.readResultFile(path);
        QVERIFY(sameHessian(back, std::any(hessian)));
        const auto& read = std::any_cast<const analysis::HessianResult&>(back);
        QCOMPARE(read.member, hessian.member);
        QVERIFY(std::isnan(read.spectrum.top.residuals[1]));  // null in the JSON
        QCOMPARE(read.spectrum.top.values[1], -std::sqrt(2.0));

        const auto refused = [&](const analysis::Analysis& reader, const std::string& file,
                                 const std::string& what) {
            try {
                reader.readResultFile(file);
            } catch (const FormatError& error) {
                const std::string message = error.what();
                return message.find(file) != std::string::npos &&
                       message.find(what) != std::string::npos;
            }
            return false;
        };
        QVERIFY(refused(analysis::connectAnalysis(), path, "'hessian'"));
        const std::string json = dir_.filePath("mmd-as-hessian.json").toStdString();
        std::ofstream(json) << R"({"format": "modescape-result", "version": 1})";
        QVERIFY(refused(analysis, json, ""));
        // Its eigenvectors taken out: the second is missing.
        hessian.spectrum.top.vectors.pop_back();
        analysis.writeResultFile(path, std::any(hessian));
        QVERIFY(refused(analysis, path, "no tensor 'eigenvector1'"));
    }
};

int main(int argc, char** argv) {
    modescape::ui::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestCachedAnalyses test;
    return QTest::qExec(&test, argc, argv);
}

#include "TestCachedAnalyses.moc"

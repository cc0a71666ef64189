// The properties form built from a parameter table (ParameterForm) and the one
// page lifecycle (AnalysisPage), on a test-only analysis whose run is a list of
// numbers, one per unit, that the test can pause at a chosen unit.
#include <QtTest>

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QToolButton>

#include <climits>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "core/analysis/Analysis.h"
#include "core/analysis/LandscapeAnalysis.h"
#include "core/analysis/Registry.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/io/AtomicFile.h"
#include "core/session/ResultCache.h"
#include "core/session/ResultKey.h"
#include "tests/common/EventWait.h"
#include "tests/common/ResultCacheOn.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/jobs/JobRunner.h"
#include "ui/log/LogModel.h"

using namespace modescape;
using analysis::ParameterKind;
using analysis::ParameterValues;
using modescape::test::waitForSignals;
using modescape::test::waitUntil;
using nlohmann::json;
using Numbers = std::vector<double>;

namespace {

// Holds the run before it reports unit `pauseAt` until the test releases it,
// so the test can cancel or supersede a run at a known point.
struct Gate {
    std::mutex mutex;
    std::condition_variable wake;
    int pauseAt = -1;
    bool reached = false;
    bool released = false;

    void pass(int unit) {
        std::unique_lock lock(mutex);
        if (unit != pauseAt)
            return;
        reached = true;
        wake.wait(lock, [this] { return released; });
    }
    void arm(int unit) {
        std::lock_guard lock(mutex);
        pauseAt = unit;
        reached = released = false;
    }
    bool hasReached() {
        std::lock_guard lock(mutex);
        return reached;
    }
    void release() {
        std::lock_guard lock(mutex);
        released = true;
        pauseAt = -1;
        wake.notify_all();
    }
};

// Unit i of a run is (i + 1) * scale. Every kind of parameter, an enabled-when,
// an advanced tuning-only one and a rule between parameters.
class ProbeAnalysis : public analysis::Analysis {
  public:
    const analysis::AnalysisInfo& info() const override {
        static const analysis::AnalysisInfo info{"probe", "Probe",
                                                 "Multiples of a scale, one per unit."};
        return info;
    }

    const analysis::ParameterList& parameters() const override {
        using analysis::parameter;
        static const analysis::ParameterList list{
            parameter("count", ParameterKind::Integer, "Units", "How many units the run computes.")
                .byDefault(6)
                .range(1, 50)
                .in("units"),
            parameter("scale", ParameterKind::Real, "Scale", "Each unit is its number times this.")
                .byDefault(1.5)
                .range(0, 10),
            parameter("seed", ParameterKind::Integer, "Seed", "The random seed.")
                .defaultReads("automatic")
                .range(0),
            parameter("mode", ParameterKind::Choice, "Mode", "How the units combine.")
                .byDefault("sum")
                .oneOf({"sum", "product"})
                .withSuffix("members"),
            parameter("power", ParameterKind::Real, "Power", "The exponent of the product.")
                .byDefault(2.0)
                .range(1, 8)
                .when("mode", {"product"}),
            parameter("exact", ParameterKind::Flag, "Exact", "Compute exactly."),
            parameter("split", ParameterKind::Role, "Split", "The dataset the run uses.")
                .byDefault("test")
                .oneOf({"train", "test", "validation"}),
            parameter("label", ParameterKind::Text, "Label", "A name for the result.")
                .byDefault("run"),
            parameter("output", ParameterKind::Path, "Output", "Where the numbers go.")
                .defaultReads("nowhere"),
            parameter("anchor", ParameterKind::Member, "Anchor", "The member to start at.")
                .byDefault(""),
            parameter("members", ParameterKind::Members, "Members", "The members to use.")
                .selectedByDefault(),
            parameter("grid", ParameterKind::Grid, "Grid", "The slice to walk.")
                .byDefault("-1:1:5"),
            parameter("batch", ParameterKind::Integer, "Batch", "Units per batch.")
                .byDefault(2)
                .range(1, 64)
                .isAdvanced()
                .tuningOnly(),
            parameter("set", ParameterKind::Set, "Set", "The checkpoint set.")
                .asPositional()
                .notInGui(),
        };
        return list;
    }

    std::any run(analysis::SetWorkspace&, const ParameterValues& values, const JobContext& context,
                 const analysis::RunOptions& options) const override {
        if (values["label"] == "fail")
            throw Error("the label says fail");
        const int count = values["count"].get<int>();
        const double scale = values["scale"].get<double>();
        Numbers numbers;
        if (options.resumeFrom)
            numbers = std::any_cast<Numbers>(*options.resumeFrom);
        {
            std::lock_guard lock(mutex);
            resumedAt.push_back(static_cast<int>(numbers.size()));
        }
        for (int unit = static_cast<int>(numbers.size()); unit < count; ++unit) {
            {
                std::lock_guard lock(mutex);
                computed.push_back(unit);
            }
            gate.pass(unit);
            numbers.push_back((unit + 1) * scale);
            if (options.onPartial)
                options.onPartial(numbers);
            context.report(double(unit + 1) / count, "unit " + std::to_string(unit + 1));
            context.checkCancelled();
        }
        return numbers;
    }

    json resultJson(const std::any& result) const override {
        return std::any_cast<Numbers>(result);
    }

    // What the runs did: the units each computed, and how many units each resumed with.
    std::vector<int> takeComputed() const {
        std::lock_guard lock(mutex);
        return std::exchange(computed, {});
    }
    std::vector<int> takeResumedAt() const {
        std::lock_guard lock(mutex);
        return std::exchange(resumedAt, {});
    }

    mutable Gate gate;

  protected:
    void checkRules(const ParameterValues& values, const io::CheckpointSet*) const override {
        if (values["exact"].get<bool>() && values["count"].get<int>() > 10)
            throw InvalidArgument("--exact computes at most 10 units, --count is " +
                                  values["count"].dump());
    }

  private:
    mutable std::mutex mutex;
    mutable std::vector<int> computed;
    mutable std::vector<int> resumedAt;
};

// The probe whose complete results the result cache keeps, as JSON arrays.
class KeptProbe : public ProbeAnalysis {
  public:
    std::string resultFileSuffix() const override { return "json"; }
    void writeResultFile(const std::string& path, const std::any& result) const override {
        io::writeFileAtomically(path, json(std::any_cast<Numbers>(result)).dump());
    }
    std::any readResultFile(const std::string& path) const override {
        std::ifstream in(path);
        try {
            return json::parse(in).get<Numbers>();
        } catch (const std::exception& e) {
            throw FormatError(path, std::string("not a probe result (") + e.what() + ")");
        }
    }
};

class ProbePage : public ui::AnalysisPage {
  public:
    ProbePage(const analysis::Analysis& analysis, ui::JobRunner* runner,
              std::shared_ptr<analysis::SetWorkspace> workspace)
        : AnalysisPage(analysis, runner, std::move(workspace)) {
        auto* display = new QCheckBox(tr("Show the numbers"));
        display->setObjectName("probe.display");
        addDisplayProperties(display);
    }
    using AnalysisPage::computeOnChange;
    using AnalysisPage::showExternalResult;

    QImage exportImage(double, bool) override { return {}; }

    struct Shown {
        Numbers numbers;
        bool complete;
    };
    std::vector<Shown> shown;

    QString status() const { return findChild<QLabel*>("probe.status")->text(); }

  protected:
    void showResult(const std::any& result, bool complete) override {
        shown.push_back({std::any_cast<Numbers>(result), complete});
    }
};

const QStringList kMembers{"m0", "m1", "m2"};

// The set the pages work on: three members and three datasets, one of whose
// roles ("ood") the probe does not accept.
std::shared_ptr<analysis::SetWorkspace> makeWorkspace(const QTemporaryDir& dir) {
    io::CheckpointSet set;
    set.folder = dir.path().toStdString();
    for (const QString& name : kMembers) {
        io::SetMember member;
        member.name = name.toStdString();
        set.members.push_back(member);
    }
    set.datasets = {{"train", "moons:n=10"}, {"test", "moons:n=10"}, {"ood", "moons:n=10"}};
    return std::make_shared<analysis::SetWorkspace>(std::move(set),
                                                    (dir.path() + "/cache").toStdString());
}

// A set whose members are files (only their sizes and times matter: the
// probe reads no weights), each last written at `memberTime`; `dataSeed`
// stands for a data override.
std::shared_ptr<analysis::SetWorkspace> makeFileWorkspace(
    const QTemporaryDir& dir, std::filesystem::file_time_type memberTime, int dataSeed = 1) {
    io::CheckpointSet set;
    set.folder = dir.path().toStdString();
    for (const QString& name : kMembers) {
        io::SetMember member;
        member.name = name.toStdString();
        member.path = (dir.path() + "/" + name + ".safetensors").toStdString();
        if (!std::filesystem::exists(member.path))
            std::ofstream(member.path) << "weights of " << member.name;
        std::filesystem::last_write_time(member.path, memberTime);
        member.fileBytes = std::filesystem::file_size(member.path);
        set.members.push_back(member);
    }
    set.datasets = {{"test", "moons:n=10,seed=" + std::to_string(dataSeed)}};
    return std::make_shared<analysis::SetWorkspace>(std::move(set),
                                                    (dir.path() + "/cache").toStdString());
}

// Fixed file times in the past (November 2023) plus `seconds`: set, never
// waited for. The file clock's epoch is not the system clock's, hence from_sys.
std::filesystem::file_time_type fileTime(int seconds) {
    return std::chrono::file_clock::from_sys(
        std::chrono::sys_seconds(std::chrono::seconds(1'700'000'000 + seconds)));
}

// The cache's headers (<key>.entry) in folder.
int cacheEntries(const QString& folder) {
    return QDir(folder).entryList({"*.entry"}, QDir::Files).size();
}

template <class T>
T* editorOf(const ui::ParameterForm& form, const std::string& name) {
    auto* editor = qobject_cast<T*>(form.editor(name));
    if (!editor)
        qFatal("the editor of %s is not a %s", name.c_str(), T::staticMetaObject.className());
    return editor;
}

QStringList itemsOf(const QComboBox* combo) {
    QStringList items;
    for (int i = 0; i < combo->count(); ++i)
        items << combo->itemText(i);
    return items;
}

Numbers multiples(int count, double scale) {
    Numbers numbers;
    for (int i = 0; i < count; ++i)
        numbers.push_back((i + 1) * scale);
    return numbers;
}

}  // namespace

class TestAnalysisPage : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // Each editor is the kind, range, choices and default the table declares,
    // named "<analysis>.<parameter>", with the CLI's help as its tool tip.
    void formEditorsFollowTheTable() {
        ProbeAnalysis probe;
        ui::ParameterForm form(probe);
        form.setSetContents(kMembers, {"train", "test", "ood"});
        form.setSelection({"m1", "m2"});

        auto* count = editorOf<QSpinBox>(form, "count");
        QCOMPARE(count->objectName(), QString("probe.count"));
        QCOMPARE(count->minimum(), 1);
        QCOMPARE(count->maximum(), 50);
        QCOMPARE(count->value(), 6);
        QCOMPARE(count->suffix(), QString(" units"));
        // The help text the CLI prints, worked out by hand from the table.
        QCOMPARE(count->toolTip(),
                 QString("How many units the run computes. (default: 6; units; from 1 to 50)"));

        // A null default: the one value below the range, shown as its text.
        auto* seed = editorOf<QSpinBox>(form, "seed");
        QCOMPARE(seed->minimum(), -1);
        QCOMPARE(seed->maximum(), INT_MAX);
        QCOMPARE(seed->value(), seed->minimum());
        QCOMPARE(seed->specialValueText(), QString("automatic"));
        QCOMPARE(seed->text(), QString("automatic"));

        auto* scale = editorOf<QDoubleSpinBox>(form, "scale");
        QCOMPARE(scale->minimum(), 0.0);
        QCOMPARE(scale->maximum(), 10.0);
        QCOMPARE(scale->value(), 1.5);
        QCOMPARE(scale->text(), QString("1.5"));

        auto* mode = editorOf<QComboBox>(form, "mode");
        QCOMPARE(itemsOf(mode), QStringList({"sum", "product"}));
        QCOMPARE(mode->currentText(), QString("sum"));
        QVERIFY(!editorOf<QCheckBox>(form, "exact")->isChecked());
        QCOMPARE(editorOf<QCheckBox>(form, "exact")->text(), QString("Exact"));

        // The set's roles the probe accepts ("ood" it does not), on its default.
        auto* split = editorOf<QComboBox>(form, "split");
        QCOMPARE(itemsOf(split), QStringList({"train", "test"}));
        QCOMPARE(split->currentText(), QString("test"));

        QCOMPARE(editorOf<QLineEdit>(form, "label")->text(), QString("run"));
        auto* output = editorOf<QLineEdit>(form, "output");
        QVERIFY(output->text().isEmpty());
        QCOMPARE(output->placeholderText(), QString("nowhere"));
        QVERIFY(form.findChild<QPushButton*>("probe.output.browse"));

        QCOMPARE(itemsOf(editorOf<QComboBox>(form, "anchor")),
                 QStringList({"(none)", "m0", "m1", "m2"}));
        auto* members = editorOf<QComboBox>(form, "members");
        QCOMPARE(itemsOf(members),
                 QStringList({"(none)", "(the selected members)", "m0", "m1", "m2"}));
        QCOMPARE(members->currentIndex(), 1);
        QCOMPARE(form.findChild<QLabel*>("probe.members.selection")->text(),
                 QString("2 selected members: m1, m2"));

        QWidget* grid = form.editor("grid");
        QVERIFY(grid);
        QCOMPARE(grid->findChild<QComboBox*>("probe.grid.dimensions")->currentIndex(), 0);
        QCOMPARE(grid->findChild<QDoubleSpinBox*>("probe.grid.x-from")->value(), -1.0);
        QCOMPARE(grid->findChild<QDoubleSpinBox*>("probe.grid.x-to")->value(), 1.0);
        QCOMPARE(grid->findChild<QSpinBox*>("probe.grid.x-count")->value(), 5);
        QVERIFY(!grid->findChild<QSpinBox*>("probe.grid.y-count")->isEnabled());

        QVERIFY(!form.editor("set"));  // the GUI fills the set itself
        for (const auto& spec : probe.parameters())
            if (QWidget* editor = form.editor(spec.name))
                QCOMPARE(editor->toolTip(), QString::fromStdString(analysis::cliHelp(spec)));

        const json defaults{
            {"count", 6},        {"scale", 1.5},   {"seed", nullptr},         {"mode", "sum"},
            {"power", 2.0},      {"exact", false}, {"split", "test"},         {"label", "run"},
            {"output", nullptr}, {"anchor", ""},   {"members", {"m1", "m2"}}, {"grid", "-1:1:5"},
            {"batch", 2}};
        QVERIFY2(form.rawValues() == defaults, form.rawValues().dump().c_str());
    }

    // A row is enabled only while its EnabledWhen holds; advanced rows start hidden.
    void enabledWhenAndAdvancedGroup() {
        ProbeAnalysis probe;
        ui::ParameterForm form(probe);
        auto* power = form.editor("power");
        QVERIFY(!power->isEnabled());
        QSignalSpy changed(&form, &ui::ParameterForm::valuesChanged);
        editorOf<QComboBox>(form, "mode")->setCurrentText("product");
        QCOMPARE(changed.count(), 1);
        QVERIFY(power->isEnabled());
        editorOf<QComboBox>(form, "mode")->setCurrentText("sum");
        QVERIFY(!power->isEnabled());

        QWidget* batch = form.editor("batch");
        QVERIFY(!batch->isVisibleTo(&form));
        QVERIFY(form.editor("count")->isVisibleTo(&form));
        form.findChild<QToolButton*>("probe.advanced")->click();
        QVERIFY(batch->isVisibleTo(&form));
    }

    // rawValues() gives back what setValues() showed, for every kind.
    void valuesRoundTrip() {
        ProbeAnalysis probe;
        ui::ParameterForm form(probe);
        form.setSetContents(kMembers, {"train", "test", "validation"});
        form.setSelection({"m0", "m1"});
        const json shown{{"count", 7},
                         {"scale", 2.25},
                         {"seed", 42},
                         {"mode", "product"},
                         {"power", 3.5},
                         {"exact", true},
                         {"split", "validation"},
                         {"label", "hello"},
                         {"output", "/tmp/x.txt"},
                         {"anchor", "m1"},
                         {"members", {"m0", "m2"}},
                         {"grid", "-2:2.5:9,0:1:3"},
                         {"batch", 4}};
        form.setValues(shown);
        QVERIFY2(form.rawValues() == shown, form.rawValues().dump().c_str());
        // "The selected members", one member, none.
        for (const json& members : {json{"m0", "m1"}, json{"m2"}, json::array()}) {
            form.setValues({{"members", members}});
            QVERIFY2(form.rawValues()["members"] == members, members.dump().c_str());
        }
        QCOMPARE(editorOf<QComboBox>(form, "members")->currentIndex(), 0);  // "(none)"
        // Missing values are the defaults; unknown names are ignored.
        form.setValues({{"nonsense", 1}});
        QCOMPARE(form.rawValues()["seed"], json(nullptr));
        QCOMPARE(form.rawValues()["members"], (json{"m0", "m1"}));
        // A selection change signals only while the picker says "the selected members".
        QSignalSpy changed(&form, &ui::ParameterForm::valuesChanged);
        form.setSelection({"m2"});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(form.rawValues()["members"], (json{"m2"}));
        form.setValues({{"members", json::array()}});
        form.setSelection({"m0"});
        QCOMPARE(changed.count(), 2);  // setValues only
        // WORD:SUFFIX, as the CLI takes it: the suffix goes to its own parameter.
        form.setValues({{"mode", "product:m0,m2"}});
        QCOMPARE(form.rawValues()["mode"], json("product"));
        QCOMPARE(form.rawValues()["members"], (json{"m0", "m2"}));
    }

    // values() completes like the analysis: defaults, the disabled rows left
    // out, and the CLI's message for values the rules refuse.
    void valuesAreCompletedByTheAnalysis() {
        ProbeAnalysis probe;
        ui::ParameterForm form(probe);
        form.setValues({{"power", 5.0}, {"seed", 7}});
        ParameterValues values = form.values();
        QCOMPARE(values["power"], json(2.0));  // sum mode: power does not apply
        QCOMPARE(values["seed"], json(7));
        QCOMPARE(values["set"], json(nullptr));

        form.setValues({{"count", 20}, {"exact", true}});
        std::string expected;
        try {
            probe.complete(form.rawValues());
        } catch (const InvalidArgument& e) {
            expected = e.what();
        }
        QCOMPARE(expected, std::string("--exact computes at most 10 units, --count is 20"));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, form.values());
        try {
            form.values();
        } catch (const InvalidArgument& e) {
            QCOMPARE(std::string(e.what()), expected);
        }

        // A role the set lacks is shown as given and refused with the CLI's message.
        form.setValues({{"split", "ood"}});
        try {
            form.values();
            QFAIL("values() accepted a split the analysis does not know");
        } catch (const InvalidArgument& e) {
            QCOMPARE(std::string(e.what()),
                     std::string("--split: 'ood' is not one of train, test, validation"));
        }
    }

    // Every analysis Modescape offers gets a form that holds its table: an
    // editor per shown parameter, named after it, with the CLI's help, showing
    // the table's default; what the form shows, it gives back.
    void everyRegisteredAnalysisHasItsForm() {
        for (const analysis::Analysis* registered : analysis::allAnalyses()) {
            const std::string& name = registered->info().name;
            ui::ParameterForm form(*registered);
            const ParameterValues raw = form.rawValues();
            for (const auto& spec : registered->parameters()) {
                QWidget* editor = form.editor(spec.name);
                const std::string where = name + "." + spec.name;
                if (!spec.shownInGui || spec.kind == ParameterKind::Set) {
                    QVERIFY2(!editor, where.c_str());
                    continue;
                }
                QVERIFY2(editor, where.c_str());
                QCOMPARE(editor->objectName(), QString::fromStdString(where));
                QCOMPARE(editor->toolTip(), QString::fromStdString(analysis::cliHelp(spec)));
                json expected = spec.defaultValue;
                if (spec.kind == ParameterKind::Members && spec.selectionDefault)
                    expected = json::array();  // the selection, and none is selected
                QVERIFY2(raw[spec.name] == expected,
                         (where + ": " + raw[spec.name].dump() + " vs " + expected.dump()).c_str());
            }
            form.setValues(raw);
            QVERIFY2(form.rawValues() == raw, name.c_str());
        }
    }

    // Compute runs on the worker; each partial result is shown, then the whole.
    void computeShowsPartialsThenTheResult() {
        QTemporaryDir dir;
        ui::JobRunner runner;
        ProbeAnalysis probe;
        ProbePage page(probe, &runner, makeWorkspace(dir));
        QVERIFY(page.propertiesWidget()->findChild<QCheckBox*>("probe.display"));
        QSignalSpy finished(&page, &ui::AnalysisPage::computeFinished);
        page.form()->setValues({{"count", 4}, {"scale", 2.0}});
        probe.gate.arm(1);
        const int id = page.compute();
        QVERIFY(id > 0);
        QVERIFY(page.isComputing());
        waitUntil([&] { return probe.gate.hasReached() && !page.shown.empty(); });
        QCOMPARE(page.shown.front().numbers, Numbers({2.0}));
        QVERIFY(!page.shown.front().complete);
        QVERIFY(!page.resultComplete());
        // Unit 1 of 4 was reported before the pause; one report starts the
        // ETA's phase, so no estimate is shown yet.
        QVERIFY(test::drainPostedEvents());
        auto* progress = page.propertiesWidget()->findChild<QLabel*>("probe.progress");
        QCOMPARE(progress->text(), QString("25 % - unit 1"));
        probe.gate.release();
        waitForSignals(finished);
        QCOMPARE(finished.front().front().toBool(), true);
        QVERIFY(!page.isComputing());
        QVERIFY(page.resultComplete());
        QCOMPARE(std::any_cast<Numbers>(page.result()), multiples(4, 2.0));
        QVERIFY(page.shown.back().complete);
        for (std::size_t k = 0; k + 1 < page.shown.size(); ++k) {
            QVERIFY(!page.shown[k].complete);
            QCOMPARE(page.shown[k].numbers,
                     multiples(int(page.shown[k].numbers.size()), 2.0));  // prefixes
        }
        QCOMPARE(page.resultValues()["count"], json(4));
        QCOMPARE(page.resultValues()["set"], json(dir.path().toStdString()));
        QCOMPARE(probe.takeComputed(), std::vector<int>({0, 1, 2, 3}));
        QVERIFY(page.status().startsWith("Computed"));
        QVERIFY(progress->text().isEmpty());
    }

    // Issue 19: a page that computes on every change, given its selection and
    // values in one go (as a window opening a set does), starts one job, with
    // the last values; a later change starts one more.
    void computeOnChangeStartsOneJobPerBurst() {
        QTemporaryDir dir;
        ui::JobRunner runner;
        ProbeAnalysis probe;
        QSignalSpy queued(&runner, &ui::JobRunner::jobQueued);
        ProbePage page(probe, &runner, makeWorkspace(dir));
        QSignalSpy finished(&page, &ui::AnalysisPage::computeFinished);
        page.computeOnChange();
        QVERIFY(page.isComputing());  // asked for: a run is about to start
        page.setSelection({"m1"});
        page.form()->setValues({{"count", 2}});
        page.form()->setValues({{"count", 3}});
        waitForSignals(finished);
        QVERIFY(test::drainPostedEvents());
        QCOMPARE(queued.count(), 1);
        QCOMPARE(std::any_cast<Numbers>(page.result()), multiples(3, 1.5));
        QCOMPARE(page.resultValues()["members"], (json{"m1"}));
        page.form()->setValues({{"count", 1}});
        waitForSignals(finished, 2);
        QVERIFY(test::drainPostedEvents());
        QCOMPARE(queued.count(), 2);
    }

    // Issue 19: the log records every run once: the analysis's name, its values
    // as JSON, the time it took (its form, not its size) and a result summary;
    // a cancelled run says so.
    void everyRunIsLogged() {
        QTemporaryDir dir;
        ui::LogModel log;
        ui::JobRunner runner;
        ProbeAnalysis probe;
        ProbePage page(probe, &runner, makeWorkspace(dir));
        QSignalSpy finished(&page, &ui::AnalysisPage::computeFinished);
        page.form()->setValues({{"count", 4}, {"scale", 2.0}});
        QVERIFY(page.compute() > 0);
        waitForSignals(finished);
        const std::string values = page.resultValues().dump();
        const QRegularExpression line(
            "^probe " + QRegularExpression::escape(QString::fromStdString(values)) +
            ": computed in ([0-9]+ ms|[0-9]+\\.[0-9] s|[0-9]+ min [0-9]{2} s|[0-9]+ h [0-9]{2} "
            "min): 4 values: 2\\.0, 4\\.0, 6\\.0, 8\\.0$");
        auto logged = [&](const QRegularExpression& pattern) {
            int n = 0;
            for (const auto& entry : log.entries())
                n += pattern.match(entry.message).hasMatch() ? 1 : 0;
            return n;
        };
        waitUntil([&] { return logged(line) > 0; });
        QCOMPARE(logged(line), 1);
        // The values read back from the log are the run's.
        QCOMPARE(json::parse(values), page.resultValues());

        probe.gate.arm(1);
        page.form()->setValues({{"count", 5}});
        QVERIFY(page.compute() > 0);
        waitUntil([&] { return probe.gate.hasReached(); });
        page.cancel();
        probe.gate.release();
        waitForSignals(finished, 2);
        const QRegularExpression cancelled("^probe \\{.*\"count\":5.*\\}: cancelled after ");
        waitUntil([&] { return logged(cancelled) > 0; });
        QCOMPARE(logged(line), 1);
    }

    // The page's selection is the set's: the Members default follows it, and
    // a page opened later on the same set starts with it.
    void selectionIsTheWorkspaces() {
        QTemporaryDir dir;
        ui::JobRunner runner;
        ProbeAnalysis probe;
        const auto workspace = makeWorkspace(dir);
        ProbePage page(probe, &runner, workspace);
        page.setSelection({"m0", "m2"});
        QCOMPARE(workspace->selection(), std::vector<std::string>({"m0", "m2"}));
        QCOMPARE(page.form()->values(&workspace->set())["members"], (json{"m0", "m2"}));
        ProbePage later(probe, &runner, workspace);
        QCOMPARE(later.form()->rawValues()["members"], (json{"m0", "m2"}));
        QCOMPARE(later.propertiesWidget()->findChild<QLabel*>("probe.members.selection")->text(),
                 QString("2 selected members: m0, m2"));
    }

    // Issue 19.6: the landscape's direction members under "the selected
    // members": the count the label states is the number of names it lists
    // (10 selected for a plane once read "3 selected members:" and 10 names).
    void theSelectionLabelCountsTheNamesItLists() {
        ui::ParameterForm form(analysis::landscapeAnalysis());
        QStringList members;
        for (int i = 0; i < 10; ++i)
            members << QString("g/m%1").arg(i);
        form.setSetContents(members, {"test"});
        auto* directions = editorOf<QComboBox>(form, "directions");
        directions->setCurrentIndex(directions->findData("plane"));
        auto* label = form.findChild<QLabel*>("landscape.direction-members.selection");
        QVERIFY(label);
        const QRegularExpression counted("^(\\d+) selected members?: (.*)$");
        for (const int selected : {10, 3, 1}) {
            form.setSelection(members.mid(0, selected));
            QVERIFY(!label->isHidden());
            const auto match = counted.match(label->text());
            QVERIFY2(match.hasMatch(), qPrintable(label->text()));
            const QStringList listed = match.captured(2).split(", ");
            QCOMPARE(match.captured(1).toInt(), selected);
            QCOMPARE(listed, members.mid(0, selected));
        }
        form.setSelection({});
        QCOMPARE(label->text(), QString("No member is selected."));
    }

    // Cancel keeps the partial result; Compute with the same result-defining
    // values (a tuning-only one changed) computes only the rest.
    void cancelThenComputeResumes() {
        QTemporaryDir dir;
        ui::JobRunner runner;
        ProbeAnalysis probe;
        ProbePage page(probe, &runner, makeWorkspace(dir));
        QSignalSpy finished(&page, &ui::AnalysisPage::computeFinished);
        page.form()->setValues({{"count", 6}, {"scale", 1.0}});
        probe.gate.arm(3);
        QVERIFY(page.compute() > 0);
        waitUntil([&] { return probe.gate.hasReached(); });
        page.cancel();
        probe.gate.release();
        waitForSignals(finished);
        QCOMPARE(finished.front().front().toBool(), false);
        // The unit under way when cancel came was reported before the run stopped.
        QCOMPARE(std::any_cast<Numbers>(page.result()), multiples(4, 1.0));
        QVERIFY(!page.resultComplete());
        QVERIFY(page.status().startsWith("Cancelled: what was computed stays shown"));
        QCOMPARE(probe.takeComputed(), std::vector<int>({0, 1, 2, 3}));
        QCOMPARE(probe.takeResumedAt(), std::vector<int>({0}));

        page.form()->setValues({{"count", 6}, {"scale", 1.0}, {"batch", 5}});
        QVERIFY(page.compute() > 0);
        waitForSignals(finished, 2);
        QCOMPARE(finished.back().front().toBool(), true);
        QCOMPARE(probe.takeResumedAt(), std::vector<int>({4}));
        QCOMPARE(probe.takeComputed(), std::vector<int>({4, 5}));
        QCOMPARE(std::any_cast<Numbers>(page.result()), multiples(6, 1.0));
        QVERIFY(page.resultComplete());

        // A complete result is not resumed: the next run starts afresh.
        QVERIFY(page.compute() > 0);
        waitForSignals(finished, 3);
        QCOMPARE(probe.takeResumedAt(), std::vector<int>({0}));
    }

    // A Compute with other values while a run goes on supersedes it: the old
    // run is cancelled and nothing it reports afterwards is shown.
    void newerComputeDropsTheOlderRun() {
        QTemporaryDir dir;
        ui::JobRunner runner;
        ProbeAnalysis probe;
        ProbePage page(probe, &runner, makeWorkspace(dir));
        QSignalSpy finished(&page, &ui::AnalysisPage::computeFinished);
        page.form()->setValues({{"count", 4}, {"scale", 1.0}});
        probe.gate.arm(2);
        const int first = page.compute();
        waitUntil([&] { return probe.gate.hasReached() && !page.shown.empty(); });
        QVERIFY(page.compute() == first);  // the same values: the same run
        page.form()->setValues({{"count", 4}, {"scale", 3.0}});
        const std::size_t shownBefore = page.shown.size();
        const int second = page.compute();
        QVERIFY(second > 0 && second != first);
        probe.gate.release();  // the first run now reports unit 2, then stops
        waitForSignals(finished);
        QVERIFY(test::drainPostedEvents());
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.front().front().toBool(), true);
        QCOMPARE(std::any_cast<Numbers>(page.result()), multiples(4, 3.0));
        QVERIFY(page.shown.size() > shownBefore);
        for (std::size_t k = shownBefore; k < page.shown.size(); ++k)
            QCOMPARE(page.shown[k].numbers, multiples(int(page.shown[k].numbers.size()), 3.0));
        // The first run did compute unit 2 (0, 1, 2), the second all four afresh.
        QCOMPARE(probe.takeComputed(), std::vector<int>({0, 1, 2, 0, 1, 2, 3}));
        QCOMPARE(probe.takeResumedAt(), std::vector<int>({0, 0}));
    }

    // Refused values and failed runs end on the status line and in the log.
    void refusalsAndFailuresAreReported() {
        QTemporaryDir dir;
        ui::JobRunner runner;
        ProbeAnalysis probe;
        ProbePage page(probe, &runner, makeWorkspace(dir));
        std::vector<std::string> errors;
        std::mutex errorsMutex;
        const int sink = log::addSink([&](log::Level level, const std::string& message) {
            std::lock_guard lock(errorsMutex);
            if (level == log::Level::Error)
                errors.push_back(message);
        });
        page.form()->setValues({{"count", 20}, {"exact", true}});
        QCOMPARE(page.compute(), 0);
        QCOMPARE(page.status(),
                 QString("Cannot compute: --exact computes at most 10 units, --count is 20"));

        QSignalSpy finished(&page, &ui::AnalysisPage::computeFinished);
        page.form()->setValues({{"label", "fail"}});
        QVERIFY(page.compute() > 0);
        waitForSignals(finished);
        log::removeSink(sink);
        QCOMPARE(finished.front().front().toBool(), false);
        QCOMPARE(page.status(), QString("Failed: the label says fail"));
        QVERIFY(!page.result().has_value());
        std::lock_guard lock(errorsMutex);
        QCOMPARE(errors.size(), std::size_t(2));
        QCOMPARE(errors[0], std::string("probe: --exact computes at most 10 units, --count is 20"));
        QCOMPARE(errors[1], std::string("Probe failed: the label says fail"));
    }

    // The properties panel lives in the main window's dock but goes with its page.
    void propertiesPanelGoesWithThePage() {
        QTemporaryDir dir;
        ui::JobRunner runner;
        ProbeAnalysis probe;
        QWidget dock;
        auto* page = new ProbePage(probe, &runner, makeWorkspace(dir));
        QPointer<QWidget> panel = page->propertiesWidget();
        panel->setParent(&dock);
        delete page;
        QVERIFY(panel.isNull());
    }

    // A page closed during a run cancels it; what the run still reports goes nowhere.
    void pageClosedDuringARun() {
        QTemporaryDir dir;
        ui::JobRunner runner;
        ProbeAnalysis probe;
        QSignalSpy cancelled(&runner, &ui::JobRunner::jobCancelled);
        auto* page = new ProbePage(probe, &runner, makeWorkspace(dir));
        page->form()->setValues({{"count", 4}});
        probe.gate.arm(1);
        QVERIFY(page->compute() > 0);
        waitUntil([&] { return probe.gate.hasReached(); });
        delete page;
        probe.gate.release();  // unit 1 is reported to no page, then the run stops
        waitForSignals(cancelled);
        QVERIFY(test::drainPostedEvents());
        QCOMPARE(probe.takeComputed(), std::vector<int>({0, 1}));
    }

    // A partial result from elsewhere (a file) shows its values in the form and is continued.
    void externalPartialResultIsResumed() {
        QTemporaryDir dir;
        ui::JobRunner runner;
        ProbeAnalysis probe;
        ProbePage page(probe, &runner, makeWorkspace(dir));
        QSignalSpy finished(&page, &ui::AnalysisPage::computeFinished);
        page.showExternalResult(Numbers{0.5, 1.0}, {{"count", 3}, {"scale", 0.5}}, false);
        QCOMPARE(editorOf<QSpinBox>(*page.form(), "count")->value(), 3);
        QVERIFY(!page.resultComplete());
        QVERIFY(page.compute() > 0);
        waitForSignals(finished);
        QCOMPARE(probe.takeResumedAt(), std::vector<int>({2}));
        QCOMPARE(probe.takeComputed(), std::vector<int>({2}));
        QCOMPARE(std::any_cast<Numbers>(page.result()), multiples(3, 0.5));
    }

    // Issue 15: a complete result is kept under its key; Compute with the same
    // values on the same set shows it at once and starts no job. A changed
    // value, a member file touched or a changed data override is a miss.
    void keptResultsAreShownWithoutAJob() {
        QTemporaryDir dir;
        const QString folder = dir.path() + "/results";
        test::ResultCacheOn cacheOn(folder, "1M");
        ui::LogModel log;
        ui::JobRunner runner;
        KeptProbe probe;
        auto workspace = makeFileWorkspace(dir, fileTime(0));
        QSignalSpy queued(&runner, &ui::JobRunner::jobQueued);
        const ParameterValues values{{"count", 4}, {"scale", 2.0}};

        ProbePage first(probe, &runner, workspace);
        QSignalSpy firstDone(&first, &ui::AnalysisPage::computeFinished);
        first.form()->setValues(values);
        QVERIFY(first.compute() > 0);
        waitForSignals(firstDone);
        QVERIFY(firstDone.front().front().toBool());
        QCOMPARE(cacheEntries(folder), 1);
        const std::string key = session::resultKey(probe, first.resultValues(), workspace->set());
        QVERIFY(QFile::exists(folder + "/" + QString::fromStdString(key) + ".json"));
        QCOMPARE(probe.takeComputed(), std::vector<int>({0, 1, 2, 3}));
        QCOMPARE(queued.size(), 1);

        // A fresh page, the same values: shown before compute() returns, no job.
        ProbePage second(probe, &runner, workspace);
        QSignalSpy secondDone(&second, &ui::AnalysisPage::computeFinished);
        second.form()->setValues(values);
        QCOMPARE(second.compute(), 0);
        QCOMPARE(queued.size(), 1);
        QVERIFY(!second.isComputing());
        QCOMPARE(secondDone.size(), 1);
        QVERIFY(secondDone.front().front().toBool());
        QCOMPARE(second.shown.size(), std::size_t(1));
        QVERIFY(second.shown.front().complete);
        QCOMPARE(std::any_cast<Numbers>(second.result()), std::any_cast<Numbers>(first.result()));
        QCOMPARE(second.resultValues(), first.resultValues());
        QVERIFY(second.resultComplete());
        QVERIFY(probe.takeComputed().empty());
        QVERIFY2(second.status().contains("result cache"), qPrintable(second.status()));
        const QString fromCache = "probe " + QString::fromStdString(first.resultValues().dump()) +
                                  ": from cache: 4 values: 2.0, 4.0, 6.0, 8.0";
        waitUntil([&] {
            for (const auto& entry : log.entries())
                if (entry.message == fromCache)
                    return true;
            return false;
        });

        // A result-defining value changed: computed.
        second.form()->setValues({{"count", 4}, {"scale", 3.0}});
        QVERIFY(second.compute() > 0);
        waitForSignals(secondDone, 2);
        QCOMPARE(queued.size(), 2);
        QCOMPARE(probe.takeComputed(), std::vector<int>({0, 1, 2, 3}));

        // A member file touched (a later modification time): computed; its old time back: kept.
        for (const bool touched : {true, false}) {
            const auto now = makeFileWorkspace(dir, fileTime(touched ? 60 : 0));
            ProbePage page(probe, &runner, now);
            QSignalSpy done(&page, &ui::AnalysisPage::computeFinished);
            page.form()->setValues(values);
            QCOMPARE(page.compute() > 0, touched);
            if (touched)
                waitForSignals(done);
            QCOMPARE(done.size(), 1);
            QCOMPARE(std::any_cast<Numbers>(page.result()), multiples(4, 2.0));
        }
        QCOMPARE(queued.size(), 3);

        // Another data override: computed.
        ProbePage otherData(probe, &runner, makeFileWorkspace(dir, fileTime(0), 2));
        QSignalSpy otherDone(&otherData, &ui::AnalysisPage::computeFinished);
        otherData.form()->setValues(values);
        QVERIFY(otherData.compute() > 0);
        waitForSignals(otherDone);
        QCOMPARE(queued.size(), 4);
        QCOMPARE(cacheEntries(folder), 4);  // scale 2, scale 3, touched, other data
    }

    // A cancelled run's partial result is not kept; the run that completes it is.
    void cancelledResultsAreNotKept() {
        QTemporaryDir dir;
        const QString folder = dir.path() + "/results";
        test::ResultCacheOn cacheOn(folder, "1M");
        ui::JobRunner runner;
        KeptProbe probe;
        ProbePage page(probe, &runner, makeFileWorkspace(dir, fileTime(0)));
        QSignalSpy finished(&page, &ui::AnalysisPage::computeFinished);
        page.form()->setValues({{"count", 6}, {"scale", 1.0}});
        probe.gate.arm(2);
        QVERIFY(page.compute() > 0);
        waitUntil([&] { return probe.gate.hasReached(); });
        page.cancel();
        probe.gate.release();
        waitForSignals(finished);
        QVERIFY(!finished.front().front().toBool());
        QCOMPARE(std::any_cast<Numbers>(page.result()), multiples(3, 1.0));
        QCOMPARE(cacheEntries(folder), 0);
        // Compute again: the partial result is continued (no cache entry to serve), then kept.
        QVERIFY(page.compute() > 0);
        waitForSignals(finished, 2);
        QVERIFY(finished.back().front().toBool());
        QCOMPARE(probe.takeResumedAt(), std::vector<int>({0, 3}));
        QCOMPARE(cacheEntries(folder), 1);
    }

    // A damaged entry is said in the log, naming its file, and computed again.
    void aDamagedEntryIsComputedAgain() {
        QTemporaryDir dir;
        const QString folder = dir.path() + "/results";
        test::ResultCacheOn cacheOn(folder, "1M");
        ui::LogModel log;
        ui::JobRunner runner;
        KeptProbe probe;
        auto workspace = makeFileWorkspace(dir, fileTime(0));
        const ParameterValues values{{"count", 3}, {"scale", 1.0}};
        ProbePage first(probe, &runner, workspace);
        QSignalSpy firstDone(&first, &ui::AnalysisPage::computeFinished);
        first.form()->setValues(values);
        QVERIFY(first.compute() > 0);
        waitForSignals(firstDone);
        const std::string key = session::resultKey(probe, first.resultValues(), workspace->set());
        const QString file = folder + "/" + QString::fromStdString(key) + ".json";
        std::filesystem::resize_file(file.toStdString(), 3);  // "[1." of "[1.0,2.0,3.0]"

        ProbePage second(probe, &runner, workspace);
        QSignalSpy secondDone(&second, &ui::AnalysisPage::computeFinished);
        second.form()->setValues(values);
        QVERIFY(second.compute() > 0);  // no crash: a job
        waitForSignals(secondDone);
        QCOMPARE(std::any_cast<Numbers>(second.result()), multiples(3, 1.0));
        waitUntil([&] {
            for (const auto& entry : log.entries())
                if (entry.message.startsWith(file) && entry.message.contains("truncated"))
                    return true;
            return false;
        });
        // Stored again whole: a third page is served from it.
        ProbePage third(probe, &runner, workspace);
        third.form()->setValues(values);
        QCOMPARE(third.compute(), 0);
        QCOMPARE(std::any_cast<Numbers>(third.result()), multiples(3, 1.0));
    }
};

QTEST_MAIN(TestAnalysisPage)
#include "TestAnalysisPage.moc"

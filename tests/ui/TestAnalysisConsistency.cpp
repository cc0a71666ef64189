// Every analysis's three faces hold the same names, defaults and choices: its
// GUI form (one editor per parameter shown in the window, showing the table's
// default and offering its choices), its CLI subcommand (found by the
// analysis's name in the command line's CLI11 tree, built as `modescape`
// builds it: every flagged parameter under the same flag, its help stating
// the default and the choices) and its JSON (defaults -> text -> parsed ->
// complete() is the same). Values set through the form read back unchanged,
// and the form refuses what complete() refuses with the same message.
//
// The walk is generic over analysis::allAnalyses(); a test-only analysis with
// every kind of parameter (tests/common/ExampleAnalysis.h), bound to a
// subcommand the way the commands bind theirs, runs through the same checks.
#include <QtTest>

#include <QApplication>
#include <QComboBox>

#include <algorithm>
#include <set>

#include <CLI/CLI.hpp>

#include "app/cli/AnalysisOptions.h"
#include "app/cli/CommandLine.h"
#include "core/analysis/Registry.h"
#include "core/common/Error.h"
#include "tests/common/ExampleAnalysis.h"
#include "ui/analysis/ParameterForm.h"

using namespace modescape;
using analysis::Analysis;
using analysis::ParameterKind;
using analysis::ParameterSpec;
using nlohmann::json;

namespace {

// The set the forms are shown with: its members and dataset roles.
const QStringList kMembers = {"g/m0", "g/m1", "g/m2"};
const QStringList kRoles = {"train", "test", "ood"};

QString where(const Analysis& a, const ParameterSpec& spec) {
    return QString::fromStdString(a.info().name + " " + spec.name);
}

const CLI::App* subcommandNamed(const CLI::App& root, const std::string& name) {
    for (const CLI::App* sub : root.get_subcommands([](const CLI::App*) { return true; }))
        if (sub->get_name() == name)
            return sub;
    return nullptr;
}

// A value of the parameter other than its default, that the form can show.
json changedValue(const ParameterSpec& spec) {
    const json& d = spec.defaultValue;
    switch (spec.kind) {
        case ParameterKind::Flag:
            return !(d.is_boolean() && d.get<bool>());
        case ParameterKind::Integer: {
            double v = d.is_number() ? d.get<double>() + 1 : spec.minimum.value_or(0) + 2;
            if (spec.maximum && v > *spec.maximum)
                v = *spec.maximum - 1;
            return static_cast<long long>(v);
        }
        case ParameterKind::Real: {
            // Quarters: shown exactly by any spin box with two or more decimals.
            double v = d.is_number() ? d.get<double>() + 0.25 : spec.minimum.value_or(0) + 0.25;
            if (spec.maximum && v > *spec.maximum)
                v = *spec.maximum - 0.25;
            return v;
        }
        case ParameterKind::Choice:
            for (auto it = spec.choices.rbegin(); it != spec.choices.rend(); ++it)
                if (json(*it) != d)
                    return *it;
            return d;
        case ParameterKind::Role:
            // A role the set has, and the table offers when it lists roles.
            for (const QString& role : kRoles) {
                const std::string word = role.toStdString();
                const bool offered =
                    spec.choices.empty() ||
                    std::find(spec.choices.begin(), spec.choices.end(), word) != spec.choices.end();
                if (offered && json(word) != d)
                    return word;
            }
            return d;
        case ParameterKind::Member:
            return kMembers.back().toStdString();
        case ParameterKind::Members:
            return json{kMembers[0].toStdString(), kMembers[2].toStdString()};
        case ParameterKind::Grid:
            return "-2:2:5,-3:3:7";
        case ParameterKind::Path:
            return "/tmp/modescape-consistency.bin";
        case ParameterKind::Text:
        case ParameterKind::Set:
            return "changed";
    }
    return d;
}

// Values for the parameters that must be given (the positional ones and the
// required ones such as symmetry's --out): a set path, then the set's members
// in turn (A, B ...), else a value other than the default.
json positionalValues(const Analysis& a) {
    json values = json::object();
    int member = 0;
    for (const ParameterSpec& spec : a.parameters()) {
        if (!spec.positional && !spec.required)
            continue;
        if (spec.kind == ParameterKind::Set)
            values[spec.name] = "/sets/moons";
        else if (spec.kind == ParameterKind::Members)
            values[spec.name] = json{kMembers[0].toStdString()};
        else if (spec.kind == ParameterKind::Member)
            values[spec.name] = kMembers[member++ % kMembers.size()].toStdString();
        else
            values[spec.name] = changedValue(spec);
    }
    return values;
}

void checkForm(const Analysis& a) {
    ui::ParameterForm form(a);
    form.setSetContents(kMembers, kRoles);
    const json shown = form.rawValues();
    std::set<QWidget*> editors;
    for (const ParameterSpec& spec : a.parameters()) {
        QWidget* editor = form.editor(spec.name);
        if (!spec.shownInGui) {
            QVERIFY2(!editor, qPrintable(where(a, spec) + " is not for the GUI but has an editor"));
            continue;
        }
        QVERIFY2(editor, qPrintable(where(a, spec) + " has no editor"));
        QVERIFY2(editors.insert(editor).second, qPrintable(where(a, spec) + " shares an editor"));
        QCOMPARE(editor->objectName(), QString::fromStdString(a.info().name + "." + spec.name));
        QVERIFY2(shown.contains(spec.name), qPrintable(where(a, spec) + " lacks a value"));
        QVERIFY2(shown[spec.name] == spec.defaultValue,
                 qPrintable(where(a, spec) +
                            QString::fromStdString(": the form shows " + shown[spec.name].dump() +
                                                   ", the table's default is " +
                                                   spec.defaultValue.dump())));
        if (spec.kind == ParameterKind::Choice) {
            auto* combo = qobject_cast<QComboBox*>(editor);
            QVERIFY2(combo, qPrintable(where(a, spec) + " is a choice without a combo box"));
            // The words (as item data), after a "no value" item (no data)
            // where the default is null.
            QStringList offered;
            int noValueItems = 0;
            for (int i = 0; i < combo->count(); ++i)
                if (combo->itemData(i).isValid())
                    offered << combo->itemData(i).toString();
                else
                    ++noValueItems;
            QCOMPARE(noValueItems, spec.defaultValue.is_null() ? 1 : 0);
            QStringList choices;
            for (const auto& c : spec.choices)
                choices << QString::fromStdString(c);
            QCOMPARE(offered, choices);
        }
    }
}

void checkFormRoundTrip(const Analysis& a) {
    ui::ParameterForm form(a);
    form.setSetContents(kMembers, kRoles);
    json changed = json::object();
    for (const ParameterSpec& spec : a.parameters())
        if (spec.shownInGui)
            changed[spec.name] = changedValue(spec);
    form.setValues(changed);
    const json read = form.rawValues();
    for (const auto& [name, value] : changed.items())
        QVERIFY2(
            read[name] == value,
            qPrintable(QString::fromStdString(a.info().name + " " + name + ": set " + value.dump() +
                                              ", read back " + read[name].dump())));
    // The form completes its values as the table does, or refuses them with
    // the table's message (the CLI gives that message too). A disabled row's
    // value is left out, so its default applies.
    json enabled = json::object();
    for (const auto& [name, value] : read.items())
        if (analysis::isEnabled(analysis::specNamed(a.parameters(), name), read))
            enabled[name] = value;
    QString formRefusal, tableRefusal;
    json fromForm, fromTable;
    try {
        fromForm = form.values();
    } catch (const InvalidArgument& e) {
        formRefusal = e.what();
    }
    try {
        fromTable = a.complete(enabled);
    } catch (const InvalidArgument& e) {
        tableRefusal = e.what();
    }
    QCOMPARE(formRefusal, tableRefusal);
    QVERIFY2(
        fromForm == fromTable,
        qPrintable(QString::fromStdString(a.info().name + ": the form completes to " +
                                          fromForm.dump() + ", the table to " + fromTable.dump())));
    // Defaults shown again.
    form.setValues(json::object());
    const json defaults = analysis::withDefaults(a.parameters(), json::object());
    const json again = form.rawValues();
    for (const ParameterSpec& spec : a.parameters())
        if (spec.shownInGui)
            QVERIFY2(again[spec.name] == defaults[spec.name], qPrintable(where(a, spec)));
}

void checkCli(const Analysis& a, const CLI::App& root) {
    const CLI::App* sub = subcommandNamed(root, a.info().name);
    QVERIFY2(sub, qPrintable(QString::fromStdString("no subcommand '" + a.info().name +
                                                    "' runs the analysis of that name")));
    for (const ParameterSpec& spec : a.parameters()) {
        const std::string name = spec.positional ? analysis::userName(spec) : spec.flag;
        if (name.empty())
            continue;
        const CLI::Option* option = sub->get_option_no_throw(name);
        QVERIFY2(option, qPrintable(where(a, spec) + ": `modescape " +
                                    QString::fromStdString(a.info().name) + "` has no " +
                                    QString::fromStdString(name)));
        if (spec.positional)
            continue;
        const QString help = QString::fromStdString(option->get_description());
        if (spec.kind != ParameterKind::Flag)
            QVERIFY2(help.contains(QString::fromStdString(analysis::describeDefault(spec))),
                     qPrintable(where(a, spec) + ": the help '" + help + "' lacks the default " +
                                QString::fromStdString(analysis::describeDefault(spec))));
        for (const auto& choice : spec.choices)
            QVERIFY2(help.contains(QString::fromStdString(choice)),
                     qPrintable(where(a, spec) + ": the help '" + help + "' lacks the choice " +
                                QString::fromStdString(choice)));
    }
}

void checkJsonRoundTrip(const Analysis& a) {
    const json complete = a.complete(positionalValues(a));
    QCOMPARE(complete, analysis::withDefaults(a.parameters(), positionalValues(a)));
    const json parsed = json::parse(complete.dump());
    QVERIFY2(parsed == complete, qPrintable(QString::fromStdString(complete.dump())));
    QVERIFY2(a.complete(parsed) == complete, qPrintable(QString::fromStdString(a.info().name)));
    // The provenance stored in result files carries the same values.
    const json stored = json::parse(analysis::provenance(a, complete).dump());
    QCOMPARE(stored["analysis"], json(a.info().name));
    QVERIFY(a.complete(stored["parameters"]) == complete);
}

void checkAll(const Analysis& a, const CLI::App& root) {
    checkForm(a);
    if (QTest::currentTestFailed())
        return;
    checkFormRoundTrip(a);
    if (QTest::currentTestFailed())
        return;
    checkCli(a, root);
    if (QTest::currentTestFailed())
        return;
    checkJsonRoundTrip(a);
}

}  // namespace

class TestAnalysisConsistency : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // The example is bound like a command binds its analysis: SET and A by
    // the command, every flagged parameter by AnalysisOptions.
    void exampleAnalysisHoldsTogether() {
        cli::CommandLine commandLine;
        const auto& example = test::exampleAnalysis();
        CLI::App* sub = commandLine.app().add_subcommand("example", example.info().summary);
        std::string set, member;
        sub->add_option("SET", set, "Checkpoint set")->required();
        sub->add_option("A", member, "First member")->required();
        cli::AnalysisOptions options(example);
        options.define(*sub);
        checkAll(example, commandLine.app());
        if (QTest::currentTestFailed())
            return;

        // The rule's message, from the form as from the table.
        ui::ParameterForm form(example);
        form.setSetContents(kMembers, kRoles);
        form.setValues({{"dirs", "pca"}, {"dir-members", {"g/m0", "g/m1"}}});
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, form.values());
        try {
            form.values();
        } catch (const InvalidArgument& e) {
            QCOMPARE(QString(e.what()), QString("--dirs pca: needs at least 3 members, got 2"));
        }
    }

    void everyRegisteredAnalysisHoldsTogether() {
        cli::CommandLine commandLine;
        for (const Analysis* a : analysis::allAnalyses()) {
            checkAll(*a, commandLine.app());
            if (QTest::currentTestFailed())
                return;
        }
        qInfo("%zu analyses checked", analysis::allAnalyses().size());
    }
};

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    TestAnalysisConsistency test;
    return QTest::qExec(&test, argc, argv);
}
#include "TestAnalysisConsistency.moc"

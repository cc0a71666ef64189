// The command line describes itself: `modescape analyses --json` is the
// registry's JSON (positional parameters without a flag), `help --markdown`
// lists every option each subcommand's --help lists, and the generated blocks
// of README.md and docs/command-line.md are exactly what the built executable
// prints now (scripts/update-option-docs.sh regenerates them). `help --man`
// and `help --bash-completion` (what the package installs) cover the same
// commands and options, and the completion completes them in bash.
#include <QtTest>

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include "core/analysis/Registry.h"
#include "tests/common/RunModescape.h"

using modescape::test::Run;
using modescape::test::runModescape;

namespace {

const QString kSource = MODESCAPE_SOURCE_DIR;

QString contentOf(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// The long options a --help text lists ("--grid", "--json" ...).
// The long options CLI11's --help lists: each at the start of its own line
// ("  -h,--help", "  --grid TEXT"), not ones named inside another's help text
// (curve-plane's --curve says "saved with `connect --save-curve`").
QSet<QString> longOptionsIn(const QString& text) {
    QSet<QString> options;
    static const QRegularExpression option("(?m)^ +(?:-[A-Za-z],)?(--[a-z][a-z0-9-]*)");
    for (const auto& m : option.globalMatch(text))
        options.insert(m.captured(1));
    return options;
}

// The options the Markdown reference lists, one per "- `--name ...`" item.
QSet<QString> markdownOptionsIn(const QString& text) {
    QSet<QString> options;
    static const QRegularExpression option("(?m)^- `(--[a-z][a-z0-9-]*)");
    for (const auto& m : option.globalMatch(text))
        options.insert(m.captured(1));
    return options;
}

// The commands the Markdown reference has a section for ("", "landscape",
// "session init" ...), each with the long options it lists.
QMap<QString, QSet<QString>> referenceCommands() {
    const Run md = runModescape({"help", "--markdown"});
    QMap<QString, QSet<QString>> commands;
    for (const QString& section : md.out.split(QRegularExpression("(?m)^### "))) {
        const auto heading = QRegularExpression("^`modescape ?([a-z -]*)`").match(section);
        if (heading.hasMatch())
            commands[heading.captured(1)] = markdownOptionsIn(section);
    }
    return commands;
}

// The words roff needs for text with hyphens: each '-' escaped as "\-".
QString roffText(QString text) {
    return text.replace("-", "\\-");
}

}  // namespace

class TestCliReference : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void analysesJsonIsTheRegistry() {
        const Run r = runModescape({"analyses", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const nlohmann::json printed = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(printed, modescape::analysis::analysesJson());
        for (const auto& a : printed)
            for (const auto& p : a["parameters"]) {
                const QString what = QString::fromStdString(a["name"].get<std::string>() + " " +
                                                            p["name"].get<std::string>());
                QVERIFY2(p["positional"].get<bool>() != p.contains("flag"), qPrintable(what));
                if (p.contains("flag"))
                    QVERIFY2(p["flag"].get<std::string>().starts_with("--"), qPrintable(what));
            }
        const Run text = runModescape({"analyses"});
        QVERIFY2(text.code == 0, qPrintable(text.err));
        for (const auto& a : printed)
            QVERIFY2(text.out.contains(QString::fromStdString(a["name"].get<std::string>() + ": ")),
                     qPrintable(text.out));
    }

    // Each section of the reference holds every long option that CLI11's own
    // --help of that command lists (a formatter of its own, so a command or
    // an option the walk misses shows up here).
    void markdownListsEveryOptionOfEveryCommand() {
        const Run md = runModescape({"help", "--markdown"});
        QVERIFY2(md.code == 0, qPrintable(md.err));
        const QStringList sections = md.out.split(QRegularExpression("(?m)^### "));
        QStringList commands;
        for (const QString& section : sections) {
            // Nested commands too: `modescape session init`.
            const auto heading = QRegularExpression("^`modescape ?([a-z -]*)`").match(section);
            if (!heading.hasMatch())
                continue;
            const QString command = heading.captured(1);
            commands << command;
            const Run help = runModescape(command.split(' ', Qt::SkipEmptyParts) << "--help");
            QCOMPARE(help.code, 0);
            // The options, not the subcommands' descriptions listed after them.
            QSet<QString> wanted = longOptionsIn(help.out.section("\nSubcommands:", 0, 0));
            wanted.remove("--help");
            for (const QString& option : wanted)
                QVERIFY2(section.contains("`" + option) || section.contains(", " + option),
                         qPrintable(QString("modescape %1: %2 is in --help but not in the "
                                            "Markdown reference:\n%3")
                                        .arg(command, option, section)));
        }
        // The root, then every subcommand the root's --help names.
        QVERIFY2(commands.size() > 10 && commands.front().isEmpty(),
                 qPrintable(commands.join(',')));
        for (const char* command : {"landscape", "connect", "calibrate", "analyses", "help", "gui"})
            QVERIFY2(commands.contains(command), qPrintable(commands.join(',')));
        const Run usage = runModescape({"help", "--markdown", "--usage"});
        QVERIFY2(usage.code == 0, qPrintable(usage.err));
        QVERIFY2(usage.out.startsWith("```\nmodescape ") && usage.out.endsWith("```\n"),
                 qPrintable(usage.out));
        QCOMPARE(usage.out.count('\n'), commands.size() + 2);  // one line per command
        QCOMPARE(runModescape({"help", "--usage"}).code, 2);
        // Plain `help` is CLI11's help of every command: the same options.
        const Run all = runModescape({"help"});
        QVERIFY2(all.code == 0, qPrintable(all.err));
        for (const QString& option : markdownOptionsIn(md.out))
            QVERIFY2(all.out.contains(option), qPrintable(option + " is missing in:\n" + all.out));
    }

    // The man page has a subsection per command and every option of each, in
    // roff that stays ASCII, under the version --version prints.
    void manPageListsEveryCommandAndOption() {
        const Run man = runModescape({"help", "--man"});
        QVERIFY2(man.code == 0, qPrintable(man.err));
        const Run version = runModescape({"--version"});
        const QString number = version.out.section(' ', 1, 1);
        QVERIFY2(man.out.contains(".TH MODESCAPE 1 \"\" \"modescape " + roffText(number) + "\""),
                 qPrintable(man.out.left(300)));
        for (const QChar c : man.out)
            QVERIFY2(c.unicode() < 128, "the man page is not ASCII");
        const auto commands = referenceCommands();
        QVERIFY(commands.size() > 10);
        for (auto it = commands.begin(); it != commands.end(); ++it) {
            const int start =
                it.key().isEmpty()
                    ? man.out.indexOf(".SH OPTIONS\n")
                    : man.out.indexOf(".SS \"modescape " + roffText(it.key()) + "\"\n");
            QVERIFY2(start >= 0, qPrintable("no section for modescape " + it.key()));
            const int end = man.out.indexOf(QRegularExpression("\n\\.S[SH] "), start + 1);
            const QString section = man.out.mid(start, end - start);
            for (const QString& option : it.value())
                QVERIFY2(
                    section.contains("\\fB" + roffText(option) + "\\fR"),
                    qPrintable("modescape " + it.key() + ": " + option + " not in:\n" + section));
        }
        QCOMPARE(runModescape({"help", "--man", "--markdown"}).code, 2);
    }

    // The completion script, sourced into bash, offers the subcommands, a
    // command's options with the global ones, the choices of an option and
    // file names where a value is due.
    void bashCompletionCompletesCommandsOptionsAndChoices() {
        const Run script = runModescape({"help", "--bash-completion"});
        QVERIFY2(script.code == 0, qPrintable(script.err));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile file(dir.filePath("modescape.bash"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(script.out.toUtf8());
        file.close();
        QFile(dir.filePath("weights.safetensors")).open(QIODevice::WriteOnly);
        // What bash offers after the words given (the last one is being typed).
        const auto offered = [&](const QStringList& words) {
            QProcess bash;
            bash.setWorkingDirectory(dir.path());
            bash.start("bash", QStringList{"-c",
                                           "source modescape.bash; COMP_WORDS=(\"$@\"); "
                                           "COMP_CWORD=$(($# - 1)); _modescape; "
                                           "printf '%s\\n' \"${COMPREPLY[@]}\"",
                                           "bash"} +
                                   words);
            bash.waitForFinished();
            const QStringList lines =
                QString::fromUtf8(bash.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
            return QSet<QString>(lines.begin(), lines.end());
        };
        const auto commands = referenceCommands();
        QSet<QString> topLevel;
        for (const QString& command : commands.keys())
            if (!command.isEmpty() && !command.contains(' '))
                topLevel << command;
        QCOMPARE(offered({"modescape", ""}), topLevel);
        QCOMPARE(offered({"modescape", "session", ""}), QSet<QString>{"init"});
        QCOMPARE(offered({"modescape", "--memory", "8G", "lands"}), QSet<QString>{"landscape"});
        const QSet<QString> landscape = offered({"modescape", "landscape", "SET", "--"});
        for (const QString& option : commands["landscape"] + commands[""])
            QVERIFY2(landscape.contains(option), qPrintable(option));
        QCOMPARE(offered({"modescape", "landscape", "--plot", ""}),
                 (QSet<QString>{"surface", "contour"}));
        QCOMPARE(offered({"modescape", "calibrate", "--preset", "paper"}),
                 (QSet<QString>{"paper", "paper-wide"}));
        QCOMPARE(offered({"modescape", "--progress", "l"}), QSet<QString>{"lines"});
        // A value without choices, and a command's set: file names.
        QCOMPARE(offered({"modescape", "landscape", "--dir-file", "weig"}),
                 QSet<QString>{"weights.safetensors"});
        QCOMPARE(offered({"modescape", "info", "weig"}), QSet<QString>{"weights.safetensors"});
    }

    // README.md and docs/command-line.md embed the command line's own
    // output between marker comments that name the command writing it.
    void committedDocsMatchTheExecutable() {
        static const QRegularExpression block(
            "<!-- generated by: modescape (.*) \\(begin\\) -->\n(.*)<!-- generated by: "
            "modescape \\1 \\(end\\) -->",
            QRegularExpression::DotMatchesEverythingOption |
                QRegularExpression::InvertedGreedinessOption);
        for (const char* file : {"README.md", "docs/command-line.md"}) {
            const QString text = contentOf(kSource + "/" + file);
            int blocks = 0;
            for (const auto& m : block.globalMatch(text)) {
                ++blocks;
                const QString args = m.captured(1);
                const Run r = runModescape(args.split(' '));
                QVERIFY2(r.code == 0, qPrintable(r.err));
                QVERIFY2(m.captured(2) == r.out,
                         qPrintable(QString("%1: the block generated by `modescape %2` differs "
                                            "from what this modescape prints; regenerate it "
                                            "with scripts/update-option-docs.sh")
                                        .arg(file, args)));
            }
            QVERIFY2(blocks > 0, qPrintable(QString("%1 has no generated block").arg(file)));
        }
    }
};

QTEST_GUILESS_MAIN(TestCliReference)
#include "TestCliReference.moc"

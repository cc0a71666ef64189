// The command line describes itself: `modescape analyses --json` is the
// registry's JSON (positional parameters without a flag), `help --markdown`
// lists every option each subcommand's --help lists, and the generated blocks
// of README.md and docs/command-line.md are exactly what the built executable
// prints now (scripts/update-option-docs.sh regenerates them).
#include <QtTest>

#include <QFile>
#include <QRegularExpression>

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

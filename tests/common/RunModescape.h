#pragma once
// Runs the `modescape` executable under test (MODESCAPE_EXE, defined by each
// command-line test target) and keeps its exit code and output.

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QtTest>

#include <source_location>

#include "tests/common/EventWait.h"

namespace modescape::test {

struct Run {
    int code;  // kDidNotExit when the process never started or crashed
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

// No exit status a process can return, so every check of the code fails too.
inline constexpr int kDidNotExit = -1;

// Waits without a time limit: a hung modescape is stopped by the test's CTest
// timeout. A crash (a signal) or a failure to start fails the calling test on
// the spot, naming the command, instead of passing off a made-up exit code.
inline Run runModescape(const QStringList& args,
                        const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
                        const std::source_location caller = std::source_location::current()) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(MODESCAPE_EXE, args);
    const bool exited = finishProcess(p);
    Run run{exited ? p.exitCode() : kDidNotExit, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
    if (!exited) {
        const QString what = p.error() == QProcess::FailedToStart
                                 ? QString("could not be started")
                                 : QString("crashed (signal %1)").arg(p.exitCode());
        QTest::qFail(
            qPrintable("modescape " + args.join(' ') + " " + what + "; stderr: " + run.err),
            caller.file_name(), int(caller.line()));
    }
    return run;
}

// The exit code alone, for QCOMPARE; a failing run's output goes to the test log.
inline int exitCodeOf(const QStringList& args,
                      const std::source_location caller = std::source_location::current()) {
    const Run run = runModescape(args, QProcessEnvironment::systemEnvironment(), caller);
    if (run.code != 0)
        qWarning("modescape %s: exit %d\n%s%s", qPrintable(args.join(' ')), run.code,
                 qPrintable(run.out), qPrintable(run.err));
    return run.code;
}

}  // namespace modescape::test

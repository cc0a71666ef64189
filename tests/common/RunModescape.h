#pragma once
// Runs the `modescape` executable under test (MODESCAPE_EXE, defined by each
// command-line test target) and keeps its exit code and output.

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

namespace modescape::test {

struct Run {
    int code;
    QString out;
    QString err;
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

// Waits at most 15 minutes (ctest's own timeout stops a hung test sooner).
inline Run runModescape(const QStringList& args,
                        const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(MODESCAPE_EXE, args);
    p.waitForFinished(15 * 60 * 1000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

}  // namespace modescape::test

#pragma once
// Runs `modescape` under `mpirun -np N --oversubscribe` (and
// --allow-run-as-root as root, where Open MPI refuses otherwise), and finds
// the process of one rank so a test can kill it.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStringList>
#include <QtTest>

#include <unistd.h>

#include "tests/common/RunModescape.h"

namespace modescape::test {

inline QStringList mpirunArguments(int ranks, const QStringList& modescapeArgs) {
    QStringList args{"-np", QString::number(ranks), "--oversubscribe"};
    if (::geteuid() == 0)
        args << "--allow-run-as-root";
    // One thread per rank, so two ranks on two cores are not four threads.
    args << "-x"
         << "OMP_NUM_THREADS=1" << MODESCAPE_EXE;
    return args + modescapeArgs;
}

// Runs to the end (a hang is stopped by the CTest timeout). The ranks inherit
// `env` (mpirun starts local ranks with its own environment).
inline Run runUnderMpi(int ranks, const QStringList& modescapeArgs,
                       const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(MPIEXEC, mpirunArguments(ranks, modescapeArgs));
    finishProcess(p);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : kDidNotExit,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// Rank 0 runs `modescapeArgs`, rank 1 the same with the set (the argument
// after the subcommand) replaced by one that does not exist (mpirun's A : B
// form starts the two with different arguments). Rank 1 fails at once while
// rank 0 is ready to hand out work: it must not wait for it forever, and the
// error must name rank 1 and what failed.
inline void checkFailingRankOneEndsTheJob(const QStringList& modescapeArgs,
                                          const QString& missingSet) {
    QStringList second = modescapeArgs;
    second[1] = missingSet;
    QStringList args = mpirunArguments(1, modescapeArgs);
    args << ":"
         << "-np"
         << "1" << MODESCAPE_EXE;
    args += second;
    QProcess mpirun;
    mpirun.start(MPIEXEC, args);
    finishProcess(mpirun);  // a hang is stopped by the CTest timeout
    const QString err = QString::fromUtf8(mpirun.readAllStandardError());
    QVERIFY(mpirun.exitStatus() != QProcess::NormalExit || mpirun.exitCode() != 0);
    QVERIFY2(err.contains("error: rank 1 on ") && err.contains(QFileInfo(missingSet).fileName()),
             qPrintable(err));
    QVERIFY(mpirun.readAllStandardOutput().isEmpty());
}

// The pid of the descendant of `root` whose environment says it is this MPI
// rank (OMPI_COMM_WORLD_RANK), 0 when there is none (yet).
inline qint64 rankProcess(qint64 root, int rank) {
    const QByteArray wanted = "OMPI_COMM_WORLD_RANK=" + QByteArray::number(rank);
    const QStringList all = QDir("/proc").entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QList<qint64> family{root};
    for (bool grew = true; grew;) {
        grew = false;
        for (const QString& name : all) {
            bool number = false;
            const qint64 pid = name.toLongLong(&number);
            if (!number || family.contains(pid))
                continue;
            QFile stat("/proc/" + name + "/stat");
            if (!stat.open(QIODevice::ReadOnly))
                continue;
            // pid (comm) state ppid ...: the fields after the last ')'.
            const QByteArray text = stat.readAll();
            const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
            if (fields.size() > 1 && family.contains(fields[1].toLongLong())) {
                family.append(pid);
                grew = true;
            }
        }
    }
    for (const qint64 pid : family) {
        QFile environ("/proc/" + QString::number(pid) + "/environ");
        if (pid != root && environ.open(QIODevice::ReadOnly) &&
            environ.readAll().split('\0').contains(wanted))
            return pid;
    }
    return 0;
}

}  // namespace modescape::test

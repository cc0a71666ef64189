#pragma once
// Waiting on events, never on the wall clock. Each helper turns the event loop
// until something has happened and has no time limit of its own: a wait that
// never ends is stopped by the test's CTest timeout (tests/CMakeLists.txt also
// sets QTEST_FUNCTION_TIMEOUT from it), so a slow or loaded machine makes a
// test slower, never red.

#include <vector>

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QEventLoop>
#include <QProcess>
#include <QSignalSpy>
#include <QTimer>
#include <QtDebug>

#ifdef QT_WIDGETS_LIB
#include <QWidget>
#include <QWindow>
#endif

namespace modescape::test {

// Turns the event loop until done() holds. A 5 ms wake-up timer runs meanwhile
// so a condition another thread changes without posting an event is seen too;
// its period is how often to look, not a limit. Deferred deletes are delivered
// on each turn, as QTest::qWait does.
template <class Predicate>
void waitUntil(Predicate done) {
    QTimer wakeUp;
    wakeUp.start(5);
    while (!done()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
}

// Until the spy has recorded at least `count` signals in all (not `count` more).
inline void waitForSignals(QSignalSpy& spy, int count = 1) {
    waitUntil([&] { return spy.count() >= count; });
}

// Delivers every event that is pending now, and those they cause, until the
// loop has nothing left to do; then "nothing happened" can be asserted without
// sleeping. False when events still keep coming after maxTurns turns (something
// reschedules itself on every turn, such as a render loop).
[[nodiscard]] inline bool drainPostedEvents(int maxTurns = 1000) {
    QAbstractEventDispatcher* dispatcher = QAbstractEventDispatcher::instance();
    if (dispatcher == nullptr)  // no event loop in this thread: nothing can be pending
        return true;
    for (int turn = 0; turn < maxTurns; ++turn) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        if (!dispatcher->processEvents(QEventLoop::AllEvents))
            return true;
    }
    qWarning("drainPostedEvents: events still pending after %d turns", maxTurns);
    return false;
}

// Waits, without a time limit, for a started process to end. False, with the
// reason in the test log, when it never started or was ended by a signal (a
// crash): its exit code would then mean nothing.
[[nodiscard]] inline bool finishProcess(QProcess& process) {
    if (process.state() == QProcess::Starting)
        process.waitForStarted(-1);
    if (process.error() == QProcess::FailedToStart) {
        qWarning("%s could not be started: %s", qPrintable(process.program()),
                 qPrintable(process.errorString()));
        return false;
    }
    process.waitForFinished(-1);
    if (process.exitStatus() != QProcess::NormalExit) {
        qWarning("%s %s crashed (ended by signal %d): %s", qPrintable(process.program()),
                 qPrintable(process.arguments().join(' ')), process.exitCode(),
                 qPrintable(process.errorString()));
        return false;
    }
    return true;
}

// The first pair of progress updates that arrived with no turn of the event
// loop between them ("" when there is none): ticksAtUpdate holds a loop
// counter's value at each update, so the GUI stayed responsive if it grew
// between every two updates.
inline QString updatesWithoutATurn(const std::vector<int>& ticksAtUpdate) {
    for (std::size_t k = 1; k < ticksAtUpdate.size(); ++k)
        if (ticksAtUpdate[k] <= ticksAtUpdate[k - 1])
            return QString("updates %1 and %2 arrived without a turn of the loop between them")
                .arg(k - 1)
                .arg(k);
    return {};
}

#ifdef QT_WIDGETS_LIB
// QTest::qWaitForWindowExposed without its 5 s limit.
inline void waitForExposed(QWidget& widget) {
    waitUntil([&] {
        const QWindow* window = widget.window()->windowHandle();
        return window && window->isExposed();
    });
}
#endif

}  // namespace modescape::test

#include "app/cli/TerminalProgress.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <mutex>

#include "core/common/Error.h"
#include "core/common/TerminalText.h"
#include "core/io/AtomicFile.h"
#include "core/jobs/Device.h"
#include "core/jobs/Eta.h"

namespace modescape::cli {
namespace {

CancellationToken gToken;
std::atomic<int> gInterrupts{0};     // lock-free, so safe in a signal handler
std::atomic<bool> gLineOpen{false};  // read by the handler to start a fresh line
std::mutex gLineMutex;

void writeToStderr(const char* text) {
    // write(2) is async-signal-safe; a short write only shortens the notice.
    [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, text, std::strlen(text));
}

// The first Ctrl-C cancels the job, which then cleans up as it unwinds; the
// second ends the process at once, so only the signal-safe cleanup runs.
void onInterrupt(int) {
    if (++gInterrupts > 1) {
        io::removeTemporaryFilesInProgress();
        _exit(130);
    }
    gToken.cancel();
    writeToStderr(gLineOpen.load() ? "\r\033[Kinterrupted: cancelling (press Ctrl-C again to "
                                     "quit at once)\n"
                                   : "interrupted: cancelling (press Ctrl-C again to quit at "
                                     "once)\n");
    gLineOpen = false;
}

void installInterruptHandler() {
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    // Interrupted reads and writes go on: the job notices the cancellation at
    // its next check, not as a failed system call.
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
}

ProgressCallback barProgress() {
    auto last = std::make_shared<std::chrono::steady_clock::time_point>();
    auto eta = std::make_shared<EtaEstimator>();
    return [last, eta](double fraction, const std::string& message) {
        const auto now = std::chrono::steady_clock::now();
        std::lock_guard lock(gLineMutex);
        const auto left = eta->secondsLeft(fraction, now);  // sees every report
        if (now - *last < std::chrono::milliseconds(100) && fraction < 1.0)
            return;
        *last = now;
        const std::string suffix = left ? ", about " + formatDuration(*left) + " left" : "";
        std::fprintf(stderr, "\r\033[K[%3d%%] %s%s", static_cast<int>(fraction * 100 + 0.5),
                     terminalSafe(message).c_str(), suffix.c_str());
        std::fflush(stderr);
        gLineOpen = true;
    };
}

// The step a message names, without its counts ("landscape: 40 of 90 points"
// and "landscape: 50 of 90 points" are one step).
std::string stepOf(const std::string& message) {
    std::string step;
    for (const char c : message)
        if (c < '0' || c > '9')
            step += c;
    return step;
}

// A line whenever the whole percent or the step changes: at most a hundred
// lines plus one per step, whatever the job's reporting rate.
ProgressCallback lineProgress() {
    struct Shown {
        int percent = -1;
        std::string step;
    };
    auto shown = std::make_shared<Shown>();
    return [shown](double fraction, const std::string& message) {
        const int percent = static_cast<int>(fraction * 100);
        std::string step = stepOf(message);
        std::lock_guard lock(gLineMutex);
        if (percent == shown->percent && step == shown->step)
            return;
        shown->percent = percent;
        shown->step = std::move(step);
        std::fprintf(stderr, "[%3d%%] %s\n", percent, terminalSafe(message).c_str());
        std::fflush(stderr);
    };
}

}  // namespace

ProgressStyle parseProgressStyle(const std::string& name) {
    if (name == "auto")
        return ProgressStyle::Auto;
    if (name == "bar")
        return ProgressStyle::Bar;
    if (name == "lines")
        return ProgressStyle::Lines;
    if (name == "none")
        return ProgressStyle::None;
    throw InvalidArgument("--progress: '" + name + "' is not auto, bar, lines or none");
}

JobContext makeTerminalContext(ProgressStyle style) {
    installInterruptHandler();
    JobContext context;
    context.cancel = gToken;
    context.device = bestAvailableDevice();
    if (style == ProgressStyle::Auto)
        style = isatty(STDERR_FILENO) ? ProgressStyle::Bar : ProgressStyle::None;
    if (style == ProgressStyle::Bar)
        context.progress = barProgress();
    else if (style == ProgressStyle::Lines)
        context.progress = lineProgress();
    return context;
}

void finishTerminalProgress() {
    std::lock_guard lock(gLineMutex);
    if (gLineOpen)
        std::fputs("\r\033[K", stderr);
    gLineOpen = false;
}

}  // namespace modescape::cli

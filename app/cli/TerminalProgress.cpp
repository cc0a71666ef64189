#include "app/cli/TerminalProgress.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <mutex>

#include "core/common/TerminalText.h"
#include "core/io/AtomicFile.h"
#include "core/jobs/Device.h"
#include "core/jobs/Eta.h"

namespace modescape::cli {
namespace {

CancellationToken gToken;
std::atomic<int> gInterrupts{0};  // lock-free, so safe in a signal handler
bool gLineOpen = false;
std::mutex gLineMutex;

// The first Ctrl-C cancels the job, which then cleans up as it unwinds; the
// second ends the process at once, so only the signal-safe cleanup runs (a
// staging folder left then is removed by the next write to that destination).
void onInterrupt(int) {
    if (++gInterrupts > 1) {
        io::removeTemporaryFilesInProgress();
        _exit(130);
    }
    gToken.cancel();
}

}  // namespace

JobContext makeTerminalContext() {
    std::signal(SIGINT, onInterrupt);
    JobContext context;
    context.cancel = gToken;
    context.device = bestAvailableDevice();
    if (isatty(STDERR_FILENO)) {
        auto last = std::make_shared<std::chrono::steady_clock::time_point>();
        auto eta = std::make_shared<EtaEstimator>();
        context.progress = [last, eta](double fraction, const std::string& message) {
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
    return context;
}

void finishTerminalProgress() {
    std::lock_guard lock(gLineMutex);
    if (gLineOpen)
        std::fputs("\r\033[K", stderr);
    gLineOpen = false;
}

}  // namespace modescape::cli

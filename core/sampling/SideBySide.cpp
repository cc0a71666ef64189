#include "core/sampling/SideBySide.h"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>

#include "core/common/OneIntraOpThread.h"

namespace modescape::sampling {

void runSideBySide(const std::vector<std::function<void(const JobContext&)>>& tasks, int workers,
                   int totalEpochs, const JobContext& context, double from, double to) {
    std::mutex mutex;
    int next = 0, epochsDone = 0;
    std::exception_ptr failure;
    JobContext inner = context;
    inner.progress = [&](double, const std::string& message) {
        std::lock_guard lock(mutex);
        ++epochsDone;
        context.report(from + (to - from) * std::min(1.0, double(epochsDone) / totalEpochs),
                       message);
    };
    auto work = [&] {
        const OneIntraOpThread oneThread;
        for (;;) {
            int task = 0;
            {
                std::lock_guard lock(mutex);
                if (failure || next == int(tasks.size()))
                    return;
                task = next++;
            }
            try {
                tasks[std::size_t(task)](inner);
            } catch (...) {
                std::lock_guard lock(mutex);
                if (!failure)
                    failure = std::current_exception();
            }
        }
    };
    std::vector<std::thread> threads;
    for (int w = 0; w < workers; ++w)
        threads.emplace_back(work);
    for (auto& t : threads)
        t.join();
    if (failure)
        std::rethrow_exception(failure);
}

int sideBySideWorkers(int tasks) {
    return std::max(1, std::min(tasks, int(std::thread::hardware_concurrency())));
}

}  // namespace modescape::sampling

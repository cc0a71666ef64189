#include "core/common/Workers.h"

#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace modescape {

void runOnWorkers(int workers, const std::function<void()>& run) {
    std::mutex mutex;
    std::exception_ptr error;
    const auto guarded = [&] {
        try {
            run();
        } catch (...) {
            const std::lock_guard<std::mutex> lock(mutex);
            if (!error)
                error = std::current_exception();
        }
    };
    std::vector<std::thread> helpers;
    for (int i = 1; i < workers; ++i) {
        try {
            helpers.emplace_back(guarded);
        } catch (const std::system_error&) {
            break;  // no more threads to be had: the ones running share the work
        }
    }
    guarded();
    for (auto& helper : helpers)
        helper.join();
    if (error)
        std::rethrow_exception(error);
}

}  // namespace modescape

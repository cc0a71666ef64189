#include "core/projection/BlockPipeline.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

namespace modescape::projection {

void runPipelined(int64_t count, int slots, const std::function<void(int64_t, int)>& produce,
                  const std::function<void(int64_t, int)>& consume, const JobContext& context,
                  bool overlap) {
    slots = std::max(1, slots);
    if (!overlap || slots < 2 || count < 2) {
        for (int64_t k = 0; k < count; ++k) {
            context.checkCancelled();
            produce(k, int(k % slots));
            consume(k, int(k % slots));
        }
        return;
    }

    std::mutex mutex;
    std::condition_variable changed;
    int64_t produced = 0, consumed = 0;  // items finished on each side
    bool stop = false;                   // the consumer gave up
    std::exception_ptr readerError;

    std::thread reader([&] {
        for (int64_t k = 0; k < count; ++k) {
            {
                std::unique_lock lock(mutex);
                // Slot k % slots is free once item k - slots has been consumed.
                changed.wait(lock, [&] { return stop || k - consumed < slots; });
                if (stop)
                    return;
            }
            try {
                context.checkCancelled();
                produce(k, int(k % slots));
            } catch (...) {
                const std::lock_guard lock(mutex);
                readerError = std::current_exception();
                changed.notify_all();
                return;
            }
            const std::lock_guard lock(mutex);
            ++produced;
            changed.notify_all();
        }
    });

    const auto finish = [&] {
        {
            const std::lock_guard lock(mutex);
            stop = true;
            changed.notify_all();
        }
        reader.join();
    };
    try {
        for (int64_t k = 0; k < count; ++k) {
            {
                std::unique_lock lock(mutex);
                changed.wait(lock, [&] { return produced > k || readerError; });
                if (produced <= k)
                    std::rethrow_exception(readerError);
            }
            context.checkCancelled();
            consume(k, int(k % slots));
            const std::lock_guard lock(mutex);
            ++consumed;
            changed.notify_all();
        }
    } catch (...) {
        finish();
        throw;
    }
    finish();
}

}  // namespace modescape::projection

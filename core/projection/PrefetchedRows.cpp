#include "core/projection/PrefetchedRows.h"

#include <ATen/ATen.h>

#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

namespace modescape::projection {

namespace {
struct ReaderStopped {};  // unwinds the source's read when the visitor has failed
}  // namespace

void PrefetchedRowSource::read(int64_t first, const MemberVisitor& visit,
                               const JobContext& context) const {
    if (first >= memberCount())
        return;
    std::mutex mutex;
    std::condition_variable changed;
    int64_t index = -1;  // the member in `row`, -1 while the slot is empty
    at::Tensor row;      // the one row read ahead
    bool done = false, stop = false;
    std::exception_ptr readerError;

    std::thread reader([&] {
        try {
            base_.read(
                first,
                [&](int64_t i, const at::Tensor& r) {
                    std::unique_lock lock(mutex);
                    changed.wait(lock, [&] { return stop || index < 0; });
                    if (stop)
                        throw ReaderStopped{};
                    // The source's tensor is only valid during this call: copy it.
                    if (!row.defined() || row.numel() != r.numel())
                        row = at::empty_like(r, at::kFloat);
                    lock.unlock();
                    row.copy_(r);
                    lock.lock();
                    index = i;
                    changed.notify_all();
                },
                context);
        } catch (const ReaderStopped&) {
        } catch (...) {
            const std::lock_guard lock(mutex);
            readerError = std::current_exception();
        }
        const std::lock_guard lock(mutex);
        done = true;
        changed.notify_all();
    });

    const auto stopReader = [&] {
        {
            const std::lock_guard lock(mutex);
            stop = true;
            changed.notify_all();
        }
        reader.join();
    };
    try {
        for (;;) {
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return index >= 0 || done; });
            if (index < 0)
                break;  // the source has finished (or failed: rethrown below)
            const int64_t i = index;
            lock.unlock();
            visit(i, row);
            lock.lock();
            index = -1;
            changed.notify_all();
        }
    } catch (...) {
        stopReader();
        throw;
    }
    reader.join();
    if (readerError)
        std::rethrow_exception(readerError);
}

}  // namespace modescape::projection

#include "core/projection/ShiftedBatches.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <mutex>
#include <string>
#include <thread>

#include "core/common/Error.h"
#include "core/projection/GramKernels.h"

namespace modescape::projection {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

struct ReaderStopped {};  // unwinds the source's pass when the products have failed

}  // namespace

ShiftedBatches::ShiftedBatches(int64_t batchRows, int64_t d)
    : batchRows_(std::max<int64_t>(1, batchRows)), d_(d) {
    for (auto& b : buffers_)
        b.resize(std::size_t(batchRows_ * d_));
    reference_.resize(std::size_t(d_));
}

void ShiftedBatches::pass(
    const MemberRowSource& source,
    const std::function<void(int64_t first, int64_t rows, const float* x)>& multiply,
    const JobContext& context, bool overlap) {
    std::mutex mutex;
    std::condition_variable changed;
    bool full[2] = {false, false};
    int64_t firstRow[2] = {0, 0}, rowCount[2] = {0, 0};
    bool done = false, stop = false;
    std::exception_ptr readerError;

    // The reader's side: members into the batch being filled, handed over when full.
    const auto read = [&] {
        int slot = 0;
        int64_t fill = 0, start = 0;
        const auto publish = [&] {
            if (!overlap) {
                const auto t = Clock::now();
                multiply(start, fill, buffers_[slot].data());
                times_.products += secondsSince(t);
            } else {
                const std::lock_guard lock(mutex);
                full[slot] = true;
                firstRow[slot] = start;
                rowCount[slot] = fill;
                changed.notify_all();
            }
            slot ^= 1;
            start += fill;
            fill = 0;
        };
        auto last = Clock::now();
        source.readPieces(
            0,
            [&](int64_t i, const std::vector<at::Tensor>& pieces) {
                times_.reading += secondsSince(last);
                int64_t parameters = 0;
                for (const at::Tensor& p : pieces)
                    parameters += p.numel();
                if (parameters != d_)
                    throw ShapeMismatch("member " + std::to_string(i) + " has " +
                                        std::to_string(parameters) + " parameters, member 0 has " +
                                        std::to_string(d_));
                if (fill == 0 && overlap) {  // wait until the products have left this batch
                    const auto t = Clock::now();
                    std::unique_lock lock(mutex);
                    changed.wait(lock, [&] { return stop || !full[slot]; });
                    if (stop)
                        throw ReaderStopped{};
                    times_.waitForSlot += secondsSince(t);
                }
                const auto t = Clock::now();
                float* out = buffers_[slot].data() + fill * d_;
                int64_t at = 0;
                for (const at::Tensor& p : pieces) {
                    const at::Tensor piece = p.scalar_type() == at::kFloat && p.is_contiguous()
                                                 ? p
                                                 : p.to(at::kFloat).contiguous();
                    if (i == 0)
                        std::memcpy(reference_.data() + at, piece.data_ptr<float>(),
                                    std::size_t(piece.numel()) * sizeof(float));
                    subtractRow(piece.data_ptr<float>(), reference_.data() + at, out + at,
                                piece.numel());
                    at += piece.numel();
                }
                times_.shifting += secondsSince(t);
                if (++fill == batchRows_)
                    publish();
                last = Clock::now();
            },
            context);
        if (fill > 0)
            publish();
    };

    if (!overlap) {
        read();
        return;
    }
    std::thread reader([&] {
        try {
            read();
        } catch (const ReaderStopped&) {
        } catch (...) {
            const std::lock_guard lock(mutex);
            readerError = std::current_exception();
        }
        const std::lock_guard lock(mutex);
        done = true;
        changed.notify_all();
    });
    try {
        for (int slot = 0;; slot ^= 1) {
            const auto t = Clock::now();
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return full[slot] || done; });
            if (!full[slot])
                break;  // the reader has finished (or failed: rethrown below)
            times_.waitForBatch += secondsSince(t);
            const int64_t first = firstRow[slot], rows = rowCount[slot];
            lock.unlock();
            const auto p = Clock::now();
            multiply(first, rows, buffers_[slot].data());
            times_.products += secondsSince(p);
            lock.lock();
            full[slot] = false;
            changed.notify_all();
        }
    } catch (...) {
        {
            const std::lock_guard lock(mutex);
            stop = true;
            changed.notify_all();
        }
        reader.join();
        throw;
    }
    reader.join();
    if (readerError)
        std::rethrow_exception(readerError);
}

}  // namespace modescape::projection

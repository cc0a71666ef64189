#include "core/projection/ShiftedBatches.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <numeric>
#include <string>

#include "core/common/Error.h"
#include "core/common/Workers.h"
#include "core/projection/GramKernels.h"
#include "core/projection/SubsetRowSource.h"

namespace modescape::projection {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

struct WorkerStopped {};  // unwinds a worker's read once another worker has failed

at::Tensor asFloat32(const at::Tensor& piece) {
    return piece.scalar_type() == at::kFloat && piece.is_contiguous()
               ? piece
               : piece.to(at::kFloat).contiguous();
}

int64_t parametersOf(const std::vector<at::Tensor>& pieces) {
    int64_t parameters = 0;
    for (const at::Tensor& p : pieces)
        parameters += p.numel();
    return parameters;
}

}  // namespace

ShiftedBatches::ShiftedBatches(int64_t batchRows, int64_t d, int workers)
    : batchRows_(std::max<int64_t>(1, batchRows)), d_(d) {
    buffers_.resize(std::size_t(std::max(1, workers)));
    reference_.resize(std::size_t(d_));
}

void ShiftedBatches::readReference(const MemberRowSource& source, const JobContext& context) {
    SubsetRowSource(source, {0})
        .readPieces(
            0,
            [&](int64_t, const std::vector<at::Tensor>& pieces) {
                if (parametersOf(pieces) != d_)
                    throw ShapeMismatch("member 0 has " + std::to_string(parametersOf(pieces)) +
                                        " parameters, the set " + std::to_string(d_));
                int64_t at = 0;
                for (const at::Tensor& p : pieces) {
                    const at::Tensor piece = asFloat32(p);
                    std::memcpy(reference_.data() + at, piece.data_ptr<float>(),
                                std::size_t(piece.numel()) * sizeof(float));
                    at += piece.numel();
                }
            },
            context);
}

void ShiftedBatches::readBatch(const MemberRowSource& source, int64_t first, int64_t rows,
                               float* buffer, const std::atomic<bool>& stop, BatchPassTimes& t,
                               const JobContext& context) const {
    std::vector<int64_t> members(static_cast<std::size_t>(rows));
    std::iota(members.begin(), members.end(), first);
    auto last = Clock::now();
    SubsetRowSource(source, std::move(members))
        .readPieces(
            0,
            [&](int64_t k, const std::vector<at::Tensor>& pieces) {
                t.reading += secondsSince(last);
                if (stop)
                    throw WorkerStopped{};
                if (parametersOf(pieces) != d_)
                    throw ShapeMismatch("member " + std::to_string(first + k) + " has " +
                                        std::to_string(parametersOf(pieces)) +
                                        " parameters, member 0 has " + std::to_string(d_));
                const auto s = Clock::now();
                float* out = buffer + k * d_;
                int64_t at = 0;
                for (const at::Tensor& p : pieces) {
                    const at::Tensor piece = asFloat32(p);
                    subtractRowUncached(piece.data_ptr<float>(), reference_.data() + at, out + at,
                                        piece.numel());
                    at += piece.numel();
                }
                t.shifting += secondsSince(s);
                last = Clock::now();
            },
            context);
}

void ShiftedBatches::pass(const MemberRowSource& source, const BatchWork& independent,
                          const BatchWork& ordered, const JobContext& context) {
    const int64_t n = source.memberCount();
    if (n == 0)
        return;
    if (!referenceRead_) {
        readReference(source, context);
        referenceRead_ = true;
    }
    const int64_t batches = (n + batchRows_ - 1) / batchRows_;
    const int workers = int(std::min<int64_t>(int64_t(buffers_.size()), batches));

    std::mutex mutex;
    std::condition_variable turnChanged;
    int64_t turn = 0;  // the batch whose ordered step is next
    std::atomic<bool> stop{false};
    std::atomic<int64_t> nextBatch{0};
    std::atomic<int> nextWorker{0};
    std::vector<BatchPassTimes> times(static_cast<std::size_t>(workers));

    // Each worker takes the next batch when done with one: the ordered step
    // still sees them in member order, however many threads run.
    const auto work = [&] {
        const auto w = static_cast<std::size_t>(nextWorker++);
        BatchPassTimes& t = times[w];
        std::vector<float>& buffer = buffers_[w];
        try {
            if (buffer.empty())
                buffer.resize(std::size_t(batchRows_ * d_));
            for (int64_t b = nextBatch++; b < batches; b = nextBatch++) {
                const int64_t first = b * batchRows_, rows = std::min(batchRows_, n - first);
                readBatch(source, first, rows, buffer.data(), stop, t, context);
                auto p = Clock::now();
                independent(first, rows, buffer.data());
                t.products += secondsSince(p);
                const auto waiting = Clock::now();
                {
                    std::unique_lock lock(mutex);
                    turnChanged.wait(lock, [&] { return stop || turn == b; });
                    if (stop)
                        return;
                }
                t.waitForTurn += secondsSince(waiting);
                p = Clock::now();
                ordered(first, rows, buffer.data());
                t.products += secondsSince(p);
                const std::lock_guard lock(mutex);
                turn = b + 1;
                turnChanged.notify_all();
            }
        } catch (const WorkerStopped&) {
        } catch (...) {
            {
                const std::lock_guard lock(mutex);
                stop = true;
                turnChanged.notify_all();
            }
            throw;  // runOnWorkers rethrows the first
        }
    };
    runOnWorkers(workers, work);
    for (const BatchPassTimes& t : times) {
        times_.reading += t.reading;
        times_.shifting += t.shifting;
        times_.products += t.products;
        times_.waitForTurn += t.waitForTurn;
    }
}

}  // namespace modescape::projection

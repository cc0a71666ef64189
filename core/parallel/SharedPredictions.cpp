#include "core/parallel/SharedPredictions.h"

#include <ATen/ATen.h>

#include <cstring>
#include <filesystem>

#include "core/common/Error.h"
#include "core/data/Dataset.h"
#include "core/evaluation/LoadedSet.h"
#include "core/evaluation/PredictionCache.h"
#include "core/jobs/Device.h"
#include "core/jobs/ProgressPart.h"
#include "core/parallel/Mpi.h"

namespace modescape::parallel {

namespace {

// A payload: per member and role, the cache key and the tensor (scalar type,
// shape, bytes), each length-prefixed; integers in the machine's order.
void putInteger(std::string& out, std::int64_t value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

class Reader {
  public:
    explicit Reader(const std::string& bytes) : bytes_(bytes) {}
    bool atEnd() const { return offset_ == bytes_.size(); }
    std::int64_t integer() {
        std::int64_t value = 0;
        std::memcpy(&value, need(sizeof value), sizeof value);
        return value;
    }
    std::string text(std::int64_t length) {
        if (length < 0)
            fail();
        const char* start = need(static_cast<std::size_t>(length));
        return {start, static_cast<std::size_t>(length)};
    }

  private:
    const char* need(std::size_t count) {
        if (count > bytes_.size() - offset_)
            fail();
        const char* at = bytes_.data() + offset_;
        offset_ += count;
        return at;
    }
    [[noreturn]] static void fail() {
        throw FormatError("work message", "a chunk of predictions is cut short");
    }
    const std::string& bytes_;
    std::size_t offset_ = 0;
};

void putTensor(std::string& out, const std::string& key, const at::Tensor& tensor) {
    const at::Tensor t = tensor.contiguous().cpu();
    putInteger(out, static_cast<std::int64_t>(key.size()));
    out += key;
    putInteger(out, static_cast<std::int64_t>(t.scalar_type()));
    putInteger(out, t.dim());
    for (const auto size : t.sizes())
        putInteger(out, size);
    const auto bytes = static_cast<std::int64_t>(t.numel() * t.element_size());
    putInteger(out, bytes);
    out.append(static_cast<const char*>(t.data_ptr()), static_cast<std::size_t>(bytes));
}

}  // namespace

ShareReport sharePredictions(evaluation::LoadedSet& loaded,
                             const evaluation::PredictionCache& cache,
                             const std::vector<std::string>& members,
                             const std::vector<std::string>& roles, const JobContext& job) {
    std::vector<data::Dataset> datasets;
    for (const std::string& role : roles)
        datasets.push_back(loaded.dataset(role));
    return sharePredictions(loaded, cache, members, datasets, job);
}

ShareReport sharePredictions(evaluation::LoadedSet& loaded,
                             const evaluation::PredictionCache& cache,
                             const std::vector<std::string>& members,
                             const std::vector<data::Dataset>& datasets, const JobContext& job) {
    SharedWork work;
    for (std::size_t i = 0; i < members.size(); ++i)
        work.todo.push_back(static_cast<std::int64_t>(i));
    work.chunkSize = 1;  // a member's forward passes are long enough to share one at a time
    work.task = "predictions";
    work.units = "members";
    work.device = describeDevice(job.device);
    work.compute = [&](const std::vector<std::int64_t>& units, const JobContext& chunkJob) {
        std::string payload;
        for (std::size_t u = 0; u < units.size(); ++u) {
            const auto index = static_cast<std::size_t>(units[u]);
            if (index >= members.size())
                throw FormatError("work message", "a member index is out of range");
            const model::ParameterSet weights = loaded.weights(members[index]);
            for (std::size_t r = 0; r < datasets.size(); ++r) {
                const data::Dataset& data = datasets[r];
                const double parts = static_cast<double>(units.size() * datasets.size());
                const double from = static_cast<double>(u * datasets.size() + r) / parts;
                const at::Tensor p =
                    cache.probabilities(loaded.model(), loaded.modelDescription(), weights, data,
                                        progressPart(chunkJob, from, from + 1.0 / parts));
                putTensor(payload, cache.key(loaded.modelDescription(), weights, data), p);
            }
        }
        return payload;
    };
    work.take = [&](int source, const std::vector<std::int64_t>&, const std::string& payload) {
        if (source == 0)
            return;  // rank 0's own members are in its cache already
        Reader in(payload);
        while (!in.atEnd()) {
            const std::string key = in.text(in.integer());
            const auto type = static_cast<at::ScalarType>(in.integer());
            const std::int64_t dims = in.integer();
            if (dims < 0 || dims > 8)
                throw FormatError("work message", "a tensor of predictions has a bad shape");
            std::vector<std::int64_t> sizes;
            for (std::int64_t d = 0; d < dims; ++d)
                sizes.push_back(in.integer());
            const std::string bytes = in.text(in.integer());
            at::Tensor t = at::empty(sizes, at::TensorOptions().dtype(type));
            if (static_cast<std::size_t>(t.numel() * t.element_size()) != bytes.size())
                throw FormatError("work message", "a tensor of predictions has the wrong size");
            std::memcpy(t.data_ptr(), bytes.data(), bytes.size());
            // On a shared file system the rank may have stored it already.
            if (!std::filesystem::exists(cache.path(key)))
                cache.store(key, t);
        }
    };
    return shareWork(work, job);
}

}  // namespace modescape::parallel

#include "core/projection/UnitSharing.h"

#include <cstring>

#include "core/common/Error.h"
#include "core/jobs/ProgressPart.h"

namespace modescape::projection {

void computeUnitsHere(const UnitWork& work, const JobContext& job) {
    const double all = static_cast<double>(work.units.size());
    for (std::size_t u = 0; u < work.units.size(); ++u) {
        job.checkCancelled();
        const std::vector<std::int64_t> one{work.units[u]};
        work.take(one, work.compute(one, progressPart(job, double(u) / all, double(u + 1) / all)));
    }
}

bool UnitSharing::run(const UnitWork& work, const JobContext& job) const {
    if (!share) {
        computeUnitsHere(work, job);
        return true;
    }
    return share(work, job);
}

bool UnitSharing::collects(const JobContext& job) const {
    if (!share)
        return true;
    UnitWork none;
    none.compute = [](const std::vector<std::int64_t>&, const JobContext&) {
        return std::string();
    };
    none.take = [](const std::vector<std::int64_t>&, const std::string&) {};
    return share(none, job);
}

std::string doublesAsBytes(const std::vector<double>& values) {
    std::string bytes(values.size() * sizeof(double), '\0');
    if (!values.empty())
        std::memcpy(bytes.data(), values.data(), bytes.size());
    return bytes;
}

std::vector<double> doublesFromBytes(const std::string& bytes, const std::string& what) {
    if (bytes.size() % sizeof(double) != 0)
        throw FormatError("work message", what + ": " + std::to_string(bytes.size()) +
                                              " bytes are not whole float64 values");
    std::vector<double> values(bytes.size() / sizeof(double));
    if (!values.empty())
        std::memcpy(values.data(), bytes.data(), bytes.size());
    return values;
}

}  // namespace modescape::projection

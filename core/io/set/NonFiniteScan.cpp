#include "core/io/set/NonFiniteScan.h"

#include <ATen/ATen.h>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/io/CheckpointFile.h"
#include "core/io/set/OpenMember.h"
#include "core/io/set/TensorStatistics.h"

namespace modescape::io {

std::int64_t NonFiniteReport::total() const {
    std::int64_t n = 0;
    for (const NonFiniteTensor& t : tensors)
        n += t.count;
    return n;
}

std::vector<const NonFiniteReport*> NonFiniteScan::affected() const {
    std::vector<const NonFiniteReport*> out;
    for (const NonFiniteReport& r : reports)
        if (r.total() > 0)
            out.push_back(&r);
    return out;
}

NonFiniteScan scanNonFinite(const CheckpointSet& set, const JobContext& context,
                            const std::vector<std::string>& members) {
    std::vector<const SetMember*> chosen;
    if (members.empty()) {
        for (const SetMember& m : set.members)
            chosen.push_back(&m);
    } else {
        for (const std::string& name : members) {
            const SetMember* m = set.findMember(name);
            if (!m)
                throw InvalidArgument("scan for NaN/Inf: " + name + " is not a member of " +
                                      set.folder);
            chosen.push_back(m);
        }
    }
    NonFiniteScan scan;
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        const SetMember& member = *chosen[i];
        context.report(double(i) / double(chosen.size()),
                       "checking " + member.name + " for NaN/Inf");
        NonFiniteReport report;
        report.member = member.name;
        try {
            const auto file = openMember(member);
            for (const TensorInfo& info : file->tensors()) {
                context.checkCancelled();
                if (info.dtype != DType::F64 && info.dtype != DType::F32 &&
                    info.dtype != DType::F16 && info.dtype != DType::BF16)
                    continue;
                const std::int64_t count = countNonFinite(file->read(info.name));
                if (count > 0)
                    report.tensors.push_back({info.name, count});
            }
        } catch (const Cancelled&) {
            throw;
        } catch (const Error& e) {
            scan.warnings.push_back(std::string(e.what()) + " (not checked for NaN/Inf)");
            log::warning(scan.warnings.back());
            continue;
        }
        if (report.total() > 0)
            log::warning(member.path + ": " + std::to_string(report.total()) +
                         " non-finite (NaN/Inf) values, first in tensor '" +
                         report.tensors.front().tensor + "'");
        scan.reports.push_back(std::move(report));
    }
    context.report(1.0, "checked " + std::to_string(chosen.size()) + " checkpoints for NaN/Inf");
    return scan;
}

}  // namespace modescape::io

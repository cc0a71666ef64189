#include "core/io/set/TensorSummary.h"

#include <ATen/ATen.h>

#include "core/io/set/OpenMember.h"
#include "core/io/set/TensorStatistics.h"

namespace modescape::io {

std::vector<TensorSummary> summarizeTensors(const SetMember& member, const JobContext& context,
                                            const OpenOptions& options) {
    const auto file = openMember(member, options);
    const auto& tensors = file->tensors();
    std::vector<TensorSummary> out;
    out.reserve(tensors.size());
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        context.checkCancelled();
        context.report(double(i) / double(tensors.size()), "reading " + tensors[i].name);
        const at::Tensor t = file->read(tensors[i].name);
        out.push_back({tensors[i], l2Norm(t), countNonFinite(t)});
    }
    context.report(1.0, "read " + std::to_string(out.size()) + " tensors");
    return out;
}

}  // namespace modescape::io

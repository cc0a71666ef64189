#include "core/parallel/SharedAnalysis.h"

#include "core/jobs/Device.h"

namespace modescape::parallel {

ShareReport shareAnalysis(const analysis::Analysis& analysis, analysis::SetWorkspace& workspace,
                          const analysis::ParameterValues& values, const JobContext& job,
                          const AnalysisSharing& sharing, std::any& whole) {
    SharedWork work;
    work.todo = sharing.todo;
    work.chunkSize = sharing.chunkSize;
    work.task = analysis.info().name;
    work.units = sharing.units;
    work.device = describeDevice(job.device);
    work.compute = [&](const std::vector<std::int64_t>& units, const JobContext& chunkJob) {
        analysis::RunOptions options;
        options.units = units;
        return sharing.encode(analysis.run(workspace, values, chunkJob, options));
    };
    work.take = [&](int, const std::vector<std::int64_t>&, const std::string& payload) {
        const std::any part = sharing.decode(payload);
        if (!whole.has_value())
            whole = part;
        else
            analysis.merge(whole, part);
        if (sharing.onMerged)
            sharing.onMerged(whole);
    };
    return shareWork(work, job);
}

}  // namespace modescape::parallel

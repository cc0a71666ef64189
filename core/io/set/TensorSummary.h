#pragma once
// One checkpoint's tensors with their values summarised: what the set
// browser's details pane shows. Reads the data, so it runs as a job.

#include <cstdint>
#include <string>
#include <vector>

#include "core/io/CheckpointFile.h"
#include "core/io/TensorInfo.h"
#include "core/io/set/CheckpointSet.h"
#include "core/jobs/Progress.h"

namespace modescape::io {

struct TensorSummary {
    TensorInfo info;
    double l2Norm = 0.0;         // over every element, in double precision; NaN when any is NaN
    std::int64_t nonFinite = 0;  // NaN and Inf elements
};

// Opens the member (OpenMember.h: a file or an archive entry) and summarises
// each tensor in file order. Throws what openMember() and
// CheckpointFile::read() throw; Cancelled when cancelled.
std::vector<TensorSummary> summarizeTensors(const SetMember& member, const JobContext& context,
                                            const OpenOptions& options = {});

}  // namespace modescape::io

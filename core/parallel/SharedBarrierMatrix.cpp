#include "core/parallel/SharedBarrierMatrix.h"

#include <algorithm>
#include <cmath>

#include "core/analysis/BarrierMatrixAnalysis.h"
#include "core/analysis/ResultFileJson.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/Error.h"
#include "core/connectivity/PathReport.h"
#include "core/parallel/Mpi.h"
#include "core/parallel/PartialResultFile.h"
#include "core/parallel/SharedAnalysis.h"
#include "core/parallel/WorkQueue.h"

namespace modescape::parallel {

using connectivity::BarrierMatrix;

namespace {

std::vector<std::string> selectedMembers(const analysis::SetWorkspace& workspace,
                                         const analysis::ParameterValues& values) {
    std::vector<std::string> names = analysis::barrierMatrixSettingsFrom(values).members;
    if (names.empty())
        for (const auto& member : workspace.set().members)
            names.push_back(member.name);
    return names;
}

BarrierMatrix matrixFromText(const std::string& text) {
    try {
        return analysis::barrierMatrixFromFileJson(nlohmann::json::parse(text));
    } catch (const std::exception& e) {
        throw FormatError("work message",
                          std::string("a barrier-matrix part does not read (") + e.what() + ")");
    }
}

std::int64_t pairsHeld(const BarrierMatrix& m) {
    std::int64_t held = 0;
    for (std::size_t i = 0; i < m.size(); ++i)
        for (std::size_t j = i + 1; j < m.size(); ++j)
            held += std::isnan(m.barrier(i, j)) ? 0 : 1;
    return held;
}

}  // namespace

std::vector<std::int64_t> pairsLacking(const std::vector<std::string>& selected,
                                       const BarrierMatrix* earlier) {
    std::vector<std::int64_t> todo;
    const auto indexIn = [&](const std::string& name) {
        const auto it = std::find(earlier->members.begin(), earlier->members.end(), name);
        return it == earlier->members.end() ? std::ptrdiff_t(-1)
                                            : std::distance(earlier->members.begin(), it);
    };
    for (std::int64_t k = 0; k < connectivity::pairCount(selected.size()); ++k) {
        if (earlier) {
            const auto [si, sj] = connectivity::pairAt(k, selected.size());
            const auto i = indexIn(selected[si]), j = indexIn(selected[sj]);
            if (i >= 0 && j >= 0 &&
                !std::isnan(
                    earlier->barrier(static_cast<std::size_t>(i), static_cast<std::size_t>(j))))
                continue;
        }
        todo.push_back(k);
    }
    return todo;
}

SharedMatrix shareBarrierMatrix(analysis::SetWorkspace& workspace,
                                const analysis::ParameterValues& values, const JobContext& job,
                                const std::string& resumePath) {
    const analysis::Analysis& analysis = analysis::barrierMatrixAnalysis();
    SharedMatrix shared;
    std::any whole;
    AnalysisSharing sharing;
    sharing.units = "member pairs";
    sharing.encode = [](const std::any& part) {
        return connectivity::toJson(std::any_cast<const BarrierMatrix&>(part)).dump();
    };
    sharing.decode = [](const std::string& bytes) { return std::any(matrixFromText(bytes)); };
    if (rank() == 0) {
        std::optional<BarrierMatrix> earlier;
        if (!resumePath.empty())
            if (const auto partial = readPartialResult(resumePath, analysis, values)) {
                try {
                    earlier = analysis::barrierMatrixFromFileJson(*partial);
                } catch (const std::exception& e) {
                    throw FormatError(resumePath, std::string("not a barrier matrix (") + e.what() +
                                                      "); remove it to start afresh");
                }
                shared.resumedPairs = pairsHeld(*earlier);
                earlier->seconds = 0.0;
                whole = *earlier;
            }
        sharing.todo =
            pairsLacking(selectedMembers(workspace, values), earlier ? &*earlier : nullptr);
        // A pair is long (a path of evaluations on the training split): one per chunk.
        sharing.chunkSize = 1;
        if (!resumePath.empty())
            sharing.onMerged = [&](const std::any& matrix) {
                writePartialResult(
                    resumePath, analysis, values,
                    connectivity::toJson(std::any_cast<const BarrierMatrix&>(matrix)));
            };
    }
    shared.report = shareAnalysis(analysis, workspace, values, job, sharing, whole);
    if (rank() != 0)
        return shared;
    if (!whole.has_value())  // nothing was left to compute and nothing to resume: cannot be
        throw Error("barrier matrix: no pair was computed");
    shared.matrix = std::any_cast<BarrierMatrix>(std::move(whole));
    shared.matrix.basin =
        connectivity::basinsBelow(shared.matrix.interpolated, shared.matrix.size(),
                                  shared.matrix.threshold, shared.matrix.basinCount);
    shared.matrix.seconds = shared.report.seconds;
    return shared;
}

}  // namespace modescape::parallel

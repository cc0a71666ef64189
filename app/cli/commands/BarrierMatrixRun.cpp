#include "app/cli/commands/BarrierMatrixRun.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/cli/commands/FigureOptions.h"
#include "app/cli/commands/SetArgument.h"
#include "core/analysis/BarrierMatrixAnalysis.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/TerminalText.h"
#include "core/io/AtomicFile.h"
#include "core/jobs/Device.h"
#include "core/parallel/Mpi.h"
#include "core/parallel/PartialResultFile.h"
#include "core/parallel/ShareReportJson.h"
#include "core/parallel/SharedBarrierMatrix.h"

#ifdef MODESCAPE_WITH_GUI
#include "ui/views/connectivity/BarrierHeatmapFigure.h"
#endif

namespace modescape::cli {

int runBarrierMatrix(const SetArgument& set, const analysis::ParameterValues& given,
                     const MatrixOutputs& outputs, const JobContext& context) {
    const analysis::Analysis& analysis = analysis::barrierMatrixAnalysis();
    analysis.complete(given);  // bad values before the set is opened
    analysis::SetWorkspace workspace(set.open(context));
    const analysis::ParameterValues values = analysis.complete(given, &workspace.set());
    std::any result;
    parallel::ShareReport share;
    const std::string resume = outputs.out.empty() ? "" : parallel::partialPathFor(outputs.out);
    if (parallel::running()) {
        // Under mpirun (docs/mpi.md): the pairs shared over the ranks; rank 0
        // commits each to a resume file beside --out, writes and prints.
        parallel::SharedMatrix shared =
            parallel::shareBarrierMatrix(workspace, values, context, resume);
        if (parallel::rank() != 0)
            return 0;
        if (shared.resumedPairs > 0)
            std::cerr << outputs.out << ": " << shared.resumedPairs
                      << " member pairs taken from an interrupted run\n";
        share = shared.report;
        result = std::move(shared.matrix);
    } else {
        result = analysis.run(workspace, values, context);
        const auto& m = std::any_cast<const connectivity::BarrierMatrix&>(result);
        share = parallel::aloneReport(connectivity::pairCount(m.size()),
                                      describeDevice(context.device), m.seconds);
    }
    const auto& m = std::any_cast<const connectivity::BarrierMatrix&>(result);
#ifdef MODESCAPE_WITH_GUI
    if (outputs.figure && outputs.figure->requested()) {
        ui::BarrierHeatmapFigure heatmap;
        heatmap.setMatrix(m);
        outputs.figure->writeFigure(
            [&](QPainter& painter, const QRectF& bounds) { heatmap.paint(painter, bounds); });
    }
#endif
    nlohmann::json j = analysis.resultJson(result);
    if (!outputs.out.empty()) {
        io::writeFileAtomically(outputs.out, j.dump(2) + "\n");
        if (parallel::running())              // only a shared run keeps (and checked) a resume file
            std::filesystem::remove(resume);  // its pairs are in --out now
    }
    if (outputs.json) {
        parallel::addShareJson(j, share, "pairs_per_second");  // how the work was shared
        std::cout << j.dump(2) << '\n';
        return 0;
    }
    std::printf("%s barriers (training loss, interpolated) of %zu members: %d basin(s) below %g\n",
                connectivity::pathKindName(m.kind), m.size(), m.basinCount, m.threshold);
    for (std::size_t i = 0; i < m.size(); ++i) {
        std::printf("%3d  %-36s", m.basin[i], terminalSafe(m.members[i]).c_str());
        for (std::size_t k = 0; k < m.size(); ++k)
            std::printf(" %8.4f", m.barrier(i, k));
        std::printf("\n");
    }
    return 0;
}

}  // namespace modescape::cli

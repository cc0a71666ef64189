#include "core/projection/PcaMapInput.h"

#include <algorithm>

#include "core/common/Error.h"
#include "core/projection/PcaChoice.h"

namespace modescape::projection {

MapInput parseMapInput(const std::string& text) {
    return parseWord(text, kMapInputWords, "map input");
}

MapInputPlan planMapInput(MapInput requested, int64_t members, int64_t parameters, int components,
                          uint64_t seed) {
    if (components < 2)
        throw InvalidArgument("the map's principal components must be at least 2 (got " +
                              std::to_string(components) + ")");
    MapInputPlan plan;
    plan.pca.seed = seed;
    plan.pca.components =
        int(std::clamp<int64_t>(components, 1, std::max<int64_t>(1, members - 1)));
    const int64_t fitting = largestSketchColumns(members, parameters);
    if (plan.pca.components + plan.pca.oversampling > fitting) {
        plan.pca.components =
            int(std::clamp<int64_t>(fitting - plan.pca.oversampling, 2, plan.pca.components));
        plan.pca.oversampling =
            int(std::clamp<int64_t>(fitting - plan.pca.components, 0, plan.pca.oversampling));
    }
    plan.pcaCoordinates =
        requested == MapInput::Pca ||
        (requested == MapInput::Auto && exactGramOutOfReach(members, parameters, plan.pca));
    return plan;
}

Eigen::MatrixXd mdsFromPcaScores(const Eigen::MatrixXd& scores, int dimensions) {
    Eigen::MatrixXd out = Eigen::MatrixXd::Zero(scores.rows(), dimensions);
    const Eigen::Index kept = std::min<Eigen::Index>(dimensions, scores.cols());
    out.leftCols(kept) = scores.leftCols(kept);
    return out;
}

std::string describePcaMapInput(const RandomizedPcaOptions& options, const RandomizedPcaRun& run) {
    return "top " + std::to_string(run.pca.scores.cols()) + " principal components, " +
           describeRandomizedPca(options, run);
}

}  // namespace modescape::projection

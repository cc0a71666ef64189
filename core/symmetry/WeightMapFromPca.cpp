#include "core/symmetry/WeightMapFromPca.h"

#include "core/common/Error.h"
#include "core/projection/PcaMapInput.h"
#include "core/projection/SharedRandomizedPca.h"
#include "core/projection/Tsne.h"

namespace modescape::symmetry {

bool mapFromPcaCoordinates(const projection::MemberRowSource& source,
                           const SetProjectionOptions& options, const JobContext& context,
                           SetProjection& result, const projection::UnitSharing& sharing) {
    if (options.distance == DistanceKind::Cosine) {
        if (options.mapInput == projection::MapInput::Pca)
            throw InvalidArgument(
                "principal coordinates keep Euclidean distances, not cosine ones: use --distance "
                "euclidean, or --map-input full for cosine");
        return false;
    }
    projection::MapInputPlan plan =
        projection::planMapInput(options.mapInput, source.memberCount(), source.parameterCount(),
                                 options.mapComponents, options.seed);
    // The plan depends on this machine's free memory: every process takes the collector's.
    if (sharing.broadcast) {
        int chosen[3] = {plan.pcaCoordinates ? 1 : 0, plan.pca.components, plan.pca.oversampling};
        sharing.broadcast(chosen, sizeof chosen);
        plan.pcaCoordinates = chosen[0] != 0;
        plan.pca.components = chosen[1];
        plan.pca.oversampling = chosen[2];
    }
    if (!plan.pcaCoordinates)
        return false;
    // The randomized PCA's passes are shared; the collector maps alone.
    const std::optional<projection::RandomizedPcaRun> shared =
        projection::randomizedPca(source, plan.pca, sharing, context);
    if (!shared)
        return true;
    const projection::RandomizedPcaRun& run = *shared;
    result.algorithm = projection::describePcaMapInput(plan.pca, run);
    if (options.method == ProjectionMethod::Mds) {
        result.coordinates = projection::mdsFromPcaScores(run.pca.scores, options.components);
        return true;
    }
    projection::TsneOptions tsneOptions;
    tsneOptions.seed = options.seed;
    tsneOptions.method = options.tsneGradient;
    const projection::TsneResult tsne = projection::tsne(run.pca.scores, tsneOptions, context);
    result.coordinates = tsne.embedding;
    result.kl = tsne.klDivergence;
    if (tsne.perplexityLowered)
        result.notes.push_back("t-SNE perplexity lowered to " + std::to_string(tsne.perplexity) +
                               " for " + std::to_string(result.members.size()) + " points");
    return true;
}

}  // namespace modescape::symmetry

#include "core/symmetry/WeightMapFromRows.h"

#include <ATen/ATen.h>

#include "core/projection/Tsne.h"

namespace modescape::symmetry {

bool mapFromRowsApplies(int64_t members, int64_t parameters, const SetProjectionOptions& options,
                        const projection::UnitSharing& sharing) {
    return options.method == ProjectionMethod::Tsne &&
           options.distance == DistanceKind::Euclidean &&
           options.mapInput == projection::MapInput::Auto && !sharing.shared() &&
           parameters < members &&
           8.0 * double(members) * double(parameters) <= projection::streamingWorkingBytes() / 4;
}

void mapFromRows(const projection::MemberRowSource& source, const SetProjectionOptions& options,
                 const JobContext& context, SetProjection& result) {
    const int64_t n = source.memberCount(), d = source.parameterCount();
    Eigen::MatrixXd points(n, d);
    source.read(
        0,
        [&](int64_t index, const at::Tensor& row) {
            const at::Tensor values = row.to(at::kDouble).contiguous();
            points.row(index) = Eigen::Map<const Eigen::RowVectorXd>(values.data_ptr<double>(), d);
        },
        context);
    result.algorithm = "the members' " + std::to_string(d) + " parameters as points (" +
                       std::to_string(d) + " < " + std::to_string(n) +
                       " members: no N x N distances)";
    projection::TsneOptions tsneOptions;
    tsneOptions.seed = options.seed;
    tsneOptions.method = options.tsneGradient;
    const projection::TsneResult tsne = projection::tsne(points, tsneOptions, context);
    result.coordinates = tsne.embedding;
    result.kl = tsne.klDivergence;
    if (tsne.perplexityLowered)
        result.notes.push_back("t-SNE perplexity lowered to " + std::to_string(tsne.perplexity) +
                               " for " + std::to_string(n) + " points");
}

}  // namespace modescape::symmetry

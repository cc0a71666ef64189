#pragma once
// A map of a checkpoint set: PCA, t-SNE or MDS of its members in a weight
// space (raw / scaling removed / scaling + permutation removed) or in function
// space; and the group x group MMD table. What `modescape project` / `mmd`
// print and what the GUI's map view shows: results are plain data.

#include <Eigen/Dense>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/common/WordTable.h"
#include "core/jobs/Progress.h"
#include "core/projection/Mmd.h"
#include "core/projection/PcaChoice.h"
#include "core/projection/PcaMapInput.h"
#include "core/projection/Tsne.h"
#include "core/symmetry/WeightSpace.h"

namespace modescape::io {
struct CheckpointSet;
}
namespace modescape::evaluation {
class LoadedSet;
}

namespace modescape::symmetry {

enum class ProjectionMethod { Pca, Tsne, Mds };
inline constexpr WordTable<ProjectionMethod, 3> kProjectionMethodWords{
    {{"pca", ProjectionMethod::Pca},
     {"tsne", ProjectionMethod::Tsne},
     {"mds", ProjectionMethod::Mds}}};
enum class DistanceKind {
    Euclidean,      // weights
    Cosine,         // weights
    Disagreement,   // functions: share of samples where the argmax differs
    JensenShannon,  // functions: mean JS divergence (nats) of the predictions
};
inline constexpr WordTable<DistanceKind, 4> kDistanceKindWords{
    {{"euclidean", DistanceKind::Euclidean},
     {"cosine", DistanceKind::Cosine},
     {"disagreement", DistanceKind::Disagreement},
     {"js", DistanceKind::JensenShannon}}};
// What members are compared by: their weights (in a WeightSpace) or their
// predictions (function space).
enum class MemberSpace { Weights, Function };
inline constexpr WordTable<MemberSpace, 2> kMemberSpaceWords{
    {{"weights", MemberSpace::Weights}, {"function", MemberSpace::Function}}};
// Words of the tables above; throw InvalidArgument otherwise.
ProjectionMethod parseProjectionMethod(const std::string& text);
DistanceKind parseDistanceKind(const std::string& text);
const char* projectionMethodName(ProjectionMethod method);
const char* distanceKindName(DistanceKind kind);
bool isFunctionSpace(DistanceKind kind);

// Function space: members as their predictions on the first `samples`
// samples of the `split` dataset. The defaults of the CLI, the GUI and the
// analyses' tables (core/analysis/SpaceParameters.cpp) are these.
inline constexpr const char* kFunctionSplit = "test";
inline constexpr std::int64_t kFunctionSamples = 500;
struct FunctionSample {
    std::string split = kFunctionSplit;
    std::int64_t samples = kFunctionSamples;
};

struct SetProjectionOptions {
    ProjectionMethod method = ProjectionMethod::Pca;
    DistanceKind distance = DistanceKind::Euclidean;
    int components = 2;      // 2 or 3 (t-SNE: 2)
    std::uint64_t seed = 0;  // t-SNE and the randomized PCA's sketch
    // Weight-space PCA: exact (streamed Gram), randomized, or chosen by size.
    projection::PcaAlgorithm pca = projection::PcaAlgorithm::Auto;
    // Weight-space t-SNE and MDS: the full distances, or the top mapComponents
    // principal coordinates (auto: past the exact Gram's reach).
    projection::MapInput mapInput = projection::MapInput::Auto;
    int mapComponents = projection::kMapPcaComponents;
    projection::TsneMethod tsneGradient = projection::TsneMethod::Auto;  // t-SNE's gradient
    SpaceOptions space;
    // Function space: the first `functionSamples` samples of this split.
    std::string split = kFunctionSplit;
    std::int64_t functionSamples = kFunctionSamples;
};

struct SetProjection {
    std::vector<std::string> members;
    std::vector<std::string> groups;
    Eigen::MatrixXd coordinates;                 // members x components
    std::vector<double> explainedVarianceRatio;  // PCA
    double kl = -1;                              // t-SNE final KL divergence; -1 otherwise
    std::int64_t dimensions = 0;  // weights per member, or samples x classes in function space
    std::string method, distance, space;
    // How the weight-space Gram or PCA was computed: "exact (Gram matrix, 1 pass
    // over the members)" or "randomized (k=2, oversampling 10, ...)"; for a
    // t-SNE or MDS from principal coordinates "top 50 principal components, ...".
    std::string algorithm;
    std::vector<std::string> notes;  // perplexity lowered, space ignored in function space ...
};

// Throws InvalidArgument for a combination that makes no sense (PCA on a
// function-space distance, 3 t-SNE components, fewer than 2 members), and
// what opening the set, reading members or removing symmetries throws.
SetProjection projectSet(const io::CheckpointSet& set, const SetProjectionOptions& options,
                         const JobContext& context);
// The same on a set already loaded (e.g. a workspace's, built with
// ModelNeed::WhenUsed: raw weights need no model).
SetProjection projectSet(evaluation::LoadedSet& set, const SetProjectionOptions& options,
                         const JobContext& context);
// The rules projectSet checks first (components, t-SNE's 2 dimensions, PCA
// only of Euclidean weights; at least 2 members when `members` is given).
// Throws InvalidArgument.
void checkProjectionOptions(const SetProjectionOptions& options,
                            std::optional<std::size_t> members = std::nullopt);

struct SetMmd {
    projection::MmdTable table;
    std::vector<std::string> members;
    std::string space;
    std::string algorithm;  // "streamed (3 passes over the members, bandwidths from ...)"
    std::vector<std::string> notes;
};

// MMD^2 between the groups of the set in the weight space, or, given
// `functions`, between their predicted probabilities (flattened samples x
// classes; `space` is then ignored). Throws InvalidArgument when fewer than two
// groups have at least two members.
SetMmd mmdOfSet(const io::CheckpointSet& set, const SpaceOptions& space,
                const projection::MmdOptions& options, const JobContext& context,
                const std::optional<FunctionSample>& functions = std::nullopt);
SetMmd mmdOfSet(evaluation::LoadedSet& set, const SpaceOptions& space,
                const projection::MmdOptions& options, const JobContext& context,
                const std::optional<FunctionSample>& functions = std::nullopt);
// mmdOfSet's rule on the groups; throws InvalidArgument naming the set.
void checkMmdGroups(const io::CheckpointSet& set);

nlohmann::json toJson(const SetProjection& projection);
nlohmann::json toJson(const SetMmd& mmd);

}  // namespace modescape::symmetry

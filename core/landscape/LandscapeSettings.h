#pragma once
// Everything that defines a loss-landscape slice (Li et al. 2018; definitions
// in docs/definitions.md and docs/landscape.md). Plain data: the GUI's
// properties dock and the CLI fill the same struct, and every result file
// records it, so a surface can be recomputed or resumed from its file alone.

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/WordTable.h"

namespace modescape::landscape {

// Where the directions d1 (x) and d2 (y) come from.
enum class DirectionSource {
    Random,   // seeded standard-normal, then normalised (norm / ignore below)
    Pca,      // top-2 principal directions of directionMembers (all members when empty)
    Plane,    // through directionMembers A, B, C (Gram-Schmidt); origin at A
    Line,     // from directionMembers A to B (1-D); origin at A
    File,     // read from directionFile (safetensors, or the reference tool's HDF5)
    Hessian,  // top eigenvectors of the loss's Hessian at the centre (eigenvectors)
};
inline constexpr WordTable<DirectionSource, 6> kDirectionSourceWords{{
    {"random", DirectionSource::Random},
    {"pca", DirectionSource::Pca},
    {"plane", DirectionSource::Plane},
    {"line", DirectionSource::Line},
    {"file", DirectionSource::File},
    {"hessian", DirectionSource::Hessian},
}};

// Rescaling of random directions against the centre's weights.
enum class Normalization {
    Filter,  // per slice along dim 0: d_i <- d_i * ||w_i|| / (||d_i|| + 1e-10) (default)
    Layer,   // per tensor:            d   <- d   * ||w||   / (||d||   + 1e-10)
    None,
};
inline constexpr WordTable<Normalization, 3> kNormalizationWords{{
    {"filter", Normalization::Filter},
    {"layer", Normalization::Layer},
    {"none", Normalization::None},
}};

// Tensors with dim <= 1 (biases, BatchNorm gamma / beta / statistics).
enum class IgnoreMode {
    BiasBn,  // direction zero there (default)
    None,    // direction = the weight itself (the reference tool's rule)
};
inline constexpr WordTable<IgnoreMode, 2> kIgnoreModeWords{{
    {"biasbn", IgnoreMode::BiasBn},
    {"none", IgnoreMode::None},
}};

// Which tensors the directions cover.
enum class DirectionScope {
    Weights,  // parameters only; buffers stay the centre's (default)
    States,   // parameters and float buffers (BatchNorm running statistics)
};
inline constexpr WordTable<DirectionScope, 2> kDirectionScopeWords{{
    {"weights", DirectionScope::Weights},
    {"states", DirectionScope::States},
}};

enum class Engine {
    Batched,  // K grid points per Model::forwardBatched (default)
    Naive,    // one Model::forward per grid point: the reference algorithm
};
inline constexpr WordTable<Engine, 2> kEngineWords{{
    {"batched", Engine::Batched},
    {"naive", Engine::Naive},
}};

// One axis of the grid: count points from `from` to `to` inclusive.
struct GridAxis {
    double from = -1.0;
    double to = 1.0;
    int count = 51;
    // The i-th coordinate (from when count == 1).
    double at(int i) const;
    std::vector<double> values() const;
};

struct LandscapeSettings {
    // The centre theta*: one member, or the mean of several (e.g. a SWA mean).
    // Empty: Plane / Line use their first anchor, Pca the mean of its
    // members, the others the set's reference member.
    std::vector<std::string> centerMembers;

    DirectionSource directions = DirectionSource::Random;
    std::vector<std::string> directionMembers;  // anchors (Plane, Line) or selection (Pca)
    std::string directionFile;                  // File
    // Hessian: the eigenvectors used as x (and y), 1-based ranks by
    // descending eigenvalue of the mean NLL's Hessian on the split (subset).
    std::vector<int> eigenvectors{1, 2};
    Normalization normalization = Normalization::Filter;  // Random and Hessian
    IgnoreMode ignore = IgnoreMode::BiasBn;               // Random and Hessian (when normalised)
    DirectionScope scope = DirectionScope::Weights;
    std::uint64_t seed = 0;  // random directions and the data subset

    // 1 or 2. Line is always 1-D; y is ignored in 1-D.
    int dimensions = 2;
    GridAxis x;
    GridAxis y;
    // Directions made of members (PCA, plane, line): the engine replaces the
    // axes' from / to by the range of the members' coordinates (and the
    // centre) with a 25% margin, keeping the point counts (fittedAxis), so
    // every anchor is on the slice. The range then follows from the
    // directions, and is not compared when resuming.
    bool fitRange = false;

    // Metrics: mean cross-entropy and accuracy on this dataset role of the set,
    // on all of it (subset 0) or on `subset` samples drawn without replacement
    // with `seed`.
    std::string split = "test";
    std::int64_t subset = 0;

    // Recompute BatchNorm running statistics at every point (exact average
    // over batchNormSamples training samples, 0 = the whole train split).
    bool recomputeBatchNorm = false;
    std::int64_t batchNormSamples = 0;

    Engine engine = Engine::Batched;
    // Tuning, not results (not compared when resuming): grid points per
    // batched forward and samples per forward; 0 = chosen so that the
    // activations stay within memoryBudgetMiB.
    int pointsPerForward = 0;
    std::int64_t batchSize = 0;
    std::int64_t memoryBudgetMiB = 1024;

    int nx() const { return x.count; }
    int ny() const { return dimensions == 1 ? 1 : y.count; }
};

// Words used by the CLI, the files and the UI ("random", "filter", ...).
const char* toString(DirectionSource v);
const char* toString(Normalization v);
const char* toString(IgnoreMode v);
const char* toString(DirectionScope v);
const char* toString(Engine v);
// Inverses; throw InvalidArgument naming the accepted words.
DirectionSource parseDirectionSource(const std::string& word);
Normalization parseNormalization(const std::string& word);
IgnoreMode parseIgnoreMode(const std::string& word);
DirectionScope parseDirectionScope(const std::string& word);
Engine parseEngine(const std::string& word);

// How many members directions from `source` need: a plane 3, a line 2, PCA
// none (all of the set's) or at least 3. Throws InvalidArgument otherwise, with
// the one message the CLI, the GUI and the engine all give.
void checkDirectionMemberCount(DirectionSource source, std::size_t count);
// The message for PCA directions over `count` (< 3) members, wherever it is found.
std::string tooFewPcaMembers(std::size_t count);

// The largest eigenvector rank `--dirs hessian:I,J` takes: Lanczos finds the
// top ones in about twice as many steps, so ranks beyond this are costly.
inline constexpr int kMaxHessianEigenvector = 20;

// The axis from `count` points over [min, max] of `coordinates` and 0 (the
// centre), widened by 25% of that span on each side and rounded outward to
// a tenth of the span's order of magnitude; [-1, 1] when they span nothing.
GridAxis fittedAxis(const std::vector<double>& coordinates, int count);

// Throws InvalidArgument when the settings make no sense (grid count < 1,
// from == to with count > 1, wrong number of anchors, dimensions not 1 or 2,
// negative subset ...), naming the setting.
void validate(const LandscapeSettings& settings);

// The settings that determine the values (everything but engine and tuning)
// as one line of JSON: equal texts mean a file can be resumed with them.
std::string resultDefiningSettings(const LandscapeSettings& settings);

}  // namespace modescape::landscape

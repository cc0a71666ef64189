#pragma once
// A computed (or partly computed) loss-landscape slice: the grid of loss and
// accuracy, which points are computed, every setting that produced it, and
// what it was computed on. Plain data for the views, the files and the CLI.

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/landscape/LandscapeInputs.h"
#include "core/landscape/LandscapeSettings.h"

namespace modescape::landscape {

// A member drawn on the surface at its grid coordinates (plane anchors,
// line ends, members projected onto a PCA plane, the centre).
struct LandscapeMarker {
    std::string name;
    double x = 0.0;
    double y = 0.0;  // 0 in 1-D
};

// A Hessian direction (--dirs hessian): which eigenvector, its eigenvalue
// and Lanczos residual, and the curvature d'Hd / d'd of the loss along the
// direction actually used (the eigenvalue itself unless it was normalised).
struct DirectionCurvature {
    int eigenvector = 0;  // 1-based rank by descending eigenvalue
    double eigenvalue = std::numeric_limits<double>::quiet_NaN();
    double residual = std::numeric_limits<double>::quiet_NaN();
    double curvature = std::numeric_limits<double>::quiet_NaN();
    int lanczosSteps = 0;
    bool converged = false;
};

struct LandscapeResult {
    LandscapeSettings settings;

    // Grid coordinates: xs has nx values, ys has ny (one 0 in 1-D).
    std::vector<double> xs;
    std::vector<double> ys;
    // Row-major [ny][nx]: index iy * nx + ix. NaN where not computed, and
    // also where computed from weights that give non-finite predictions (the
    // accuracy is NaN wherever the loss is not finite).
    std::vector<double> loss;      // mean cross-entropy (natural log)
    std::vector<double> accuracy;  // fraction in [0, 1]
    // Which points are computed (1) or not yet (0), since NaN cannot tell.
    // Empty = not recorded (results made by makeEmptyResult, files of older
    // versions and of the reference tool): then a point is computed when its
    // loss is not NaN. fillGrid records it.
    std::vector<std::uint8_t> computed;

    // At theta* itself (NaN until computed; centerComputed tells a NaN centre
    // apart, and is false in older files: then NaN = not computed).
    double centerLoss = std::numeric_limits<double>::quiet_NaN();
    double centerAccuracy = std::numeric_limits<double>::quiet_NaN();
    bool centerComputed = false;

    std::vector<LandscapeMarker> markers;
    // Hessian directions: x's (and y's) eigenvalue and curvature; else empty.
    std::vector<DirectionCurvature> curvature;

    // What it was computed on (filled by the engine; kept by the files).
    std::string setFolder;
    std::string modelDescription;      // the manifest's model, JSON text
    std::string dataSpec;              // the split's dataset spec
    std::int64_t samples = 0;          // samples evaluated per point (the subset size)
    std::string centerName;            // "member", or "mean(a, b, c)"
    std::vector<std::string> members;  // every member the centre and directions used
    std::string device;                // where it was computed, e.g. "CPU (2 threads)"
    double seconds = 0.0;              // compute time of the points computed by the last run
    std::int64_t pointsComputedLastRun = 0;
    // Content hashes of the centre, directions, data and model (unrecorded in
    // older files); a resume with other inputs is refused.
    LandscapeInputs inputs;
    // How it was made, as JSON text: {"analysis", "parameters", "modescape"}
    // (analysis::provenance()); empty in files of older versions.
    std::string provenance;

    int nx() const { return static_cast<int>(xs.size()); }
    int ny() const { return static_cast<int>(ys.size()); }
    std::size_t index(int ix, int iy) const {
        return static_cast<std::size_t>(iy) * xs.size() + ix;
    }
    double lossAt(int ix, int iy) const { return loss[index(ix, iy)]; }
    double accuracyAt(int ix, int iy) const { return accuracy[index(ix, iy)]; }

    // Whether point i (an index()) is computed: the mask, or without one,
    // whether its loss is not NaN.
    bool isComputed(std::size_t i) const;
    // Every point's isComputed() (the mask, made explicit).
    std::vector<std::uint8_t> computedMask() const;
    bool isCenterComputed() const { return centerComputed || !std::isnan(centerLoss); }

    // Computed points; complete() when all are.
    std::int64_t computedPoints() const;
    bool complete() const;
    // Computed points whose loss is NaN or infinite.
    std::int64_t nonFinitePoints() const;
    // Smallest / largest finite loss (NaN when there is none).
    double lossMin() const;
    double lossMax() const;
};

// An empty result for the settings: coordinates from the grid, every point
// NaN (and no mask: NaN = not computed). Throws InvalidArgument for invalid
// settings (see validate()).
LandscapeResult makeEmptyResult(const LandscapeSettings& settings);

}  // namespace modescape::landscape

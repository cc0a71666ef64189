#pragma once
// A computed (or partly computed) loss-landscape slice: the grid of loss and
// accuracy with NaN where a point is not computed yet, every setting that
// produced it, and what it was computed on. Plain data for the views, the
// files and the CLI.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "core/landscape/LandscapeSettings.h"

namespace modescape::landscape {

// A member drawn on the surface at its grid coordinates (plane anchors,
// line ends, members projected onto a PCA plane, the centre).
struct LandscapeMarker {
    std::string name;
    double x = 0.0;
    double y = 0.0;  // 0 in 1-D
};

struct LandscapeResult {
    LandscapeSettings settings;

    // Grid coordinates: xs has nx values, ys has ny (one 0 in 1-D).
    std::vector<double> xs;
    std::vector<double> ys;
    // Row-major [ny][nx]: index iy * nx + ix. NaN = not computed.
    std::vector<double> loss;      // mean cross-entropy (natural log)
    std::vector<double> accuracy;  // fraction in [0, 1]

    // At theta* itself (NaN until computed).
    double centerLoss = std::numeric_limits<double>::quiet_NaN();
    double centerAccuracy = std::numeric_limits<double>::quiet_NaN();

    std::vector<LandscapeMarker> markers;

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

    int nx() const { return static_cast<int>(xs.size()); }
    int ny() const { return static_cast<int>(ys.size()); }
    std::size_t index(int ix, int iy) const {
        return static_cast<std::size_t>(iy) * xs.size() + ix;
    }
    double lossAt(int ix, int iy) const { return loss[index(ix, iy)]; }
    double accuracyAt(int ix, int iy) const { return accuracy[index(ix, iy)]; }

    // Points whose loss is not NaN; complete() when all are.
    std::int64_t computedPoints() const;
    bool complete() const;
    // Smallest / largest computed loss (NaN when none is computed).
    double lossMin() const;
    double lossMax() const;
};

// An empty result for the settings: coordinates from the grid, every point
// NaN. Throws InvalidArgument for invalid settings (see validate()).
LandscapeResult makeEmptyResult(const LandscapeSettings& settings);

}  // namespace modescape::landscape

#pragma once
// Small synthetic classification sets for demos and tests. Each is a pure
// function of its options: the same seed gives the same points on every run.
// Points are shuffled; classes are balanced (sizes differ by at most one).

#include <cstdint>

#include "core/data/Dataset.h"

namespace modescape::data {

// Two interleaving half circles (as scikit-learn's make_moons): class 0 on
// (cos t, sin t), class 1 on (1 - cos t, 0.5 - sin t), t in [0, pi], plus
// Gaussian noise of standard deviation `noise`. Inputs [n, 2].
struct MoonsOptions {
    std::int64_t n = 1000;
    double noise = 0.1;
    std::uint64_t seed = 0;
};
Dataset makeMoons(const MoonsOptions& options);

// Out-of-distribution points for the moons: on a ring of the given radius
// around the moons' centre (0.5, 0.25), far from both arcs (the moons lie
// within 1.6 of that centre). Labels carry no meaning (all 0); numClasses is 2
// so the set evaluates with a moons model. Role Ood.
struct MoonsOodOptions {
    std::int64_t n = 200;
    double radius = 3.0;
    double noise = 0.1;
    std::uint64_t seed = 0;
};
Dataset makeMoonsOod(const MoonsOodOptions& options);

// k interleaved spiral arms: arm j at radius r in [0.05, 1] has angle
// 2 pi (turns * r + j / k); noise is added to both coordinates. Inputs [n, 2].
struct SpiralsOptions {
    std::int64_t n = 1000;
    std::int64_t arms = 2;
    double turns = 1.0;
    double noise = 0.05;
    std::uint64_t seed = 0;
};
Dataset makeSpirals(const SpiralsOptions& options);

// Isotropic Gaussian blobs: `centers` centres drawn uniformly from
// [-box, box]^dim, points N(centre, std^2 I). Inputs [n, dim].
struct BlobsOptions {
    std::int64_t n = 1000;
    std::int64_t centers = 3;
    std::int64_t dim = 2;
    double std = 1.0;
    double box = 10.0;
    std::uint64_t seed = 0;
};
Dataset makeBlobs(const BlobsOptions& options);

}  // namespace modescape::data

#include "core/data/Synthetic.h"

#include <ATen/ATen.h>

#include <cmath>
#include <numbers>
#include <string>

#include "core/common/Error.h"
#include "core/common/MemoryBudget.h"
#include "core/data/SeededRandom.h"

namespace modescape::data {

namespace {

constexpr double kPi = std::numbers::pi;

// Points collected class by class, then shuffled into a Dataset.
struct PointBuffer {
    std::int64_t dim;
    std::vector<float> x;
    std::vector<std::int64_t> y;

    void add(std::initializer_list<double> point, std::int64_t label) {
        for (double v : point)
            x.push_back(static_cast<float>(v));
        y.push_back(label);
    }

    Dataset shuffled(SeededRandom& random, std::int64_t classes, const std::string& name) {
        const auto n = static_cast<std::int64_t>(y.size());
        std::vector<std::int64_t> order(static_cast<std::size_t>(n));
        for (std::int64_t i = 0; i < n; ++i)
            order[static_cast<std::size_t>(i)] = i;
        random.shuffle(order);
        auto inputs = at::empty({n, dim}, at::kFloat);
        auto labels = at::empty({n}, at::kLong);
        float* xi = inputs.data_ptr<float>();
        std::int64_t* yi = labels.data_ptr<std::int64_t>();
        for (std::int64_t i = 0; i < n; ++i) {
            const auto from = static_cast<std::size_t>(order[static_cast<std::size_t>(i)]);
            for (std::int64_t k = 0; k < dim; ++k)
                xi[i * dim + k] = x[from * dim + k];
            yi[i] = y[from];
        }
        Dataset data;
        data.inputs = inputs;
        data.labels = labels;
        data.numClasses = classes;
        data.name = name;
        return data;
    }
};

void require(bool ok, const std::string& message) {
    if (!ok)
        throw InvalidArgument(message);
}

// Refuses a set too big for memory before any point is drawn. The points are
// held twice at the peak (collected, then shuffled into tensors) plus the
// shuffle order; extraBytes covers a generator's own tables (blob centres).
// Reserves the collecting buffer so that it never grows past the estimate.
void reservePoints(PointBuffer& points, const char* kind, std::int64_t n, double extraBytes = 0) {
    const double dim = static_cast<double>(points.dim);
    const double perPoint = 2.0 * (4.0 * dim + 8.0) + 8.0;
    requireMemory(static_cast<double>(n) * perPoint + extraBytes,
                  std::string(kind) + " data set of " + std::to_string(n) + " points x " +
                      std::to_string(points.dim) + " features");
    points.x.reserve(static_cast<std::size_t>(n * points.dim));
    points.y.reserve(static_cast<std::size_t>(n));
}

// Size of class c when n points are shared among k classes, the first n % k get one more.
std::int64_t share(std::int64_t n, std::int64_t k, std::int64_t c) {
    return n / k + (c < n % k ? 1 : 0);
}

// Evenly spaced value i of count in [lo, hi] (lo alone when count == 1).
double spaced(std::int64_t i, std::int64_t count, double lo, double hi) {
    return count > 1 ? lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(count - 1)
                     : lo;
}

}  // namespace

Dataset makeMoons(const MoonsOptions& o) {
    require(o.n >= 2, "moons: n must be at least 2, got " + std::to_string(o.n));
    require(o.noise >= 0, "moons: noise must be >= 0");
    PointBuffer points{2, {}, {}};
    reservePoints(points, "moons", o.n);
    SeededRandom random(o.seed);
    for (std::int64_t c = 0; c < 2; ++c) {
        const std::int64_t count = share(o.n, 2, c);
        for (std::int64_t i = 0; i < count; ++i) {
            const double t = spaced(i, count, 0, kPi);
            const double x = c == 0 ? std::cos(t) : 1 - std::cos(t);
            const double y = c == 0 ? std::sin(t) : 0.5 - std::sin(t);
            points.add({x + o.noise * random.normal(), y + o.noise * random.normal()}, c);
        }
    }
    return points.shuffled(random, 2, "moons");
}

Dataset makeMoonsOod(const MoonsOodOptions& o) {
    require(o.n >= 1, "moons-ood: n must be at least 1");
    require(o.noise >= 0 && o.radius > 0, "moons-ood: radius must be > 0 and noise >= 0");
    PointBuffer points{2, {}, {}};
    reservePoints(points, "moons-ood", o.n);
    SeededRandom random(o.seed);
    for (std::int64_t i = 0; i < o.n; ++i) {
        const double angle = random.uniform(0, 2 * kPi);
        const double r = o.radius + o.noise * random.normal();
        points.add({0.5 + r * std::cos(angle), 0.25 + r * std::sin(angle)}, 0);
    }
    Dataset data = points.shuffled(random, 2, "moons-ood");
    data.role = DatasetRole::Ood;
    return data;
}

Dataset makeSpirals(const SpiralsOptions& o) {
    require(o.arms >= 1 && o.arms <= 1000, "spirals: arms must be between 1 and 1000");
    require(o.n >= o.arms, "spirals: n must be at least the number of arms");
    require(o.noise >= 0, "spirals: noise must be >= 0");
    PointBuffer points{2, {}, {}};
    reservePoints(points, "spirals", o.n);
    SeededRandom random(o.seed);
    for (std::int64_t arm = 0; arm < o.arms; ++arm) {
        const std::int64_t count = share(o.n, o.arms, arm);
        for (std::int64_t i = 0; i < count; ++i) {
            const double r = spaced(i, count, 0.05, 1.0);
            const double angle =
                2 * kPi * (o.turns * r + static_cast<double>(arm) / static_cast<double>(o.arms));
            points.add({r * std::cos(angle) + o.noise * random.normal(),
                        r * std::sin(angle) + o.noise * random.normal()},
                       arm);
        }
    }
    return points.shuffled(random, o.arms, "spirals");
}

Dataset makeBlobs(const BlobsOptions& o) {
    require(o.centers >= 1 && o.centers <= 100000, "blobs: centers must be between 1 and 100000");
    require(o.dim >= 1 && o.dim <= 100000, "blobs: dim must be between 1 and 100000");
    require(o.n >= o.centers, "blobs: n must be at least the number of centers");
    require(o.std >= 0, "blobs: std must be >= 0");
    PointBuffer points{o.dim, {}, {}};
    reservePoints(points, "blobs", o.n, 8.0 * static_cast<double>(o.centers * o.dim));
    SeededRandom random(o.seed);
    std::vector<double> centres(static_cast<std::size_t>(o.centers * o.dim));
    for (auto& v : centres)
        v = random.uniform(-o.box, o.box);
    for (std::int64_t c = 0; c < o.centers; ++c) {
        const std::int64_t count = share(o.n, o.centers, c);
        for (std::int64_t i = 0; i < count; ++i) {
            for (std::int64_t k = 0; k < o.dim; ++k)
                points.x.push_back(static_cast<float>(
                    centres[static_cast<std::size_t>(c * o.dim + k)] + o.std * random.normal()));
            points.y.push_back(c);
        }
    }
    return points.shuffled(random, o.centers, "blobs");
}

}  // namespace modescape::data

#include "core/projection/FftRepulsion.h"

#include <ATen/ATen.h>
#include "core/common/ParallelFor.h"

#include <algorithm>
#include <cmath>

#include "core/common/Error.h"

namespace modescape::projection {

namespace {

// One unit charge per point and three kernels: w (for Z), w^2 dx and w^2 dy
// (the force). Kernels of the offset avoid the cancellation that charges x, y,
// x^2 + y^2 with the kernel w^2 suffer far from the origin.
constexpr int kKernels = 3;
// Points are spread in this many fixed chunks, each onto its own grid, summed in
// order: the same positions give the same bits whatever the thread count.
constexpr int64_t kSpreadChunks = 4;

bool onlySmallPrimes(int v) {
    for (int p : {2, 3, 5})
        while (v % p == 0)
            v /= p;
    return v == 1;
}

// Box counts whose FFT length (2 * boxes * nodes) factors into 2, 3 and 5 are fast.
int niceBoxCount(int atLeast) {
    int boxes = std::max(1, atLeast);
    while (!onlySmallPrimes(boxes))
        ++boxes;
    return boxes;
}

// Lagrange basis at u in [0, 1] for nodes t_k = (k + 0.5) / p.
void lagrangeWeights(double u, int p, const double* nodes, double* out) {
    for (int k = 0; k < p; ++k) {
        double v = 1;
        for (int l = 0; l < p; ++l)
            if (l != k)
                v *= (u - nodes[l]) / (nodes[k] - nodes[l]);
        out[k] = v;
    }
}

struct Grid {
    double lo = 0;   // lower corner (both axes)
    double box = 1;  // box width
    int boxes = 1;   // per axis
    int p = 3;       // nodes per box and axis
    int m() const { return boxes * p; }
    double spacing() const { return box / p; }
};

// Box index and Lagrange weights of every point on both axes.
struct Stencils {
    std::vector<int> boxX, boxY;
    std::vector<double> wx, wy;  // [n, p]
};

Stencils stencilsOf(const double* xy, int64_t n, const Grid& g) {
    Stencils s;
    s.boxX.resize(size_t(n)), s.boxY.resize(size_t(n));
    s.wx.resize(size_t(n * g.p)), s.wy.resize(size_t(n * g.p));
    std::vector<double> nodes(size_t(g.p));
    for (int k = 0; k < g.p; ++k)
        nodes[size_t(k)] = (k + 0.5) / g.p;
    at::parallel_for(0, n, 1024, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            const double ux = (xy[2 * i] - g.lo) / g.box, uy = (xy[2 * i + 1] - g.lo) / g.box;
            const int bx = std::clamp(int(ux), 0, g.boxes - 1);
            const int by = std::clamp(int(uy), 0, g.boxes - 1);
            s.boxX[size_t(i)] = bx, s.boxY[size_t(i)] = by;
            lagrangeWeights(ux - bx, g.p, nodes.data(), &s.wx[size_t(i * g.p)]);
            lagrangeWeights(uy - by, g.p, nodes.data(), &s.wy[size_t(i * g.p)]);
        }
    });
    return s;
}

// The unit charges of all points on the m x m nodes.
std::vector<double> spread(int64_t n, const Grid& g, const Stencils& s) {
    const int m = g.m(), p = g.p;
    const auto plane = size_t(m) * size_t(m);
    std::vector<std::vector<double>> partial(kSpreadChunks);
    const int64_t per = (n + kSpreadChunks - 1) / kSpreadChunks;
    at::parallel_for(0, kSpreadChunks, 1, [&](int64_t c0, int64_t c1) {
        for (int64_t c = c0; c < c1; ++c) {
            std::vector<double>& out = partial[size_t(c)];
            out.assign(plane, 0.0);
            for (int64_t i = c * per; i < std::min(n, (c + 1) * per); ++i) {
                const double* wx = &s.wx[size_t(i * p)];
                const double* wy = &s.wy[size_t(i * p)];
                for (int a = 0; a < p; ++a) {
                    double* row = &out[size_t(s.boxX[size_t(i)] * p + a) * size_t(m) +
                                       size_t(s.boxY[size_t(i)] * p)];
                    for (int b = 0; b < p; ++b)
                        row[b] += wx[a] * wy[b];
                }
            }
        }
    });
    std::vector<double> total(plane, 0.0);
    for (const auto& part : partial)
        for (size_t e = 0; e < total.size(); ++e)
            total[e] += part[e];
    return total;
}

// The three kernels on the padded 2m x 2m offset grid, transformed: the
// spectrum that a charge grid's spectrum is multiplied with.
at::Tensor kernelSpectrum(const Grid& g) {
    const int64_t m = g.m(), big = 2 * m;
    const double h = g.spacing();
    at::Tensor kernels = at::zeros({kKernels, big, big}, at::kDouble);
    double* k = kernels.data_ptr<double>();
    const auto plane = big * big;
    at::parallel_for(0, big, 64, [&](int64_t a0, int64_t a1) {
        for (int64_t a = a0; a < a1; ++a) {
            if (a == m)
                continue;  // offset m never occurs between nodes
            const double dx = double(a < m ? a : a - big) * h;
            for (int64_t b = 0; b < big; ++b) {
                if (b == m)
                    continue;
                const double dy = double(b < m ? b : b - big) * h;
                const double w = 1.0 / (1.0 + dx * dx + dy * dy);
                // The node at the target's offset d = t_a - t_b.
                k[a * big + b] = w;
                k[plane + a * big + b] = w * w * dx;
                k[2 * plane + a * big + b] = w * w * dy;
            }
        }
    });
    return at::fft_rfft2(kernels);
}

// The grid for positions spanning [lo, hi] on both axes (centred already).
Grid gridFor(double lo, double hi, const FftRepulsionSettings& settings) {
    Grid g;
    g.p = settings.nodesPerBox;
    g.lo = lo;
    const double span = std::max(hi - lo, 1e-12);
    if (span <= settings.minBoxes * settings.maxBoxWidth) {
        g.boxes = niceBoxCount(settings.minBoxes);
        g.box = span / g.boxes;
    } else {  // fixed width: the kernels stay the same while the box count does
        g.box = settings.maxBoxWidth;
        g.boxes = niceBoxCount(int(std::ceil(span / g.box)));
    }
    return g;
}

}  // namespace

struct FftRepulsion::Cache {
    Grid grid;
    at::Tensor spectrum;  // [3, 2m, m + 1] complex, of `grid`'s kernels
    at::Tensor padded;    // [2m, 2m] charges, zero outside the first m x m
    std::vector<double> centred;
    std::vector<double> zPart;
};

FftRepulsion::FftRepulsion(const FftRepulsionSettings& settings)
    : settings_(settings), cache_(std::make_unique<Cache>()) {
    if (settings.nodesPerBox < 1 || settings.minBoxes < 1 || !(settings.maxBoxWidth > 0))
        throw InvalidArgument("t-SNE FFT: nodes per box, boxes and box width must be positive");
}

FftRepulsion::~FftRepulsion() = default;

int FftRepulsion::boxesPerAxis() const {
    return cache_->grid.boxes;
}

double FftRepulsion::operator()(const double* xy, int64_t n, double* force) {
    Cache& c = *cache_;
    // Centre the positions (the sums are translation invariant).
    double cx = 0, cy = 0;
    for (int64_t i = 0; i < n; ++i)
        cx += xy[2 * i], cy += xy[2 * i + 1];
    cx /= double(n), cy /= double(n);
    c.centred.resize(size_t(2 * n));
    double lo = 0, hi = 0;
    for (int64_t i = 0; i < n; ++i) {
        const double x = xy[2 * i] - cx, y = xy[2 * i + 1] - cy;
        c.centred[size_t(2 * i)] = x, c.centred[size_t(2 * i + 1)] = y;
        lo = std::min({lo, x, y});
        hi = std::max({hi, x, y});
    }
    const Grid g = gridFor(lo, hi, settings_);
    const bool sameKernels =
        c.spectrum.defined() && g.boxes == c.grid.boxes && g.box == c.grid.box && g.p == c.grid.p;
    c.grid = g;
    const int64_t m = g.m(), big = 2 * m;
    if (!sameKernels) {
        c.spectrum = kernelSpectrum(g);
        c.padded = at::zeros({big, big}, at::kDouble);
    }

    const Stencils s = stencilsOf(c.centred.data(), n, g);
    const std::vector<double> charges = spread(n, g, s);
    // Potentials at the nodes: phi_k(t_a) = sum_b K_k(t_a - t_b) q(t_b) for the
    // three kernels, a linear convolution done as a circular one on the padded grid.
    c.padded.narrow(0, 0, m).narrow(1, 0, m).copy_(
        at::from_blob(const_cast<double*>(charges.data()), {m, m}, at::kDouble));
    const at::Tensor potential =
        at::fft_irfft2(c.spectrum * at::fft_rfft2(c.padded).unsqueeze(0), at::IntArrayRef{big, big})
            .narrow(1, 0, m)
            .narrow(2, 0, m)
            .contiguous();
    const double* pot = potential.data_ptr<double>();
    const int p = g.p;
    const auto plane = size_t(m) * size_t(m);
    c.zPart.resize(size_t(n));
    at::parallel_for(0, n, 1024, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            double phi[kKernels] = {0, 0, 0};
            const double* wx = &s.wx[size_t(i * p)];
            const double* wy = &s.wy[size_t(i * p)];
            for (int a = 0; a < p; ++a) {
                const size_t row =
                    size_t(s.boxX[size_t(i)] * p + a) * size_t(m) + size_t(s.boxY[size_t(i)] * p);
                for (int b = 0; b < p; ++b) {
                    const double w = wx[a] * wy[b];
                    for (int k = 0; k < kKernels; ++k)
                        phi[k] += w * pot[k * plane + row + size_t(b)];
                }
            }
            // The self terms: w_ii = 1 adds 1 to Z; the force kernels vanish at 0.
            c.zPart[size_t(i)] = phi[0] - 1.0;
            force[2 * i] = phi[1];
            force[2 * i + 1] = phi[2];
        }
    });
    double z = 0;
    for (double zi : c.zPart)
        z += zi;  // in index order: deterministic
    return z;
}

FftRepulsionResult fftRepulsion(const double* xy, int64_t n, const FftRepulsionSettings& settings) {
    FftRepulsion repulsion(settings);
    FftRepulsionResult out;
    out.force.assign(size_t(2 * n), 0.0);
    out.z = repulsion(xy, n, out.force.data());
    out.boxesPerAxis = repulsion.boxesPerAxis();
    return out;
}

}  // namespace modescape::projection

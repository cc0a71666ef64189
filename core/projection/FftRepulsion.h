#pragma once
// The repulsive side of the 2-D t-SNE gradient by FFT-accelerated interpolation
// (docs/definitions.md, "t-SNE"): charges are spread onto an equispaced grid
// with Lagrange polynomials, convolved with the kernel by FFT, and read back.

#include <cstdint>
#include <memory>
#include <vector>

namespace modescape::projection {

struct FftRepulsionSettings {
    int nodesPerBox = 5;       // interpolation nodes per box and axis (polynomial degree + 1)
    int minBoxes = 10;         // boxes per axis at least (the box width sets the accuracy)
    double maxBoxWidth = 1.0;  // boxes per axis grow so that none is wider than this
};

struct FftRepulsionResult {
    std::vector<double> force;  // row-major [n, 2]: sum_{j != i} w_ij^2 (y_i - y_j)
    double z = 0;               // sum_{i != j} w_ij
    int boxesPerAxis = 0;
};

// w_ij = 1 / (1 + |y_i - y_j|^2); xy is row-major [n, 2]. Multi-threaded
// (ATen's pool); the result depends only on the positions, not the thread count.
FftRepulsionResult fftRepulsion(const double* xy, int64_t n, const FftRepulsionSettings& settings);

// The same for one call per t-SNE iteration: once the layout spans more than
// minBoxes boxes of maxBoxWidth, boxes are exactly maxBoxWidth wide, so the
// kernels' spectra only change when the box count does; they are kept (with
// the padded charge grid) between calls instead of transformed every time.
class FftRepulsion {
  public:
    explicit FftRepulsion(const FftRepulsionSettings& settings);
    ~FftRepulsion();
    FftRepulsion(const FftRepulsion&) = delete;
    FftRepulsion& operator=(const FftRepulsion&) = delete;

    // Writes sum_{j != i} w_ij^2 (y_i - y_j) to force ([n, 2]) and returns Z.
    double operator()(const double* xy, int64_t n, double* force);
    int boxesPerAxis() const;

  private:
    struct Cache;
    FftRepulsionSettings settings_;
    std::unique_ptr<Cache> cache_;
};

}  // namespace modescape::projection

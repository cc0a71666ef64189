#pragma once
// Unbiased MMD^2 between two sets of vectors (Laurent et al. 2024), with the
// Gaussian and Laplace kernel families over geometrically spaced bandwidths
// (definitions in docs/definitions.md, "Comparing posteriors: MMD").

#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

#include "core/common/WordTable.h"
#include "core/projection/Distances.h"

namespace modescape::projection {

enum class MmdKernel {
    Gaussian,  // exp(-||x - y||_2^2 / h^2)
    Laplace,   // exp(-||x - y||_1 / h)
};
inline constexpr WordTable<MmdKernel, 2> kMmdKernelWords{
    {{"gaussian", MmdKernel::Gaussian}, {"laplace", MmdKernel::Laplace}}};
const char* mmdKernelName(MmdKernel kernel);

struct MmdOptions {
    int bandwidthCount = 10;
    int maxBandwidthSamples =
        500;  // pooled samples used to choose bandwidths (evenly spaced subset)
};

struct MmdValue {
    MmdKernel kernel = MmdKernel::Gaussian;
    double bandwidth = 0;
    double mmd2 = 0;
};

struct MmdResult {
    std::vector<MmdValue> values;  // every kernel and bandwidth: Gaussian ones first, ascending h
    MmdValue maximum;              // the largest mmd2 among them
};

// Bandwidths from pairwise distances (i < j) of the pooled sample:
// h_min = min, or max(5% quantile, 0.1) when the min is below 0.1;
// h_max = max(max distance, 0.3); `count` values geometric from h_min/2 to 2 h_max.
std::vector<double> mmdBandwidths(std::vector<double> pairwiseDistances, int count = 10);

// MMD^2 (unbiased) for one kernel and bandwidth. Rows/columns of `distances`
// indexed by xs and ys (at least two each, disjoint).
double unbiasedMmd2(const MemberDistances& distances, const std::vector<int64_t>& xs,
                    const std::vector<int64_t>& ys, MmdKernel kernel, double bandwidth);

// Every kernel and bandwidth for the two index sets of a distance table.
MmdResult mmd(const MemberDistances& distances, const std::vector<int64_t>& xs,
              const std::vector<int64_t>& ys, const MmdOptions& options = {});

// Between the rows of two in-memory matrices (same column count).
MmdResult mmd(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, const MmdOptions& options = {});

// Group x group table: entry (a, b) is the maximum MMD^2 over kernels and
// bandwidths between groups a and b (0 on the diagonal, symmetric).
struct MmdTable {
    std::vector<std::string> groups;
    Eigen::MatrixXd maximum;
    std::vector<MmdResult> pairs;  // row-major over (a, b), a < b; details for the table cells
};
// groupOfMember[i] names member i's group; groups are listed in order of first appearance.
MmdTable mmdTable(const MemberDistances& distances, const std::vector<std::string>& groupOfMember,
                  const MmdOptions& options = {});

}  // namespace modescape::projection

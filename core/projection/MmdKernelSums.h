#pragma once
// The sums behind the streamed MMD table (StreamedMmd.h): for every group
// pair, kernel and bandwidth, the kernel values within a, within b and
// across, added tile by tile of pairwise distances. Tiles may come from
// panel passes (one process) or from block pairs computed anywhere (the
// sums of several processes add up): the sums are plain doubles.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "core/jobs/Progress.h"
#include "core/projection/MemberRowSource.h"
#include "core/projection/Mmd.h"
#include "core/projection/StreamedMmd.h"

namespace modescape::projection {

// Bytes one tile of T x T pairs takes; the tile side as asked, but small
// enough that a tile takes at most an eighth of the working memory.
double mmdTileBytes(int64_t t);
int64_t mmdTileSide(int64_t requested);

// The squared Euclidean and Manhattan distances of tile (i0.., j0..); on a
// diagonal tile (i0 == j0) only the pairs above the diagonal count.
using TileVisitor = std::function<void(const at::Tensor& squared, const at::Tensor& manhattan,
                                       int64_t i0, int64_t j0, bool diagonal)>;

// The tiles of rows a (members a0 ..) against rows b (b0 ..): every pair once
// (a == b, a0 == b0: the pairs i < j only).
void visitBlockTiles(const at::Tensor& a, int64_t a0, const at::Tensor& b, int64_t b0, int64_t side,
                     const TileVisitor& visit, const JobContext& context, StreamedMmdStats& stats);

class MmdKernelSums {
  public:
    // Checks the groups (as streamedMmdTable documents) and chooses the
    // bandwidths from the distances of the evenly spaced subsets (a round of
    // panel passes over those members only).
    MmdKernelSums(const MemberRowSource& source, const std::vector<std::string>& groupOfMember,
                  const MmdOptions& options, const StreamedMmdOptions& streaming,
                  const JobContext& context, StreamedMmdStats& stats);
    ~MmdKernelSums();

    bool empty() const;  // fewer than two groups: nothing to sum
    int64_t tileSide() const { return side_; }
    // Bytes the sums and one tile take (what a plan leaves room for).
    double workingBytes() const;

    void addTile(const at::Tensor& squared, const at::Tensor& manhattan, int64_t i0, int64_t j0,
                 bool diagonal);
    // Every sum, flat; and adding another's flat sums to these.
    std::vector<double> sums() const;
    void addSums(const std::vector<double>& other);
    void clear();
    // Every bandwidth chosen, flat (pair, kernel, bandwidth): what a journal
    // of unit sums is kept under (UnitWork::key).
    std::vector<double> bandwidths() const;

    // The table: unbiased MMD^2 for each pair, kernel and bandwidth, and the maximum.
    MmdTable table() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    int64_t side_ = 8;
};

}  // namespace modescape::projection

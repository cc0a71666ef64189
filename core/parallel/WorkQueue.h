#pragma once
// The work units of a distributed run (grid points, rows, member pairs) in the
// order they are handed out, a chunk at a time: rank 0 gives a chunk to any
// rank that asks, so a slow rank simply asks less often.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace modescape::parallel {

class WorkQueue {
  public:
    // chunkSize 0 counts as 1.
    WorkQueue(std::vector<std::int64_t> units, std::size_t chunkSize);

    // The next `chunks` chunks' units (fewer at the end; empty when none are left).
    std::vector<std::int64_t> take(std::size_t chunks = 1);
    std::size_t remaining() const { return units_.size() - next_; }
    std::size_t chunkSize() const { return chunkSize_; }

  private:
    std::vector<std::int64_t> units_;
    std::size_t chunkSize_;
    std::size_t next_ = 0;
};

// The messages of the work protocol, as vectors of doubles (exact for units
// below 2^53).
// A rank's report: the results of the units it finished (`width` values per
// unit, unit after unit) and how many new chunks it wants (0: it stops).
struct WorkReport {
    int wanted = 0;
    std::size_t width = 0;
    std::vector<std::int64_t> units;
    std::vector<double> values;  // units.size() * width
};

std::vector<double> encodeReport(const WorkReport& report);
// Throws FormatError for a message that is not a report.
WorkReport decodeReport(const std::vector<double>& message);

std::vector<double> encodeUnits(const std::vector<std::int64_t>& units);
std::vector<std::int64_t> decodeUnits(const std::vector<double>& message);

}  // namespace modescape::parallel

#pragma once
// The work units of a distributed run (grid points, rows, member pairs) in the
// order they are handed out, a chunk at a time: rank 0 gives a chunk to any
// rank that asks, so a slow rank simply asks less often.

#include <cstddef>
#include <cstdint>
#include <string>
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

// Units per chunk for `todo` units over `ranks` ranks: at most `most` (what
// one call computes at once), and small enough that every rank gets several
// chunks (a slow rank then takes fewer, and no rank waits long for the last).
std::size_t chunkSizeFor(std::size_t todo, int ranks, std::size_t most);

// The messages of the work protocol, as bytes (64-bit integers in the
// machine's order: every rank of a job runs the same build).
// A rank's report: the units it finished with their results (the payload,
// whose layout the caller chooses) and how many new chunks it wants (0: it
// stops).
struct WorkReport {
    int wanted = 0;
    std::vector<std::int64_t> units;
    std::string payload;
};

std::string encodeReport(const WorkReport& report);
// Throws FormatError for a message that is not a report.
WorkReport decodeReport(const std::string& message);

std::string encodeUnits(const std::vector<std::int64_t>& units);
std::vector<std::int64_t> decodeUnits(const std::string& message);

// Doubles as bytes and back, bit for bit (a payload of numbers).
std::string packDoubles(const std::vector<double>& values);
// Throws FormatError when the length is not a whole number of doubles.
std::vector<double> unpackDoubles(const std::string& bytes);

}  // namespace modescape::parallel

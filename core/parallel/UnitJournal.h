#pragma once
// Finished units of a whole-set computation (the Gram blocks of `project`,
// the kernel sums of `mmd`) committed beside the output as they come, so a
// killed job resumes (docs/mpi.md): an append-only journal, ".NAME.journal",
// whose first line is a key, followed by one record per chunk of results
// (its units, the payload bytes and a checksum). Results are too large to
// rewrite whole after every unit (the Gram of N members is N² doubles), and
// an append cannot damage what was committed before it: a process killed in
// the middle of one leaves a short or damaged last record, which is ignored.

#include <cstdint>
#include <string>
#include <vector>

namespace modescape::parallel {

// ".NAME.journal" in the folder of `out`.
std::string unitJournalPathFor(const std::string& out);

struct JournaledChunk {
    std::vector<std::int64_t> units;
    std::string payload;
};

struct UnitJournalContents {
    enum class State { None, OtherKey, Ours };
    State state = State::None;
    std::vector<JournaledChunk> chunks;  // whole records, in the order committed
    std::uint64_t wholeBytes = 0;        // the header and the whole records
};

// Reads the journal at `path` kept under `key` (units below `unitCount`).
// Throws IoError when `path` is a file that is not a unit journal (it was
// not written by Modescape and is never overwritten).
UnitJournalContents readUnitJournal(const std::string& path, const std::string& key,
                                    std::int64_t unitCount);

// Replaces the journal at `path` with one holding a single record under
// `key`, atomically (written beside it, then renamed): what a round of a
// computation of rounds leaves, which supersedes the round before
// (CommittedUnits.h). Throws IoError.
void replaceUnitJournal(const std::string& path, const std::string& key,
                        const std::vector<std::int64_t>& units, const std::string& payload);

class UnitJournal {
  public:
    // Continues the journal at `path` after its first `wholeBytes` bytes (a
    // resumed one's header and whole records: a torn last record is cut
    // off), or with wholeBytes 0 starts it afresh (the header written
    // atomically, so the file always has one). Throws IoError.
    UnitJournal(const std::string& path, const std::string& key, std::uint64_t wholeBytes);
    ~UnitJournal();
    UnitJournal(const UnitJournal&) = delete;
    UnitJournal& operator=(const UnitJournal&) = delete;

    // One record in one write: committed once it returns. Throws IoError.
    void append(const std::vector<std::int64_t>& units, const std::string& payload);

  private:
    std::string path_;
    int fd_ = -1;
};

}  // namespace modescape::parallel

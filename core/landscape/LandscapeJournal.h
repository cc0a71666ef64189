#pragma once
// Points committed beside a surface's .h5 as they are computed: an
// append-only journal (.NAME.journal) of (grid index, loss, accuracy)
// records. The .h5 is only ever replaced whole and atomically, which is too
// costly per point; an append cannot damage it, and a process killed in the
// middle of one leaves a short last record, which replay() ignores. A resume
// reads the .h5, replays its journal, writes the .h5 again and starts a new
// journal (docs/mpi.md).
//
// The journal's header carries a key made from the surface's grid and the
// content hashes of its inputs, so a journal left beside another surface of
// the same name is never applied to it.

#include <cstdint>
#include <string>
#include <vector>

#include "core/landscape/LandscapeResult.h"

namespace modescape::landscape {

// ".NAME.journal" in the folder of the surface file.
std::string journalPathFor(const std::string& surfacePath);

// The key of a result: its grid and its inputs' hashes.
std::string journalKey(const LandscapeResult& result);

struct JournalPoint {
    std::int64_t index = 0;  // iy * nx + ix
    double loss = 0.0;
    double accuracy = 0.0;
};

class LandscapeJournal {
  public:
    // Creates (or empties) the journal at path for result. Throws IoError.
    LandscapeJournal(const std::string& path, const LandscapeResult& result);
    ~LandscapeJournal();
    LandscapeJournal(const LandscapeJournal&) = delete;
    LandscapeJournal& operator=(const LandscapeJournal&) = delete;

    // Appends the points in one write (committed once it returns). Throws IoError.
    void append(const std::vector<JournalPoint>& points);
    const std::string& path() const { return path_; }

  private:
    std::string path_;
    int fd_ = -1;
};

// Applies the journal at path to result when its key is result's; returns
// the points applied, or -1 when there is no journal or it belongs to
// another surface. Records after a damaged one are ignored.
std::int64_t replayJournal(const std::string& path, LandscapeResult& result);

}  // namespace modescape::landscape

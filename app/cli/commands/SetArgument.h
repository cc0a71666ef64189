#pragma once
// The SET argument of every command that opens a checkpoint set, and
// `--allow-outside`: defined here once, so each command opens its set the
// same way and the flag means the same everywhere.

#include <string>

#include "core/io/set/CheckpointSet.h"
#include "core/io/set/OpenSet.h"
#include "core/jobs/Progress.h"

namespace CLI {
class App;
}

namespace modescape::cli {

class SetArgument {
  public:
    // Adds the required positional SET and the --allow-outside flag.
    void define(CLI::App& app, const std::string& description =
                                   "Checkpoint set: a folder of checkpoints, an "
                                   "archive of them (.tar, .tgz, .tar.zst, .zip) "
                                   "or a folder of archives");

    const std::string& folder() const { return folder_; }
    // What openCheckpointSet() needs to honour --allow-outside.
    io::OpenSetOptions openOptions() const;
    // openCheckpointSet(folder(), context, openOptions()); throws what it throws.
    io::CheckpointSet open(const JobContext& context) const;

  private:
    std::string folder_;
    bool allowOutside_ = false;
};

}  // namespace modescape::cli

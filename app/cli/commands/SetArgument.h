#pragma once
// The SET argument of every command that opens a checkpoint set, with
// `--allow-outside`, `--model SPEC` and `--dataset ROLE=SPEC`: defined here
// once, so each command opens its set the same way and the options mean the
// same everywhere. The command line's model and datasets override the set's
// sidecar and manifest; recognition fills in a model when none is named
// (core/evaluation/SetCompletion.h, docs/recognition.md).

#include <string>
#include <vector>

#include "core/io/set/CheckpointSet.h"
#include "core/io/set/OpenSet.h"
#include "core/io/set/SetOverrides.h"
#include "core/jobs/Progress.h"

namespace CLI {
class App;
}

namespace modescape::cli {

class SetArgument {
  public:
    // Adds the required positional SET, --allow-outside, --model and --dataset.
    void define(CLI::App& app, const std::string& description =
                                   "Checkpoint set: a folder of checkpoints, an "
                                   "archive of them (.tar, .tgz, .tar.zst, .zip) "
                                   "or a folder of archives");
    // The same options with SET optional (`modescape gui [SET]`).
    void defineOptional(CLI::App& app, const std::string& description);
    bool allowOutside() const { return allowOutside_; }

    const std::string& folder() const { return folder_; }
    // What openCheckpointSet() needs to honour --allow-outside.
    io::OpenSetOptions openOptions() const;
    // --model and --dataset as overrides (source "command line"). Throws
    // InvalidArgument naming the option for a malformed one.
    io::SetOverrides overrides() const;
    // openCheckpointSet(folder(), context, openOptions()), then completed with
    // the sidecar, overrides() and recognition; throws what they throw.
    io::CheckpointSet open(const JobContext& context) const;
    // The completion open() applies, for commands whose core opens the set itself.
    void complete(io::CheckpointSet& set) const;

  private:
    void defineOptions(CLI::App& app);

    std::string folder_;
    bool allowOutside_ = false;
    std::string model_;
    std::vector<std::string> datasets_;
};

// "ROLE=SPEC" of --dataset as a set's dataset; relative paths in SPEC are made
// absolute against the current directory (the set's folder would be used
// otherwise). Throws InvalidArgument naming --dataset and the accepted forms.
io::DatasetSpec parseDatasetOption(const std::string& text);

}  // namespace modescape::cli

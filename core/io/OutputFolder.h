#pragma once
// A folder written as a whole (a new checkpoint set, a saved curve) without
// ever losing a user's files:
//  - an existing destination is replaced only when it is empty or holds our
//    own earlier output of the same kind and nothing else (the marker file
//    .modescape-output lists what we wrote), or when the user forces it;
//  - everything is written into a hidden sibling staging folder, which is
//    swapped with the destination in one rename (renameat2 RENAME_EXCHANGE,
//    two renames where the file system lacks it); the old content is removed
//    last, so a failure at any point leaves the old folder or the new one;
//  - the staging folder is removed on failure and on cancellation; one left by
//    a killed run is removed by the next write to the same destination.

#include <filesystem>
#include <functional>
#include <string>

#include <stdio.h>  // ::rename, the default RenameFunction

#include "core/common/Error.h"

namespace modescape::io {

// The kinds of folder Modescape writes; an output replaces only its own kind.
inline constexpr const char* kCheckpointSetOutput = "checkpoint-set";  // make-set, demo
inline constexpr const char* kSymmetrySetOutput = "symmetry-set";      // symmetry --out
inline constexpr const char* kCurveOutput = "curve";                   // connect --save-curve

inline constexpr const char* kOutputMarkerFile = ".modescape-output";

// What an existing destination may hold for it to be replaced.
enum class ReplacePolicy {
    OwnOutputOnly,  // nothing, or our own earlier output of the same kind
    Anything,       // the user passed --force
};

// The destination exists and holds something that is not ours to delete.
class OutputFolderRefused : public IoError {
  public:
    using IoError::IoError;
};

// The check made before any work: folder's parent exists and is writable,
// folder is not a file, and an existing folder may be replaced under policy.
// A missing folder is fine (it is created). Does nothing for an empty path.
// Throws OutputFolderRefused (naming the folder, saying to choose another one
// or pass --force) or IoError.
void checkOutputFolder(const std::string& folder, const std::string& kind,
                       ReplacePolicy policy = ReplacePolicy::OwnOutputOnly);

class OutputFolder {
  public:
    // Runs checkOutputFolder, removes staging folders left by dead runs and
    // creates a fresh, empty staging folder. Throws as checkOutputFolder does.
    OutputFolder(const std::string& folder, const std::string& kind,
                 ReplacePolicy policy = ReplacePolicy::OwnOutputOnly);
    // Removes the staging folder and what was written there unless committed.
    ~OutputFolder();
    OutputFolder(const OutputFolder&) = delete;
    OutputFolder& operator=(const OutputFolder&) = delete;

    // Where to write the content (absolute).
    const std::filesystem::path& staging() const { return staging_; }
    // The destination (absolute; a symbolic link to a folder is followed).
    const std::filesystem::path& target() const { return target_; }

    // Writes the marker, checks the destination again (it may have changed
    // while the content was computed) and swaps the staging folder into place;
    // the old content is deleted last. Throws OutputFolderRefused or IoError;
    // the destination is then unchanged.
    void commit();

  private:
    std::filesystem::path target_, staging_;
    std::string kind_;
    ReplacePolicy policy_;
    bool committed_ = false;
};

namespace detail {

// How commit swaps in a folder when the destination exists. TwoRenames is what
// Exchange falls back to where the file system lacks RENAME_EXCHANGE; it is
// here so that a test can run it on any file system.
enum class SwapMethod { Exchange, TwoRenames };

// Renames like ::rename: 0, or -1 with errno set. A test passes one that fails
// on a chosen call to provoke what a real file system rarely does.
using RenameFunction = std::function<int(const char* from, const char* to)>;

// Moves the folder staging to target, which exists, and returns where the old
// content now is (for the caller to delete). Throws IoError; target then holds
// the old content, or, when TwoRenames can neither move the new content in nor
// the old one back, the old content stays in the set-aside folder the message
// names, which the next OutputFolder for target moves back (never deletes).
std::filesystem::path swapIntoPlace(const std::filesystem::path& staging,
                                    const std::filesystem::path& target, SwapMethod method,
                                    const RenameFunction& rename = &::rename);

}  // namespace detail

}  // namespace modescape::io

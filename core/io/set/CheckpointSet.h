#pragma once
// A checkpoint set as the rest of Modescape sees it once opened: plain data
// (no LibTorch types), so the UI and the CLI can hold and show it freely.
// See docs/checkpoint-set.md for the folder layout and the manifest.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/io/TensorInfo.h"

namespace modescape::io {

namespace archive {
class ArchiveReader;
}

// Group of members that neither a sub-folder nor the manifest places in one.
inline constexpr const char* kUngrouped = "ungrouped";

struct SetMember {
    // Path relative to the set folder with '/' separators; unique in the set,
    // used as the member's name everywhere (selection, CLI, results).
    std::string name;
    std::string path;  // absolute path of the file
    std::string group = kUngrouped;
    std::string format;  // the reader's format(): "safetensors", "torch-zip", ...
    std::uint64_t fileBytes = 0;
    // A member stored in an archive: the archive's absolute path and the
    // entry's index in it (archive::ArchiveReader::entries()); path is then
    // "ARCHIVE/ENTRY", for messages only. archive is empty for a plain file.
    std::string archive;
    std::size_t archiveEntry = 0;
    // seed, epoch, method and any free key-values, as text.
    std::map<std::string, std::string> metadata;

    // metadata[key], or "" when absent.
    std::string value(const std::string& key) const;
};

// One tensor of a member that differs from the reference member.
struct TensorMismatch {
    std::string tensor;
    std::string expected;  // the reference's shape "[32, 2]", or "absent"
    std::string found;     // this member's shape, or "missing"
};

// A file that belongs to the set but was left out, and why.
struct ExcludedMember {
    std::string name;
    std::string path;
    std::string reason;  // the reader's message, or the listed mismatches
    std::vector<TensorMismatch> mismatches;
    // Refused unread because the file lies outside the set folder (PathContainment.h).
    bool outsideSet = false;
};

// An archive the set's members come from (OpenSet.h: one archive, or a folder
// of archives), as `info` shows it.
struct SetArchive {
    std::string path;         // absolute
    std::string kind;         // archive::archiveKindName(): "tar.gz", "zip", ...
    std::size_t entries = 0;  // checkpoint entries in its index
    bool indexFromCache = false;
    // Entries the archive layer left out (symlinks, "..", truncated, ...): name, reason.
    std::vector<std::pair<std::string, std::string>> rejected;
    // Keeps the archive open, and registered with archive::sharedArchive(),
    // while the set lives: reading a member is then a lookup, not a reopen.
    std::shared_ptr<const archive::ArchiveReader> reader;
};

struct ModelSpec {
    enum class Kind { None, TorchScript, Builtin };
    Kind kind = Kind::None;
    std::string path;      // TorchScript: absolute path of the archive
    std::string builtin;   // Builtin: architecture name, e.g. "mlp"
    std::string argsJson;  // Builtin: its arguments as a JSON object text
    // "none", "torchscript: /path/model.pt", "builtin: mlp {...}"
    std::string describe() const;
};

struct DatasetSpec {
    std::string role;  // "train", "test", "validation" or "ood"
    std::string spec;  // e.g. "fashion-mnist:test", "moons:n=1000,seed=0"
};

struct CheckpointSet {
    // Absolute path of the set folder, or of the archive for a one-archive set.
    std::string folder;
    std::string manifestPath;  // empty when the set has no modescape.json
    ModelSpec model;
    std::vector<DatasetSpec> datasets;
    std::string task;
    // Where the model came from: "command line", "sidecar", "manifest",
    // "recognised", or "" when the set has none.
    std::string modelSource;
    // What architecture recognition made of the tensor names and shapes
    // ("resnet18, 10 classes, BatchNorm"), or why it recognised nothing.
    std::string recognition;
    // Normalisation every dataset of the set gets unless its spec names one,
    // as dataset-spec options ("mean=0.4914:0.4822:0.4465,std=0.2023:0.1994:0.2010");
    // a recognised family brings its default. Empty = inputs as loaded.
    std::string defaultNormalization;
    // The parameter list every member shares (names, shapes; dtypes of the
    // reference member), in the reference member's file order.
    std::vector<TensorInfo> tensors;
    std::string referenceMember;  // name of the member the others were checked against
    std::vector<SetMember> members;
    std::vector<ExcludedMember> excluded;
    std::vector<std::string> warnings;
    // The archives the members were read from; empty for a folder of plain files.
    std::vector<SetArchive> archives;

    // The folder relative paths of the set resolve against (datasets, a
    // TorchScript model): folder itself, or the folder holding an archive set.
    std::string baseFolder() const;
    // Elements in one member's state dict (every tensor, buffers included).
    std::int64_t parametersPerMember() const;
    // Group name -> number of members.
    std::map<std::string, std::size_t> groupCounts() const;
    // Group names in the order their first member appears.
    std::vector<std::string> groups() const;
    // The member called name, or nullptr.
    const SetMember* findMember(const std::string& name) const;
};

}  // namespace modescape::io

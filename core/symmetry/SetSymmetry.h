#pragma once
// Symmetry removal of a whole checkpoint set, written as a new set: the job
// behind `modescape symmetry`. Members are read, transformed and written one
// at a time; the new folder is built beside DIR and swapped in at the end
// (io::OutputFolder).

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/io/OutputFolder.h"
#include "core/io/set/OpenSet.h"
#include "core/jobs/Progress.h"
#include "core/symmetry/SymmetryRemoval.h"
#include "core/symmetry/SymmetrySpec.h"

namespace modescape::evaluation {
class LoadedSet;
}

namespace modescape::symmetry {

// The spec for a set's model: the JSON file at specPath when given, else the
// built-in's, else <set>/symmetry.json, else (a TorchScript model) the spec
// inferred from its graph once it passed its function check
// (SetSpecInference.h). Throws InvalidArgument when none applies or the
// inferred spec fails its check, ShapeMismatch when the spec does not fit the
// model, IoError / FormatError for an unreadable spec file.
SymmetrySpec symmetrySpecForSet(const evaluation::LoadedSet& set, const std::string& specPath = "");

// The member that permutation matching aligns every other member to, with its
// scaling symmetry removed: removal.reference, or the set's first member when
// that is empty (filled in). Throws InvalidArgument for an unknown member.
model::ParameterSet matchingReference(const evaluation::LoadedSet& set, const SymmetrySpec& spec,
                                      RemovalOptions& removal);

struct SetSymmetryOptions {
    io::OpenSetOptions open;  // how the source set is opened (members outside it ...)
    // Completes the set once opened (the command line's --model / --dataset,
    // recognition: evaluation::completeSet); none = the set as opened.
    std::function<void(io::CheckpointSet&)> complete;
    RemovalOptions removal;
    std::string specPath;  // empty: see symmetrySpecForSet
    // Compare each member's logits before and after on 8 random inputs (when
    // the spec knows the input shape).
    bool checkFunction = true;
    // An existing output folder is replaced only when it is an earlier
    // symmetry-set output, unless Anything (--force).
    io::ReplacePolicy replace = io::ReplacePolicy::OwnOutputOnly;
};

struct MemberSymmetryReport {
    std::string name;  // member name in both sets (suffix .safetensors)
    std::string group;
    RemovalReport removal;
    double functionDifference = -1;  // relative logit difference; -1 when not checked
};

struct SetSymmetryReport {
    std::string source;
    std::string output;
    std::string settings;   // describeRemoval
    std::string reference;  // matched-to member, when matching
    SymmetrySpec spec;
    std::vector<MemberSymmetryReport> members;
    std::vector<std::string> notes;
};

// Transforms every member of the set at sourceFolder into outFolder (same
// member names with a .safetensors suffix, the same groups and metadata, a
// modescape.json naming the same model and datasets, symmetry.json with the
// spec used and symmetry-report.json). Replaces outFolder only once complete.
// Throws InvalidArgument for an unknown reference member or an outFolder equal
// to the source, io::OutputFolderRefused (before reading the set) for an
// outFolder that may not be replaced, IoError when writing fails, Cancelled
// between members (nothing is left behind then).
SetSymmetryReport symmetrizeSet(const std::string& sourceFolder, const std::string& outFolder,
                                const SetSymmetryOptions& options, const JobContext& context);
// The same for a set already open and completed (options.open and
// options.complete are not used): outFolder is checked and staged first.
SetSymmetryReport symmetrizeSet(const evaluation::LoadedSet& set, const std::string& outFolder,
                                const SetSymmetryOptions& options, const JobContext& context);

nlohmann::json toJson(const SetSymmetryReport& report);

}  // namespace modescape::symmetry

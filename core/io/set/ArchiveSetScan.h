#pragma once
// The members archives hold (core/io/archive): an archive file is a set, and
// so is a folder of archives. Each archive is opened once (its index read from
// the cache, or made in one streaming pass) and registered for later reads
// (archive::sharedArchive); its checkpoint entries become candidates named by
// their entry path, grouped by archive, with the entry's file name as
// metadata (version_17 -> version=17).

#include <string>
#include <vector>

#include "core/io/set/CheckpointSet.h"
#include "core/io/set/SetFolderScan.h"
#include "core/jobs/Progress.h"

namespace modescape::io {

// Files in folder and its sub-folders with an archive suffix
// (archive::hasArchiveSuffix), as candidates (name relative to folder, path
// absolute) in natural order; hidden files and folders are skipped.
std::vector<MemberCandidate> scanFolderArchives(const std::string& folder);

// The archive's file name without its archive suffix: the group of its members.
std::string archiveStem(const std::string& fileName);

struct ArchiveSource {
    std::string path;  // absolute
    std::string name;  // relative to the set folder (the file name for a one-archive set)
};

// Opens every archive (progress: the first `share` of context's range, split
// evenly) and returns its entries as candidates. Each archive gets a
// SetArchive in set.archives; each entry the archive layer rejected an
// ExcludedMember and a warning naming archive, entry and reason. An entry name
// that another archive (or takenNames) also holds is prefixed with its
// archive's name ("A.tgz/run/version_0.safetensors"). An archive that cannot
// be opened at all: rethrown when it is the only one (failSingle), otherwise
// a warning and an ExcludedMember. Throws Cancelled.
std::vector<MemberCandidate> archiveCandidates(const std::vector<ArchiveSource>& archives,
                                               const std::vector<std::string>& takenNames,
                                               const JobContext& context, double share,
                                               bool failSingle, CheckpointSet& set);

}  // namespace modescape::io

#pragma once
// Whether a member file lies inside its set folder once every symlink is
// followed. A set is data someone else may have made: a member that is a link
// to /etc/passwd, or a manifest path such as "../../etc/passwd" or
// "/proc/self/environ", must not make Modescape read (and quote) a file the
// user never chose. Such members are refused unless the user allows files
// outside the set for this run (`--allow-outside`, a confirmation in the GUI).

#include <set>
#include <string>
#include <vector>

#include "core/io/set/CheckpointSet.h"
#include "core/io/set/SetFolderScan.h"

namespace modescape::io {

// True when path, with every symlink followed and "." / ".." resolved, lies
// inside canonicalFolder (itself canonical). resolved receives that canonical
// path (the lexical one when it cannot be resolved, e.g. a dangling link,
// which counts as outside). Reads no file content.
bool resolvesInside(const std::string& canonicalFolder, const std::string& path,
                    std::string& resolved);

// Takes the candidates that resolve outside canonicalFolder out of
// `candidates`. Without allowOutside each becomes an ExcludedMember
// (outsideSet = true) and a warning naming the manifest that lists it (or the
// file, when manifestPath is empty: the folder was scanned) and where it
// leads; its content is never read. With allowOutside they stay, and their names are returned so
// the readers do not quote their content in errors.
std::set<std::string> refuseMembersOutside(std::vector<MemberCandidate>& candidates,
                                           const std::string& canonicalFolder,
                                           const std::string& manifestPath, bool allowOutside,
                                           CheckpointSet& set);

}  // namespace modescape::io

#pragma once
// Checks made on an output location before any work starts, so that a
// misspelt or unwritable --out, --png or --save-curve is reported at once
// instead of after minutes of computing (every subcommand calls these first).

#include <string>

namespace modescape::io {

// A file output (--out FILE, --png FILE): its folder must exist and accept a
// new file, and path must not be a folder. An existing file is fine (outputs
// replace it atomically). Does nothing for an empty path (the option was not
// given). Throws IoError naming path and what to do.
void checkOutputFile(const std::string& path);

// The folder that will receive path (a file or a folder to create): it must
// exist, be a folder and accept a new entry, which is tried by creating and
// removing a hidden probe file (permission bits say nothing for root or on a
// read-only mount). Throws IoError naming path.
void checkParentWritable(const std::string& path);

// A hidden file beside an output that belongs to it (a resume journal, a
// part result): ".NAME" + suffix in the folder of `out`.
std::string sidecarPathFor(const std::string& out, const std::string& suffix);

}  // namespace modescape::io

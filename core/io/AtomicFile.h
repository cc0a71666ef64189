#pragma once
// Writes a file so that readers only ever see the old file or the complete new
// one: the content goes to a temporary file in the same folder, is flushed to
// disk (fsync), then renamed over the target. Every result Modescape writes
// goes through here, so a crash or a full disk never leaves half a file.

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>

namespace modescape::io {

// Calls writer with a stream onto a temporary file beside path, then replaces
// path with it. Throws IoError (naming path) when the folder is not writable,
// the disk is full or the rename fails; the temporary file is removed on any
// failure, including an exception thrown by writer (which is rethrown as is).
void writeFileAtomically(const std::string& path, const std::function<void(std::ostream&)>& writer);

// The same for a block of bytes already in memory.
void writeFileAtomically(const std::string& path, const void* data, std::size_t size);
void writeFileAtomically(const std::string& path, const std::string& bytes);

// Deletes the temporary files of the writes in progress right now. Only for a
// signal handler that ends the process at once (the CLI's second Ctrl-C):
// async-signal-safe, and the interrupted writes must not go on afterwards.
// A temporary file left by a killed process is deleted by the next write of
// the same file instead.
void removeTemporaryFilesInProgress() noexcept;

}  // namespace modescape::io

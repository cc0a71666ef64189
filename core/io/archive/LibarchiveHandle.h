#pragma once
// A libarchive reader handle freed on scope exit, and the glue that lets our
// C++ byte sources (which throw) feed libarchive's C callbacks.

#include <archive.h>
#include <archive_entry.h>

#include <exception>
#include <memory>
#include <string>

#include "core/common/Error.h"

namespace modescape::io::archive {

struct ArchiveFree {
    void operator()(struct archive* handle) const { archive_read_free(handle); }
};
using LibarchiveHandle = std::unique_ptr<struct archive, ArchiveFree>;

inline LibarchiveHandle newLibarchiveReader() {
    LibarchiveHandle handle(archive_read_new());
    if (!handle)
        throw std::bad_alloc();
    return handle;
}

// An exception a callback caught: rethrown once libarchive has returned, when
// it is a cancellation (other faults become the entry's rejection reason).
inline void rethrowIfCancelled(const std::exception_ptr& caught) {
    if (!caught)
        return;
    try {
        std::rethrow_exception(caught);
    } catch (const Cancelled&) {
        throw;
    } catch (...) {
    }
}

inline std::string libarchiveProblem(struct archive* handle) {
    const char* text = archive_error_string(handle);
    return text != nullptr ? text : "unreadable";
}

}  // namespace modescape::io::archive

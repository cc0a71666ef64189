// The indexing pass over a tar stream: libarchive parses the headers of the
// bytes our source inflates; each checkpoint entry's first bytes are read to
// keep its header, the rest is skipped (plain tar: by seeking).

#include <set>

#include "core/io/archive/ArchiveEntryRules.h"
#include "core/io/archive/ArchiveIndexers.h"
#include "core/io/archive/LibarchiveHandle.h"
#include "core/io/archive/TarByteSource.h"

namespace modescape::io::archive {
namespace {

constexpr const char* kRestOfArchive = "(rest of the archive)";

struct CallbackState {
    TarByteSource* source = nullptr;
    std::exception_ptr caught;
};

la_ssize_t readBlock(struct archive* handle, void* client, const void** buffer) {
    auto* state = static_cast<CallbackState*>(client);
    try {
        const auto [data, size] = state->source->next();
        *buffer = data;
        return static_cast<la_ssize_t>(size);
    } catch (const std::exception& error) {
        state->caught = std::current_exception();
        const std::string& fault = state->source->fault();
        archive_set_error(handle, EIO, "%s", fault.empty() ? error.what() : fault.c_str());
        return -1;
    }
}

la_int64_t skipBytes(struct archive*, void* client, la_int64_t request) {
    auto* state = static_cast<CallbackState*>(client);
    try {
        return static_cast<la_int64_t>(state->source->skip(static_cast<std::uint64_t>(request)));
    } catch (const std::exception&) {
        state->caught = std::current_exception();
        return 0;
    }
}

std::uint64_t paddedTo512(std::uint64_t size) {
    return (size + 511) / 512 * 512;
}

std::unique_ptr<TarByteSource> makeSource(const ArchiveFile& file, ArchiveKind kind,
                                          const JobContext& context) {
    switch (kind) {
        case ArchiveKind::TarGzip:
            return makeGzipTarSource(file, context);
        case ArchiveKind::TarZstd:
            return makeZstdTarSource(file, context);
        default:
            return makePlainTarSource(file, context);
    }
}

// A checkpoint entry whose data has been seen start but not yet end: it is
// kept once the next header (or the archive's end) is reached.
struct PendingEntry {
    ArchiveEntry entry;
    std::uint64_t dataStart = 0;
};

class TarPass {
  public:
    TarPass(const ArchiveFile& file, ArchiveKind kind, const JobContext& context)
        : file_(file), source_(makeSource(file, kind, context)) {
        index_.kind = kind;
        state_.source = source_.get();
    }

    ArchiveIndex run() {
        archive_read_support_format_tar(handle_.get());
        if (archive_read_open2(handle_.get(), &state_, nullptr, readBlock,
                               index_.kind == ArchiveKind::Tar ? skipBytes : nullptr,
                               nullptr) != ARCHIVE_OK) {
            rethrowIfCancelled(state_.caught);
            throw FormatError(file_.path(), "cannot be read as a " + archiveKindName(index_.kind) +
                                                " archive (" + libarchiveProblem(handle_.get()) +
                                                ")");
        }
        bool first = true;
        for (;;) {
            struct archive_entry* entry = nullptr;
            const int result = archive_read_next_header(handle_.get(), &entry);
            rethrowIfCancelled(state_.caught);
            const auto headerAt =
                static_cast<std::uint64_t>(archive_read_header_position(handle_.get()));
            if (result != ARCHIVE_OK && result != ARCHIVE_WARN && result != ARCHIVE_EOF) {
                stopAtFault(first);
                break;
            }
            if (pending_)
                keepPending(headerAt - paddedTo512(pending_->entry.size));
            if (result == ARCHIVE_EOF) {
                checkStreamEnd();
                break;
            }
            first = false;
            if (!takeEntry(entry))
                break;
        }
        index_.accessPoints = source_->takeAccessPoints();
        if (index_.entries.empty() && index_.rejected.empty())
            throw FormatError(file_.path(), "holds no checkpoint (no .safetensors entry)");
        return std::move(index_);
    }

  private:
    void keepPending(std::uint64_t dataStart) {
        index_.entries.push_back(std::move(pending_->entry));
        index_.locations.push_back({dataStart, 0, 0});
        pending_.reset();
    }

    // The tar's end marker may come before the stream's end, where gzip keeps
    // its checksum: read on to it. A checksum mismatch says the archive is
    // damaged somewhere without saying where, so no entry can be trusted.
    void checkStreamEnd() {
        try {
            while (source_->next().second > 0) {
            }
        } catch (const FormatError&) {
            if (source_->truncated())
                return;  // every entry and the end marker came through whole
            for (const ArchiveEntry& entry : index_.entries)
                reject(entry.name, source_->fault() +
                                       "; the archive is damaged somewhere, so none of its "
                                       "entries can be trusted");
            index_.entries.clear();
            index_.locations.clear();
        }
    }

    void reject(const std::string& name, const std::string& reason) {
        index_.rejected.push_back({name, reason});
    }

    // The stream or a header failed: the entry being read is kept only when
    // all its bytes came through a stream that is merely cut short.
    void stopAtFault(bool first) {
        const std::string problem = libarchiveProblem(handle_.get());
        const bool corrupt = !source_->fault().empty() && !source_->truncated();
        if (first && !pending_ && index_.rejected.empty())
            throw FormatError(file_.path(), "cannot be read as a " + archiveKindName(index_.kind) +
                                                " archive (" + problem + ")");
        if (pending_) {
            const std::uint64_t end = pending_->dataStart + pending_->entry.size;
            if (!source_->truncated()) {
                // The damage may have begun inside this entry's data.
                reject(pending_->entry.name,
                       (corrupt ? source_->fault()
                                : "the archive is damaged right after it (" + problem + ")") +
                           "; nothing after this entry can be read");
                pending_.reset();
                return;
            }
            if (source_->produced() < end) {
                reject(pending_->entry.name, "the archive ends inside this entry");
                pending_.reset();
                return;
            }
            keepPending(pending_->dataStart);
        }
        reject(kRestOfArchive,
               source_->truncated() ? "the archive ends early (it is truncated)" : problem);
    }

    // Classifies one header; false when the stream failed inside the entry.
    bool takeEntry(struct archive_entry* entry) {
        const char* stored = archive_entry_pathname(entry);
        const std::string name = normalisedEntryName(stored != nullptr ? stored : "");
        const EntryVerdict verdict = classifyEntry(entry, name, names_.count(name) > 0);
        if (verdict.action == EntryVerdict::Action::Reject)
            reject(name, verdict.reason);
        if (verdict.action != EntryVerdict::Action::ReadHead)
            return true;
        names_.insert(name);
        return readHead(name, static_cast<std::uint64_t>(archive_entry_size(entry)));
    }

    bool readHead(const std::string& name, std::uint64_t size) {
        std::string head;
        std::uint64_t wanted = std::min<std::uint64_t>(size, 8);
        std::uint64_t dataStart = 0;
        bool first = true;
        while (head.size() < wanted) {
            const void* block = nullptr;
            std::size_t length = 0;
            la_int64_t offset = 0;
            const int result = archive_read_data_block(handle_.get(), &block, &length, &offset);
            rethrowIfCancelled(state_.caught);
            if (first) {
                // libarchive consumes a block only when asked for the next one,
                // so the stream position is now the start of this entry's data.
                dataStart = static_cast<std::uint64_t>(archive_filter_bytes(handle_.get(), 0));
                first = false;
            }
            if (result == ARCHIVE_EOF)
                break;
            if (result != ARCHIVE_OK && result != ARCHIVE_WARN) {
                const bool corrupt = !source_->fault().empty() && !source_->truncated();
                reject(name, corrupt ? source_->fault() + "; nothing after this entry can be read"
                                     : "the archive ends inside this entry");
                return false;
            }
            head.append(static_cast<const char*>(block), length);
            if (wanted == 8 && head.size() >= 8)
                wanted = checkpointHeadSize(reinterpret_cast<const unsigned char*>(head.data()), 8,
                                            size);
        }
        if (head.size() > wanted)
            head.resize(static_cast<std::size_t>(wanted));
        if (const std::string problem = checkpointHeadProblem(name, head, size); !problem.empty()) {
            reject(name, problem);
            return true;
        }
        source_->entryDataStartsAt(dataStart);
        pending_ = PendingEntry{{name, size, std::move(head)}, dataStart};
        return true;
    }

    const ArchiveFile& file_;
    std::unique_ptr<TarByteSource> source_;
    CallbackState state_;
    LibarchiveHandle handle_ = newLibarchiveReader();
    ArchiveIndex index_;
    std::optional<PendingEntry> pending_;
    std::set<std::string> names_;
};

}  // namespace

ArchiveIndex indexTarArchive(const ArchiveFile& file, ArchiveKind kind, const JobContext& context) {
    return TarPass(file, kind, context).run();
}

}  // namespace modescape::io::archive

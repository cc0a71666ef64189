// The indexing pass over a zip archive: libarchive (seekable zip, which
// trusts the central directory) lists the entries and inflates each
// checkpoint once, so its header is kept and its CRC-32 known; where its
// data lies (and whether it is stored or deflated) is found there too and
// checked against those bytes, so that later reads go straight to it.

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/io/Crc32.h"
#include "core/io/archive/ArchiveEntryRules.h"
#include "core/io/archive/ArchiveIndexers.h"
#include "core/io/archive/EntryReaders.h"
#include "core/io/archive/LibarchiveHandle.h"

namespace modescape::io::archive {
namespace {

constexpr std::uint64_t kReportEveryBytes = 4ull << 20;

// Whether the entry's first bytes (head) are found at offset, stored or
// deflated: the method, or kZipViaLibarchive.
std::uint32_t methodFoundAt(const ArchiveFile& file, std::uint64_t offset,
                            const std::string& head) {
    std::string stored(head.size(), '\0');
    if (file.readAt(stored.data(), stored.size(), offset) == stored.size() && stored == head)
        return 0;
    try {
        if (inflateRawPrefix(file, offset, head.size()) == head)
            return 8;
    } catch (const FormatError&) {
    }
    return kZipViaLibarchive;
}

class ZipPass {
  public:
    ZipPass(const ArchiveFile& file, const JobContext& context)
        : file_(file), reading_(file.path()), context_(context) {
        index_.kind = ArchiveKind::Zip;
    }

    ArchiveIndex run() {
        archive_read_support_format_zip_seekable(handle_.get());
        if (archive_read_open_fd(handle_.get(), reading_.fd(), 1 << 16) != ARCHIVE_OK)
            throw FormatError(file_.path(), "cannot be read as a zip archive (" +
                                                libarchiveProblem(handle_.get()) + ")");
        for (;;) {
            struct archive_entry* entry = nullptr;
            const int result = archive_read_next_header(handle_.get(), &entry);
            if (result == ARCHIVE_EOF)
                break;
            if (result != ARCHIVE_OK && result != ARCHIVE_WARN) {
                const std::string problem = libarchiveProblem(handle_.get());
                if (index_.entries.empty() && index_.rejected.empty())
                    throw FormatError(file_.path(),
                                      "cannot be read as a zip archive (" + problem + ")");
                index_.rejected.push_back({"(rest of the archive)", problem});
                break;
            }
            const char* stored = archive_entry_pathname(entry);
            const std::string name = normalisedEntryName(stored != nullptr ? stored : "");
            const EntryVerdict verdict = classifyEntry(entry, name, names_.count(name) > 0);
            if (verdict.action == EntryVerdict::Action::Reject)
                index_.rejected.push_back({name, verdict.reason});
            if (verdict.action != EntryVerdict::Action::ReadHead)
                continue;
            names_.insert(name);
            readEntry(name, static_cast<std::uint64_t>(archive_entry_size(entry)));
        }
        if (index_.entries.empty() && index_.rejected.empty())
            throw FormatError(file_.path(), "holds no checkpoint (no .safetensors entry)");
        return std::move(index_);
    }

  private:
    // Reads the whole entry once: its header, its CRC-32 and where it lies.
    void readEntry(const std::string& name, std::uint64_t size) {
        std::string head;
        std::uint64_t wanted = std::min<std::uint64_t>(size, 8);
        std::uint64_t total = 0;
        std::uint32_t crc = 0;
        // The zip reader has consumed the local header: the data starts here.
        // (Checked below against the bytes read, before it is relied on.)
        const auto dataStart = static_cast<std::uint64_t>(archive_filter_bytes(handle_.get(), 0));
        for (;;) {
            const void* block = nullptr;
            std::size_t length = 0;
            la_int64_t offset = 0;
            const int result = archive_read_data_block(handle_.get(), &block, &length, &offset);
            if (result == ARCHIVE_EOF)
                break;
            if (result != ARCHIVE_OK && result != ARCHIVE_WARN) {
                index_.rejected.push_back(
                    {name, "its data is damaged (" + libarchiveProblem(handle_.get()) + ")"});
                return;
            }
            if (length > 0)
                crc = crc32Of(block, length, crc);
            total += length;
            for (std::size_t used = 0; head.size() < wanted && used < length;) {
                const std::size_t take = std::min<std::size_t>(
                    length - used, static_cast<std::size_t>(wanted - head.size()));
                head.append(static_cast<const char*>(block) + used, take);
                used += take;
                if (wanted == 8 && head.size() == 8)
                    wanted = checkpointHeadSize(reinterpret_cast<const unsigned char*>(head.data()),
                                                8, size);
            }
            reportProgress(length);
        }
        if (total != size) {
            index_.rejected.push_back({name, "the archive ends inside this entry"});
            return;
        }
        if (const std::string problem = checkpointHeadProblem(name, head, size); !problem.empty()) {
            index_.rejected.push_back({name, problem});
            return;
        }
        const std::uint32_t method = methodFoundAt(file_, dataStart, head);
        index_.entries.push_back({name, size, std::move(head)});
        index_.locations.push_back({dataStart, method, crc});
    }

    void reportProgress(std::uint64_t bytes) {
        sinceReport_ += bytes;
        if (sinceReport_ < kReportEveryBytes)
            return;
        sinceReport_ = 0;
        context_.checkCancelled();
        const auto position = static_cast<std::uint64_t>(
            std::max<la_int64_t>(archive_filter_bytes(handle_.get(), -1), 0));
        const std::uint64_t total = std::max<std::uint64_t>(file_.identity().size, 1);
        context_.report(static_cast<double>(std::min(position, total)) / static_cast<double>(total),
                        "indexing " + std::filesystem::path(file_.path()).filename().string() +
                            ": " + std::to_string(position >> 20) + " of " +
                            std::to_string(total >> 20) + " MB");
    }

    const ArchiveFile& file_;
    const ArchiveFile reading_;  // libarchive's own descriptor (it seeks)
    const JobContext& context_;
    LibarchiveHandle handle_ = newLibarchiveReader();
    ArchiveIndex index_;
    std::set<std::string> names_;
    std::uint64_t sinceReport_ = 0;
};

}  // namespace

ArchiveIndex indexZipArchive(const ArchiveFile& file, const JobContext& context) {
    return ZipPass(file, context).run();
}

}  // namespace modescape::io::archive

#include "core/io/set/ArchiveSetScan.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <memory>
#include <system_error>

#include "core/common/Error.h"
#include "core/io/archive/ArchiveReader.h"
#include "core/io/set/NameMetadata.h"

namespace modescape::io {
namespace {

namespace fs = std::filesystem;

bool endsWithNoCase(const std::string& s, const std::string& suffix) {
    if (s.size() < suffix.size())
        return false;
    for (std::size_t i = 0; i < suffix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i])
            return false;
    return true;
}

// One opened archive with the source it came from.
struct OpenedArchive {
    ArchiveSource source;
    std::shared_ptr<const archive::ArchiveReader> reader;
};

// Opens one archive with its progress mapped into [from, to) of context.
std::shared_ptr<const archive::ArchiveReader> openOne(const ArchiveSource& source,
                                                      const JobContext& context, double from,
                                                      double to) {
    JobContext part = context;
    part.progress = [&context, &source, from, to](double f, const std::string& message) {
        context.report(from + (to - from) * std::clamp(f, 0.0, 1.0), source.name + ": " + message);
    };
    context.report(from, "opening " + source.name);
    return archive::sharedArchive(source.path, part, archive::defaultArchiveOptions());
}

void recordArchive(const std::shared_ptr<const archive::ArchiveReader>& opened,
                   const ArchiveSource& source, CheckpointSet& set) {
    const archive::ArchiveReader& reader = *opened;
    SetArchive record;
    record.reader = opened;
    record.path = source.path;
    record.kind = archive::archiveKindName(reader.kind());
    record.entries = reader.entries().size();
    record.indexFromCache = reader.indexFromCache();
    for (const archive::RejectedEntry& r : reader.rejected()) {
        record.rejected.emplace_back(r.name, r.reason);
        const std::string path = source.path + "/" + r.name;
        set.warnings.push_back(source.path + ": entry " + r.name +
                               " left out of the set: " + r.reason);
        set.excluded.push_back({r.name, path, r.reason, {}});
    }
    set.archives.push_back(std::move(record));
}

}  // namespace

std::string archiveStem(const std::string& fileName) {
    for (const char* suffix : {".tar.gz", ".tar.zst", ".tgz", ".tzst", ".tar", ".zip"})
        if (endsWithNoCase(fileName, suffix) && fileName.size() > std::string(suffix).size())
            return fileName.substr(0, fileName.size() - std::string(suffix).size());
    return fileName;
}

std::vector<MemberCandidate> scanFolderArchives(const std::string& folder) {
    return listVisibleFiles(folder, archive::hasArchiveSuffix);
}

std::vector<MemberCandidate> archiveCandidates(const std::vector<ArchiveSource>& archives,
                                               const std::vector<std::string>& takenNames,
                                               const JobContext& context, double share,
                                               bool failSingle, CheckpointSet& set) {
    std::vector<OpenedArchive> opened;
    for (std::size_t i = 0; i < archives.size(); ++i) {
        context.checkCancelled();
        const double from = share * double(i) / double(archives.size());
        const double to = share * double(i + 1) / double(archives.size());
        try {
            auto reader = openOne(archives[i], context, from, to);
            recordArchive(reader, archives[i], set);
            opened.push_back({archives[i], std::move(reader)});
        } catch (const Cancelled&) {
            throw;
        } catch (const Error& e) {
            if (failSingle && archives.size() == 1)
                throw;
            set.warnings.push_back(std::string(e.what()) + " (the archive is left out of the set)");
            set.excluded.push_back({archives[i].name, archives[i].path, e.what(), {}});
        }
    }

    // Entry names held more than once (across archives, or by a plain file) get prefixed.
    std::map<std::string, int> uses;
    for (const std::string& name : takenNames)
        ++uses[name];
    for (const OpenedArchive& a : opened)
        for (const archive::ArchiveEntry& e : a.reader->entries())
            ++uses[e.name];

    std::vector<MemberCandidate> found;
    for (const OpenedArchive& a : opened) {
        const std::string group = archiveStem(fs::path(a.source.name).filename().string());
        const auto& entries = a.reader->entries();
        for (std::size_t k = 0; k < entries.size(); ++k) {
            MemberCandidate c;
            c.name =
                uses[entries[k].name] > 1 ? a.source.name + "/" + entries[k].name : entries[k].name;
            c.path = a.source.path + "/" + entries[k].name;
            c.group = group;
            c.metadata = metadataFromFileName(fs::path(entries[k].name).stem().string());
            c.archive = a.source.path;
            c.archiveEntry = k;
            c.entryBytes = entries[k].size;
            found.push_back(std::move(c));
        }
    }
    return found;
}

}  // namespace modescape::io

// Entry filtering: regular files with a checkpoint suffix and a safetensors
// header are entries; unsafe paths and other checkpoints are rejected.

#include "core/io/archive/ArchiveEntryRules.h"

#include <archive_entry.h>

#include <algorithm>
#include <cctype>

#include "core/common/Error.h"
#include "core/io/CheckpointFile.h"
#include "core/io/safetensors/SafetensorsReader.h"

namespace modescape::io::archive {

std::string normalisedEntryName(const std::string& stored) {
    std::string name = stored;
    while (name.rfind("./", 0) == 0)
        name.erase(0, 2);
    return name;
}

std::string entryPathProblem(const std::string& name) {
    if (name.empty())
        return "its path is empty";
    if (name.front() == '/' || name.front() == '\\')
        return "its path is absolute";
    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t end = name.find_first_of("/\\", start);
        if (end == std::string::npos)
            end = name.size();
        if (name.compare(start, end - start, "..") == 0 && end - start == 2)
            return "its path leaves the archive (..)";
        start = end + 1;
    }
    return {};
}

bool hasCheckpointSuffix(const std::string& name) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const std::string& suffix : checkpointSuffixes())
        if (lower.size() > suffix.size() &&
            lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0)
            return true;
    return false;
}

std::uint64_t checkpointHeadSize(const unsigned char* first8, std::size_t available,
                                 std::uint64_t entrySize) {
    if (available < 8)
        return available;
    std::uint64_t headerSize = 0;
    for (int i = 7; i >= 0; --i)
        headerSize = (headerSize << 8) | first8[i];
    if (headerSize > kMaxSafetensorsHeaderBytes || headerSize > entrySize - 8)
        return 8;
    return 8 + headerSize;
}

std::string checkpointHeadProblem(const std::string& name, const std::string& head,
                                  std::uint64_t entrySize) {
    const bool namedSafetensors =
        name.size() > 12 && std::equal(name.end() - 12, name.end(), ".safetensors",
                                       [](char a, char b) { return std::tolower(a) == b; });
    try {
        parseSafetensorsHeader(head.data(), head.size(), entrySize, name);
        return {};
    } catch (const FormatError& error) {
        // FormatError's text starts with "NAME: "; the caller names the entry.
        std::string problem = error.what();
        if (problem.rfind(name + ": ", 0) == 0)
            problem.erase(0, name.size() + 2);
        if (namedSafetensors)
            return "not a checkpoint: " + problem;
        const bool torchZip = head.size() >= 2 && head[0] == 'P' && head[1] == 'K';
        const bool pickle = !head.empty() && static_cast<unsigned char>(head[0]) == 0x80;
        return std::string("only safetensors checkpoints are read from archives; ") +
               (torchZip || pickle ? "this is a torch.save file (extract it to open it)"
                                   : "this entry is not one (" + problem + ")");
    }
}

EntryVerdict classifyEntry(struct archive_entry* entry, const std::string& name,
                           bool nameAlreadyTaken) {
    using Action = EntryVerdict::Action;
    const auto type = archive_entry_filetype(entry);
    if (type == AE_IFDIR)
        return {Action::Skip, {}};
    if (archive_entry_hardlink(entry) != nullptr)
        return {Action::Reject, "a hard link (only regular files are read)"};
    if (type == AE_IFLNK)
        return {Action::Reject, "a symbolic link (only regular files are read)"};
    if (type != AE_IFREG)
        return {Action::Reject, "not a regular file"};
    if (std::string problem = entryPathProblem(name); !problem.empty())
        return {Action::Reject, std::move(problem)};
    if (!hasCheckpointSuffix(name))
        return {Action::Skip, {}};
    if (archive_entry_sparse_count(entry) > 0)
        return {Action::Reject, "a sparse file (its data is not stored in one piece)"};
    if (nameAlreadyTaken)
        return {Action::Reject, "a second entry of the same name (the first one is read)"};
    if (archive_entry_size_is_set(entry) == 0)
        return {Action::Reject, "its size is not recorded in the archive"};
    return {Action::ReadHead, {}};
}

}  // namespace modescape::io::archive

#include "core/io/set/OpenSet.h"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <map>
#include <set>
#include <system_error>
#include <unordered_map>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/io/archive/ArchiveReader.h"
#include "core/io/set/ArchiveSetScan.h"
#include "core/io/set/OpenMember.h"
#include "core/io/set/PathContainment.h"
#include "core/io/set/ReferenceChoice.h"
#include "core/io/set/SetFolderScan.h"
#include "core/io/set/SetManifest.h"

namespace modescape::io {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMismatchesListed = 5;
// An archive set's sidecar manifest: A.tgz.modescape.json beside A.tgz.
constexpr const char* kArchiveManifestSuffix = ".modescape.json";
// Share of the progress bar the archives' indexing takes (the headers are then cheap).
constexpr double kArchiveProgressShare = 0.9;
constexpr const char* kSetKinds =
    "a checkpoint set is a folder of checkpoint files, an archive of them (.tar, .tar.gz, "
    ".tgz, .tar.zst, .zip), or a folder of such archives";

std::string suffixList() {
    std::string s;
    for (const std::string& suffix : checkpointSuffixes())
        s += (s.empty() ? "" : ", ") + suffix;
    return s;
}

// The manifest's members that an archive holds (by member or entry name) or
// that exist on disk; a warning for each that does not.
std::vector<MemberCandidate> manifestCandidates(const SetManifest& manifest,
                                                const std::string& folder,
                                                const std::string& manifestPath,
                                                const std::vector<MemberCandidate>& inArchives,
                                                bool archiveOnly, CheckpointSet& set) {
    std::map<std::string, const MemberCandidate*> archived;
    for (const MemberCandidate& c : inArchives) {
        archived.emplace(c.name, &c);
        archived.emplace(c.path.substr(c.archive.size() + 1), &c);  // the entry name
    }
    std::vector<MemberCandidate> found;
    std::set<std::string> seen;
    for (const ManifestMember& m : manifest.members) {
        const fs::path file(m.file);
        if (const auto it = archived.find(file.lexically_normal().generic_string());
            it != archived.end()) {
            MemberCandidate c = *it->second;
            if (!seen.insert(c.name).second) {
                set.warnings.push_back(manifestPath + ": lists " + c.name +
                                       " twice; the first entry is used");
                continue;
            }
            if (!m.group.empty())
                c.group = m.group;
            for (const auto& [key, value] : m.metadata)
                c.metadata[key] = value;
            found.push_back(std::move(c));
            continue;
        }
        if (archiveOnly) {
            set.warnings.push_back(manifestPath + ": lists " + m.file + ", but " + folder +
                                   " holds no such entry; it is left out of the set");
            continue;
        }
        const fs::path full =
            (file.is_absolute() ? file : fs::path(folder) / file).lexically_normal();
        MemberCandidate c;
        c.path = full.string();
        c.name =
            file.is_absolute() ? full.generic_string() : file.lexically_normal().generic_string();
        if (!seen.insert(c.name).second) {
            set.warnings.push_back(manifestPath + ": lists " + c.name +
                                   " twice; the first entry is used");
            continue;
        }
        std::error_code ec;
        if (!fs::is_regular_file(full, ec)) {
            set.warnings.push_back(manifestPath + ": lists " + c.name + ", but " + c.path +
                                   " does not exist; it is left out of the set");
            continue;
        }
        c.group = m.group.empty() ? groupFromRelativePath(c.name) : m.group;
        c.metadata = m.metadata;
        found.push_back(std::move(c));
    }
    if (found.empty())
        throw FormatError(manifestPath,
                          manifest.members.empty()
                              ? "\"members\" is empty; list the checkpoints, or remove "
                                "\"members\" to take every checkpoint in the folder"
                              : "none of the " + std::to_string(manifest.members.size()) +
                                    " checkpoint files it lists exists in " + folder +
                                    (archiveOnly ? "; fix the \"file\" names (entry paths in the "
                                                   "archive)"
                                                 : "; fix the \"file\" paths (relative to the set "
                                                   "folder)"));
    return found;
}

// Differences between a member's tensors and the reference list, in the reference's order.
std::vector<TensorMismatch> compareTensors(
    const std::vector<TensorInfo>& reference,
    const std::unordered_map<std::string, std::size_t>& index,
    const std::vector<TensorInfo>& found) {
    std::vector<TensorMismatch> mismatches;
    // Fast path: the same names and shapes in the same order (the usual case).
    if (found.size() == reference.size()) {
        bool same = true;
        for (std::size_t i = 0; same && i < found.size(); ++i)
            same = found[i].name == reference[i].name && found[i].shape == reference[i].shape;
        if (same)
            return mismatches;
    }
    std::vector<bool> present(reference.size(), false);
    for (const TensorInfo& t : found) {
        const auto it = index.find(t.name);
        if (it == index.end()) {
            mismatches.push_back({t.name, "absent", shapeToString(t.shape)});
            continue;
        }
        present[it->second] = true;
        const TensorInfo& r = reference[it->second];
        if (r.shape != t.shape)
            mismatches.push_back({t.name, shapeToString(r.shape), shapeToString(t.shape)});
    }
    for (std::size_t i = 0; i < reference.size(); ++i)
        if (!present[i])
            mismatches.push_back({reference[i].name, shapeToString(reference[i].shape), "missing"});
    return mismatches;
}

std::string describeMismatches(const std::vector<TensorMismatch>& mismatches,
                               const std::string& reference) {
    std::string text = "its tensors differ from " + reference + "'s: ";
    for (std::size_t i = 0; i < mismatches.size() && i < kMismatchesListed; ++i) {
        const TensorMismatch& m = mismatches[i];
        text += (i ? "; " : "") + std::string("tensor '") + m.tensor + "' expected " + m.expected +
                ", found " + m.found;
    }
    if (mismatches.size() > kMismatchesListed)
        text +=
            "; and " + std::to_string(mismatches.size() - kMismatchesListed) + " more differences";
    return text;
}

// Keys a checkpoint's own metadata may contribute when the name or the manifest did not.
void adoptCheckpointMetadata(const std::map<std::string, std::string>& own, SetMember& member) {
    for (const char* key : {"seed", "epoch", "step", "global_step", "method"}) {
        const auto it = own.find(key);
        if (it != own.end() && !member.metadata.count(key))
            member.metadata[key] = it->second;
    }
}

// One candidate after its header was read: the tensor list, or why it could not be read.
struct MemberHeader {
    SetMember member;
    std::vector<TensorInfo> tensors;
    std::string failure;  // the reader's message; empty when the header was read
};

MemberHeader readHeader(MemberCandidate c, OpenOptions options, bool insideSet) {
    MemberHeader h;
    h.member.name = std::move(c.name);
    h.member.path = std::move(c.path);
    h.member.group = std::move(c.group);
    h.member.metadata = std::move(c.metadata);
    // A file outside the set (allowed for this run) is not ours to quote in messages.
    options.quoteHead = options.quoteHead && insideSet;
    h.member.archive = std::move(c.archive);
    h.member.archiveEntry = c.archiveEntry;
    try {
        // An archive member's header comes from the archive's index: no archive read.
        const std::unique_ptr<CheckpointFile> file = openMember(h.member, options);
        h.member.format = file->format();
        adoptCheckpointMetadata(file->metadata(), h.member);
        h.tensors = file->tensors();
    } catch (const Cancelled&) {
        throw;
    } catch (const Error& e) {
        h.failure = e.what();
        return h;
    }
    if (!h.member.archive.empty()) {
        h.member.fileBytes = c.entryBytes;
        return h;
    }
    std::error_code ec;
    h.member.fileBytes = fs::file_size(h.member.path, ec);
    if (ec)
        h.member.fileBytes = 0;
    return h;
}

// The manifest's "reference" when it names a readable member, else the shape
// signature most readable members share (ReferenceChoice.h); nullptr when no
// member could be read.
const MemberHeader* chooseReferenceHeader(const std::vector<MemberHeader>& headers,
                                          const SetManifest& manifest,
                                          const std::string& manifestPath, CheckpointSet& set) {
    if (!manifest.reference.empty()) {
        const std::string wanted = fs::path(manifest.reference).lexically_normal().generic_string();
        const auto named = std::find_if(headers.begin(), headers.end(), [&](const MemberHeader& h) {
            return h.member.name == wanted;
        });
        if (named == headers.end())
            set.warnings.push_back(manifestPath + ": the reference " + wanted +
                                   " is not a member; the shape most members share decides");
        else if (named->failure.empty())
            return &*named;
        // An unreadable reference is reported with its reader's message below.
    }
    std::vector<const MemberHeader*> readable;
    std::vector<const std::vector<TensorInfo>*> lists;
    for (const MemberHeader& h : headers)
        if (h.failure.empty()) {
            readable.push_back(&h);
            lists.push_back(&h.tensors);
        }
    return readable.empty() ? nullptr : readable[chooseReference(lists)];
}

}  // namespace

CheckpointSet openCheckpointSet(const std::string& folderArg, const JobContext& context,
                                const OpenSetOptions& options) {
    std::error_code ec;
    if (!fs::exists(folderArg, ec))
        throw IoError(folderArg, std::string("no such file or folder; ") + kSetKinds);
    const bool isFolder = fs::is_directory(folderArg, ec);
    if (!isFolder && !archive::sniffArchive(folderArg))
        throw FormatError(folderArg, std::string("neither a folder nor an archive; ") + kSetKinds);
    CheckpointSet set;
    const fs::path canonical = fs::canonical(folderArg, ec);
    set.folder = ec ? fs::absolute(folderArg).lexically_normal().string() : canonical.string();
    const std::string base = isFolder ? set.folder : fs::path(set.folder).parent_path().string();
    context.report(0.0, "listing " + set.folder);

    // 1. The manifest (a folder's modescape.json, an archive's sidecar
    // A.tgz.modescape.json), when there is one, then the candidate members.
    const std::string manifestPath = isFolder ? (fs::path(set.folder) / kManifestFileName).string()
                                              : set.folder + kArchiveManifestSuffix;
    SetManifest manifest;
    if (fs::exists(manifestPath, ec)) {
        manifest = readManifest(manifestPath, base);
        set.manifestPath = manifestPath;
        set.warnings = manifest.warnings;
    }
    set.model = manifest.model;
    set.datasets = manifest.datasets;
    set.task = manifest.task;

    // Archives: the one given, or those in the folder (each checked to lie inside it).
    std::vector<ArchiveSource> archives;
    std::vector<MemberCandidate> plain;
    if (isFolder) {
        if (!manifest.listsMembers)
            plain = scanSetFolder(set.folder);
        std::vector<MemberCandidate> files = scanFolderArchives(set.folder);
        refuseMembersOutside(files, set.folder, "", options.allowOutside, set);
        for (const MemberCandidate& f : files)
            archives.push_back({f.path, f.name});
    } else {
        archives.push_back({set.folder, fs::path(set.folder).filename().string()});
    }
    std::vector<std::string> plainNames;
    for (const MemberCandidate& c : plain)
        plainNames.push_back(c.name);
    const double archiveShare = archives.empty() ? 0.0 : kArchiveProgressShare;
    std::vector<MemberCandidate> inArchives =
        archiveCandidates(archives, plainNames, context, archiveShare, !isFolder, set);

    std::vector<MemberCandidate> candidates;
    if (manifest.listsMembers) {
        candidates =
            manifestCandidates(manifest, set.folder, manifestPath, inArchives, !isFolder, set);
    } else {
        candidates = std::move(plain);
        std::move(inArchives.begin(), inArchives.end(), std::back_inserter(candidates));
    }
    if (manifest.model.kind == ModelSpec::Kind::TorchScript)
        removeModelFile(candidates, manifest.model.path, manifest.listsMembers, set.warnings);
    if (candidates.empty() && !set.excluded.empty()) {
        const std::string message =
            "no checkpoint could be read; the first problem: " + set.excluded.front().reason;
        for (const ExcludedMember& e : set.excluded)
            if (e.outsideSet)
                throw MembersOutsideSet(set.folder, message, set.excluded);
        throw FormatError(set.folder, message);
    }
    if (candidates.empty())
        throw IoError(set.folder, "no checkpoint files found (looked for " + suffixList() +
                                      " and archives in the folder and its sub-folders); put "
                                      "checkpoints there, or list them in a modescape.json "
                                      "manifest");
    const std::size_t total = candidates.size() + set.excluded.size();
    const std::set<std::string> outside =
        refuseMembersOutside(candidates, set.folder, set.manifestPath, options.allowOutside, set);

    // 2. Every member's header, read once and kept until the reference is chosen.
    std::vector<MemberHeader> headers(candidates.size());
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        context.checkCancelled();
        context.report(
            archiveShare + (1.0 - archiveShare) * double(i) / double(candidates.size()),
            "reading header " + std::to_string(i + 1) + " of " + std::to_string(candidates.size()));
        const bool inside = outside.count(candidates[i].name) == 0;
        headers[i] = readHeader(std::move(candidates[i]), options.checkpoint, inside);
    }

    // 3. The reference, then every member checked against its parameter list.
    const MemberHeader* reference = chooseReferenceHeader(headers, manifest, manifestPath, set);
    std::unordered_map<std::string, std::size_t> referenceIndex;
    if (reference) {
        set.tensors = reference->tensors;
        set.referenceMember = reference->member.name;
        for (std::size_t k = 0; k < set.tensors.size(); ++k)
            referenceIndex[set.tensors[k].name] = k;
    }
    set.members.reserve(headers.size());
    for (MemberHeader& h : headers) {
        if (!h.failure.empty()) {
            // The reader's message already names the file and the problem.
            set.warnings.push_back(h.failure + " (left out of the set)");
            set.excluded.push_back({h.member.name, h.member.path, h.failure, {}});
            continue;
        }
        auto mismatches = compareTensors(set.tensors, referenceIndex, h.tensors);
        if (!mismatches.empty()) {
            const std::string reason = describeMismatches(mismatches, set.referenceMember);
            set.warnings.push_back(h.member.path + ": left out of the set: " + reason);
            set.excluded.push_back({h.member.name, h.member.path, reason, std::move(mismatches)});
            continue;
        }
        set.members.push_back(std::move(h.member));
    }
    if (set.members.empty()) {
        const std::string message = "none of its " + std::to_string(total) +
                                    " checkpoint files could be read; the first failed with: " +
                                    set.excluded.front().reason;
        for (const ExcludedMember& e : set.excluded)
            if (e.outsideSet)
                throw MembersOutsideSet(set.folder, message, set.excluded);
        throw FormatError(set.folder, message);
    }
    for (const std::string& w : set.warnings)
        log::warning(w);
    context.report(1.0, "opened " + std::to_string(set.members.size()) + " checkpoints");
    return set;
}

}  // namespace modescape::io

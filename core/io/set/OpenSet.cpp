#include "core/io/set/OpenSet.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>
#include <unordered_map>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/io/set/SetFolderScan.h"
#include "core/io/set/SetManifest.h"

namespace modescape::io {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMismatchesListed = 5;

std::string suffixList() {
    std::string s;
    for (const std::string& suffix : checkpointSuffixes())
        s += (s.empty() ? "" : ", ") + suffix;
    return s;
}

// The manifest's members that exist on disk; a warning for each that does not.
std::vector<MemberCandidate> manifestCandidates(const SetManifest& manifest,
                                                const std::string& folder,
                                                const std::string& manifestPath,
                                                CheckpointSet& set) {
    std::vector<MemberCandidate> found;
    std::set<std::string> seen;
    for (const ManifestMember& m : manifest.members) {
        const fs::path file(m.file);
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
                                    "; fix the \"file\" paths (relative to the set folder)");
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

}  // namespace

CheckpointSet openCheckpointSet(const std::string& folderArg, const JobContext& context,
                                const OpenSetOptions& options) {
    std::error_code ec;
    if (!fs::exists(folderArg, ec))
        throw IoError(folderArg,
                      "no such folder; a checkpoint set is a folder of checkpoint files");
    if (!fs::is_directory(folderArg, ec))
        throw IoError(folderArg, "not a folder; a checkpoint set is a folder of checkpoint files");
    CheckpointSet set;
    const fs::path canonical = fs::canonical(folderArg, ec);
    set.folder = ec ? folderArg : canonical.string();
    context.report(0.0, "listing " + set.folder);

    // 1. The manifest, when there is one, then the candidate members.
    const std::string manifestPath = (fs::path(set.folder) / kManifestFileName).string();
    SetManifest manifest;
    if (fs::exists(manifestPath, ec)) {
        manifest = readManifest(manifestPath, set.folder);
        set.manifestPath = manifestPath;
        set.warnings = manifest.warnings;
    }
    set.model = manifest.model;
    set.datasets = manifest.datasets;
    set.task = manifest.task;
    std::vector<MemberCandidate> candidates =
        manifest.listsMembers ? manifestCandidates(manifest, set.folder, manifestPath, set)
                              : scanSetFolder(set.folder);
    if (manifest.model.kind == ModelSpec::Kind::TorchScript)
        removeModelFile(candidates, manifest.model.path, manifest.listsMembers, set.warnings);
    if (candidates.empty())
        throw IoError(set.folder, "no checkpoint files found (looked for " + suffixList() +
                                      " in the folder and its sub-folders); put checkpoints there, "
                                      "or list them in a modescape.json manifest");
    // The manifest's reference is read first, so the others are checked against it.
    if (!manifest.reference.empty()) {
        const std::string wanted = fs::path(manifest.reference).lexically_normal().generic_string();
        std::size_t i = 0;
        while (i < candidates.size() && candidates[i].name != wanted)
            ++i;
        if (i < candidates.size())
            std::rotate(candidates.begin(), candidates.begin() + i, candidates.begin() + i + 1);
        else
            set.warnings.push_back(manifestPath + ": the reference " + wanted +
                                   " is not a member; the first readable member is the reference");
    }

    // 2. Every member's header, checked against the reference's parameter list.
    std::unordered_map<std::string, std::size_t> referenceIndex;
    const std::size_t total = candidates.size();
    set.members.reserve(total);
    for (std::size_t i = 0; i < total; ++i) {
        context.checkCancelled();
        MemberCandidate& c = candidates[i];
        context.report(double(i) / double(total),
                       "reading header " + std::to_string(i + 1) + " of " + std::to_string(total));
        SetMember member;
        member.name = std::move(c.name);
        member.path = std::move(c.path);
        member.group = std::move(c.group);
        member.metadata = std::move(c.metadata);
        try {
            const std::unique_ptr<CheckpointFile> file =
                openCheckpoint(member.path, options.checkpoint);
            member.format = file->format();
            adoptCheckpointMetadata(file->metadata(), member);
            if (set.referenceMember.empty()) {
                set.tensors = file->tensors();
                set.referenceMember = member.name;
                for (std::size_t k = 0; k < set.tensors.size(); ++k)
                    referenceIndex[set.tensors[k].name] = k;
            } else {
                auto mismatches = compareTensors(set.tensors, referenceIndex, file->tensors());
                if (!mismatches.empty()) {
                    const std::string reason = describeMismatches(mismatches, set.referenceMember);
                    set.warnings.push_back(member.path + ": left out of the set: " + reason);
                    set.excluded.push_back(
                        {member.name, member.path, reason, std::move(mismatches)});
                    continue;
                }
            }
        } catch (const Cancelled&) {
            throw;
        } catch (const Error& e) {
            // The reader's message already names the file and the problem.
            set.warnings.push_back(std::string(e.what()) + " (left out of the set)");
            set.excluded.push_back({member.name, member.path, e.what(), {}});
            continue;
        }
        member.fileBytes = fs::file_size(member.path, ec);
        if (ec)
            member.fileBytes = 0;
        set.members.push_back(std::move(member));
    }
    if (set.members.empty())
        throw FormatError(set.folder,
                          "none of its " + std::to_string(total) +
                              " checkpoint files could be read; the first failed with: " +
                              set.excluded.front().reason);
    for (const std::string& w : set.warnings)
        log::warning(w);
    context.report(1.0, "opened " + std::to_string(set.members.size()) + " checkpoints");
    return set;
}

}  // namespace modescape::io

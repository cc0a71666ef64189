#include "core/io/set/SetFolderScan.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <system_error>

#include "core/common/Error.h"
#include "core/io/CheckpointFile.h"
#include "core/io/set/CheckpointSet.h"
#include "core/io/set/NameMetadata.h"

namespace modescape::io {
namespace {

namespace fs = std::filesystem;

bool hasCheckpointSuffix(const std::string& fileName) {
    for (const std::string& suffix : checkpointSuffixes())
        if (fileName.size() > suffix.size() &&
            fileName.compare(fileName.size() - suffix.size(), suffix.size(), suffix) == 0)
            return true;
    return false;
}

}  // namespace

std::string groupFromRelativePath(const std::string& name) {
    const std::string folder = fs::path(name).parent_path().generic_string();
    return folder.empty() ? std::string(kUngrouped) : folder;
}

void removeModelFile(std::vector<MemberCandidate>& candidates, const std::string& modelPath,
                     bool listed, std::vector<std::string>& warnings) {
    if (modelPath.empty())
        return;
    std::erase_if(candidates, [&](const MemberCandidate& c) {
        std::error_code ec;
        const bool isModel = c.path == modelPath || fs::equivalent(c.path, modelPath, ec);
        if (isModel && listed)
            warnings.push_back(modelPath +
                               ": the manifest lists the set's model as a member; a "
                               "model is code, not weights, so it is left out");
        return isModel;
    });
}

std::vector<MemberCandidate> listVisibleFiles(
    const std::string& folder, const std::function<bool(const std::string&)>& wanted) {
    std::vector<MemberCandidate> found;
    std::error_code ec;
    fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, ec);
    if (ec)
        throw IoError(folder, "cannot list the folder: " + ec.message());
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec)
            throw IoError(folder, "cannot list the folder: " + ec.message());
        const fs::path& p = it->path();
        const std::string fileName = p.filename().string();
        if (!fileName.empty() && fileName[0] == '.') {
            if (it->is_directory(ec))
                it.disable_recursion_pending();
            continue;
        }
        if (!wanted(fileName) || !it->is_regular_file(ec))
            continue;
        MemberCandidate c;
        c.path = p.string();
        c.name = p.lexically_relative(folder).generic_string();
        found.push_back(std::move(c));
    }
    std::sort(found.begin(), found.end(), [](const MemberCandidate& a, const MemberCandidate& b) {
        return naturalLess(a.name, b.name);
    });
    return found;
}

std::vector<MemberCandidate> scanSetFolder(const std::string& folder) {
    std::vector<MemberCandidate> found = listVisibleFiles(folder, hasCheckpointSuffix);
    for (MemberCandidate& c : found) {
        c.group = groupFromRelativePath(c.name);
        c.metadata = metadataFromFileName(fs::path(c.name).stem().string());
    }
    return found;
}

}  // namespace modescape::io

#include "core/io/set/PathContainment.h"

#include <filesystem>
#include <system_error>

namespace modescape::io {
namespace {

namespace fs = std::filesystem;

std::string outsideReason(const std::string& resolved) {
    return "it resolves to " + resolved +
           ", outside the set folder, so it was not read (to include it, allow files outside "
           "the set: --allow-outside on the command line, or confirm when the window asks)";
}

}  // namespace

bool resolvesInside(const std::string& canonicalFolder, const std::string& path,
                    std::string& resolved) {
    std::error_code ec;
    const fs::path canonical = fs::canonical(path, ec);
    if (ec) {
        resolved = fs::absolute(path, ec).lexically_normal().string();
        return false;
    }
    resolved = canonical.string();
    // Component-wise, so /data/set2/x is not taken to be inside /data/set.
    const fs::path relative = canonical.lexically_relative(canonicalFolder);
    return !relative.empty() && *relative.begin() != ".." && relative != ".";
}

std::set<std::string> refuseMembersOutside(std::vector<MemberCandidate>& candidates,
                                           const std::string& canonicalFolder,
                                           const std::string& manifestPath, bool allowOutside,
                                           CheckpointSet& set) {
    std::set<std::string> allowed;
    std::vector<MemberCandidate> inside;
    inside.reserve(candidates.size());
    for (MemberCandidate& c : candidates) {
        std::string resolved;
        // An archive's entries are inside it by construction; the archive file was checked.
        if (!c.archive.empty() || resolvesInside(canonicalFolder, c.path, resolved)) {
            inside.push_back(std::move(c));
            continue;
        }
        if (allowOutside) {
            allowed.insert(c.name);
            inside.push_back(std::move(c));
            continue;
        }
        const std::string reason = outsideReason(resolved);
        set.warnings.push_back(manifestPath.empty() ? c.path + ": left out of the set: " + reason
                                                    : manifestPath + ": lists " + c.name +
                                                          ", left out of the set: " + reason);
        ExcludedMember refused{c.name, c.path, reason, {}};
        refused.outsideSet = true;
        set.excluded.push_back(std::move(refused));
    }
    candidates = std::move(inside);
    return allowed;
}

}  // namespace modescape::io

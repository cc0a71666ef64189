#include "core/io/OutputFolder.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>  // renameat2 (glibc 2.28)
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/Log.h"
#include "core/common/Version.h"
#include "core/io/AtomicFile.h"
#include "core/io/OutputPath.h"
#include "core/io/StoppedWriter.h"

namespace modescape::io {
namespace fs = std::filesystem;

namespace {

constexpr const char* kStagingTag = ".modescape-partial-";
constexpr const char* kAsideTag = ".modescape-old-";
constexpr std::size_t kMaxMarkerBytes = 1 << 20;

const char* describeKind(const std::string& kind) {
    if (kind == kCheckpointSetOutput)
        return "checkpoint set (make-set)";
    if (kind == kSymmetrySetOutput)
        return "symmetry-removed set (symmetry --out)";
    if (kind == kCurveOutput)
        return "saved curve (connect --save-curve)";
    return "output";
}

// Absolute and normalised; "out/" names "out"; a link to a folder is followed,
// so the swap happens where the files really are.
fs::path resolveTarget(const std::string& folder) {
    fs::path p = fs::absolute(folder).lexically_normal();
    if (!p.has_filename() && p.has_parent_path() && p != p.root_path())
        p = p.parent_path();
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(p, ec))) {
        const fs::path resolved = fs::canonical(p, ec);
        if (!ec)
            p = resolved;
    }
    return p;
}

std::string listNames(const std::vector<std::string>& names) {
    std::string text;
    for (std::size_t i = 0; i < names.size() && i < 3; ++i)
        text += (i ? ", " : "") + names[i];
    if (names.size() > 3)
        text += " and " + std::to_string(names.size() - 3) + " more";
    return text;
}

struct Marker {
    bool valid = false;
    std::string kind;
    std::set<std::string> entries;
};

Marker readMarker(const fs::path& folder) {
    Marker marker;
    std::ifstream in(folder / kOutputMarkerFile, std::ios::binary);
    if (!in)
        return marker;
    std::string text(kMaxMarkerBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxMarkerBytes)
        return marker;
    try {
        const auto j = nlohmann::json::parse(text);
        marker.kind = j.at("kind").get<std::string>();
        for (const auto& e : j.at("entries"))
            marker.entries.insert(e.get<std::string>());
        marker.valid = true;
    } catch (const nlohmann::json::exception&) {
        marker.valid = false;
    }
    return marker;
}

std::vector<std::string> entriesOf(const fs::path& folder) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(folder))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// Throws unless the existing folder `target` may be replaced under policy.
void checkReplaceable(const fs::path& target, const std::string& shown, const std::string& kind,
                      ReplacePolicy policy) {
    if (policy == ReplacePolicy::Anything)
        return;
    std::vector<std::string> entries;
    try {
        entries = entriesOf(target);
    } catch (const fs::filesystem_error& e) {
        throw IoError(shown, std::string("cannot list the existing folder: ") + e.code().message());
    }
    if (entries.empty())
        return;
    const std::string remedy =
        "; choose another folder, or pass --force to replace it (everything in it will be "
        "deleted)";
    const Marker marker = readMarker(target);
    if (!marker.valid)
        throw OutputFolderRefused(
            shown, "the folder is not empty and is not an output of Modescape (it holds " +
                       listNames(entries) + ")" + remedy);
    if (marker.kind != kind)
        throw OutputFolderRefused(shown, std::string("the folder holds a Modescape ") +
                                             describeKind(marker.kind) + ", not a " +
                                             describeKind(kind) + remedy);
    std::vector<std::string> foreign;
    for (const auto& name : entries)
        if (name != kOutputMarkerFile && !marker.entries.count(name))
            foreign.push_back(name);
    if (!foreign.empty())
        throw OutputFolderRefused(shown, "the folder holds files Modescape did not write there (" +
                                             listNames(foreign) + "); move them away" + remedy);
}

void checkResolved(const fs::path& target, const std::string& shown, const std::string& kind,
                   ReplacePolicy policy) {
    std::error_code ec;
    const fs::file_status status = fs::status(target, ec);
    if (fs::exists(status) && !fs::is_directory(status))
        throw IoError(shown, "is a file, not a folder; give the name of a folder to write");
    checkParentWritable(target.string());
    if (fs::exists(status))
        checkReplaceable(target, shown, kind, policy);
}

std::string siblingName(const fs::path& target, const char* tag) {
    static std::atomic<unsigned> counter{0};
    return "." + target.filename().string() + tag + std::to_string(::getpid()) + "-" +
           std::to_string(counter++);
}

// Staging and set-aside folders of this destination left by runs that died
// (SIGKILL, a second Ctrl-C, a power cut): their process no longer exists.
// A set-aside folder is the earlier output; it is only deleted when the
// destination holds a newer one, and moved back when the destination is
// missing (the run died between its two renames, or could not move it back).
void removeLeftovers(const fs::path& target) {
    std::error_code ec;
    const std::string base = "." + target.filename().string();
    std::vector<fs::path> staged, setAside;
    for (const auto& entry : fs::directory_iterator(target.parent_path(), ec)) {
        const std::string name = entry.path().filename().string();
        if (leftByStoppedWriter(name, base + kStagingTag))
            staged.push_back(entry.path());
        else if (leftByStoppedWriter(name, base + kAsideTag))
            setAside.push_back(entry.path());
    }
    std::sort(setAside.begin(), setAside.end());
    for (const auto& old : setAside) {
        if (!fs::exists(fs::symlink_status(target, ec)) &&
            ::rename(old.c_str(), target.c_str()) == 0) {
            log::warning(target.string() + ": restored the earlier output that a stopped run " +
                         "had set aside in " + old.filename().string());
            continue;
        }
        staged.push_back(old);
    }
    for (const auto& path : staged) {
        std::error_code removeError;
        fs::remove_all(path, removeError);
        log::debug(path.string() + ": removed what a stopped run left");
    }
}

void syncFolder(const fs::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0)
        log::debug(folder.string() + ": could not fsync the folder after a rename");
    if (fd >= 0)
        ::close(fd);
}

std::string errnoText() {
    return std::strerror(errno);
}

}  // namespace

void checkOutputFolder(const std::string& folder, const std::string& kind, ReplacePolicy policy) {
    if (folder.empty())
        return;
    checkResolved(resolveTarget(folder), folder, kind, policy);
}

OutputFolder::OutputFolder(const std::string& folder, const std::string& kind, ReplacePolicy policy)
    : target_(resolveTarget(folder)), kind_(kind), policy_(policy) {
    if (folder.empty())
        throw InvalidArgument("an output folder needs a name");
    removeLeftovers(target_);  // first: it may restore an earlier output to check below
    checkResolved(target_, target_.string(), kind_, policy_);
    for (int attempt = 0; attempt < 100 && staging_.empty(); ++attempt) {
        const fs::path candidate = target_.parent_path() / siblingName(target_, kStagingTag);
        std::error_code ec;
        if (fs::create_directory(candidate, ec))
            staging_ = candidate;
        else if (ec)
            throw IoError(target_.string(),
                          "cannot create a folder beside it (" + ec.message() + ")");
    }
    if (staging_.empty())
        throw IoError(target_.string(), "cannot find a free name for a folder beside it");
}

OutputFolder::~OutputFolder() {
    if (committed_)
        return;
    std::error_code ec;
    fs::remove_all(staging_, ec);
    if (ec)
        log::warning(staging_.string() + ": could not remove the unfinished output (" +
                     ec.message() + ")");
}

void OutputFolder::commit() {
    if (committed_)
        throw InvalidArgument(target_.string() + ": the output folder was already committed");
    nlohmann::json marker{{"kind", kind_},
                          {"writer", "modescape " + modescapeVersion()},
                          {"entries", entriesOf(staging_)}};
    writeFileAtomically((staging_ / kOutputMarkerFile).string(), marker.dump(2) + "\n");

    // The destination may have changed while the content was computed.
    checkResolved(target_, target_.string(), kind_, policy_);
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(target_, ec))) {
        if (::rename(staging_.c_str(), target_.c_str()) != 0)
            throw IoError(target_.string(),
                          "cannot move the finished output into place (" + errnoText() + ")");
        committed_ = true;
        syncFolder(target_.parent_path());
        return;
    }
    const fs::path old = detail::swapIntoPlace(staging_, target_, detail::SwapMethod::Exchange);
    committed_ = true;
    syncFolder(target_.parent_path());
    fs::remove_all(old, ec);
    if (ec)
        log::warning(old.string() + ": could not remove the replaced output (" + ec.message() +
                     ")");
}

namespace detail {

fs::path swapIntoPlace(const fs::path& staging, const fs::path& target, SwapMethod method,
                       const RenameFunction& rename) {
    // One atomic exchange: the old content ends up under the staging name.
    if (method == SwapMethod::Exchange) {
        if (::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0)
            return staging;
        if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
            throw IoError(target.string(),
                          "cannot replace the existing folder (" + errnoText() + ")");
    }
    // No exchange on this file system: set the old folder aside, then move in.
    const fs::path old = target.parent_path() / siblingName(target, kAsideTag);
    if (rename(target.c_str(), old.c_str()) != 0)
        throw IoError(target.string(), "cannot replace the existing folder (" + errnoText() + ")");
    if (rename(staging.c_str(), target.c_str()) != 0) {
        const std::string problem = errnoText();
        if (rename(old.c_str(), target.c_str()) != 0)
            throw IoError(target.string(), "cannot move the finished output into place (" +
                                               problem + "), nor the earlier content back (" +
                                               errnoText() + "); the earlier content is kept in " +
                                               old.string() + ": the next write to " +
                                               target.filename().string() +
                                               " moves it back, or rename it by hand");
        throw IoError(target.string(), "cannot move the finished output into place (" + problem +
                                           "); the earlier content is unchanged");
    }
    return old;
}

}  // namespace detail

}  // namespace modescape::io

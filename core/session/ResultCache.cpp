#include "core/session/ResultCache.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/analysis/Analysis.h"
#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/common/MemoryBudget.h"
#include "core/common/UserFolders.h"
#include "core/evaluation/ContentHash.h"
#include "core/io/AtomicFile.h"

namespace modescape::session {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "modescape-result-cache";
constexpr int kVersion = 1;
constexpr std::uint64_t kDefaultBound = 2ULL << 30;  // 2 GiB
constexpr const char* kHeaderSuffix = ".entry";

// Result file writers (HDF5 above all) are not safe to call from two threads
// at once; the page looks up on the UI thread while a CLI run may store.
std::mutex& fileFormatMutex() {
    static std::mutex mutex;
    return mutex;
}

struct Checked {
    std::uint64_t bytes = 0;
    std::string checksum;
};

// Size and content hash of a file; throws IoError naming it when unreadable.
Checked checkFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError(path, "cannot be read");
    evaluation::ContentHash hash;
    Checked checked;
    std::vector<char> buffer(1 << 16);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto got = static_cast<std::size_t>(in.gcount());
        hash.add(buffer.data(), got);
        checked.bytes += got;
    }
    if (in.bad())
        throw IoError(path, "cannot be read");
    checked.checksum = hash.hex();
    return checked;
}

void removeQuietly(const std::string& path) {
    std::error_code ignored;
    fs::remove(path, ignored);
}

std::uint64_t sizeOf(const fs::path& path) {
    std::error_code error;
    const auto bytes = fs::file_size(path, error);
    return error ? 0 : bytes;
}

// An entry's files: every file whose name starts with "<key>.".
struct EntryFiles {
    std::vector<fs::path> files;
    std::uint64_t bytes = 0;
    std::optional<fs::file_time_type> lastUse;  // the header's time; none = no header
    fs::file_time_type newest = fs::file_time_type::min();
};

bool isKey(const std::string& text) {
    return text.size() == 32 && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

std::map<std::string, EntryFiles> entriesIn(const std::string& folder) {
    std::map<std::string, EntryFiles> entries;
    std::error_code error;
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
        const std::string name = it->path().filename().string();
        const auto dot = name.find('.');
        if (dot == std::string::npos || !isKey(name.substr(0, dot)) || !it->is_regular_file(error))
            continue;
        EntryFiles& entry = entries[name.substr(0, dot)];
        entry.files.push_back(it->path());
        entry.bytes += sizeOf(it->path());
        const auto time = fs::last_write_time(it->path(), error);
        if (error)
            continue;
        entry.newest = std::max(entry.newest, time);
        if (name.substr(dot) == kHeaderSuffix)
            entry.lastUse = time;
    }
    return entries;
}

}  // namespace

std::string defaultResultCacheFolder() {
    if (const char* own = std::getenv("MODESCAPE_RESULT_CACHE"); own && *own)
        return own;
    return (fs::path(userCacheFolder()) / "results").string();
}

std::uint64_t defaultResultCacheBound() {
    const char* text = std::getenv("MODESCAPE_RESULT_CACHE_BYTES");
    if (!text || !*text)
        return kDefaultBound;
    if (std::string_view(text) == "0")
        return 0;  // the cache off
    try {
        return parseByteSize(text);
    } catch (const InvalidArgument&) {
        static std::atomic<bool> warned{false};
        if (!warned.exchange(true))
            log::warning(std::string("MODESCAPE_RESULT_CACHE_BYTES: '") + text +
                         "' is not a size (bytes, or a number with K, M, G or T); the result "
                         "cache keeps its default bound of 2G");
        return kDefaultBound;
    }
}

ResultCache::ResultCache(std::string folder, std::uint64_t maxBytes)
    : folder_(std::move(folder)), maxBytes_(maxBytes) {}

ResultCache ResultCache::fromEnvironment() {
    return ResultCache(defaultResultCacheFolder(), defaultResultCacheBound());
}

bool ResultCache::keeps(const analysis::Analysis& analysis) const {
    return maxBytes_ > 0 && !analysis.resultFileSuffix().empty();
}

std::string ResultCache::headerPath(const std::string& key) const {
    return (fs::path(folder_) / (key + kHeaderSuffix)).string();
}

std::string ResultCache::resultPath(const std::string& key, const std::string& suffix) const {
    return (fs::path(folder_) / (key + "." + suffix)).string();
}

std::optional<std::any> ResultCache::find(const analysis::Analysis& analysis,
                                          const std::string& key) const {
    if (!keeps(analysis))
        return std::nullopt;
    const std::string header = headerPath(key);
    const std::string file = resultPath(key, analysis.resultFileSuffix());
    std::error_code error;
    if (!fs::exists(header, error))
        return std::nullopt;
    // A bad entry is said once, naming its file, and removed: it would fail
    // the same way every time.
    const auto reject = [&](const std::string& what) -> std::optional<std::any> {
        log::warning(what + "; the cached result is ignored and computed again");
        removeQuietly(header);
        removeQuietly(file);
        return std::nullopt;
    };
    nlohmann::json json;
    try {
        std::ifstream in(header, std::ios::binary);
        json = nlohmann::json::parse(in);
    } catch (const std::exception&) {
        return reject(header + ": not a result cache entry (not JSON)");
    }
    const auto text = [&json](const char* name) {
        return json.contains(name) && json[name].is_string() ? json[name].get<std::string>()
                                                             : std::string();
    };
    if (!json.is_object() || text("format") != kFormat)
        return reject(header + ": not a result cache entry (no \"format\": \"" + kFormat + "\")");
    if (!json.contains("version") || json["version"] != kVersion)
        return reject(header + ": result cache entry of version " +
                      (json.contains("version") ? json["version"].dump() : "none") +
                      ", this Modescape reads version " + std::to_string(kVersion));
    if (text("key") != key || text("analysis") != analysis.info().name ||
        text("suffix") != analysis.resultFileSuffix() || !json.contains("bytes") ||
        !json["bytes"].is_number_unsigned() || text("checksum").empty())
        return reject(header + ": result cache entry of another key or analysis, or incomplete");
    try {
        const Checked checked = checkFile(file);
        const auto bytes = json["bytes"].get<std::uint64_t>();
        if (checked.bytes != bytes)
            return reject(file + ": " + std::to_string(checked.bytes) + " bytes where " + header +
                          " records " + std::to_string(bytes) + " (truncated or replaced)");
        if (checked.checksum != text("checksum"))
            return reject(file + ": its checksum is not the one " + header + " records");
        std::any result;
        {
            std::lock_guard lock(fileFormatMutex());
            result = analysis.readResultFile(file);
        }
        fs::last_write_time(header, fs::file_time_type::clock::now(), error);  // its last use
        return result;
    } catch (const std::exception& e) {
        // A message of the reader names the file already; IoError's of checkFile too.
        const std::string what = e.what();
        return reject(what.find(file) == std::string::npos ? file + ": " + what : what);
    }
}

bool ResultCache::store(const analysis::Analysis& analysis, const std::string& key,
                        const std::any& result) const {
    if (!keeps(analysis))
        return false;
    const std::string header = headerPath(key);
    const std::string file = resultPath(key, analysis.resultFileSuffix());
    try {
        fs::create_directories(folder_);
        // The old header goes first: a new result file beside it would fail its checksum.
        removeQuietly(header);
        {
            std::lock_guard lock(fileFormatMutex());
            analysis.writeResultFile(file, result);
        }
        const Checked checked = checkFile(file);
        if (checked.bytes > maxBytes_) {
            removeQuietly(file);
            log::info("result cache: a " + analysis.info().name + " result of " +
                      std::to_string(checked.bytes) + " bytes is over the cache's bound of " +
                      std::to_string(maxBytes_) + " bytes; not kept");
            return false;
        }
        const nlohmann::json json{{"format", kFormat},
                                  {"version", kVersion},
                                  {"key", key},
                                  {"analysis", analysis.info().name},
                                  {"suffix", analysis.resultFileSuffix()},
                                  {"bytes", checked.bytes},
                                  {"checksum", checked.checksum}};
        io::writeFileAtomically(header, json.dump(1) + "\n");
    } catch (const std::exception& e) {
        removeQuietly(header);
        removeQuietly(file);
        log::warning("result cache: cannot keep the " + analysis.info().name + " result in " +
                     folder_ + ": " + e.what());
        return false;
    }
    trim();
    return true;
}

std::uint64_t ResultCache::bytesUsed() const {
    std::uint64_t total = 0;
    for (const auto& [key, entry] : entriesIn(folder_))
        total += entry.bytes;
    return total;
}

std::uint64_t ResultCache::trim() const {
    auto entries = entriesIn(folder_);
    std::uint64_t total = 0;
    std::vector<std::pair<fs::file_time_type, std::string>> byUse;
    // A result file without its header is being stored by another process
    // (for a moment) or was left by a killed one: removed once a minute old.
    const auto stale = fs::file_time_type::clock::now() - std::chrono::minutes(1);
    for (auto& [key, entry] : entries) {
        if (!entry.lastUse && entry.newest < stale) {
            for (const auto& path : entry.files)
                removeQuietly(path.string());
            continue;
        }
        total += entry.bytes;
        if (entry.lastUse)
            byUse.emplace_back(*entry.lastUse, key);
    }
    std::sort(byUse.begin(), byUse.end());
    for (const auto& [time, key] : byUse) {
        if (total <= maxBytes_)
            break;
        for (const auto& path : entries[key].files)
            removeQuietly(path.string());
        total -= entries[key].bytes;
    }
    return total;
}

}  // namespace modescape::session

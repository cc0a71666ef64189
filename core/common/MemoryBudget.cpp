#include "core/common/MemoryBudget.h"

#include <atomic>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <vector>

namespace modescape {

namespace {

std::atomic<std::uint64_t> gBudget{0};

std::optional<std::string> readText(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in)
        return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::optional<std::uint64_t> parseUnsigned(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;  // also "max": no limit
    return value;
}

// The value of "key N" in a memory.stat file.
std::uint64_t statValue(const std::string& stat, const std::string& key) {
    std::istringstream lines(stat);
    std::string name;
    std::uint64_t value = 0;
    while (lines >> name >> value)
        if (name == key)
            return value;
    return 0;
}

// Limit minus the usage that cannot be reclaimed, for one cgroup folder;
// nullopt when the folder sets no limit. Page cache (inactive files) counts
// as usage but is given back on demand, like MemAvailable counts it free.
std::optional<double> cgroupRoom(const std::filesystem::path& dir, bool v2) {
    const auto limitText = readText(dir / (v2 ? "memory.max" : "memory.limit_in_bytes"));
    const auto usageText = readText(dir / (v2 ? "memory.current" : "memory.usage_in_bytes"));
    if (!limitText || !usageText)
        return std::nullopt;
    const auto limit = parseUnsigned(*limitText);
    const auto usage = parseUnsigned(*usageText);
    // cgroup v1 writes "no limit" as a huge page-aligned number near 2^63.
    if (!limit || !usage || *limit >= (std::uint64_t{1} << 62))
        return std::nullopt;
    const auto stat = readText(dir / "memory.stat").value_or("");
    const std::uint64_t cache = statValue(stat, v2 ? "inactive_file" : "total_inactive_file");
    const double used = static_cast<double>(*usage) - static_cast<double>(cache);
    return std::max(0.0, static_cast<double>(*limit) - std::max(0.0, used));
}

// The tightest room of this process's memory cgroup and its ancestors.
std::optional<double> cgroupAvailable() {
    const auto self = readText("/proc/self/cgroup");
    if (!self)
        return std::nullopt;
    std::optional<double> best;
    std::istringstream lines(*self);
    for (std::string line; std::getline(lines, line);) {
        // "0::/path" (v2) or "4:memory:/path" (v1).
        const auto first = line.find(':');
        const auto second = line.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos)
            continue;
        const std::string controllers = line.substr(first + 1, second - first - 1);
        const bool v2 = controllers.empty();
        if (!v2 && controllers.find("memory") == std::string::npos)
            continue;
        const std::filesystem::path mount = v2 ? "/sys/fs/cgroup" : "/sys/fs/cgroup/memory";
        std::filesystem::path relative = line.substr(second + 1);
        relative = relative.relative_path();
        // Inside a container the path may not exist under the mount: then the
        // mount's own files are the container's.
        for (std::filesystem::path p = relative;; p = p.parent_path()) {
            if (const auto room = cgroupRoom(mount / p, v2))
                best = best ? std::min(*best, *room) : *room;
            if (p.empty())
                break;
        }
    }
    return best;
}

}  // namespace

void setMemoryBudget(std::uint64_t bytes) {
    gBudget.store(bytes);
}

std::uint64_t memoryBudget() {
    return gBudget.load();
}

std::optional<std::uint64_t> parseMemAvailable(std::string_view meminfo) {
    constexpr std::string_view key = "MemAvailable:";
    const auto at = meminfo.find(key);
    if (at == std::string_view::npos)
        return std::nullopt;
    std::string_view rest = meminfo.substr(at + key.size());
    rest = rest.substr(0, rest.find('\n'));
    while (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    std::uint64_t kib = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), kib);
    if (ec != std::errc() || end == rest.data())
        return std::nullopt;
    return kib * 1024;  // the file says "kB" and means KiB
}

MemoryLimit memoryLimit() {
    MemoryLimit limit{std::numeric_limits<double>::infinity(), "no known limit"};
    if (const auto meminfo = readText("/proc/meminfo"))
        if (const auto available = parseMemAvailable(*meminfo))
            limit = {static_cast<double>(*available), "available memory"};
    if (const auto room = cgroupAvailable(); room && *room < limit.bytes)
        limit = {*room, "room left under the cgroup memory limit"};
    if (const auto budget = memoryBudget(); budget > 0 && static_cast<double>(budget) < limit.bytes)
        limit = {static_cast<double>(budget), "the --memory budget"};
    return limit;
}

void requireMemory(double bytes, const std::string& what) {
    const MemoryLimit limit = memoryLimit();
    if (!(bytes <= limit.bytes))
        throw MemoryLimitExceeded(
            what + " needs " + formatBytes(bytes) + " of memory but " + formatBytes(limit.bytes) +
            " is the most it may use (" + limit.source + "); ask for less" +
            (limit.source == "the --memory budget" ? " or raise --memory"
                                                   : " or run it on a machine with more memory"));
}

std::string formatBytes(double bytes) {
    if (!std::isfinite(bytes))
        return "unlimited";
    static const char* const kUnits[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (bytes < 1024)
        return std::to_string(static_cast<long long>(bytes)) + " bytes";
    double value = bytes / 1024;
    std::size_t unit = 0;
    while (value >= 1024 && unit + 1 < std::size(kUnits)) {
        value /= 1024;
        ++unit;
    }
    char text[64];
    std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
    return text;
}

std::uint64_t parseByteSize(const std::string& text) {
    const auto bad = [&] {
        return InvalidArgument("memory size '" + text +
                               "' is not a size: give bytes or a number with K, M, G or T "
                               "(binary units), e.g. 8G or 512M");
    };
    double number = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || ec != std::errc() || !std::isfinite(number) || number <= 0)
        throw bad();
    std::string unit(end, text.data() + text.size());
    for (auto& c : unit)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (unit.ends_with("IB"))
        unit.resize(unit.size() - 2);
    else if (unit.size() > 1 && unit.ends_with("B"))
        unit.resize(unit.size() - 1);
    double scale = 1;
    if (unit == "K")
        scale = 1024.0;
    else if (unit == "M")
        scale = 1024.0 * 1024;
    else if (unit == "G")
        scale = 1024.0 * 1024 * 1024;
    else if (unit == "T")
        scale = 1024.0 * 1024 * 1024 * 1024;
    else if (!unit.empty() && unit != "B")
        throw bad();
    const double bytes = number * scale;
    if (bytes < 1 || bytes >= 1.8e19)
        throw bad();
    return static_cast<std::uint64_t>(bytes);
}

}  // namespace modescape

#pragma once
// Checks a big request against the memory it may take BEFORE allocating, so
// that `connect --points 100000000` or a 100000 x 100000 grid is refused at
// once with the numbers instead of swapping for minutes or dying of
// std::bad_alloc. The limit is the least of the machine's available memory
// (/proc/meminfo MemAvailable), the cgroup's limit minus its usage, and the
// user's budget (`--memory 8G`). Estimates are per request and in double
// precision, so absurd sizes (n * dim beyond 2^64) cannot overflow.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/common/Error.h"

namespace modescape {

// A request needs more memory than the machine or the budget allows.
class MemoryLimitExceeded : public Error {
  public:
    using Error::Error;
};

// The process-wide budget in bytes; 0 = none (only the machine limits).
// Set once at start-up (the CLI's --memory); thread-safe.
void setMemoryBudget(std::uint64_t bytes);
std::uint64_t memoryBudget();

struct MemoryLimit {
    double bytes = 0.0;
    std::string source;  // "available memory", "cgroup limit", "--memory budget"
};

// What one request may take now (reads /proc and /sys on every call; cheap).
// Without any readable source and without a budget: unlimited (infinity).
MemoryLimit memoryLimit();

// Throws MemoryLimitExceeded when bytes exceed memoryLimit():
//   "<what> needs 149.0 GiB of memory but only 3.2 GiB is available (available memory)"
void requireMemory(double bytes, const std::string& what);

// "1.5 GiB", "512.0 MiB", "12.0 KiB", "100 bytes".
std::string formatBytes(double bytes);

// "8G", "8GiB", "512M", "1.5g", "4096" (bytes); binary units (K = 1024).
// Throws InvalidArgument naming the text.
std::uint64_t parseByteSize(const std::string& text);

// The MemAvailable line of /proc/meminfo's text, in bytes.
std::optional<std::uint64_t> parseMemAvailable(std::string_view meminfo);

}  // namespace modescape

#pragma once
// The process's peak resident memory for memory-bound tests: reset the peak
// (VmHWM) to the current RSS through /proc/self/clear_refs, run the
// computation, read VmHWM. No clock is read.

#include <malloc.h>

#include <algorithm>
#include <fstream>
#include <string>

namespace modescape::test {

// A "VmRSS" / "VmHWM" line of /proc/self/status in KiB; -1 when absent.
inline double statusKiB(const std::string& key) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind(key + ":", 0) == 0)
            return std::stod(line.substr(key.size() + 1));
    return -1;
}

// Resets the peak to the current RSS; false where the kernel does not allow it.
// Freed heap memory goes back to the system first, so that what the
// computations allocate shows in the peak instead of reusing pages counted
// in the start. The reset worked when the peak is no higher than the RSS
// read just before or just after it; another thread of the process (a
// thread pool winding down) may free or touch memory meanwhile, so a few
// tries are allowed. Where the kernel ignores the reset, the earlier,
// larger peak stays and every try fails.
inline bool resetPeak() {
    malloc_trim(0);
    for (int attempt = 0; attempt < 20; ++attempt) {
        const double before = statusKiB("VmRSS");
        std::ofstream clear("/proc/self/clear_refs");
        clear << "5";
        clear.close();
        if (!clear.good())
            return false;
        const double peak = statusKiB("VmHWM");
        const double after = statusKiB("VmRSS");
        if (peak <= std::max(before, after) + 64)
            return true;
    }
    return false;
}

}  // namespace modescape::test

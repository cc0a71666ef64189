// Opens a set of many small safetensors checkpoints (2-32-32-2 MLPs) and
// reports the time and the peak memory (VmHWM). Issue 3's targets for 10,000
// checkpoints: under 2 s and under 200 MB.
//   bench_open_set [COUNT=10000] [--keep]
#include <ATen/ATen.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

#include <unistd.h>

#include "core/io/safetensors/SafetensorsWriter.h"
#include "core/io/set/OpenSet.h"

namespace fs = std::filesystem;
using namespace modescape;

namespace {

// A line of /proc/self/status ("VmHWM", "VmRSS") in MiB.
double procStatusMiB(const std::string& key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key + ":", 0) == 0)
            return std::stod(line.substr(key.size() + 1)) / 1024.0;
    return -1;
}

std::string cpuModel() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0)
            return line.substr(line.find(':') + 2);
    return "unknown";
}

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// One real checkpoint written by our writer, then copied byte for byte
// (the writer fsyncs every file, which would time the disk, not the set).
void makeSet(const fs::path& folder, int count) {
    const fs::path first = folder / "template.safetensors.tmp";
    fs::create_directories(folder);
    io::writeSafetensors(first.string(), {{"fc1.weight", at::randn({32, 2})},
                                          {"fc1.bias", at::randn({32})},
                                          {"fc2.weight", at::randn({32, 32})},
                                          {"fc2.bias", at::randn({32})},
                                          {"fc3.weight", at::randn({2, 32})},
                                          {"fc3.bias", at::randn({2})}});
    const std::string bytes = readAll(first.string());
    fs::remove(first);
    const int groups = 10;
    for (int i = 0; i < count; ++i) {
        const fs::path dir = folder / ("method" + std::to_string(i % groups));
        if (i < groups)
            fs::create_directories(dir);
        const std::string name = "seed" + std::to_string(i / groups) + "_epoch_" +
                                 std::to_string(i % 7) + ".safetensors";
        std::ofstream(dir / name, std::ios::binary)
            .write(bytes.data(), std::streamsize(bytes.size()));
    }
}

}  // namespace

int main(int argc, char** argv) {
    int count = 10000;
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--keep")
            keep = true;
        else
            count = std::atoi(argv[i]);
    }
    if (count <= 0) {
        std::cerr << "usage: bench_open_set [COUNT=10000] [--keep]\n";
        return 2;
    }
    std::printf("machine: %u hardware threads (nproc %ld), CPU: %s\n",
                std::thread::hardware_concurrency(), sysconf(_SC_NPROCESSORS_ONLN),
                cpuModel().c_str());

    const fs::path folder =
        fs::temp_directory_path() / ("modescape-bench-open-set-" + std::to_string(getpid()));
    auto t0 = std::chrono::steady_clock::now();
    makeSet(folder, count);
    const double makeSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double rssBefore = procStatusMiB("VmRSS");
    const double hwmBefore = procStatusMiB("VmHWM");
    std::printf("made %d checkpoints (2-32-32-2 MLP, %d bytes each) in %s: %.2f s\n", count,
                int(fs::file_size(folder / "method0" / "seed0_epoch_0.safetensors")),
                folder.c_str(), makeSeconds);

    int status = 0;
    for (int run = 1; run <= 2; ++run) {
        t0 = std::chrono::steady_clock::now();
        const std::clock_t cpu0 = std::clock();
        const io::CheckpointSet set = io::openCheckpointSet(folder.string(), JobContext{});
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double cpuSeconds = double(std::clock() - cpu0) / CLOCKS_PER_SEC;
        const double hwm = procStatusMiB("VmHWM");
        std::printf(
            "  CPU time of this process while opening: %.3f s (wall time includes waiting "
            "for a shared machine)\n",
            cpuSeconds);
        std::printf(
            "open run %d: %zu members in %zu groups, %lld parameters each, %zu warnings: %.3f s "
            "(%.1f us per checkpoint)\n",
            run, set.members.size(), set.groupCounts().size(),
            static_cast<long long>(set.parametersPerMember()), set.warnings.size(), seconds,
            seconds * 1e6 / count);
        std::printf(
            "  memory: VmRSS before opening %.1f MiB, peak VmHWM after %.1f MiB (peak before "
            "opening "
            "%.1f MiB)\n",
            rssBefore, hwm, hwmBefore);
        if (count == 10000 && run == 1) {
            const bool fast = seconds < 2.0, small = hwm < 200.0;
            std::printf("  targets for 10,000: < 2 s %s, < 200 MB %s\n", fast ? "MET" : "MISSED",
                        small ? "MET" : "MISSED");
            status = fast && small ? 0 : 1;
        }
        if (int(set.members.size()) != count)
            status = 1;
    }
    if (!keep)
        fs::remove_all(folder);
    return status;
}

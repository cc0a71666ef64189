#pragma once
// What every benchmark prints first: the CPU, LibTorch's thread count and the
// BLAS library actually mapped into the process.

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <string>

namespace modescape::bench {

inline std::string cpuName() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0)
            return line.substr(line.find(':') + 2);
    return "unknown CPU";
}

// Shared libraries with "blas" in their path, as mapped into this process.
inline std::string loadedBlas() {
    at::mm(at::ones({8, 8}), at::ones({8, 8}));  // make sure BLAS is loaded
    std::ifstream in("/proc/self/maps");
    std::set<std::string> libs;
    std::string line;
    while (std::getline(in, line)) {
        auto slash = line.find('/');
        if (slash != std::string::npos && line.find("blas", slash) != std::string::npos)
            libs.insert(line.substr(slash));
    }
    std::string out;
    for (const auto& lib : libs)
        out += (out.empty() ? "" : ", ") + lib;
    return out.empty() ? "none found" : out;
}

inline void printMachine() {
    std::printf("machine: %s, %d intra-op threads\n", cpuName().c_str(), at::get_num_threads());
    std::printf("BLAS loaded: %s\n", loadedBlas().c_str());
}

}  // namespace modescape::bench

// Forward throughput of the built-in models on the CPU: K weight sets
// evaluated as K single forwards versus one batched-weights forward.
// Prints the machine, the BLAS library loaded and the batched / single ratios.
//   bench_forward [seconds per measurement, default 1.0]

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model/ModelFactory.h"

using namespace modescape::model;

namespace {

std::string cpuName() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0)
            return line.substr(line.find(':') + 2);
    return "unknown CPU";
}

// Shared libraries with "blas" in their path, as mapped into this process.
std::string loadedBlas() {
    std::ifstream in("/proc/self/maps");
    std::set<std::string> libs;
    std::string line;
    while (std::getline(in, line)) {
        auto slash = line.find('/');
        if (slash == std::string::npos)
            continue;
        auto path = line.substr(slash);
        if (path.find("blas") != std::string::npos)
            libs.insert(path);
    }
    std::string out;
    for (const auto& l : libs)
        out += (out.empty() ? "" : ", ") + l;
    return out.empty() ? "none found" : out;
}

// Seconds per call of f, measured over at least `budget` seconds after one warm-up.
double secondsPerCall(const std::function<void()>& f, double budget) {
    f();
    int calls = 0;
    auto start = std::chrono::steady_clock::now();
    double elapsed = 0.0;
    do {
        f();
        ++calls;
        elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    } while (elapsed < budget);
    return elapsed / calls;
}

void benchModel(const char* label, const BuiltinModel& model, const at::Tensor& x, double budget) {
    const auto n = x.size(0);
    for (int k : {16, 64}) {
        std::vector<ParameterSet> sets;
        for (int i = 0; i < k; ++i)
            sets.push_back(model.initialParameters(i));
        auto batched = ParameterSet::stack(sets);
        double single = secondsPerCall(
            [&] {
                for (const auto& s : sets)
                    model.forward(s, x);
            },
            budget);
        double grouped = secondsPerCall([&] { model.forwardBatched(batched, x); }, budget);
        double samples = static_cast<double>(k) * static_cast<double>(n);
        std::printf(
            "%-8s N=%-6lld K=%-3d single: %12.0f samples/s   batched: %12.0f samples/s   "
            "ratio %.2fx\n",
            label, static_cast<long long>(n), k, samples / single, samples / grouped,
            single / grouped);
    }
}

}  // namespace

int main(int argc, char** argv) {
    double budget = argc > 1 ? std::stod(argv[1]) : 1.0;
    at::manual_seed(0);
    at::mm(at::randn({8, 8}), at::randn({8, 8}));  // make sure BLAS is loaded
    std::printf("machine: %s, %d intra-op threads\n", cpuName().c_str(), at::get_num_threads());
    std::printf("BLAS loaded: %s\n", loadedBlas().c_str());
    std::printf("samples/s counts one sample under one weight set; ratio = batched / single\n");

    auto mlp = makeBuiltinModel("mlp", nlohmann::json::parse(R"({"widths":[2,32,32,2]})"));
    benchModel("mlp", *mlp, at::randn({10000, 2}), budget);
    auto lenet = makeBuiltinModel("lenet5", nlohmann::json::object());
    benchModel("lenet5", *lenet, at::randn({128, 1, 28, 28}), budget);
    return 0;
}

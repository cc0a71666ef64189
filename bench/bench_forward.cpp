// Forward throughput of the built-in models: K weight sets evaluated as K
// single forwards versus forwardBatched (auto: per-set loop on the CPU,
// grouped kernels on CUDA) and versus forcing its grouped kernels.
// Prints the machine, the BLAS library loaded and the batched / single ratios.
//   bench_forward [seconds per measurement, default 1.0] [cpu|cuda, default cpu]

#include <ATen/ATen.h>
#include <torch/cuda.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/BenchMachine.h"
#include "core/jobs/Device.h"
#include "core/model/ModelFactory.h"

using namespace modescape::model;

namespace {

bool onCuda = false;

// Seconds per call of f, measured over at least `budget` seconds after one
// warm-up; CUDA work is waited for, since kernels launch asynchronously.
double secondsPerCall(const std::function<void()>& f, double budget) {
    f();
    if (onCuda)
        torch::cuda::synchronize();
    int calls = 0;
    auto start = std::chrono::steady_clock::now();
    double elapsed = 0.0;
    do {
        f();
        if (onCuda)
            torch::cuda::synchronize();
        ++calls;
        elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    } while (elapsed < budget);
    return elapsed / calls;
}

void benchModel(const char* label, const BuiltinModel& model, at::Tensor x, double budget) {
    const auto device = at::TensorOptions(onCuda ? at::kCUDA : at::kCPU);
    x = x.to(device);
    const auto n = x.size(0);
    for (int k : {16, 64}) {
        std::vector<ParameterSet> sets;
        for (int i = 0; i < k; ++i)
            sets.push_back(model.initialParameters(i).to(device));
        auto batched = ParameterSet::stack(sets);
        double single = secondsPerCall(
            [&] {
                for (const auto& s : sets)
                    model.forward(s, x);
            },
            budget);
        ForwardOptions groupedKernels;
        groupedKernels.batchedKernels = ForwardOptions::BatchedKernels::Grouped;
        double automatic = secondsPerCall([&] { model.forwardBatched(batched, x); }, budget);
        double grouped =
            secondsPerCall([&] { model.forwardBatched(batched, x, groupedKernels); }, budget);
        double samples = static_cast<double>(k) * static_cast<double>(n);
        std::printf(
            "%-8s N=%-6lld K=%-3d single: %11.0f   batched (auto): %11.0f (%.2fx)   "
            "grouped kernels: %11.0f (%.2fx) samples/s\n",
            label, static_cast<long long>(n), k, samples / single, samples / automatic,
            single / automatic, samples / grouped, single / grouped);
    }
}

}  // namespace

int main(int argc, char** argv) {
    double budget = argc > 1 ? std::stod(argv[1]) : 1.0;
    onCuda = argc > 2 && std::string(argv[2]) == "cuda";
    if (onCuda && !torch::cuda::is_available()) {
        std::fprintf(stderr, "bench_forward: CUDA was asked for but is not available\n");
        return 1;
    }
    modescape::useExactFloat32();
    at::manual_seed(0);
    modescape::bench::printMachine();
    std::printf("device: %s\n", onCuda ? "cuda" : "cpu");
    std::printf(
        "samples/s counts one sample under one weight set; (ratio) = speed / single forwards\n"
        "batched (auto) is what forwardBatched does on this device; grouped kernels are the GPU "
        "path\n");

    auto mlp = makeBuiltinModel("mlp", nlohmann::json::parse(R"({"widths":[2,32,32,2]})"));
    benchModel("mlp", *mlp, at::randn({10000, 2}), budget);
    auto lenet = makeBuiltinModel("lenet5", nlohmann::json::object());
    benchModel("lenet5", *lenet, at::randn({128, 1, 28, 28}), budget);
    return 0;
}

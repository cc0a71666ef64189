// Loss-landscape throughput: the naive engine (one forward per grid point over
// the data: the reference tool's algorithm, the baseline) against the batched
// engine (K grid points per forward) through LibTorch and, on the CPU,
// through our own forward (FastGridForward), on the two workloads:
//   W1  MLP 2-32-32-2 on 10,000 two-moons points, 51 x 51 grid
//   W2  LeNet-5 on 2,000 Fashion-MNIST test images, 21 x 21 grid
// Prints the machine, the BLAS, the load average before and after, points/s
// of each engine, its ratio to naive, the achieved GFLOP/s as a share of a
// plain float matrix product measured in the same run (the mean of one
// before and one after the workloads), and the largest loss difference to naive.
//   bench_landscape [W1 grid side, default 51] [W2 grid side, default 21]
//                   [cpu|cuda, default cpu] [ways, default naive,batched,fast]
// A side of 0 skips that workload; ways without naive (e.g. "fast", for a
// profiler) print no ratios. "fast1" is the fast forward on one worker (its
// scaling with the cores, in the same run); "nomatmul" among the ways skips
// the matmul (for a profile of the workloads alone; no shares then).

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "bench/BenchMachine.h"
#include "core/data/DatasetSpec.h"
#include "core/data/Synthetic.h"
#include "core/jobs/Device.h"
#include "core/landscape/FastGridForward.h"
#include "core/landscape/GridEvaluator.h"
#include "core/landscape/LandscapeDirections.h"
#include "core/model/LeNet5.h"
#include "core/model/Mlp.h"

using namespace modescape;
using namespace modescape::landscape;

namespace {

// CPU seconds of the whole process (all threads): under load, a steadier
// measure of the work a way does than its wall time.
double cpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double seconds(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// GFLOP/s of a 2048 x 2048 float matrix product on the device (best of 3).
double matmulGflops(DeviceKind device) {
    const bool cuda = device == DeviceKind::Cuda;
    const auto options = at::TensorOptions(cuda ? at::kCUDA : at::kCPU);
    const auto a = at::randn({2048, 2048}, options), b = at::randn({2048, 2048}, options);
    at::mm(a, b);
    if (cuda)
        torch::cuda::synchronize();
    double best = 1e9;
    for (int i = 0; i < 3; ++i) {
        const auto start = std::chrono::steady_clock::now();
        at::mm(a, b);
        if (cuda)
            torch::cuda::synchronize();
        best = std::min(best, seconds(start));
    }
    return 2.0 * 2048 * 2048 * 2048 / best / 1e9;
}

std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen + " (1, 5, 15 min)";
}

// The three ways a grid is filled, the naive one first (the baseline).
struct Way {
    const char* name;
    Engine engine;
    CpuForward cpuForward;
    int threads;  // intra-op threads while it runs; 0: as the process has them
};
constexpr Way kWays[] = {{"naive", Engine::Naive, CpuForward::LibTorch, 0},
                         {"batched", Engine::Batched, CpuForward::LibTorch, 0},
                         {"fast", Engine::Batched, CpuForward::Auto, 0},
                         {"fast1", Engine::Batched, CpuForward::Auto, 1}};

// Whether the comma-separated list names this way exactly ("fast" is not "fast1").
bool wanted(const std::string& ways, const std::string& name) {
    return ("," + ways + ",").find("," + name + ",") != std::string::npos;
}

// LibTorch's intra-op threads set for a scope (the fast forward's workers follow them).
class IntraOpThreads {
  public:
    explicit IntraOpThreads(int n) : previous_(at::get_num_threads()) {
        if (n > 0)
            at::set_num_threads(n);
    }
    ~IntraOpThreads() { at::set_num_threads(previous_); }
    IntraOpThreads(const IntraOpThreads&) = delete;
    IntraOpThreads& operator=(const IntraOpThreads&) = delete;

  private:
    int previous_;
};

// Fills a small grid so that one-time costs (CUDA context, cuDNN autotuning,
// allocator growth) stay out of the timed runs.
void warmUp(const model::Model& model, const LandscapeDirections& directions,
            const EvaluationData& data, LandscapeSettings s, DeviceKind device,
            const std::string& ways) {
    s.x = {-1.0, 1.0, 3};
    s.y = {-1.0, 1.0, 3};
    for (const auto& way : kWays) {
        if (!wanted(ways, way.name))
            continue;
        const IntraOpThreads threads(way.threads);
        s.engine = way.engine;
        auto result = makeEmptyResult(s);
        fillGrid(GridEvaluator(model, directions, data, s, device, way.cpuForward), result, {});
    }
}

void runWorkload(const char* label, const model::Model& model, const model::ParameterSet& centre,
                 const EvaluationData& data, int side, double flopsPerSample, double peak,
                 DeviceKind device, const std::string& ways) {
    if (side <= 0)
        return;
    LandscapeSettings s;
    s.x = {-1.0, 1.0, side};
    s.y = {-1.0, 1.0, side};
    const auto directions =
        makeDirections(s, [&](const std::string&) { return centre; }, {"centre"}, {});
    const double samples = static_cast<double>(data.inputs.size(0));
    std::printf("%s: %s, %lld samples, %d x %d grid, %.3g FLOP per sample and point\n", label,
                model.describe().c_str(), static_cast<long long>(data.inputs.size(0)), side, side,
                flopsPerSample);
    warmUp(model, directions, data, s, device, ways);
    std::vector<double> naiveLoss;
    double naiveRate = 0;
    for (const auto& way : kWays) {
        if (!wanted(ways, way.name))
            continue;
        const IntraOpThreads threads(way.threads);
        s.engine = way.engine;
        auto result = makeEmptyResult(s);
        // The evaluator's set-up is timed too: the fast forward's per-surface
        // first layer is part of its cost.
        const auto start = std::chrono::steady_clock::now();
        const double cpuStart = cpuSeconds();
        const GridEvaluator evaluator(model, directions, data, s, device, way.cpuForward);
        if (way.cpuForward == CpuForward::Auto && !evaluator.usesFastForward()) {
            std::printf("  fast    not available here (%s)\n",
                        device == DeviceKind::Cuda ? "CUDA" : "no cblas in this build");
            continue;
        }
        fillGrid(evaluator, result, {});
        const double t = seconds(start), cpu = cpuSeconds() - cpuStart;
        const double rate = static_cast<double>(result.loss.size()) / t;
        const double gflops = rate * samples * flopsPerSample / 1e9;
        std::printf(
            "  %-7s K=%-3d batch=%-6lld %8.2f s (cpu %7.2f s)  %9.1f points/s  %7.2f GFLOP/s "
            "(%4.1f%% of matmul)",
            way.name, evaluator.pointsPerForward(), static_cast<long long>(evaluator.batchSize()),
            t, cpu, rate, gflops, peak > 0 ? 100 * gflops / peak : 0.0);
        if (way.engine == Engine::Naive) {
            naiveLoss = result.loss;
            naiveRate = rate;
            std::printf("  (baseline)\n");
        } else if (naiveLoss.empty()) {
            std::printf("\n");
        } else {
            double worst = 0;
            for (std::size_t i = 0; i < naiveLoss.size(); ++i)
                worst = std::max(worst, std::abs(naiveLoss[i] - result.loss[i]));
            std::printf("  %.2fx naive; max |loss - naive| %.2g\n", rate / naiveRate, worst);
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    const int w1Side = argc > 1 ? std::stoi(argv[1]) : 51;
    const int w2Side = argc > 2 ? std::stoi(argv[2]) : 21;
    const DeviceKind device =
        argc > 3 && std::string(argv[3]) == "cuda" ? DeviceKind::Cuda : DeviceKind::Cpu;
    const std::string ways = argc > 4 ? argv[4] : "naive,batched,fast";
    if (device == DeviceKind::Cuda && !torch::cuda::is_available()) {
        std::fprintf(stderr, "bench_landscape: CUDA was asked for but is not available\n");
        return 1;
    }
    useAllCpuCores();
    useExactFloat32();
    at::manual_seed(0);
    at::mm(at::randn({8, 8}), at::randn({8, 8}));  // make sure BLAS is loaded
    std::printf("machine: %s, %d intra-op threads\n", modescape::bench::cpuName().c_str(),
                at::get_num_threads());
    std::printf("BLAS loaded: %s\n", modescape::bench::loadedBlas().c_str());
    std::printf("BLAS of the fast forward: %s\n", fastForwardBlas().c_str());
    std::printf("device: %s\n", describeDevice(device).c_str());
    std::printf("load average before: %s\n", loadAverage().c_str());
    const bool matmul = !wanted(ways, "nomatmul");
    const double matmulBefore = matmul ? matmulGflops(device) : 0.0;
    if (matmul)
        std::printf("plain float matmul 2048^3 on the device, before: %.1f GFLOP/s\n",
                    matmulBefore);
    // The workloads' shares are printed against the first measurement; the
    // summary at the end gives them against the mean of both.
    const double peak = matmulBefore;

    const model::MlpModel mlp(model::MlpConfig{{2, 32, 32, 2}});
    data::MoonsOptions moons;
    moons.n = 10000;
    const auto moonsSet = data::makeMoons(moons);
    runWorkload("W1", mlp, mlp.initialParameters(0), {moonsSet.inputs, moonsSet.labels, {}}, w1Side,
                2.0 * (2 * 32 + 32 * 32 + 32 * 2), peak, device, ways);

    const model::LeNet5Model lenet;
    EvaluationData images;
    if (std::filesystem::exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz")) {
        const auto fashion = data::loadDataset("fashion-mnist:test,subset=2000,subset-seed=0");
        images = {fashion.inputs, fashion.labels, {}};
    } else {
        std::printf("Fashion-MNIST not installed (dataset-fashion-mnist): random images instead\n");
        images = {at::randn({2000, 1, 28, 28}), at::randint(0, 10, {2000}, at::kLong), {}};
    }
    // Multiply-adds: conv1 6x28x28x25, conv2 16x10x10x150, fc 400x120, 120x84, 84x10.
    const double lenetFlops =
        2.0 * (6 * 28 * 28 * 25 + 16 * 10 * 10 * 150 + 400 * 120 + 120 * 84 + 84 * 10);
    runWorkload("W2", lenet, lenet.initialParameters(0), images, w2Side, lenetFlops, peak, device,
                ways);
    if (!matmul) {
        std::printf("load average after: %s\n", loadAverage().c_str());
        return 0;
    }
    const double matmulAfter = matmulGflops(device);
    std::printf(
        "plain float matmul 2048^3 on the device, after: %.1f GFLOP/s (mean %.1f: "
        "multiply the shares above by %.3f for shares of the mean)\n",
        matmulAfter, (matmulBefore + matmulAfter) / 2,
        matmulBefore / ((matmulBefore + matmulAfter) / 2));
    std::printf("load average after: %s\n", loadAverage().c_str());
    return 0;
}

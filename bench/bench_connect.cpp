// Mode-connectivity throughput on this machine: time to train a quadratic
// Bezier curve (3 control points) between two members, the workloads:
//   W1  MLP 2-32-32-2 on 1,000 two-moons points, 20 epochs
//   W2  LeNet-5 on 10,000 Fashion-MNIST training images, 2 epochs
// and to evaluate the trained curve and the straight line at 61 points.
// Prints the machine, the BLAS loaded, the seconds per epoch, and the barriers
// of the line and of the curve (a sanity check: the curve's must be lower).
//   bench_connect [W2 epochs, default 2] [cpu|cuda, default cpu: where the curve trains]

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "bench/BenchMachine.h"
#include "core/connectivity/ConnectJob.h"
#include "core/data/DatasetSpec.h"
#include "core/data/Synthetic.h"
#include "core/jobs/Device.h"
#include "core/model/LeNet5.h"
#include "core/model/Mlp.h"
#include "core/sampling/SgdTrainer.h"

using namespace modescape;
using namespace modescape::connectivity;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

model::ParameterSet trainedMember(const model::BuiltinModel& m, const data::Dataset& train,
                                  std::uint64_t seed, int epochs, double rate) {
    model::ParameterSet w = m.initialParameters(seed);
    sampling::SgdOptions sgd;
    sgd.epochs = epochs;
    sgd.batchSize = 128;
    sgd.learningRate = rate;
    sgd.seed = seed;
    sampling::trainSgd(m, w, train, sgd, {});
    return w;
}

void runWorkload(const char* label, const model::BuiltinModel& m, const data::Dataset& train,
                 const data::Dataset& test, int memberEpochs, int curveEpochs, double rate,
                 DeviceKind device) {
    JobContext job;
    job.device = device;
    std::printf("\n%s: %s, %lld training samples, %lld parameters\n", label, m.describe().c_str(),
                static_cast<long long>(train.size()),
                static_cast<long long>(m.initialParameters(0).parameters().numel()));
    const auto a = trainedMember(m, train, 1, memberEpochs, rate);
    const auto b = trainedMember(m, train, 2, memberEpochs, rate);
    PathData data{&train, &test};

    PathSettings line;
    line.kind = PathKind::Linear;
    const auto lineStart = std::chrono::steady_clock::now();
    const PathResult straight = connectWeights(m, a, b, data, line, nullptr, job).result;
    const double lineSeconds = secondsSince(lineStart);

    PathSettings curve;
    curve.kind = PathKind::Bezier;
    curve.bends = 3;
    curve.training.epochs = curveEpochs;
    curve.training.learningRate = rate;
    const PathResult bent = connectWeights(m, a, b, data, curve, nullptr, job).result;

    std::printf("  Bezier training: %d epochs in %.2f s (%.3f s per epoch)\n", curveEpochs,
                bent.trainingSeconds, bent.trainingSeconds / curveEpochs);
    std::printf("  evaluation of 61 points (train + test): line %.2f s, curve %.2f s\n",
                lineSeconds, bent.seconds - bent.trainingSeconds);
    std::printf(
        "  train-loss barrier (interpolated): line %.4f, Bezier %.4f; test: line %.4f, Bezier "
        "%.4f\n",
        straight.trainBarrier.interpolated, bent.trainBarrier.interpolated,
        straight.testBarrier.interpolated, bent.testBarrier.interpolated);
    std::printf("  members: train loss %.4f / %.4f, test accuracy %.4f / %.4f\n",
                straight.trainLoss.front(), straight.trainLoss.back(),
                straight.testAccuracy.front(), straight.testAccuracy.back());
}

}  // namespace

int main(int argc, char** argv) {
    useAllCpuCores();
    useExactFloat32();
    const int fashionEpochs = argc > 1 ? std::atoi(argv[1]) : 2;
    const DeviceKind device =
        argc > 2 && std::string(argv[2]) == "cuda" ? DeviceKind::Cuda : DeviceKind::Cpu;
    std::printf("bench_connect: Bezier curve training (Garipov et al.)\n");
    std::printf("machine: %s, %d threads, %s\n", modescape::bench::cpuName().c_str(),
                at::get_num_threads(), describeDevice(device).c_str());
    std::printf("BLAS: %s\n", modescape::bench::loadedBlas().c_str());

    runWorkload("W1 two moons", model::MlpModel(model::MlpConfig{{2, 32, 32, 2}}),
                data::makeMoons({1000, 0.1, 1}), data::makeMoons({1000, 0.1, 2}), 40, 20, 0.05,
                device);

    if (!std::filesystem::exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")) {
        std::printf(
            "\nW2 skipped: Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)\n");
        return 0;
    }
    const auto train = data::loadDataset("fashion-mnist:train,subset=10000,subset-seed=0");
    const auto test = data::loadDataset("fashion-mnist:test,subset=2000,subset-seed=0");
    runWorkload("W2 Fashion-MNIST", model::LeNet5Model(), train, test, 2, fashionEpochs, 0.05,
                device);
    return 0;
}

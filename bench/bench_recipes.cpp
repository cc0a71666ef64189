// Time and accuracy of the built-in posterior recipes (`modescape make-set`):
// the targets are the two-moons demo set in well under a minute and
// fashion-lenet at >= 85% test accuracy in under 15 minutes on 2 CPU cores.
//   bench_recipes [two-moons|fashion-lenet ...]   (default: both)
//   bench_recipes lenet-side-by-side [images]
// The second form times what make-set fashion-lenet changed (issue 17): two
// LeNet-5 members trained for one epoch on the first `images` (default 12,800)
// Fashion-MNIST training images one after the other with every core as
// intra-op threads (the old way), against the same two side by side with one
// thread each (runSideBySide), in the same run, with the load average; and
// how far the members of the two ways differ.

#include <ATen/Parallel.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/BenchMachine.h"
#include "core/common/Error.h"
#include "core/data/DatasetSpec.h"
#include "core/jobs/Device.h"
#include "core/model/ModelFactory.h"
#include "core/sampling/DemoRecipes.h"
#include "core/sampling/SgdTrainer.h"
#include "core/sampling/SideBySide.h"

using namespace modescape;

namespace {

std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

double processCpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

int lenetSideBySide(std::int64_t images) {
    data::Dataset train = data::loadDataset("fashion-mnist:train");
    train.inputs = train.inputs.slice(0, 0, images).contiguous();
    train.labels = train.labels.slice(0, 0, images).contiguous();
    const nlohmann::json lenetArgs = {{"in_channels", 1}, {"num_classes", 10}};
    const auto model = model::makeBuiltinModel("lenet5", lenetArgs);
    sampling::SgdOptions sgd;
    sgd.epochs = 1;
    sgd.batchSize = 128;
    sgd.learningRate = 0.05;
    sgd.weightDecay = 5e-4;
    std::vector<at::Tensor> old(2), sideBySide(2);
    auto train1 = [&](int i, const JobContext& c) {
        model::ParameterSet w = model->initialParameters(std::uint64_t(1 + i));
        sampling::SgdOptions options = sgd;  // each run its own seed: no shared writes
        options.seed = std::uint64_t(1 + i);
        sampling::trainSgd(*model, w, train, options, c);
        return w.flatten();
    };
    auto timed = [](const char* what, const std::function<void()>& work) {
        const auto start = std::chrono::steady_clock::now();
        const double cpu = processCpuSeconds();
        work();
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("  %-58s wall %7.2f s   cpu %7.2f s\n", what, wall, processCpuSeconds() - cpu);
        std::fflush(stdout);
        return wall;
    };
    std::printf("two LeNet-5 members, 1 epoch on %lld images, batch 128\n", (long long)images);
    std::printf("  load average before: %s\n", loadAverage().c_str());
    const int threads = at::get_num_threads();
    const double a = timed("one after the other, every core as intra-op threads (old)", [&] {
        for (int i = 0; i < 2; ++i)
            old[std::size_t(i)] = train1(i, {});
    });
    const double b = timed("side by side, one intra-op thread each (new)", [&] {
        std::vector<std::function<void(const JobContext&)>> tasks;
        for (int i = 0; i < 2; ++i)
            tasks.push_back(
                [&, i](const JobContext& c) { sideBySide[std::size_t(i)] = train1(i, c); });
        sampling::runSideBySide(tasks, sampling::sideBySideWorkers(2), 2, {}, 0, 1);
    });
    std::printf("  intra-op threads before / after: %d / %d\n", threads, at::get_num_threads());
    std::printf("  new / old wall: %.3f (%.2fx faster)\n", b / a, a / b);
    for (int i = 0; i < 2; ++i)
        std::printf("  member %d: max |old - new| weight %.3g\n", i,
                    (old[std::size_t(i)] - sideBySide[std::size_t(i)]).abs().max().item<double>());
    std::printf("  load average after: %s\n", loadAverage().c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    useAllCpuCores();
    useExactFloat32();
    bench::printMachine();
    if (argc >= 2 && std::string(argv[1]) == "lenet-side-by-side")
        return lenetSideBySide(argc >= 3 ? std::stoll(argv[2]) : 12800);
    std::vector<std::string> recipes(argv + 1, argv + argc);
    if (recipes.empty())
        recipes = sampling::recipeNames();
    // Progress lines with the elapsed time, so that a run stopped early still
    // shows how far it got and how long each phase took.
    JobContext context;
    auto start = std::chrono::steady_clock::now();
    std::string lastMessage;
    context.progress = [&](double fraction, const std::string& message) {
        if (message == lastMessage)
            return;
        lastMessage = message;
        const double t =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("  [%7.1f s] %5.1f%% %s\n", t, 100 * fraction, message.c_str());
        std::fflush(stdout);
    };
    const auto scratch = std::filesystem::temp_directory_path() / "modescape-bench-recipes";
    std::filesystem::create_directories(scratch);  // a set's --out needs its parent
    for (const auto& recipe : recipes) {
        try {
            start = std::chrono::steady_clock::now();
            const auto report =
                sampling::makeRecipeSet(recipe, (scratch / recipe).string(), 0, context);
            std::printf("%-14s %3zu members in %7.1f s\n", recipe.c_str(), report.members,
                        report.seconds);
            for (const auto& [group, accuracy] : report.testAccuracyByGroup)
                std::printf("    %-14s mean test accuracy %6.2f%%   min %6.2f%%\n", group.c_str(),
                            100.0 * accuracy, 100.0 * report.minTestAccuracyByGroup.at(group));
            for (const auto& [name, value] : report.statistics)
                std::printf("    %-32s %g\n", name.c_str(), value);
            std::fflush(stdout);  // a crash in a later recipe must not take these lines along
        } catch (const Error& e) {
            std::fprintf(stderr, "%s: %s\n", recipe.c_str(), e.what());
            return 1;
        }
    }
    std::filesystem::remove_all(scratch);
    return 0;
}

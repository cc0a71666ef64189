// Time and accuracy of the built-in posterior recipes (`modescape make-set`):
// the targets are the two-moons demo set in well under a minute and
// fashion-lenet at >= 85% test accuracy in under 15 minutes on 2 CPU cores.
//   bench_recipes [two-moons|fashion-lenet ...]   (default: both)

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/BenchMachine.h"
#include "core/common/Error.h"
#include "core/jobs/Device.h"
#include "core/sampling/DemoRecipes.h"

using namespace modescape;

int main(int argc, char** argv) {
    useAllCpuCores();
    useExactFloat32();
    bench::printMachine();
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

// Issue 16: what running over MPI ranks costs. On a LeNet-5 surface (random
// 28x28 images, so no dataset is needed) it times
//   plain      modescape landscape, every core (the baseline),
//   1 x 2      mpirun -np 1: one rank with both threads,
//   2 x 1      mpirun -np 2: two ranks with one thread each,
// alternating the MPI runs so that a change in the machine's load hits both,
// and checks that every run writes the same surface. From the 2-rank runs it
// takes rank 0's cost per point of serving the others (receiving, committing
// to the journal, answering) and models N nodes of R ranks each:
//   time(N) = P / (N R v) + P c        (P points, v points/s per rank, c that cost)
// the second term being the one thing that does not shrink with N.
//
// bench_mpi_landscape [side=9] [images=500] [repeats=2]
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "bench/BenchMachine.h"
#include "core/landscape/LandscapeFiles.h"
#include "core/model/LeNet5.h"
#include "core/sampling/SetWriter.h"
#include "tests/common/NpyWriter.h"

using namespace modescape;

namespace {

std::string makeSet(const std::string& folder, int images) {
    std::filesystem::create_directories(folder);
    std::mt19937 random(7);
    std::normal_distribution<float> pixel;
    std::uniform_int_distribution<std::int64_t> label(0, 9);
    std::vector<float> x(static_cast<std::size_t>(images) * 28 * 28);
    for (auto& v : x)
        v = pixel(random);
    std::vector<std::int64_t> y(static_cast<std::size_t>(images));
    for (auto& v : y)
        v = label(random);
    const model::LeNet5Model lenet;
    std::vector<sampling::Member> members;
    for (int i = 0; i < 3; ++i)
        members.push_back({"m" + std::to_string(i), "g", lenet.initialParameters(i), {}});
    sampling::SetDescription d;
    d.model = {{"builtin", "lenet5"}};
    d.datasets = {{"train", "npy:x.npy,y.npy"}, {"test", "npy:x.npy,y.npy"}};
    sampling::writeCheckpointSet(folder + "/set", d, members);
    // The data beside the manifest, which names it relative to the set's folder.
    test::writeNpy(folder + "/set/x.npy", "<f4", {images, 1, 28, 28}, test::rawBytes(x));
    test::writeNpy(folder + "/set/y.npy", "<i8", {images}, test::rawBytes(y));
    return folder + "/set";
}

// The machine's load averages (1, 5, 15 min): the runs share it with whatever else runs.
std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    double one = 0, five = 0, fifteen = 0;
    in >> one >> five >> fifteen;
    char text[64];
    std::snprintf(text, sizeof text, "%.2f %.2f %.2f", one, five, fifteen);
    return text;
}

nlohmann::json run(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    std::array<char, 4096> buffer{};
    while (pipe && std::fgets(buffer.data(), buffer.size(), pipe))
        out += buffer.data();
    if (!pipe || ::pclose(pipe) != 0) {
        std::fprintf(stderr, "failed: %s\n", command.c_str());
        std::exit(1);
    }
    return nlohmann::json::parse(out);
}

}  // namespace

int main(int argc, char** argv) {
    const int side = argc > 1 ? std::atoi(argv[1]) : 25;
    const int images = argc > 2 ? std::atoi(argv[2]) : 500;
    const int repeats = argc > 3 ? std::atoi(argv[3]) : 3;
    bench::printMachine();
    std::printf("load average at the start: %s\n", loadAverage().c_str());
    const std::string folder =
        (std::filesystem::temp_directory_path() / ("bench-mpi-" + std::to_string(::getpid())))
            .string();
    const std::string set = makeSet(folder, images);
    const std::string grid = "-1:1:" + std::to_string(side) + ",-1:1:" + std::to_string(side);
    const std::string mpirun = std::string(MPIEXEC) + " --oversubscribe --bind-to none" +
                               (::geteuid() == 0 ? " --allow-run-as-root" : "");
    const auto landscape = [&](const std::string& out) {
        return std::string(MODESCAPE_EXE) + " --progress none landscape " + set +
               " --center g/m0.safetensors --grid " + grid + " --out " + folder + "/" + out +
               " --json 2>/dev/null";
    };
    std::printf("LeNet-5, %d random images, %d x %d grid, %d repeats\n", images, side, side,
                repeats);

    const auto plain = run(landscape("plain.h5"));
    std::printf("plain, all cores: %.2f points/s\n", plain["points_per_second"].get<double>());
    double one = 0, two = 0, coordinator = 0, points = 0, messages = 0, bytes = 0;
    for (int r = 0; r < repeats; ++r) {
        for (const int ranks : {1, 2}) {
            const std::string out = "r" + std::to_string(ranks) + "-" + std::to_string(r) + ".h5";
            const auto j = run(mpirun + " -np " + std::to_string(ranks) + " " + landscape(out));
            const double rate = j["points_per_second"].get<double>();
            std::printf("%d rank(s) x %d thread(s), run %d: %.2f points/s, rank_work %s\n", ranks,
                        2 / ranks, r + 1, rate, j["rank_work"].dump().c_str());
            (ranks == 1 ? one : two) += rate / repeats;
            if (ranks == 2) {
                coordinator += j["coordinator_seconds"].get<double>();
                points += j["units_computed"].get<double>();  // grid points computed in this run
                messages += j["messages"].get<double>();
                bytes += j["message_bytes"].get<double>();
            }
            const auto a = landscape::readSurface(folder + "/plain.h5");
            const auto b = landscape::readSurface(folder + "/" + out);
            if (a.loss != b.loss || a.accuracy != b.accuracy) {
                std::fprintf(stderr, "%s differs from the plain run's surface\n", out.c_str());
                return 1;
            }
        }
    }
    std::printf("load average at the end: %s\n", loadAverage().c_str());
    std::printf("mean: 1 x 2 %.2f points/s, 2 x 1 %.2f points/s: 2 ranks / 1 rank = %.3f\n", one,
                two, two / one);
    const double cost = coordinator / points;
    std::printf(
        "rank 0 serving the other rank: %.3g s per point, %.1f bytes per point, %.2f "
        "points per message\n",
        cost, bytes / points, points / messages);
    const double perRank = two / 2;  // points/s of one single-thread rank
    std::printf("model, P = 10,000 points, R = 2 ranks per node of this speed:\n");
    for (const int nodes : {1, 2, 4, 8, 16, 64, 256}) {
        const double p = 10000, ideal = p / (nodes * 2 * perRank);
        const double time = ideal + p * cost;
        std::printf("  %4d nodes: %.1f s (ideal %.1f s, efficiency %.0f%%)\n", nodes, time, ideal,
                    100 * ideal / time);
    }
    std::filesystem::remove_all(folder);
    return 0;
}

// An archive set at the published datasets' scale (issue 13, part 6):
// generates N ResNet-18 members in their layout
// (bench-resnet18-0-<N-1>/version_<i>.safetensors, TorchUncertainty names,
// every tensor float16, seeded random values), packs them with the system's
// `tar czf`, then measures in one run: the first open (index made by one
// streaming pass), the second open (index from the cache), one full pass
// (every member's weights through LoadedSet::weights, in storage order) and
// `gzip -dc A.tgz > /dev/null` on the same archive. Goals: full pass within
// 1.5x of the decompression, second open under 2 s, peak RSS under 2 GB.
//   bench_archive [--members N=128] [--quick (= --members 8)] [--keep] [--dir DIR]
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <sys/resource.h>
#include <unistd.h>

#include "bench/BenchMachine.h"
#include "core/evaluation/LoadedSet.h"
#include "core/io/archive/ArchiveReader.h"
#include "core/io/safetensors/SafetensorsWriter.h"
#include "core/io/set/OpenSet.h"
#include "core/model/ModelFactory.h"
#include "core/model/ParameterSet.h"

namespace fs = std::filesystem;
using namespace modescape;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// This process's peak resident set (getrusage: kilobytes on Linux), in MiB.
double peakRssMiB() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0;
}

std::string quoted(const fs::path& p) {
    return "'" + p.string() + "'";
}

// Members in the published layout, float16 with seeded values; returns the folder name.
std::string writeMembers(const fs::path& root, int members) {
    const auto resnet = model::makeBuiltinModel("resnet18", nlohmann::json{{"num_classes", 10}});
    const std::string family = "bench-resnet18-0-" + std::to_string(members - 1);
    fs::create_directories(root / family);
    for (int i = 0; i < members; ++i) {
        at::manual_seed(i);
        std::vector<std::pair<std::string, at::Tensor>> tensors;
        for (const model::TensorSpec& spec : resnet->parameterSpec())
            tensors.emplace_back(spec.info.name, (at::randn(spec.info.shape) * 0.05).to(at::kHalf));
        io::writeSafetensors(
            (root / family / ("version_" + std::to_string(i) + ".safetensors")).string(), tensors);
    }
    return family;
}

int run(const std::string& command) {
    const int status = std::system(command.c_str());
    if (status != 0)
        std::fprintf(stderr, "failed (%d): %s\n", status, command.c_str());
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    int members = 128;
    bool keep = false;
    fs::path dir;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--members" && i + 1 < argc)
            members = std::atoi(argv[++i]);
        else if (a == "--quick")
            members = 8;
        else if (a == "--keep")
            keep = true;
        else if (a == "--dir" && i + 1 < argc)
            dir = argv[++i];
        else {
            std::fprintf(stderr,
                         "usage: bench_archive [--members N=128] [--quick] [--keep] "
                         "[--dir DIR]\n");
            return 2;
        }
    }
    if (members < 2) {
        std::fprintf(stderr, "--members: at least 2\n");
        return 2;
    }
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // lines appear as they are measured
    bench::printMachine();
    if (dir.empty())
        dir = fs::temp_directory_path() / ("modescape-bench-archive-" + std::to_string(getpid()));
    fs::create_directories(dir);
    // The index cache of this run only, so the first open really indexes.
    setenv("XDG_CACHE_HOME", (dir / "cache").c_str(), 1);

    auto t0 = Clock::now();
    const std::string family = writeMembers(dir / "src", members);
    const fs::path archive = dir / (family + ".tgz");
    if (run("tar czf " + quoted(archive) + " -C " + quoted(dir / "src") + " " + family) != 0)
        return 1;
    fs::remove_all(dir / "src");
    std::printf("made %s: %d ResNet-18 members (float16), %.1f MiB compressed, in %.1f s\n",
                archive.c_str(), members, double(fs::file_size(archive)) / (1 << 20),
                secondsSince(t0));

    t0 = Clock::now();
    const io::CheckpointSet set = io::openCheckpointSet(archive.string(), JobContext{});
    const double firstOpen = secondsSince(t0);
    std::printf(
        "first open (index by one streaming pass): %.2f s, %zu members, %lld "
        "parameters each, index from cache: %s\n",
        firstOpen, set.members.size(), static_cast<long long>(set.parametersPerMember()),
        set.archives.at(0).indexFromCache ? "yes" : "no");

    // A fresh reader, as the next process would make: reads the cached index.
    t0 = Clock::now();
    const auto again = io::archive::openArchive(archive.string(), JobContext{});
    const double secondOpen = secondsSince(t0);
    std::printf("second open (cached index): %.3f s, index from cache: %s\n", secondOpen,
                again->indexFromCache() ? "yes" : "no");

    t0 = Clock::now();
    const evaluation::LoadedSet loaded(set, evaluation::ModelNeed::WhenUsed);
    double sum = 0.0;
    for (const io::SetMember& m : set.members) {  // storage order
        const model::ParameterSet weights = loaded.weights(m.name);
        for (const auto& e : weights.entries())
            sum += e.tensor.sum().item<double>();
    }
    const double fullPass = secondsSince(t0);
    std::printf("full pass (every member's weights, storage order): %.2f s (checksum %.3f)\n",
                fullPass, sum);

    t0 = Clock::now();
    if (run("gzip -dc " + quoted(archive) + " > /dev/null") != 0)
        return 1;
    const double gunzip = secondsSince(t0);
    std::printf("gzip -dc of the same archive: %.2f s\n", gunzip);

    const double peak = peakRssMiB();
    std::printf("full pass / decompression: %.2fx (goal <= 1.5x) %s\n", fullPass / gunzip,
                fullPass <= 1.5 * gunzip ? "MET" : "MISSED");
    std::printf("second open: %.3f s (goal < 2 s) %s\n", secondOpen,
                secondOpen < 2.0 ? "MET" : "MISSED");
    std::printf("peak RSS: %.0f MiB (goal < 2048 MiB) %s\n", peak,
                peak < 2048.0 ? "MET" : "MISSED");
    if (!keep)
        fs::remove_all(dir);
    return 0;
}

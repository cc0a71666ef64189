// Not a test: prints how long re-aggregating a selection takes on a
// 50 members x 10,000 samples x 10 classes float32 cache (issue 7 asks for
// milliseconds). Build the target calibration_speed in a Release tree and run it.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <random>
#include <vector>

#include "core/calibration/CalibrationReport.h"

using namespace modescape::calibration;

namespace {

std::vector<float> randomSoftmax(std::int64_t members, std::int64_t samples, std::int64_t classes,
                                 const std::vector<std::int64_t>& labels, std::uint64_t seed) {
    std::mt19937_64 generator(seed);
    std::normal_distribution<double> noise(0.0, 1.5);
    std::vector<float> p(static_cast<std::size_t>(members * samples * classes));
    std::vector<double> logits(static_cast<std::size_t>(classes));
    for (std::int64_t m = 0; m < members; ++m) {
        for (std::int64_t n = 0; n < samples; ++n) {
            double sum = 0.0;
            for (std::int64_t c = 0; c < classes; ++c) {
                logits[c] =
                    std::exp(noise(generator) + (labels.empty() || c != labels[n] ? 0.0 : 2.0));
                sum += logits[c];
            }
            for (std::int64_t c = 0; c < classes; ++c) {
                p[(m * samples + n) * classes + c] = static_cast<float>(logits[c] / sum);
            }
        }
    }
    return p;
}

double threadCpuMs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

// Prints the median wall and thread-CPU time of `repeats` runs in milliseconds
// (the CPU time is the fairer number on a machine shared with other builds).
void measure(const char* what, int repeats, const std::function<void()>& work) {
    std::vector<double> wall, cpu;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const double cpuStart = threadCpuMs();
        work();
        cpu.push_back(threadCpuMs() - cpuStart);
        wall.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::sort(wall.begin(), wall.end());
    std::sort(cpu.begin(), cpu.end());
    std::printf("  %-52s wall %9.2f ms   cpu %9.2f ms\n", what, wall[wall.size() / 2],
                cpu[cpu.size() / 2]);
}

}  // namespace

int main() {
    const std::int64_t M = 50, N = 10000, C = 10;
    std::vector<std::int64_t> labels(N);
    for (std::int64_t n = 0; n < N; ++n)
        labels[n] = n % C;
    const std::vector<float> test = randomSoftmax(M, N, C, labels, 1);
    const std::vector<float> ood = randomSoftmax(M, N, C, {}, 2);
    std::vector<std::string> names;
    // Appended, not "m" + to_string(m): GCC 12 at -O3 warns falsely there (-Wrestrict).
    for (std::int64_t m = 0; m < M; ++m)
        names.push_back(std::string("m").append(std::to_string(m)));

    std::optional<CalibrationSet> set;
    std::printf("cache [%lld, %lld, %lld] float32 (+ OOD of the same size)\n", (long long)M,
                (long long)N, (long long)C);
    measure("build both caches (validate, entropies, votes)", 1, [&] {
        set.emplace(MemberProbabilities(test, M, N, C), labels, names,
                    MemberProbabilities(ood, M, N, C));
    });
    const std::vector<std::int64_t> all = set->allMembers();
    std::vector<double> average(static_cast<std::size_t>(N * C));
    measure("BMA of 50 members", 21, [&] { set->probabilities().averageMembers(all, average); });
    measure("BMA + accuracy/NLL/Brier/ECE/MCE/RMSCE/AECE", 21,
            [&] { evaluateAverage(set->probabilities(), labels, all); });
    measure("diversity of the selection (given the BMA)", 21,
            [&] { sampleUncertainty(set->probabilities(), all, average); });
    const SampleUncertainty u = sampleUncertainty(set->probabilities(), all, average);
    measure("AUROC/AUPR/FPR95 of one score (10^4 vs 10^4)", 21,
            [&] { detectionMetrics(u.predictiveEntropy, u.mutualInformation); });
    CalibrationOptions bmaOnly;
    bmaOnly.perMember = false;
    measure("calibrate(selection): BMA, diversity, OOD x3 scores", 11,
            [&] { calibrate(*set, all, bmaOnly); });
    const std::vector<std::int64_t> half(all.begin(), all.begin() + 25);
    measure("calibrate(25 of 50 members)", 11, [&] { calibrate(*set, half, bmaOnly); });
    measure("calibrate with all 50 per-member rows", 3,
            [&] { calibrate(*set, all, CalibrationOptions{}); });
    measure("ensemble-size curve k = 1..50 (with OOD)", 1, [&] {
        ensembleSizeCurve(set->probabilities(), labels, set->outOfDistribution(), all, 0);
    });
    measure("pairwise MI, 1225 pairs, in-distribution", 1,
            [&] { pairwiseMutualInformation(set->probabilities(), all); });
    return 0;
}

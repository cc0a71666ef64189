// Not a test: prints how long re-aggregating a selection takes on a
// 50 members x 10,000 samples x 10 classes float32 cache (issue 7 asks for
// milliseconds), then the live calibration of issue 17 on 100 members x 10,000
// samples x 100 classes: a fresh sum of the selection, a one-member update of
// the running sums (the ratio to the fresh sum in the same run) and the
// metrics of the 10,000 x 100 model average. Build bench_calibration in a
// Release tree (cmake --preset bench) and run it; it prints the load average,
// since the numbers mean little on a busy machine.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/calibration/CalibrationReport.h"
#include "core/calibration/Diversity.h"
#include "core/calibration/LiveCalibration.h"
#include "core/calibration/PredictionMetrics.h"
#include "core/jobs/Device.h"

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

std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

// Prints the median wall and thread-CPU time of `repeats` runs in milliseconds
// (the CPU time is the fairer number on a machine shared with other builds).
double measure(const char* what, int repeats, const std::function<void()>& work) {
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
    return cpu[cpu.size() / 2];
}

// Issue 17: 100 members x 10,000 samples x 100 classes (400 MB of float32).
void liveCalibration() {
    const std::int64_t M = 100, N = 10000, C = 100;
    std::vector<std::int64_t> labels(N);
    for (std::int64_t n = 0; n < N; ++n)
        labels[n] = n % C;
    LiveCalibrationOptions options;
    options.streamed.calibration.perMember = false;  // rows are computed once per member
    options.exactEvery = 0;
    LiveCalibration live(labels, options);
    std::printf("\nlive calibration: [%lld, %lld, %lld] float32, one group, no OOD\n", (long long)M,
                (long long)N, (long long)C);
    measure("make 100 members (softmax, entropies, votes)", 1, [&] {
        for (std::int64_t m = 0; m < M; ++m) {
            const std::vector<float> p = randomSoftmax(1, N, C, labels, 100 + std::uint64_t(m));
            live.addMember(std::make_shared<const MemberPrediction>(
                               MemberPrediction{MemberProbabilities(p, 1, N, C), std::nullopt}),
                           "m" + std::to_string(m), "all");
        }
    });
    std::vector<std::int64_t> all(M), ninetyNine(M - 1), other(M);
    for (std::int64_t m = 0; m < M; ++m)
        all[m] = m;
    for (std::int64_t m = 0; m + 1 < M; ++m)
        ninetyNine[m] = m;
    std::printf("  load average before: %s\n", loadAverage().c_str());
    live.select(all);
    const double fresh =
        measure("fresh sum of 100 members (re-aggregation)", 7, [&] { live.resum(); });
    bool flip = false;
    const double one = measure("one member removed / added (running sums)", 21, [&] {
        flip = !flip;
        live.select(flip ? ninetyNine : all);
    });
    measure("model average of the sums (10^6 values)", 7, [&] { live.average(); });
    const double report =
        measure("metrics of the average (ECE, NLL, Brier, bins, curves, diversity)", 5,
                [&] { live.report(); });
    // Where the metrics' time goes: the BMA's metrics with their curves, and the
    // per-sample uncertainty (an entropy of each of the 10^4 averaged rows).
    const std::vector<double> average = live.average();
    EvaluationOptions withCurves = options.streamed.calibration.evaluation;
    withCurves.edgePrecision = ProbabilityPrecision::Float32;  // as the float32 cache's report
    withCurves.curves = true;
    measure("  of which: BMA metrics with curves", 5,
            [&] { evaluatePredictions(average, C, labels, withCurves); });
    const std::vector<double> entropySums(static_cast<std::size_t>(N), 1.0);
    const std::vector<std::int64_t> pairs(static_cast<std::size_t>(N), 0);
    measure("  of which: per-sample uncertainty of the average", 5,
            [&] { uncertaintyFromSums(average, C, M, entropySums, pairs); });
    std::printf("  one-member update / fresh sum: %.4f (%.1fx faster)\n", one / fresh, fresh / one);
    std::printf(
        "  new selection shown: fresh %.1f ms + metrics %.1f ms cpu; one member "
        "changed: %.1f ms + %.1f ms\n",
        fresh, report, one, report);
    std::printf("  resident predictions: %.0f MB\n", live.residentBytes() / 1e6);
    std::printf("  load average after: %s\n", loadAverage().c_str());
}

}  // namespace

int main() {
    modescape::useAllCpuCores();  // as modescape does (LibTorch's default here is one thread)
    std::printf("load average: %s\n", loadAverage().c_str());
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
    liveCalibration();
    return 0;
}

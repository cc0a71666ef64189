// Projection engine at scale: PCA of N members x D parameters streamed from a
// float32 file with pread (time, peak RSS, which must stay under 2 GB), and
// t-SNE of 5,000 points with each gradient (time, KL, neighbour purity).
// Prints the machine and the BLAS library loaded.
//   bench_projection [--members N] [--parameters D] [--block-columns B]
//                    [--tsne-points P]... [--tsne-gradient fft|bh|exact]...
//                    [--dir DIR] [--keep-file] [--no-pca] [--no-tsne]

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "bench/BenchMachine.h"
#include "core/common/Error.h"
#include "core/projection/MemberBlockSource.h"
#include "core/projection/Pca.h"
#include "core/projection/Tsne.h"

using namespace modescape;
using namespace modescape::projection;

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

// Peak resident set size of this process (VmHWM), in MiB.
double peakRssMiB() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stod(line.substr(6)) / 1024.0;
    return -1;
}

// Cheap reproducible noise in [-1, 1): splitmix64 of (stream, index).
inline float noise(uint64_t stream, uint64_t index) {
    uint64_t z = stream * 0x9E3779B97F4A7C15ull + index + 0x632BE59BD9B4E5F5ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return float(double(z >> 40) * 0x1.0p-23 - 1.0);
}

// Member i = shared centre + a_i s1 + b_i s2 + small noise: a known two-dimensional
// structure, so the explained-variance ratio of the result can be checked by eye.
void writeMembers(const std::string& path, int64_t n, int64_t d) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        throw IoError(path, std::string("cannot create: ") + std::strerror(errno));
    std::vector<float> row(static_cast<size_t>(d));
    for (int64_t i = 0; i < n; ++i) {
        const float a = 3.0f * std::cos(float(i)), b = 1.5f * std::sin(0.37f * float(i));
        for (int64_t j = 0; j < d; ++j)
            row[size_t(j)] = 0.05f * noise(1, uint64_t(j)) + a * 1e-2f * noise(2, uint64_t(j)) +
                             b * 1e-2f * noise(3, uint64_t(j)) +
                             1e-3f * noise(100 + uint64_t(i), uint64_t(j));
        const auto bytes = size_t(d) * sizeof(float);
        if (::pwrite(fd, row.data(), bytes, off_t(i) * off_t(bytes)) != ssize_t(bytes)) {
            ::close(fd);
            throw IoError(path, "short write (disk full?)");
        }
    }
    ::fsync(fd);
    // Drop the file from the page cache so the PCA really reads the disk.
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
}

void benchPca(int64_t n, int64_t d, int64_t blockColumns, const std::string& dir, bool keep) {
    const std::string path = dir + "/bench_projection_members.f32";
    std::printf("\nPCA: %lld members x %lld parameters (float32 file %.2f GB, %s)\n", (long long)n,
                (long long)d, double(n) * double(d) * 4 / 1e9, path.c_str());
    auto t = Clock::now();
    writeMembers(path, n, d);
    std::printf("  write file          %8.1f s\n", since(t));

    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0)
        throw IoError(path, "cannot open for reading");
    double readSeconds = 0;
    CallbackBlockSource source(n, d, [&](int64_t d0, int64_t d1, float* out) {
        const auto start = Clock::now();
        const auto bytes = size_t(d1 - d0) * sizeof(float);
        for (int64_t i = 0; i < n; ++i, out += d1 - d0)
            if (::pread(fd, out, bytes, off_t((i * d + d0) * 4)) != ssize_t(bytes))
                throw IoError(path, "short read at member " + std::to_string(i));
        readSeconds += since(start);
    });

    const double rssBefore = peakRssMiB();
    t = Clock::now();
    const PcaResult result = pca(source, {10, blockColumns}, JobContext{});
    const double pcaSeconds = since(t);
    std::printf("  Gram pass + eigen   %8.1f s  (pread %.1f s; %.1f GFLOP/s for 2 N^2 D)\n",
                pcaSeconds, readSeconds,
                2.0 * double(n) * double(n) * double(d) / pcaSeconds / 1e9);
    std::printf("  explained variance ratio, first 4: %.4f %.4f %.4f %.4f\n",
                result.explainedVarianceRatio[0], result.explainedVarianceRatio[1],
                result.explainedVarianceRatio[2], result.explainedVarianceRatio[3]);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    readSeconds = 0;
    t = Clock::now();
    const Eigen::MatrixXd components = pcaComponents(source, result, JobContext{}, blockColumns);
    std::printf("  directions pass (k=10) %5.1f s  (pread %.1f s), |v1| = %.6f\n", since(t),
                readSeconds, components.col(0).norm());
    std::printf("  peak RSS (VmHWM)    %8.0f MiB  (%.0f MiB before PCA)  -> %s 2 GB\n",
                peakRssMiB(), rssBefore, peakRssMiB() < 2048 ? "under" : "OVER");
    ::close(fd);
    if (!keep)
        ::unlink(path.c_str());
}

std::string loadAverage() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    in >> one >> five >> fifteen;
    return one + " " + five + " " + fifteen;
}

// Ten Gaussian clusters in 50-D, centres 8 apart on the axes (the same data as
// bench/projection_vs_sklearn.py makes for scikit-learn).
Eigen::MatrixXd tsnePoints(int64_t points, std::vector<int>* labels) {
    const int clusters = 10, dim = 50;
    Eigen::MatrixXd x(points, dim);
    for (int64_t i = 0; i < points; ++i) {
        const int c = int(i % clusters);
        labels->push_back(c);
        for (int j = 0; j < dim; ++j)
            x(i, j) = 1.7 * double(noise(7, uint64_t(i * dim + j))) + (j == c ? 8.0 : 0.0);
    }
    return x;
}

// 10-nearest-neighbour purity in the embedding, by brute force.
double purity(const Eigen::MatrixXd& embedding, const std::vector<int>& labels) {
    const int64_t n = embedding.rows();
    const at::Tensor y =
        at::from_blob(const_cast<double*>(embedding.data()), {2, n}, at::kDouble).t().contiguous();
    double same = 0;
    for (int64_t r0 = 0; r0 < n; r0 += 2048) {
        const at::Tensor rows = y.slice(0, r0, std::min(n, r0 + 2048));
        at::Tensor d = at::cdist(rows, y);
        for (int64_t r = r0; r < std::min(n, r0 + 2048); ++r)
            d[r - r0][r] = 1e300;
        const at::Tensor nearest = std::get<1>(d.topk(10, 1, false)).contiguous();
        const auto* idx = nearest.data_ptr<int64_t>();
        for (int64_t i = r0; i < std::min(n, r0 + 2048); ++i)
            for (int k = 0; k < 10; ++k)
                same += labels[size_t(idx[(i - r0) * 10 + k])] == labels[size_t(i)];
    }
    return same / double(n * 10);
}

// Each gradient on the same points; the ratios are to the first one's time.
void benchTsne(int64_t points, const std::vector<TsneMethod>& methods) {
    std::vector<int> labels;
    const Eigen::MatrixXd x = tsnePoints(points, &labels);
    std::printf("\nt-SNE: %lld points in 50-D (10 clusters), load %s\n", (long long)points,
                loadAverage().c_str());
    double first = 0;
    for (const TsneMethod method : methods) {
        TsneOptions options;
        options.seed = 1;
        options.method = method;
        const auto t = Clock::now();
        const TsneResult r = tsne(x, options, JobContext{});
        const double seconds = since(t);
        if (first == 0)
            first = seconds;
        std::printf(
            "  %-5s perplexity %.1f, learning rate %.1f, %d iterations: %.2f s (%.2fx the "
            "first), KL after exaggeration %.4f, final KL %.4f, 10-NN purity %.4f, "
            "load %s\n",
            wordOf(method, kTsneMethodWords), r.perplexity, r.learningRate, r.iterations, seconds,
            first / seconds, r.klAfterExaggeration, r.klDivergence, purity(r.embedding, labels),
            loadAverage().c_str());
        std::printf(
            "        phases: affinities %.2f s, initialisation %.2f s, %d iterations %.2f s "
            "(%.2f ms each), exact final KL %.2f s\n",
            r.timings.affinities, r.timings.initialisation, r.iterations, r.timings.iterations,
            1e3 * r.timings.iterations / std::max(1, r.iterations), r.timings.finalKl);
    }
    std::printf("  peak RSS (VmHWM) %.0f MiB\n", peakRssMiB());
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress visible when redirected to a log
    int64_t members = 1000, parameters = 1000000, blockColumns = 16384;
    std::vector<int64_t> tsneSizes{5000};
    std::vector<TsneMethod> tsneMethods{TsneMethod::Fft, TsneMethod::BarnesHut};
    bool sizesGiven = false, methodsGiven = false;
    std::string dir = "/tmp";
    bool keep = false, runPca = true, runTsne = true;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (a == "--members")
            members = std::stoll(next());
        else if (a == "--parameters")
            parameters = std::stoll(next());
        else if (a == "--block-columns")
            blockColumns = std::stoll(next());
        else if (a == "--tsne-points") {  // repeatable
            if (!sizesGiven)
                tsneSizes.clear(), sizesGiven = true;
            tsneSizes.push_back(std::stoll(next()));
        } else if (a == "--tsne-gradient") {  // repeatable
            if (!methodsGiven)
                tsneMethods.clear(), methodsGiven = true;
            tsneMethods.push_back(parseTsneMethod(next()));
        } else if (a == "--dir")
            dir = next();
        else if (a == "--keep-file")
            keep = true;
        else if (a == "--no-pca")
            runPca = false;
        else if (a == "--no-tsne")
            runTsne = false;
        else {
            std::fprintf(stderr, "unknown argument %s\n", a.c_str());
            return 2;
        }
    }
    std::printf("machine: %s, %d ATen threads\nBLAS: %s\nload before: %s\n",
                modescape::bench::cpuName().c_str(), at::get_num_threads(),
                modescape::bench::loadedBlas().c_str(), loadAverage().c_str());
    try {
        if (runPca)
            benchPca(members, parameters, blockColumns, dir, keep);
        if (runTsne)
            for (const int64_t points : tsneSizes)
                benchTsne(points, tsneMethods);
    } catch (const Error& e) {
        std::fprintf(stderr, "bench_projection: %s\n", e.what());
        return 1;
    }
    std::printf("\nload after: %s\n", loadAverage().c_str());
    return 0;
}

// Projection engine at scale: PCA of N members x D parameters streamed from a
// float32 file with pread (time, peak RSS, which must stay under 2 GB), and
// t-SNE of 5,000 points with each gradient (time, KL, neighbour purity).
// Prints the machine and the BLAS library loaded.
//   bench_projection [--members N] [--parameters D] [--block-columns B]
//                    [--float16] [--no-baseline]
//                    [--tsne-points P]... [--tsne-gradient fft|bh|exact]...
//                    [--dir DIR] [--keep-file] [--no-pca] [--no-tsne]
//                    [--set FOLDER [--set-runs R]]
// The PCA runs the float32 path (ssyrk Gram with I/O overlapped, sgemm
// directions) and, unless --no-baseline, the exact dense LibTorch path on the
// same file first, with the ratio and the float32 Gram's error; then the
// randomized PCA (k = 2, what `project --pca auto` runs from 576 members) on
// the file's rows, timed from a cold page cache, with its explained variances
// and largest principal angle against the exact result.
// --set FOLDER instead runs the randomized PCA (k = 2) of a checkpoint set's
// raw weights as `project --method pca` reads them, R times (default 2: the
// first may read the disk), with where the time went: the
// workers' reading + decoding, shift and products, and their waits.

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "bench/BenchMachine.h"
#include "core/common/Error.h"
#include "core/evaluation/LoadedSet.h"
#include "core/io/set/OpenSet.h"
#include "core/jobs/Device.h"
#include "core/projection/GramKernels.h"
#include "core/projection/MemberBlockSource.h"
#include "core/projection/MemberRowSource.h"
#include "core/projection/Pca.h"
#include "core/projection/RandomizedPca.h"
#include "core/projection/Tsne.h"
#include "core/symmetry/SetMemberRows.h"

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
// float16 = true stores the same values rounded to IEEE half.
void writeMembers(const std::string& path, int64_t n, int64_t d, bool float16) {
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
        at::Tensor out = at::from_blob(row.data(), {d}, at::kFloat);
        if (float16)
            out = out.to(at::kHalf);
        const auto bytes = size_t(out.nbytes());
        if (::pwrite(fd, out.data_ptr(), bytes, off_t(i) * off_t(bytes)) != ssize_t(bytes)) {
            ::close(fd);
            throw IoError(path, "short write (disk full?)");
        }
    }
    ::fsync(fd);
    // Drop the file from the page cache so the PCA really reads the disk.
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
}

// Blocks of the member file by pread, one member's column range at a time,
// in the file's dtype (float32 or float16); the time spent reading is summed.
class FileBlocks : public MemberBlockSource {
  public:
    FileBlocks(const std::string& path, int64_t n, int64_t d, bool float16)
        : path_(path), n_(n), d_(d), type_(float16 ? at::kHalf : at::kFloat) {
        fd_ = ::open(path.c_str(), O_RDONLY);
        if (fd_ < 0)
            throw IoError(path, "cannot open for reading");
    }
    ~FileBlocks() override { ::close(fd_); }
    int64_t memberCount() const override { return n_; }
    int64_t parameterCount() const override { return d_; }
    at::Tensor block(int64_t d0, int64_t d1) const override {
        const auto start = Clock::now();
        at::Tensor out = at::empty({n_, d1 - d0}, type_);
        const auto width = int64_t(at::elementSize(type_));
        const auto bytes = size_t((d1 - d0) * width);
        auto* p = static_cast<char*>(out.data_ptr());
        for (int64_t i = 0; i < n_; ++i, p += bytes)
            if (::pread(fd_, p, bytes, off_t((i * d_ + d0) * width)) != ssize_t(bytes))
                throw IoError(path_, "short read at member " + std::to_string(i));
        readSeconds += since(start);
        return out;
    }
    void dropCache() const { ::posix_fadvise(fd_, 0, 0, POSIX_FADV_DONTNEED); }
    mutable double readSeconds = 0;  // summed on the reader thread, read after each pass

  private:
    std::string path_;
    int64_t n_, d_;
    at::ScalarType type_;
    int fd_ = -1;
};

// The same file as rows in storage order (one member by pread, then float32),
// as `project` reads a set: the randomized PCA's input.
class FileRows : public MemberRowSource {
  public:
    FileRows(const std::string& path, int64_t n, int64_t d, bool float16)
        : n_(n), d_(d), float16_(float16), path_(path) {
        fd_ = ::open(path.c_str(), O_RDONLY);
        if (fd_ < 0)
            throw IoError(path, "cannot open for reading");
    }
    ~FileRows() override { ::close(fd_); }
    int64_t memberCount() const override { return n_; }
    int64_t parameterCount() const override { return d_; }
    void read(int64_t first, const MemberVisitor& visit, const JobContext& context) const override {
        at::Tensor raw = at::empty({d_}, float16_ ? at::kHalf : at::kFloat);
        at::Tensor row = float16_ ? at::empty({d_}, at::kFloat) : raw;
        const auto bytes = size_t(raw.nbytes());
        for (int64_t i = first; i < n_; ++i) {
            context.checkCancelled();
            if (::pread(fd_, raw.data_ptr(), bytes, off_t(i) * off_t(bytes)) != ssize_t(bytes))
                throw IoError(path_, "short read at member " + std::to_string(i));
            if (float16_)
                halfToFloat(static_cast<const uint16_t*>(raw.data_ptr()), row.data_ptr<float>(),
                            d_);
            visit(i, row);
        }
    }

  private:
    int64_t n_, d_;
    bool float16_;
    std::string path_;
    int fd_ = -1;
};

// Largest principal angle (degrees) between the column spaces of two N x k
// matrices: arccos of the smallest singular value of Qa^T Qb.
double largestPrincipalAngle(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    const Eigen::MatrixXd qa = Eigen::HouseholderQR<Eigen::MatrixXd>(a).householderQ() *
                               Eigen::MatrixXd::Identity(a.rows(), a.cols());
    const Eigen::MatrixXd qb = Eigen::HouseholderQR<Eigen::MatrixXd>(b).householderQ() *
                               Eigen::MatrixXd::Identity(b.rows(), b.cols());
    const Eigen::JacobiSVD<Eigen::MatrixXd> svd(qa.transpose() * qb);
    const double c = std::clamp(svd.singularValues().minCoeff(), -1.0, 1.0);
    return std::acos(c) * 180.0 / M_PI;
}

std::string loadAverage();

// The float32 path (ssyrk Gram with the reader overlapped, sgemm directions)
// against the exact dense LibTorch path (float64 products, no overlap: the
// code before it) on the same file, each after dropping the page cache.
void benchPca(int64_t n, int64_t d, int64_t blockColumns, const std::string& dir, bool keep,
              bool float16, bool baseline) {
    const std::string path = dir + "/bench_projection_members." + (float16 ? "f16" : "f32");
    std::printf("\nPCA: %lld members x %lld parameters (%s file %.2f GB, %s), k = 10\n",
                (long long)n, (long long)d, float16 ? "float16" : "float32",
                double(n) * double(d) * (float16 ? 2 : 4) / 1e9, path.c_str());
    std::printf("  kernels: %s\n", gramKernelDescription().c_str());
    auto t = Clock::now();
    writeMembers(path, n, d, float16);
    std::printf("  write file          %8.1f s\n", since(t));
    const FileBlocks source(path, n, d, float16);
    const double gramFlop = double(n) * double(n) * double(d);  // N^2 D: what a syrk does

    double denseGram = 0, denseDirections = 0;
    GramMatrices exact;
    if (baseline) {
        std::printf("  load before baseline: %s\n", loadAverage().c_str());
        source.readSeconds = 0;
        t = Clock::now();
        exact = computeGramDense(source, JobContext{}, blockColumns);
        denseGram = since(t);
        const PcaResult r = pcaFromGram(exact.centred, 10);
        std::printf(
            "  BEFORE Gram (dense float64 LibTorch) %6.2f s  (pread %.1f s; %.1f GFLOP/s "
            "of N^2 D)\n",
            denseGram, source.readSeconds, gramFlop / denseGram / 1e9);
        source.dropCache();
        source.readSeconds = 0;
        t = Clock::now();
        pcaComponents(source, r, JobContext{}, blockColumns, GramProducts::Float64, false);
        denseDirections = since(t);
        std::printf("  BEFORE directions (float64)          %6.2f s  (pread %.1f s)\n",
                    denseDirections, source.readSeconds);
        source.dropCache();
    }

    std::printf("  load before float32 path: %s\n", loadAverage().c_str());
    const double rssBefore = peakRssMiB();
    source.readSeconds = 0;
    t = Clock::now();
    const GramMatrices gram =
        computeGram(source, JobContext{}, blockColumns, GramProducts::Float32);
    const double fastGram = since(t);
    std::printf(
        "  AFTER Gram (float32 sgemm, overlapped) %5.2f s  (pread %.1f s on the reader "
        "thread; %.1f GFLOP/s of N^2 D)\n",
        fastGram, source.readSeconds, gramFlop / fastGram / 1e9);
    t = Clock::now();
    const PcaResult result = pcaFromGram(gram.centred, 10);
    std::printf("  eigen (N x N, the same for both paths) %5.2f s\n", since(t));
    std::printf("  explained variance ratio, first 4: %.4f %.4f %.4f %.4f\n",
                result.explainedVarianceRatio[0], result.explainedVarianceRatio[1],
                result.explainedVarianceRatio[2], result.explainedVarianceRatio[3]);
    source.dropCache();
    source.readSeconds = 0;
    t = Clock::now();
    const Eigen::MatrixXd components =
        pcaComponents(source, result, JobContext{}, blockColumns, GramProducts::Float32);
    const double fastDirections = since(t);
    std::printf("  AFTER directions (sgemm, overlapped)   %5.2f s  (pread %.1f s), |v1| = %.6f\n",
                fastDirections, source.readSeconds, components.col(0).norm());
    // The randomized PCA (k = 2, the default sketch and passes), rows in storage
    // order from the disk as `project` reads them, against the exact result above.
    std::printf("  load before randomized PCA: %s\n", loadAverage().c_str());
    source.dropCache();
    const FileRows rows(path, n, d, float16);
    RandomizedPcaOptions randomized;
    randomized.components = 2;
    t = Clock::now();
    const RandomizedPcaRun run = randomizedPca(rows, randomized, JobContext{});
    const double randomizedSeconds = since(t);
    const PcaResult top2 = pcaFromGram(gram.centred, 2);
    double varianceError = 0;
    for (int j = 0; j < 2; ++j)
        varianceError = std::max(
            varianceError,
            std::abs(run.pca.explainedVariance[size_t(j)] / top2.explainedVariance[size_t(j)] - 1));
    std::printf(
        "  randomized PCA, %s: %.2f s from a cold cache (%.2fx the float32 Gram + directions); "
        "vs exact: explained variance %.1e relative, largest principal angle %.1e degrees\n",
        describeRandomizedPca(randomized, run).c_str(), randomizedSeconds,
        (fastGram + fastDirections) / randomizedSeconds, varianceError,
        largestPrincipalAngle(top2.leftVectors, run.pca.leftVectors));
    if (baseline) {
        const double err = (gram.centred - exact.centred).cwiseAbs().maxCoeff() /
                           exact.centred.cwiseAbs().maxCoeff();
        std::printf("  float32 Gram vs exact float64: max |difference| / max |G| = %.2e\n", err);
        std::printf("  speed-up: Gram %.2fx, directions %.2fx, both %.2fx\n", denseGram / fastGram,
                    denseDirections / fastDirections,
                    (denseGram + denseDirections) / (fastGram + fastDirections));
    }
    std::printf("  peak RSS (VmHWM)    %8.0f MiB  (%.0f MiB before PCA)  -> %s 2 GB\n",
                peakRssMiB(), rssBefore, peakRssMiB() < 2048 ? "under" : "OVER");
    // One line for bench/projection_vs_sklearn.py.
    std::printf(
        "pca-seconds gram %.3f directions %.3f before-gram %.3f before-directions %.3f "
        "randomized %.3f\n",
        fastGram, fastDirections, denseGram, denseDirections, randomizedSeconds);
    if (!keep)
        ::unlink(path.c_str());
}

// The randomized PCA of a set's raw weights, as `project --method pca` runs
// it past the exact Gram's reach, with its phases.
void benchSetPca(const std::string& folder, int runs) {
    const evaluation::LoadedSet set(io::openCheckpointSet(folder, JobContext{}),
                                    evaluation::ModelNeed::WhenUsed);
    const symmetry::SetMemberRows rows(set, symmetry::SpaceOptions{});
    std::printf("\nrandomized PCA of the set %s: %lld members x %lld parameters\n", folder.c_str(),
                (long long)rows.memberCount(), (long long)rows.parameterCount());
    for (int r = 0; r < runs; ++r) {
        const std::string loadBefore = loadAverage();
        RandomizedPcaOptions options;
        options.components = 2;
        const auto t = Clock::now();
        const RandomizedPcaRun run = randomizedPca(rows, options, JobContext{});
        const double seconds = since(t);
        const BatchPassTimes& p = run.times;
        std::printf(
            "  run %d: %.2f s, %s, explained %.6f %.6f (load %s -> %s)\n"
            "    summed over the workers: reading + decoding %.2f s, shift into the batch %.2f s, "
            "products %.2f s, waiting for the turn in order %.2f s; between passes %.2f s; "
            "peak RSS %.0f MiB\n",
            r + 1, seconds, describeRandomizedPca(options, run).c_str(),
            run.pca.explainedVarianceRatio[0], run.pca.explainedVarianceRatio[1],
            loadBefore.c_str(), loadAverage().c_str(), p.reading, p.shifting, p.products,
            p.waitForTurn, run.betweenPasses, peakRssMiB());
    }
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

double processCpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
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
        const double cpu0 = processCpuSeconds();
        const TsneResult r = tsne(x, options, JobContext{});
        const double seconds = since(t), cpu = processCpuSeconds() - cpu0;
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
        // Under load the wall time follows the other work; the CPU time less so.
        std::printf("        process CPU time %.2f s (%.2f cores busy on average)\n", cpu,
                    cpu / seconds);
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
    bool keep = false, runPca = true, runTsne = true, float16 = false, baseline = true;
    std::string setFolder;
    int setRuns = 2;
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
        else if (a == "--float16")
            float16 = true;
        else if (a == "--no-baseline")
            baseline = false;
        else if (a == "--keep-file")
            keep = true;
        else if (a == "--no-pca")
            runPca = false;
        else if (a == "--no-tsne")
            runTsne = false;
        else if (a == "--set")
            setFolder = next();
        else if (a == "--set-runs")
            setRuns = std::stoi(next());
        else {
            std::fprintf(stderr, "unknown argument %s\n", a.c_str());
            return 2;
        }
    }
    // As `modescape` does: every usable core (ATen's default may be fewer).
    modescape::useAllCpuCores();
    std::printf("machine: %s, %d ATen threads\nBLAS: %s\nload before: %s\n",
                modescape::bench::cpuName().c_str(), at::get_num_threads(),
                modescape::bench::loadedBlas().c_str(), loadAverage().c_str());
    try {
        if (!setFolder.empty()) {
            benchSetPca(setFolder, setRuns);
            return 0;
        }
        if (runPca)
            benchPca(members, parameters, blockColumns, dir, keep, float16, baseline);
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

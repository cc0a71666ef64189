// Peak memory of the whole-set computations on a set of 500 members x 101,610
// float32 parameters (194 MiB of weights) under a 32 MiB memory budget: the
// exact and randomized PCA, MDS, MMD and symmetry removal must stay under
// half of the 194 MiB that holding the members x parameters matrix would
// take. The peak is the process's VmHWM
// after resetting it (/proc/self/clear_refs), so the test fails if someone
// brings the full matrix back. No clock is read.
#include <QtTest>

#include <QTemporaryDir>

#include <ATen/ATen.h>

#include <string>

#include "core/common/MemoryBudget.h"
#include "core/evaluation/LoadedSet.h"
#include "core/io/set/OpenSet.h"
#include "core/model/ModelFactory.h"
#include "core/sampling/SetWriter.h"
#include "core/symmetry/SetProjection.h"
#include "core/symmetry/SetSymmetry.h"
#include "tests/common/PeakMemory.h"

using namespace modescape;
using test::resetPeak;
using test::statusKiB;

namespace {

// Enough members that the full matrix dwarfs the fixed costs (the 32 MiB
// budget, a member in flight, thread buffers): 200 members left too thin a
// margin on a CI machine whose fixed costs were 14 MiB above this one's.
constexpr int kMembers = 500;
constexpr double kMiB = 1024.0 * 1024.0;

// MLP 100-500-100-10: 101,610 parameters, 406 KB per member.
nlohmann::json modelJson() {
    return {{"builtin", "mlp"}, {"args", {{"widths", {100, 500, 100, 10}}}}};
}

}  // namespace

class TestStreamedSetMemory : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    std::string folder_;
    double fullMatrixBytes_ = 0;

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        folder_ = dir_.filePath("set").toStdString();
        const auto mlp = model::makeBuiltinModel("mlp", modelJson()["args"]);
        std::vector<sampling::Member> members;
        for (int i = 0; i < kMembers; ++i)
            members.push_back({"m" + std::to_string(i),
                               i % 2 ? "b" : "a",
                               mlp->initialParameters(uint64_t(i + 1)),
                               {}});
        sampling::SetDescription description;
        description.model = modelJson();
        sampling::writeCheckpointSet(folder_, description, members);
        fullMatrixBytes_ = 4.0 * kMembers * 101610;
        // What a streamed computation may plan with: far below the full matrix.
        setMemoryBudget(32 << 20);
    }

    void cleanupTestCase() { setMemoryBudget(0); }

    // The full matrix is what the budget refuses...
    void fullMatrixIsRefused() {
        const evaluation::LoadedSet set(io::openCheckpointSet(folder_, JobContext{}),
                                        evaluation::ModelNeed::WhenUsed);
        std::vector<std::string> names, groups;
        QVERIFY_THROWS_EXCEPTION(MemoryLimitExceeded,
                                 symmetry::flattenMembers(set, {}, JobContext{}, names, groups));
    }

    // ... and every streamed computation stays far below it.
    void streamedComputationsStayUnderBound() {
        const io::CheckpointSet set = io::openCheckpointSet(folder_, JobContext{});
        // First use of the BLAS and the thread pools before the peak is reset:
        // their buffers are the program's, not the computation's.
        symmetry::SetProjectionOptions warmUp;
        warmUp.pca = projection::PcaAlgorithm::Randomized;
        symmetry::projectSet(set, warmUp, JobContext{});
        if (!resetPeak())
            QFAIL("cannot reset the peak RSS through /proc/self/clear_refs");
        const double before = statusKiB("VmRSS") * 1024;

        symmetry::SetProjectionOptions options;
        options.pca = projection::PcaAlgorithm::Exact;
        const symmetry::SetProjection exact = symmetry::projectSet(set, options, JobContext{});
        QCOMPARE(exact.coordinates.rows(), kMembers);
        // Several panel passes: the budget held the panel to part of the set.
        QVERIFY2(exact.algorithm.find("passes over") != std::string::npos, exact.algorithm.c_str());

        options.pca = projection::PcaAlgorithm::Randomized;
        const symmetry::SetProjection randomized = symmetry::projectSet(set, options, JobContext{});
        QVERIFY(randomized.algorithm.rfind("randomized (k=2", 0) == 0);
        // Independent random initialisations have a flat spectrum (every
        // eigenvalue within ~20 % of the others): the top share agrees that far.
        QVERIFY(std::abs(randomized.explainedVarianceRatio[0] - exact.explainedVarianceRatio[0]) <
                0.2 * exact.explainedVarianceRatio[0]);

        options.method = symmetry::ProjectionMethod::Mds;
        options.space.space = symmetry::WeightSpace::ScalingPermutation;
        const symmetry::SetProjection mds = symmetry::projectSet(set, options, JobContext{});
        QCOMPARE(mds.coordinates.rows(), kMembers);

        const symmetry::SetMmd mmd = symmetry::mmdOfSet(set, {}, {}, JobContext{});
        QCOMPARE(mmd.table.groups.size(), std::size_t(2));
        QVERIFY(mmd.table.maximum(0, 1) == mmd.table.maximum(1, 0));

        symmetry::SetSymmetryOptions removal;
        removal.removal.scaling = symmetry::ScalingMethod::Optimal;
        removal.removal.permutation = symmetry::PermutationMethod::Sort;
        const auto report = symmetry::symmetrizeSet(folder_, dir_.filePath("out").toStdString(),
                                                    removal, JobContext{});
        QCOMPARE(report.members.size(), std::size_t(kMembers));

        const double peak = statusKiB("VmHWM") * 1024 - before;
        qInfo("peak RSS above the start: %.1f MiB (the full matrix: %.1f MiB)", peak / kMiB,
              fullMatrixBytes_ / kMiB);
        // The 32 MiB working memory plus a member in flight (read, transformed,
        // flattened) and the threads' buffers: measured 48-62 MiB with 200
        // members, bounded by 97 MiB (half the full matrix).
        QVERIFY2(peak < 0.5 * fullMatrixBytes_,
                 qPrintable(QString("peak %1 MiB").arg(peak / kMiB)));
    }
};

QTEST_GUILESS_MAIN(TestStreamedSetMemory)
#include "TestStreamedSetMemory.moc"

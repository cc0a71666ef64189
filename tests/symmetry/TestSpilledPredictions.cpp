// Function-space maps and MMD when the members' predictions do not fit the
// working memory (issue 13, item 5): with the memory budget lowered
// (setMemoryBudget, what `--memory` sets), the predictions are spilled to a
// float32 scratch file in the cache and streamed back in panels. The map
// coordinates and MMD values must equal the in-memory path's, Cancel must
// work while spilling and while reading back, nothing may stay in the cache,
// and a scratch file past the cache bound (--cache-size) is refused with sizes.
#include <QtTest>

#include <QTemporaryDir>

#include <ATen/ATen.h>

#include <filesystem>
#include <fstream>

#include "core/common/Error.h"
#include "core/common/MemoryBudget.h"
#include "core/io/archive/ArchiveReader.h"
#include "core/io/set/OpenSet.h"
#include "core/model/ModelFactory.h"
#include "core/projection/ScratchRowFile.h"
#include "core/sampling/SetWriter.h"
#include "core/symmetry/FunctionRows.h"
#include "core/symmetry/SetProjection.h"

using namespace modescape;
using namespace modescape::symmetry;
namespace fs = std::filesystem;

namespace {

// 4 groups x 10 MLPs (2-8-8-3) with different seeds, compared on 500 moons:
// rows of 500 x 3 float32 = 6 KB, 240 KB for the 40 members.
constexpr int kMembers = 40;
constexpr std::int64_t kSamples = 500;
// A budget under which the 240 KB do not fit a quarter of the working memory
// (64 KB), so they are spilled, and the distances' panel holds only some
// members (several passes over the scratch file).
constexpr std::uint64_t kSmallBudget = 256 << 10;

void writeSet(const std::string& folder) {
    const nlohmann::json args = {{"widths", {2, 8, 8, 3}}};
    const auto m = model::makeBuiltinModel("mlp", args);
    std::vector<sampling::Member> members;
    for (int i = 0; i < kMembers; ++i)
        members.push_back({"m" + std::to_string(i),
                           "g" + std::to_string(i % 4),
                           m->initialParameters(std::uint64_t(i + 1)),
                           {}});
    sampling::SetDescription description;
    description.model = {{"builtin", "mlp"}, {"args", args}};
    description.datasets = {{"test", "moons:n=" + std::to_string(kSamples) + ",noise=0.2,seed=5"}};
    sampling::writeCheckpointSet(folder, description, members);
}

SetProjectionOptions functionMap(ProjectionMethod method, DistanceKind distance) {
    SetProjectionOptions o;
    o.method = method;
    o.distance = distance;
    o.functionSamples = kSamples;
    return o;
}

bool mentionsSpill(const std::vector<std::string>& notes) {
    for (const auto& note : notes)
        if (note.find("spilled to a float32 scratch file") != std::string::npos)
            return true;
    return false;
}

// Files in the cache's scratch folder (none when it does not exist).
int scratchFiles() {
    std::error_code ec;
    int count = 0;
    for (auto it = fs::directory_iterator(projection::scratchFolder(), ec);
         !ec && it != fs::directory_iterator(); ++it)
        ++count;
    return count;
}

// A context that cancels itself once a progress message containing `when` came.
JobContext cancellingAt(const std::string& when) {
    JobContext context;
    const CancellationToken token = context.cancel;
    context.progress = [token, when](double, const std::string& message) {
        if (message.find(when) != std::string::npos)
            token.cancel();
    };
    return context;
}

}  // namespace

class TestSpilledPredictions : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    std::string set_;

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        qputenv("XDG_CACHE_HOME", (dir_.path() + "/cache").toUtf8());
        set_ = dir_.path().toStdString() + "/set";
        writeSet(set_);
    }

    void cleanup() { setMemoryBudget(0); }

    void spilledMapsEqualTheInMemoryOnes() {
        const io::CheckpointSet set = io::openCheckpointSet(set_, JobContext{});
        for (auto method : {ProjectionMethod::Mds, ProjectionMethod::Tsne})
            for (auto distance : {DistanceKind::JensenShannon, DistanceKind::Disagreement}) {
                setMemoryBudget(0);
                const SetProjection memory =
                    projectSet(set, functionMap(method, distance), JobContext{});
                QVERIFY(!mentionsSpill(memory.notes));
                setMemoryBudget(kSmallBudget);
                const SetProjection spilled =
                    projectSet(set, functionMap(method, distance), JobContext{});
                setMemoryBudget(0);
                QVERIFY(mentionsSpill(spilled.notes));
                QCOMPARE(spilled.members, memory.members);
                QCOMPARE(spilled.dimensions, kSamples * 3);
                // Each distance is computed from the same float32 rows by the
                // same float64 operations, so the maps agree to round-off
                // (1e-6 leaves room for float64 reductions done in other orders).
                const double worst =
                    (spilled.coordinates - memory.coordinates).cwiseAbs().maxCoeff();
                QVERIFY2(worst <= 1e-6, qPrintable(QString::number(worst)));
                QVERIFY(memory.coordinates.cwiseAbs().maxCoeff() > 1e-3);  // a real map
                QCOMPARE(scratchFiles(), 0);
            }
    }

    void spilledMmdEqualsTheInMemoryOne() {
        const io::CheckpointSet set = io::openCheckpointSet(set_, JobContext{});
        const FunctionSample sample{"test", kSamples};
        const SetMmd memory = mmdOfSet(set, {}, {}, JobContext{}, sample);
        QVERIFY(!mentionsSpill(memory.notes));
        setMemoryBudget(kSmallBudget);
        const SetMmd spilled = mmdOfSet(set, {}, {}, JobContext{}, sample);
        setMemoryBudget(0);
        QVERIFY(mentionsSpill(spilled.notes));
        QCOMPARE(spilled.table.groups.size(), std::size_t(4));
        QCOMPARE(spilled.table.pairs.size(), memory.table.pairs.size());
        double largest = 0;
        for (std::size_t k = 0; k < memory.table.pairs.size(); ++k) {
            const auto& a = memory.table.pairs[k].values;
            const auto& b = spilled.table.pairs[k].values;
            QCOMPARE(b.size(), a.size());
            for (std::size_t v = 0; v < a.size(); ++v) {
                // Same rows; the kernel sums are added in other panels and
                // tiles under the small budget: float64 round-off only.
                QVERIFY2(std::abs(b[v].mmd2 - a[v].mmd2) <= 1e-6,
                         qPrintable(QString("%1 vs %2").arg(b[v].mmd2).arg(a[v].mmd2)));
                QCOMPARE(b[v].bandwidth, a[v].bandwidth);
                largest = std::max(largest, std::abs(a[v].mmd2));
            }
        }
        QVERIFY(largest > 1e-3);  // groups of different seeds differ
        QCOMPARE(scratchFiles(), 0);
    }

    void cancelWorksWhileSpillingAndReadingBack() {
        const io::CheckpointSet set = io::openCheckpointSet(set_, JobContext{});
        const auto options = functionMap(ProjectionMethod::Mds, DistanceKind::JensenShannon);
        setMemoryBudget(kSmallBudget);
        // While the predictions are written: after member m20's.
        QVERIFY_THROWS_EXCEPTION(Cancelled, projectSet(set, options, cancellingAt("m20")));
        QCOMPARE(scratchFiles(), 0);
        // While the scratch file is read back in panels.
        QVERIFY_THROWS_EXCEPTION(
            Cancelled, projectSet(set, options, cancellingAt("function-space distances")));
        QCOMPARE(scratchFiles(), 0);
    }

    void scratchPastTheCacheBoundIsRefusedWithSizes() {
        const io::CheckpointSet set = io::openCheckpointSet(set_, JobContext{});
        const io::archive::ArchiveOptions before = io::archive::defaultArchiveOptions();
        io::archive::ArchiveOptions tight = before;
        tight.extractCacheBytes = 100 << 10;
        io::archive::setDefaultArchiveOptions(tight);
        setMemoryBudget(kSmallBudget);
        QString message;
        try {
            projectSet(set, functionMap(ProjectionMethod::Mds, DistanceKind::JensenShannon),
                       JobContext{});
        } catch (const MemoryLimitExceeded& e) {
            message = e.what();
        }
        io::archive::setDefaultArchiveOptions(before);
        // 40 x 500 x 3 float32 = 234.4 KiB, against the 100 KiB bound.
        QVERIFY2(message.contains("234.4 KiB") && message.contains("100.0 KiB") &&
                     message.contains("--cache-size"),
                 qPrintable(message));
        QCOMPARE(scratchFiles(), 0);
    }

    void scratchFileKeepsRowsExactlyAndLeavesNothing() {
        const at::Tensor rows = at::randn({5, 7}, at::kDouble);
        std::string path;
        {
            projection::ScratchRowFile file(5, 7, 1e6, "test rows");
            for (int i = 0; i < 5; ++i)
                file.append(rows[i]);
            QVERIFY(fs::exists(file.path()));
            file.finish();
            path = file.path();
            QVERIFY(path.rfind(projection::scratchFolder(), 0) == 0);  // inside the cache
            QCOMPARE(file.memberCount(), std::int64_t(5));
            int visited = 0;
            file.read(
                2,
                [&](int64_t i, const at::Tensor& row) {
                    QVERIFY(at::equal(row, rows[i].to(at::kFloat)));
                    ++visited;
                },
                JobContext{});
            QCOMPARE(visited, 3);
        }
        QVERIFY(!fs::exists(path));
        // A file left by a process that is gone (no process has this id) is
        // removed by the next scratch file; a foreign file is left alone.
        const fs::path orphan = fs::path(projection::scratchFolder()) / "rows-2147483646-0.f32";
        const fs::path foreign = fs::path(projection::scratchFolder()) / "notes.txt";
        std::ofstream(orphan) << "x";
        std::ofstream(foreign) << "x";
        { projection::ScratchRowFile file(1, 1, 1e6, "test rows"); }
        QVERIFY(!fs::exists(orphan));
        QVERIFY(fs::exists(foreign));
        fs::remove(foreign);
    }
};

QTEST_GUILESS_MAIN(TestSpilledPredictions)
#include "TestSpilledPredictions.moc"

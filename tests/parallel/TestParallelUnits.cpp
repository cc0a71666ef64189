// core/parallel's pure parts, without MPI or a GPU: when MPI starts, which
// GPU and how many threads a rank takes, the work queue and its messages, and
// the journal that commits a landscape's points beside its file.
#include <QtTest>

#include <QFileInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "core/analysis/CommandLineOf.h"
#include "core/analysis/ParameterText.h"
#include "core/common/Error.h"
#include "core/landscape/LandscapeJournal.h"
#include "core/parallel/CommittedUnits.h"
#include "core/parallel/Launch.h"
#include "core/parallel/PartialResultFile.h"
#include "core/parallel/Placement.h"
#include "core/parallel/ShareReportJson.h"
#include "core/parallel/SharedBarrierMatrix.h"
#include "core/parallel/SharedWork.h"
#include "core/parallel/UnitJournal.h"
#include "core/parallel/WorkQueue.h"
#include "tests/common/ExampleAnalysis.h"

using namespace modescape;
using namespace modescape::parallel;

namespace {

Environment environmentOf(std::map<std::string, std::string> variables) {
    return [variables](const std::string& name) -> std::optional<std::string> {
        if (auto it = variables.find(name); it != variables.end())
            return it->second;
        return std::nullopt;
    };
}

landscape::LandscapeResult smallSurface() {
    landscape::LandscapeSettings s;
    s.x = {-1, 1, 3};
    s.y = {-1, 1, 2};
    auto r = landscape::makeEmptyResult(s);
    r.inputs.data = "data-hash";
    r.inputs.model = "model-hash";
    r.inputs.members["a.safetensors"] = "member-hash";
    return r;
}

// Six units whose results are two doubles each (u + 0.5, u * u / 3), folded
// into `sums` by unit; computing unit `failAt` throws, as a killed process
// stops: the units before it are committed, it and the rest are not.
struct SixUnits {
    std::vector<double> sums = std::vector<double>(12, 0.0);
    std::vector<std::int64_t> computed;
    std::int64_t failAt = -1;

    projection::UnitWork work(const std::string& key = "blocks of 1") {
        projection::UnitWork w;
        w.units = {0, 1, 2, 3, 4, 5};
        w.unitWords = "block pairs";
        w.key = key;
        w.compute = [this](const std::vector<std::int64_t>& units, const JobContext&) {
            std::vector<double> out;
            for (const std::int64_t u : units) {
                if (u == failAt)
                    throw Error("killed");
                computed.push_back(u);
                out.push_back(double(u) + 0.5);
                out.push_back(double(u * u) / 3.0);
            }
            return projection::doublesAsBytes(out);
        };
        w.take = [this](const std::vector<std::int64_t>& units, const std::string& payload) {
            const std::vector<double> values = projection::doublesFromBytes(payload, "test");
            for (std::size_t k = 0; k < units.size(); ++k) {
                sums[std::size_t(2 * units[k])] += values[2 * k];
                sums[std::size_t(2 * units[k] + 1)] += values[2 * k + 1];
            }
        };
        return w;
    }

    // Runs the units through a journal at `path` kept under `command`.
    UnitCommits run(const std::string& path, const std::string& command,
                    const std::string& key = "blocks of 1") {
        UnitCommits commits;
        const projection::UnitSharing sharing =
            committingUnits(projection::UnitSharing{}, path, command, commits);
        sharing.run(work(key), JobContext{});
        return commits;
    }
};

std::vector<double> sixUnitSums() {
    std::vector<double> all;
    for (int u = 0; u < 6; ++u) {
        all.push_back(u + 0.5);
        all.push_back(u * u / 3.0);
    }
    return all;
}

}  // namespace

class TestParallelUnits : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void mpiStartsOnlyUnderALauncher() {
        QVERIFY(!launchedByMpi(environmentOf({})));
        QVERIFY(launchedByMpi(environmentOf({{"OMPI_COMM_WORLD_SIZE", "2"}})));
        QVERIFY(launchedByMpi(environmentOf({{"PMI_SIZE", "4"}})));
        QVERIFY(launchedByMpi(environmentOf({{"PMIX_RANK", "0"}})));
        QVERIFY(launchedByMpi(environmentOf({{"SLURM_PROCID", "3"}, {"SLURM_NTASKS", "8"}})));
        // A batch script (no task id) and a single srun task are plain runs.
        QVERIFY(!launchedByMpi(environmentOf({{"SLURM_NTASKS", "8"}})));
        QVERIFY(!launchedByMpi(environmentOf({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "1"}})));
        QVERIFY(!launchedByMpi(environmentOf({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "x"}})));
    }

    void eachLocalRankTakesItsOwnDevice() {
        // Four GPUs, four ranks on the node: one each.
        for (int local = 0; local < 4; ++local)
            QCOMPARE(cudaDeviceFor(local, 4), local);
        // More ranks than GPUs: round robin.
        QCOMPARE(cudaDeviceFor(5, 4), 1);
        QCOMPARE(cudaDeviceFor(2, 1), 0);
        // MODESCAPE_CUDA_DEVICE wins when it names a device there is.
        QCOMPARE(cudaDeviceFor(0, 4, 3), 3);
        QCOMPARE(cudaDeviceFor(1, 4, 7), 1);
        QCOMPARE(cudaDeviceFor(0, 0), -1);  // a CPU node
    }

    void ranksShareTheCores() {
        QCOMPARE(threadsPerRank(2, 2, 2), 1);     // unbound: 2 cores over 2 ranks
        QCOMPARE(threadsPerRank(2, 2, 1), 2);     // one rank takes them all
        QCOMPARE(threadsPerRank(64, 64, 3), 21);  // rounded down, never over-subscribed
        QCOMPARE(threadsPerRank(4, 4, 8), 1);     // more ranks than cores: at least 1
        QCOMPARE(threadsPerRank(1, 2, 2), 1);     // bound to one core by mpirun
        QCOMPARE(threadsPerRank(8, 64, 8), 8);    // bound to a socket's 8 cores: those
    }

    void queueHandsOutChunksInOrder() {
        WorkQueue queue({4, 5, 6, 7, 8, 9, 10}, 3);
        QCOMPARE(queue.take(), (std::vector<std::int64_t>{4, 5, 6}));
        QCOMPARE(queue.take(2), (std::vector<std::int64_t>{7, 8, 9, 10}));
        QVERIFY(queue.take().empty());
        QCOMPARE(queue.remaining(), std::size_t(0));
        QCOMPARE(WorkQueue({1}, 0).chunkSize(), std::size_t(1));
    }

    void messagesRoundTrip() {
        const std::string payload = packDoubles({0.5, 0.25, -1.5, 1e-300});
        const WorkReport sent{1, {3, 9}, payload};
        const WorkReport got = decodeReport(encodeReport(sent));
        QCOMPARE(got.wanted, 1);
        QCOMPARE(got.units, sent.units);
        QCOMPARE(unpackDoubles(got.payload), (std::vector<double>{0.5, 0.25, -1.5, 1e-300}));
        // A payload of any bytes (a JSON text, a tensor) comes back as it was.
        const std::string text("{\"a\": [1, 2]}\0tail", 18);
        QCOMPARE(decodeReport(encodeReport({0, {}, text})).payload, text);
        QCOMPARE(decodeUnits(encodeUnits({0, 7, 9007199254740993})),
                 (std::vector<std::int64_t>{0, 7, 9007199254740993}));
        // A header claiming more units than the message holds.
        std::string torn = encodeReport(sent).substr(0, 20);
        QVERIFY_THROWS_EXCEPTION(FormatError, decodeReport(torn));
        QVERIFY_THROWS_EXCEPTION(FormatError, decodeReport("short"));
        QVERIFY_THROWS_EXCEPTION(FormatError, decodeUnits(std::string(12, '\0')));
        QVERIFY_THROWS_EXCEPTION(FormatError, unpackDoubles(std::string(9, '\0')));
    }

    void commandLineReadsBackToTheSameValues() {
        // Every kind of parameter off its default (ExampleAnalysis has them all).
        const auto& example = test::exampleAnalysis();
        const analysis::ParameterValues values = example.complete({{"set", "/data/my set"},
                                                                   {"a", "g/m0.safetensors"},
                                                                   {"points", 7},
                                                                   {"scale", 1e-5},
                                                                   {"dirs", "plane"},
                                                                   {"dir-members", {"x", "y", "z"}},
                                                                   {"split", "train"},
                                                                   {"subset", 100},
                                                                   {"recompute-bn", true},
                                                                   {"grid", "-2:2:5"},
                                                                   {"members", {"p", "q"}},
                                                                   {"label", "it's"},
                                                                   {"batch-size", 64}});
        const auto words = analysis::commandLineArguments(example, values);
        QCOMPARE(words.front(), std::string("example"));
        QCOMPARE(words[1], std::string("/data/my set"));
        QCOMPARE(words[2], std::string("g/m0.safetensors"));
        // Read back as the subcommand reads its options (AnalysisOptions).
        analysis::ParameterValues back{{"set", words[1]}, {"a", words[2]}};
        for (std::size_t i = 3; i < words.size(); ++i) {
            const auto& list = example.parameters();
            const auto spec = std::find_if(list.begin(), list.end(),
                                           [&](const auto& s) { return s.flag == words[i]; });
            QVERIFY2(spec != list.end(), words[i].c_str());
            if (spec->kind == analysis::ParameterKind::Flag) {
                back[spec->name] = true;
                continue;
            }
            const auto read = analysis::valuesFromText(list, *spec, words[++i]);
            for (const auto& [name, value] : read.items())
                back[name] = value;
        }
        QCOMPARE(QString::fromStdString(example.complete(back).dump()),
                 QString::fromStdString(values.dump()));
        // Defaults and options that do not apply (--norm with --dirs plane) are left out.
        QVERIFY(std::find(words.begin(), words.end(), "--norm") == words.end());
        QCOMPARE(analysis::shellCommand(
                     analysis::commandLineArguments(example, example.complete({{"set", "s"}}))),
                 std::string("example s"));
        QCOMPARE(analysis::shellQuoted("it's a b"), std::string("'it'\\''s a b'"));
        QCOMPARE(analysis::shellQuoted("-1:1:5,x/y.st"), std::string("-1:1:5,x/y.st"));
    }

    void partialResultResumesOnlyTheSameValues() {
        QTemporaryDir dir;
        const auto& example = test::exampleAnalysis();
        const std::string path = partialPathFor(dir.filePath("out.json").toStdString());
        QCOMPARE(QString::fromStdString(path), dir.filePath(".out.json.partial"));
        const auto values = example.complete({{"set", "s"}, {"points", 9}});
        writePartialResult(path, example, values, {{"x", {1.5, nullptr}}});
        // Tuning-only values may change; result-defining ones may not.
        const auto same = readPartialResult(
            path, example, example.complete({{"set", "s"}, {"points", 9}, {"batch-size", 8}}));
        QVERIFY(same);
        QCOMPARE(QString::fromStdString(same->dump()), QString("{\"x\":[1.5,null]}"));
        QVERIFY(
            !readPartialResult(path, example, example.complete({{"set", "s"}, {"points", 10}})));
        // A file there that is not a resume file is somebody's: refused, left as it is.
        std::ofstream(path) << "{not json";
        QVERIFY_THROWS_EXCEPTION(FormatError, readPartialResult(path, example, values));
        std::ifstream kept(path);
        QCOMPARE(std::string(std::istreambuf_iterator<char>(kept), {}), std::string("{not json"));
        QVERIFY(!readPartialResult(dir.filePath("none").toStdString(), example, values));
    }

    void pairsLackingSkipsThoseAMatrixHolds() {
        // An earlier matrix of a, b, c with the barrier of (a, c) only.
        connectivity::BarrierMatrix earlier;
        earlier.members = {"a", "b", "c"};
        const double nan = std::nan("");
        earlier.interpolated = {0, nan, 0.5, nan, 0, nan, 0.5, nan, 0};
        // Over a, b, c, d: pairs (a,b)=0 (a,c)=1 (a,d)=2 (b,c)=3 (b,d)=4 (c,d)=5.
        QCOMPARE(pairsLacking({"a", "b", "c", "d"}, &earlier),
                 (std::vector<std::int64_t>{0, 2, 3, 4, 5}));
        QCOMPARE(pairsLacking({"c", "a"}, &earlier), (std::vector<std::int64_t>{}));
        QCOMPARE(pairsLacking({"a", "b", "c"}, nullptr), (std::vector<std::int64_t>{0, 1, 2}));
    }

    void chunksLeaveEveryRankSeveral() {
        // 35 points over 2 ranks: a quarter of an even share is ceil(35 / 8) = 5.
        QCOMPARE(chunkSizeFor(35, 2, 64), std::size_t(5));
        QCOMPARE(chunkSizeFor(35, 2, 3), std::size_t(3));  // at most one forward's worth
        QCOMPARE(chunkSizeFor(1, 4, 64), std::size_t(1));
        QCOMPARE(chunkSizeFor(0, 1, 64), std::size_t(1));
    }

    void oneRankComputesEverythingItself() {
        // Without MPI shareWork runs the whole queue on rank 0, in order.
        SharedWork work;
        work.todo = {4, 2, 9};
        work.chunkSize = 2;
        work.device = "CPU";
        std::vector<std::int64_t> seen;
        double lastFraction = -1;
        work.compute = [](const std::vector<std::int64_t>& units, const JobContext&) {
            std::vector<double> squares;
            for (const auto u : units)
                squares.push_back(double(u * u));
            return packDoubles(squares);
        };
        std::vector<double> results;
        work.take = [&](int rank, const std::vector<std::int64_t>& units,
                        const std::string& payload) {
            QCOMPARE(rank, 0);
            seen.insert(seen.end(), units.begin(), units.end());
            for (const double v : unpackDoubles(payload))
                results.push_back(v);
        };
        JobContext job;
        job.progress = [&](double f, const std::string&) { lastFraction = f; };
        const ShareReport report = shareWork(work, job);
        QCOMPARE(seen, (std::vector<std::int64_t>{4, 2, 9}));
        QCOMPARE(results, (std::vector<double>{16, 4, 81}));
        QCOMPARE(report.ranks, 1);
        QCOMPARE(report.rankUnits, (std::vector<std::int64_t>{3}));
        QCOMPARE(report.devices.size(), std::size_t(1));
        QCOMPARE(lastFraction, 1.0);
        nlohmann::json j;
        addShareJson(j, report, "units_per_second");
        QCOMPARE(j["ranks"].get<int>(), 1);
        QCOMPARE(j["rank_work"], nlohmann::json::array({1.0}));
        QVERIFY(!j.contains("messages"));
    }

    void journalReplaysCommittedPointsAndSkipsATornTail() {
        QTemporaryDir dir;
        const std::string surface = dir.filePath("s.h5").toStdString();
        const std::string path = landscape::journalPathFor(surface);
        QCOMPARE(QString::fromStdString(path), dir.filePath(".s.h5.journal"));
        {
            landscape::LandscapeJournal journal(path, smallSurface());
            journal.append({{0, 1.5, 0.25}, {4, 2.5, 0.5}});
            journal.append({{5, 3.5, 0.75}});
        }
        // A process killed within a write leaves part of a record.
        std::ofstream(path, std::ios::app | std::ios::binary).write("\x01\x02\x03", 3);
        auto r = smallSurface();
        QCOMPARE(landscape::replayJournal(path, r), std::int64_t(3));
        QCOMPARE(r.loss[4], 2.5);
        QCOMPARE(r.accuracy[5], 0.75);
        QCOMPARE(r.computedPoints(), std::int64_t(3));
        QVERIFY(!r.isComputed(1));
        // Another surface of the same name (other inputs) ignores it.
        auto other = smallSurface();
        other.inputs.data = "other-data";
        QCOMPARE(landscape::replayJournal(path, other), std::int64_t(-1));
        QCOMPARE(other.computedPoints(), std::int64_t(0));
        QCOMPARE(landscape::replayJournal(dir.filePath("none").toStdString(), other),
                 std::int64_t(-1));
    }

    void journalStopsAtADamagedRecord() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(".j").toStdString();
        {
            landscape::LandscapeJournal journal(path, smallSurface());
            journal.append({{0, 1.0, 1.0}, {1, 2.0, 1.0}, {2, 3.0, 1.0}});
        }
        // Flip a byte of the second record's loss: it and all after it are dropped.
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        std::string header;
        std::getline(f, header);
        f.seekp(static_cast<std::streamoff>(header.size() + 1 + 32 + 8));
        f.put('\x7f');
        f.close();
        auto r = smallSurface();
        QCOMPARE(landscape::replayJournal(path, r), std::int64_t(1));
        QCOMPARE(r.loss[0], 1.0);
        QVERIFY(!r.isComputed(1) && !r.isComputed(2));
    }

    void unitJournalResumesOnlyTheMissingUnits() {
        QTemporaryDir dir;
        const std::string path = unitJournalPathFor(dir.filePath("map.csv").toStdString());
        QCOMPARE(QString::fromStdString(path), dir.filePath(".map.csv.journal"));
        SixUnits killed;
        killed.failAt = 3;
        QVERIFY_THROWS_EXCEPTION(Error, killed.run(path, "project A"));
        QCOMPARE(killed.computed, (std::vector<std::int64_t>{0, 1, 2}));
        // A process killed within a write leaves part of a record.
        std::ofstream(path, std::ios::app | std::ios::binary).write("\x01\x00\x00", 3);

        SixUnits again;
        const UnitCommits commits = again.run(path, "project A");
        QCOMPARE(commits.resumed, std::int64_t(3));
        QCOMPARE(commits.computed, std::int64_t(3));
        QCOMPARE(again.computed, (std::vector<std::int64_t>{3, 4, 5}));
        QCOMPARE(again.sums, sixUnitSums());  // bit for bit
        // The torn record was cut off before the run went on: all six read back.
        SixUnits third;
        QCOMPARE(third.run(path, "project A").resumed, std::int64_t(6));
        QVERIFY(third.computed.empty());
        QCOMPARE(third.sums, sixUnitSums());
    }

    void unitJournalOfOtherWorkStartsAfresh() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(".out.journal").toStdString();
        SixUnits killed;
        killed.failAt = 2;
        QVERIFY_THROWS_EXCEPTION(Error, killed.run(path, "project A"));
        // Another command, or the same one in other blocks: nothing taken.
        SixUnits other;
        QCOMPARE(other.run(path, "project B").resumed, std::int64_t(0));
        QCOMPARE(other.computed.size(), std::size_t(6));
        SixUnits blocks;
        QCOMPARE(blocks.run(path, "project B", "blocks of 2").resumed, std::int64_t(0));
        QCOMPARE(blocks.sums, sixUnitSums());
    }

    // A work without a key (the randomized PCA's passes: the same units,
    // each round depending on the one before) is never committed: a second
    // round through the same sharing computes every unit again instead of
    // being served the first round's results, and no journal is written.
    void workWithoutAKeyIsNotCommitted() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(".out.journal").toStdString();
        UnitCommits commits;
        const projection::UnitSharing sharing =
            committingUnits(projection::UnitSharing{}, path, "project A", commits);
        SixUnits pass;
        sharing.run(pass.work(""), JobContext{});
        sharing.run(pass.work(""), JobContext{});
        QCOMPARE(pass.computed.size(), std::size_t(12));
        std::vector<double> twice = sixUnitSums();
        for (double& v : twice)
            v *= 2;
        QCOMPARE(pass.sums, twice);
        QVERIFY(!commits.used);
        QVERIFY(!QFile::exists(QString::fromStdString(path)));
    }

    // A computation of rounds (the randomized PCA's passes) commits each
    // finished round's state as the journal's one record, replaced whole:
    // a later run of the same command and computation gets the last one
    // (and says how many rounds it takes); another computation or command
    // gets none, and a foreign file is refused.
    void roundsCommitTheLastFinishedRoundOnly() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(".map.csv.journal").toStdString();
        {
            UnitCommits commits;
            const projection::UnitSharing sharing =
                committingUnits(projection::UnitSharing{}, path, "project A", commits);
            QVERIFY(sharing.lastRound && sharing.commitRound);
            QCOMPARE(sharing.lastRound("pca 1", 2, "passes").first, std::int64_t(-1));
            QVERIFY(!commits.used);
            sharing.commitRound("pca 1", 2, 0, "first");
            const auto oneRecord = QFileInfo(QString::fromStdString(path)).size();
            sharing.commitRound("pca 1", 2, 1, "second");
            QVERIFY(commits.used);  // the journal goes once --out is written
            // Replaced, not appended: one record, one byte longer.
            QCOMPARE(QFileInfo(QString::fromStdString(path)).size(), oneRecord + 1);
        }
        std::vector<std::pair<std::int64_t, std::string>> said;
        UnitCommits commits;
        const projection::UnitSharing again =
            committingUnits(projection::UnitSharing{}, path, "project A", commits,
                            [&](std::int64_t units, const std::string& words) {
                                said.push_back({units, words});
                            });
        const auto last = again.lastRound("pca 1", 2, "passes");
        QCOMPARE(last.first, std::int64_t(1));
        QCOMPARE(last.second, std::string("second"));
        QCOMPARE(said, (std::vector<std::pair<std::int64_t, std::string>>{{2, "passes"}}));
        QVERIFY(commits.used);
        QCOMPARE(commits.resumed, std::int64_t(2));
        // Another computation (key or round count) or another command: none.
        QCOMPARE(again.lastRound("pca 2", 2, "passes").first, std::int64_t(-1));
        QCOMPARE(again.lastRound("pca 1", 3, "passes").first, std::int64_t(-1));
        UnitCommits other;
        QCOMPARE(committingUnits(projection::UnitSharing{}, path, "project B", other)
                     .lastRound("pca 1", 2, "passes")
                     .first,
                 std::int64_t(-1));
        // Ranks other than 0 keep no journal: nothing to resume or commit there.
        UnitCommits none;
        QVERIFY(!committingUnits(projection::UnitSharing{}, "", "project A", none).lastRound);
        // A file of the user's own at the journal's path is refused, never replaced.
        std::ofstream(path, std::ios::trunc) << "my own notes\n";
        QVERIFY_THROWS_EXCEPTION(IoError, again.lastRound("pca 1", 2, "passes"));
    }

    void unitJournalStopsAtADamagedRecord() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(".out.journal").toStdString();
        SixUnits killed;
        killed.failAt = 4;
        QVERIFY_THROWS_EXCEPTION(Error, killed.run(path, "mmd"));
        // A record: count, unit, bytes, two doubles, checksum (48 bytes).
        // Flip a byte of the second record's payload: it and those after go.
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        std::string header;
        std::getline(f, header);
        f.seekp(static_cast<std::streamoff>(header.size() + 1 + 48 + 24 + 3));
        f.put('\x7f');
        f.close();
        SixUnits again;
        QCOMPARE(again.run(path, "mmd").resumed, std::int64_t(1));
        QCOMPARE(again.computed, (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
        QCOMPARE(again.sums, sixUnitSums());
    }

    void unitJournalNeverOverwritesAForeignFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(".out.journal").toStdString();
        std::ofstream(path) << "my own notes\n";
        SixUnits units;
        QVERIFY_THROWS_EXCEPTION(IoError, units.run(path, "project A"));
        QVERIFY(units.computed.empty());
        std::ifstream in(path);
        std::string text;
        std::getline(in, text);
        QCOMPARE(text, std::string("my own notes"));
    }
};

QTEST_GUILESS_MAIN(TestParallelUnits)
#include "TestParallelUnits.moc"

// Bad data named where it is read (issue 22, items 11 to 13): labels of -1 or
// 2^40 blamed on the labels file with the value and its index, a 50 MB CSV
// cell quoted in a few dozen characters, and synthetic sets too big for
// memory refused before a single point is drawn.
#include <QtTest>

#include <ATen/ATen.h>

#include <filesystem>
#include <fstream>

#include "DataTestSupport.h"
#include "core/common/MemoryBudget.h"
#include "core/data/ArrayReaders.h"
#include "core/data/CsvReader.h"
#include "core/data/DatasetSpec.h"
#include "core/data/Synthetic.h"
#include "tests/common/NpyWriter.h"

using namespace modescape;
using namespace modescape::data;
using modescape::data::test::expectError;

namespace {

std::string outputDir() {
    const auto dir = std::filesystem::path(MODESCAPE_TEST_OUTPUT_DIR) / "data-limits";
    std::filesystem::create_directories(dir);
    return dir.string();
}

}  // namespace

class TestDataLimits : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void hugeLabelIsBlamedOnTheLabelsFile() {
        const std::string x = outputDir() + "/huge-x.npy", y = outputDir() + "/huge-y.npy";
        modescape::test::writeNpyPair(x, y, {0, std::int64_t{1} << 40, 1});
        const std::string message = expectError<FormatError>(
            [&] { readNpyPair(x, y); },
            {y + ": label 1099511627776 at index 1 is too large for a class index"});
        QVERIFY(!message.empty());
        QVERIFY(message.find(x) == std::string::npos);
    }

    void negativeLabelIsBlamedOnTheLabelsFile() {
        const std::string x = outputDir() + "/neg-x.npy", y = outputDir() + "/neg-y.npy";
        modescape::test::writeNpyPair(x, y, {0, 1, 1, -1});
        const std::string message = expectError<FormatError>(
            [&] { readNpyPair(x, y); }, {y + ": label -1 at index 3 is negative"});
        QVERIFY(!message.empty());
        QVERIFY(message.find(x) == std::string::npos);
    }

    void fractionalFloatLabelNamesItsIndex() {
        const std::string x = outputDir() + "/frac-x.npy", y = outputDir() + "/frac-y.npy";
        modescape::test::writeNpy(x, "<f4", {2, 2},
                                  modescape::test::rawBytes(std::vector<float>(4)));
        modescape::test::writeNpy(y, "<f4", {2},
                                  modescape::test::rawBytes(std::vector<float>{1.0f, 0.5f}));
        QVERIFY(!expectError<FormatError>([&] { readNpyPair(x, y); },
                                          {y + ": label 0.500000 at index 1 is not a whole number"})
                     .empty());
    }

    void goodLabelsStillLoad() {
        const std::string x = outputDir() + "/good-x.npy", y = outputDir() + "/good-y.npy";
        modescape::test::writeNpyPair(x, y, {0, 2, 1});
        const Dataset d = readNpyPair(x, y);
        QCOMPARE(d.numClasses, 3);
        QCOMPARE(d.labels[1].item<std::int64_t>(), 2);
        QCOMPARE(d.inputs.sizes().vec(), (std::vector<std::int64_t>{3, 2}));
    }

    void hugeCsvCellIsQuotedBriefly() {
        const std::string path = outputDir() + "/huge-cell.csv";
        {
            std::ofstream out(path, std::ios::binary);
            out << "a,b,label\n1,2,0\n1," << std::string(50'000'000, 'x') << ",1\n";
        }
        const std::string message = expectError<FormatError>(
            [&] { readCsv(path); }, {"line 3, column 'b': 'xxxxxxxx", "\u2026' is not a number"});
        QVERIFY(!message.empty());
        QVERIFY2(message.size() < 1000, std::to_string(message.size()).c_str());
    }

    void hugeSyntheticSetIsRefusedBeforeAllocating() {
        // 10^8 points of 10^5 features: about 73 TiB; the check comes first. Had
        // it come after the allocation, that would have failed with another error
        // (or run until the CTest timeout), not with this message.
        const std::string message = expectError<MemoryLimitExceeded>(
            [] { loadDataset("blobs:n=100000000,dim=100000"); },
            {"blobs data set of 100000000 points x 100000 features needs 72.8 TiB of memory"});
        QVERIFY(!message.empty());
        QVERIFY(!expectError<MemoryLimitExceeded>(
                     [] { loadDataset("moons:n=9000000000000000000"); }, {"moons data set"})
                     .empty());
    }

    void memoryBudgetRefusesANormalSet() {
        setMemoryBudget(64 * 1024);
        // 10000 points x 2 features x (2 copies x 16 bytes + 8) = 390.6 KiB.
        const std::string message = expectError<MemoryLimitExceeded>(
            [] {
                makeMoons({10000, 0.1, 0});
            },
            {"moons data set of 10000 points x 2 features needs 390.6 KiB of memory but "
             "64.0 KiB is the most it may use (the --memory budget)"});
        setMemoryBudget(0);
        QVERIFY(!message.empty());
        QCOMPARE(makeMoons({10000, 0.1, 0}).size(), 10000);
    }
};

QTEST_APPLESS_MAIN(TestDataLimits)
#include "TestDataLimits.moc"

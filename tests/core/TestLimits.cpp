// core/common's guards (issue 22, items 11 to 13): sizes parsed and printed,
// the memory check against a budget, quoting long text, and one-line messages
// for LibTorch's and the standard library's exceptions.
#include <QtTest>

#include <c10/util/Exception.h>

#include <cmath>
#include <new>

#include "core/common/Error.h"
#include "core/common/FailureText.h"
#include "core/common/MemoryBudget.h"
#include "core/common/TextExcerpt.h"

using namespace modescape;

class TestLimits : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void byteSizesParse() {
        QCOMPARE(parseByteSize("8G"), std::uint64_t{8} << 30);
        QCOMPARE(parseByteSize("8GiB"), std::uint64_t{8} << 30);
        QCOMPARE(parseByteSize("512m"), std::uint64_t{512} << 20);
        QCOMPARE(parseByteSize("1.5G"), std::uint64_t{3} << 29);
        QCOMPARE(parseByteSize("64K"), std::uint64_t{65536});
        QCOMPARE(parseByteSize("4096"), std::uint64_t{4096});
        for (const char* bad : {"", "abc", "-1G", "0", "8X", "G", "1e30T"})
            QVERIFY_THROWS_EXCEPTION(InvalidArgument, parseByteSize(bad));
    }

    void byteSizesPrint() {
        QCOMPARE(formatBytes(100), std::string("100 bytes"));
        QCOMPARE(formatBytes(1536), std::string("1.5 KiB"));
        QCOMPARE(formatBytes(3.0 * (1 << 30)), std::string("3.0 GiB"));
        QCOMPARE(formatBytes(4e11), std::string("372.5 GiB"));
    }

    void memAvailableIsRead() {
        const std::string meminfo =
            "MemTotal:       24683784 kB\nMemFree:  100 kB\nMemAvailable:   23302704 kB\n";
        QCOMPARE(parseMemAvailable(meminfo).value(), std::uint64_t{23302704} * 1024);
        QVERIFY(!parseMemAvailable("MemTotal: 5 kB\n").has_value());
    }

    void machineLimitIsKnownOnLinux() {
        setMemoryBudget(0);
        const MemoryLimit limit = memoryLimit();
        QVERIFY(limit.bytes > 0);
        QVERIFY(std::isfinite(limit.bytes));
        requireMemory(1024, "a kilobyte");  // never refused
        QVERIFY_THROWS_EXCEPTION(MemoryLimitExceeded, requireMemory(1e30, "an absurd request"));
    }

    void budgetIsHonoured() {
        setMemoryBudget(std::uint64_t{1} << 20);
        QCOMPARE(memoryLimit().bytes, double(1 << 20));
        requireMemory(1 << 19, "half a MiB");
        try {
            requireMemory(3 << 20, "three MiB");
            QFAIL("no exception");
        } catch (const MemoryLimitExceeded& e) {
            QCOMPARE(std::string(e.what()),
                     std::string("three MiB needs 3.0 MiB of memory but 1.0 MiB is the most it "
                                 "may use (the --memory budget); ask for less or raise --memory"));
        }
        setMemoryBudget(0);
        requireMemory(3 << 20, "three MiB");
    }

    void longTextIsCut() {
        QCOMPARE(excerpt("short"), std::string("short"));
        QCOMPARE(excerpt(std::string(100, 'a'), 10), std::string(10, 'a') + "\u2026");
        // Never half a UTF-8 character: "é" is two bytes.
        QCOMPARE(excerpt("aaaa\u00e9\u00e9", 5), std::string("aaaa\u2026"));
    }

    void failuresAreOneLine() {
        const c10::Error torch("index 1099511627776 is out of bounds for dimension 1 with size 2",
                               "frame #0: c10::Error::Error\nframe #1: at::gather\n");
        const std::string text = describeFailure(torch);
        QCOMPARE(text, std::string("LibTorch: index 1099511627776 is out of bounds for "
                                   "dimension 1 with size 2"));
        QVERIFY(std::string(torch.what()).find("frame #1") != std::string::npos);
        QVERIFY(describeFailure(std::bad_alloc()).starts_with("out of memory"));
        QCOMPARE(describeFailure(std::runtime_error("first\nsecond")), std::string("first"));
        QCOMPARE(describeFailure(IoError("f.npy", "broken\nin two lines")),
                 std::string("f.npy: broken\nin two lines"));
    }
};

QTEST_APPLESS_MAIN(TestLimits)
#include "TestLimits.moc"

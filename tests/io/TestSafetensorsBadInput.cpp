// Malformed safetensors files: each must give a FormatError whose message
// names the file and the problem, never a crash or a huge allocation.
#include <QtTest>

#include <ATen/ATen.h>
#include <filesystem>

#include "core/common/Error.h"
#include "core/io/safetensors/SafetensorsHeaderChecks.h"
#include "core/io/safetensors/SafetensorsReader.h"
#include "tests/io/TestSafetensorsFiles.h"

using namespace modescape;
using namespace modescape::io;
using namespace modescape::test;

namespace {

// The message of the FormatError that opening path throws ("" if none).
std::string openError(const std::string& path) {
    try {
        openSafetensors(path);
    } catch (const FormatError& e) {
        return e.what();
    }
    return "";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

#define EXPECT_FORMAT_ERROR(path, problem)                                                \
    do {                                                                                  \
        const std::string message_ = openError(path);                                     \
        QVERIFY2(!message_.empty(), ("no FormatError for " + std::string(path)).c_str()); \
        QVERIFY2(message_.rfind(std::string(path) + ": ", 0) == 0, message_.c_str());     \
        QVERIFY2(contains(message_, problem), message_.c_str());                          \
    } while (false)

class TestSafetensorsBadInput : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void emptyFile() {
        const std::string path = testOutput("empty.safetensors");
        writeBytes(path, "");
        EXPECT_FORMAT_ERROR(path, "the file is empty");
    }

    void shorterThanTheLengthPrefix() {
        const std::string path = testOutput("five-bytes.safetensors");
        writeBytes(path, std::string("\x10\0\0\0\0", 5));
        EXPECT_FORMAT_ERROR(path, "is 5 bytes long, too short for the 8-byte header length");
    }

    // A real file cut at many points: inside the prefix, the header and the data.
    void truncatedAtSeveralPoints() {
        const std::string whole = readBytes(fixture("resnet20_f16.safetensors"));
        std::uint64_t n = 0;
        for (int i = 7; i >= 0; --i)
            n = (n << 8) | static_cast<unsigned char>(whole[i]);
        const std::size_t cuts[] = {3,     8,         9,           8 + n / 2,       8 + n - 1,
                                    8 + n, 8 + n + 1, 8 + n + 100, whole.size() - 1};
        for (const std::size_t cut : cuts) {
            const std::string path = testOutput("cut-" + std::to_string(cut) + ".safetensors");
            writeBytes(path, whole.substr(0, cut));
            if (cut < 8)
                EXPECT_FORMAT_ERROR(path, "too short for the 8-byte header length");
            else if (cut < 8 + n)
                EXPECT_FORMAT_ERROR(
                    path, "runs past the end of the file (" + std::to_string(cut) + " bytes)");
            else
                EXPECT_FORMAT_ERROR(path, "run past the end of the data region (" +
                                              std::to_string(cut - 8 - n) + " bytes)");
        }
        // The very last tensor is the one whose data is cut off.
        const std::string path =
            testOutput("cut-" + std::to_string(whole.size() - 1) + ".safetensors");
        EXPECT_FORMAT_ERROR(path, "tensor 'ema.linear.bias'");
    }

    void headerLengthPastTheEnd() {
        const std::string path = testOutput("long-header.safetensors");
        writeBytes(path, lengthPrefix(1000) + "{}        ");
        EXPECT_FORMAT_ERROR(path,
                            "the header length 1000 runs past the end of the file (18 bytes)");
    }

    void absurdHeaderLength() {
        const std::string path = testOutput("huge-header.safetensors");
        writeBytes(path, lengthPrefix(std::uint64_t{1} << 63) + "{}");
        EXPECT_FORMAT_ERROR(path, "larger than the 100 MB limit");
    }

    void offsetsPastTheEnd() {
        const std::string path =
            writeSafetensorsFile("offsets-past-end.safetensors",
                                 R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", 8);
        EXPECT_FORMAT_ERROR(path,
                            "tensor 'w': data_offsets [0, 16] run past the end of the data "
                            "region (8 bytes)");
    }

    void overlappingTensors() {
        const std::string path =
            writeSafetensorsFile("overlap.safetensors",
                                 R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                                 R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                                 12);
        EXPECT_FORMAT_ERROR(path, "tensors 'a' [0, 8] and 'b' [4, 12] overlap");
    }

    void sameBytesTwice() {
        const std::string path =
            writeSafetensorsFile("aliased.safetensors",
                                 R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},)"
                                 R"("b":{"dtype":"I32","shape":[1],"data_offsets":[0,4]}})",
                                 4);
        EXPECT_FORMAT_ERROR(path, "overlap");
    }

    // 10^15 bytes declared: an error, not an allocation.
    void declaredSizeOfAPetabyte() {
        const std::string past = writeSafetensorsFile(
            "petabyte.safetensors",
            R"({"w":{"dtype":"F32","shape":[250000000000000],"data_offsets":[0,1000000000000000]}})",
            16);
        EXPECT_FORMAT_ERROR(past,
                            "tensor 'w': data_offsets [0, 1000000000000000] run past the end");

        const std::string small = writeSafetensorsFile(
            "petabyte-small-offsets.safetensors",
            R"({"w":{"dtype":"U8","shape":[1000000000000000],"data_offsets":[0,16]}})", 16);
        EXPECT_FORMAT_ERROR(small,
                            "tensor 'w': shape [1000000000000000] of U8 needs "
                            "1000000000000000 bytes but data_offsets [0, 16] hold 16");
    }

    void sizeThatOverflows64Bits() {
        const std::string path = writeSafetensorsFile(
            "overflow.safetensors",
            R"({"w":{"dtype":"F64","shape":[4611686018427387904,4611686018427387904,0,3],)"
            R"("data_offsets":[0,0]},)"
            R"("v":{"dtype":"F64","shape":[4611686018427387904,4],"data_offsets":[0,8]}})",
            8);
        // "w" has a zero dimension and so is empty and valid; "v" overflows.
        EXPECT_FORMAT_ERROR(path,
                            "tensor 'v': shape [4611686018427387904, 4] of F64 declares more "
                            "bytes than any file can hold");
    }

    void headerNotJson() {
        const std::string path = writeSafetensorsFile("not-json.safetensors", "{\"w\": [1, 2", 0);
        EXPECT_FORMAT_ERROR(path, "the header is not valid JSON");
        const std::string text = testOutput("text.safetensors");
        writeBytes(text, "hello, this is plain text and not a safetensors file at all");
        EXPECT_FORMAT_ERROR(text, "larger than the 100 MB limit");
    }

    void headerNotAnObject() {
        const std::string path = writeSafetensorsFile("array.safetensors", "[1, 2, 3]", 0);
        EXPECT_FORMAT_ERROR(path, "the header is a JSON array, not an object");
    }

    void unknownDtype() {
        const std::string path = writeSafetensorsFile(
            "f8.safetensors", R"({"w":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}})", 2);
        EXPECT_FORMAT_ERROR(path, "tensor 'w': unsupported dtype \"F8_E4M3\"");
    }

    void shapeSizeMismatch() {
        const std::string path = writeSafetensorsFile(
            "mismatch.safetensors",
            R"({"bn.running_var":{"dtype":"F16","shape":[3],"data_offsets":[0,8]}})", 8);
        EXPECT_FORMAT_ERROR(path,
                            "tensor 'bn.running_var': shape [3] of F16 needs 6 bytes but "
                            "data_offsets [0, 8] hold 8");
    }

    void badShapesAndOffsets() {
        struct Case {
            const char* header;
            const char* problem;
        };
        const Case cases[] = {
            {R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})",
             "tensor 'w': shape [-1] must hold non-negative integers"},
            {R"({"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}})",
             "must hold non-negative integers"},
            {R"({"w":{"dtype":"F32","shape":"4","data_offsets":[0,4]}})",
             "tensor 'w': has no \"shape\" array"},
            {R"({"w":{"shape":[1],"data_offsets":[0,4]}})", "tensor 'w': has no \"dtype\" string"},
            {R"({"w":{"dtype":"F32","shape":[1]}})", "tensor 'w': has no \"data_offsets\" pair"},
            {R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4,8]}})",
             "has no \"data_offsets\" pair"},
            {R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}})",
             "data_offsets [8, 4] end before they begin"},
            {R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}})",
             "must be non-negative integers"},
            {R"({"w":[1,2]})", "tensor 'w': entry must be a JSON object"},
            {R"({"__metadata__":{"epoch":3}})", "__metadata__ entry 'epoch' must be a string"},
            {R"({"__metadata__":[1]})", "__metadata__ must be a JSON object"},
        };
        int i = 0;
        for (const auto& c : cases) {
            const std::string path =
                writeSafetensorsFile("bad-" + std::to_string(i++) + ".safetensors", c.header, 8);
            EXPECT_FORMAT_ERROR(path, c.problem);
        }
    }

    // Booleans are checked when read: LibTorch assumes bytes 0 and 1 only.
    void booleanBytesOtherThanZeroAndOne() {
        const std::string path = writeSafetensorsFile(
            "bool.safetensors", R"({"mask":{"dtype":"BOOL","shape":[4],"data_offsets":[0,4]}})", 4,
            '\x02');
        const auto file = openSafetensors(path);
        try {
            file->read("mask");
            QFAIL("a BOOL byte of 2 must be refused");
        } catch (const FormatError& e) {
            QVERIFY2(
                contains(e.what(), path + ": tensor 'mask' (BOOL) holds the byte 2 at element 0"),
                e.what());
        }
    }

    void sameNameTwice() {
        const std::string path =
            writeSafetensorsFile("twice.safetensors",
                                 R"({"w":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},)"
                                 R"("w":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}})",
                                 4);
        EXPECT_FORMAT_ERROR(path, "tensor 'w' appears twice in the header");
        // The same through the general parser (an escape makes the header non-canonical).
        const std::string escaped =
            writeSafetensorsFile("twice-escaped.safetensors",
                                 R"({"w":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},)"
                                 R"("\u0077":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}})",
                                 4);
        EXPECT_FORMAT_ERROR(escaped, "tensor 'w' appears twice in the header");
    }

    // Headers outside the canonical layout go to nlohmann::json and give the
    // same result as the canonical parser does for the canonical spelling.
    void generalParserAgreesWithCanonical() {
        namespace detail = modescape::io::safetensors_detail;
        const std::string canonical =
            R"({"__metadata__":{"format":"pt"},"b.w":{"dtype":"F16","shape":[2,1],)"
            R"("data_offsets":[4,8]},"a":{"dtype":"I8","shape":[0],"data_offsets":[4,4]},)"
            R"("c":{"dtype":"U8","shape":[],"data_offsets":[0,1]}})";
        const std::string variants[] = {
            canonical,
            // escapes, an unknown key, a number written -0, other whitespace
            R"({ "__metadata__" : {"format":"\u0070t"},"b\u002ew":{"dtype":"F16","shape":[2,1],)"
            R"("data_offsets":[4,8],"extra":{"x":[1,2]}},"a":{"dtype":"I8","shape":[-0],)"
            "\"data_offsets\":[4,4]},\n\t\"c\":{\"data_offsets\":[0,1],\"shape\":[],\"dtype\":"
            "\"U8\"}}",
        };
        QVERIFY(detail::parseCanonicalHeader(variants[0], 8, "x").has_value());
        QVERIFY(!detail::parseCanonicalHeader(variants[1], 8, "x").has_value());
        for (const auto& text : variants) {
            const auto header = detail::parseGeneralHeader(text, 8, "x");
            QCOMPARE(header.metadata.at("format"), std::string("pt"));
            QCOMPARE(header.entries.size(), std::size_t{3});
            // data order: c [0,1], a [4,4] (empty, first at 4), b.w [4,8]
            QCOMPARE(header.entries[0].info.name, std::string("c"));
            QCOMPARE(header.entries[1].info.name, std::string("a"));
            QCOMPARE(header.entries[2].info.name, std::string("b.w"));
            QCOMPARE(header.entries[2].info.shape, (std::vector<std::int64_t>{2, 1}));
            QCOMPARE(header.entries[2].info.dtype, DType::F16);
            QCOMPARE(header.entries[1].info.shape, std::vector<std::int64_t>{0});
            QVERIFY(header.entries[0].info.shape.empty());
        }
        const auto fast = *detail::parseCanonicalHeader(canonical, 8, "x");
        QCOMPARE(fast.entries[1].info.name, std::string("a"));
        QCOMPARE(fast.entries[2].begin, std::uint64_t{4});
    }

    // The in-memory parser (also used by the fuzzer) accepts what the file reader does.
    void parsesFromMemory() {
        const std::string bytes = readBytes(fixture("resnet20_f16.safetensors"));
        const auto header = parseSafetensorsHeader(bytes.data(), bytes.size(), "memory");
        QCOMPARE(header.entries.front().info.name, std::string("conv1.weight"));
        QCOMPARE(header.entries.front().begin, std::uint64_t{0});
        QCOMPARE(header.entries.front().end, std::uint64_t{4 * 3 * 3 * 3 * 2});
        QCOMPARE(header.metadata.at("seed"), std::string("20"));
        try {
            parseSafetensorsHeader(bytes.data(), 4, "memory");
            QFAIL("4 bytes must be refused");
        } catch (const FormatError& e) {
            QCOMPARE(e.path(), std::string("memory"));
        }
    }
};

QTEST_APPLESS_MAIN(TestSafetensorsBadInput)
#include "TestSafetensorsBadInput.moc"

// NPY / NPZ (written by numpy) and CSV readers, including their bad-input errors.
#include <QtTest>

#include <ATen/ATen.h>

#include "DataTestSupport.h"
#include "core/data/ArrayReaders.h"
#include "core/data/ByteSource.h"
#include "core/data/CsvReader.h"
#include "core/data/NpyFormat.h"

using namespace modescape;
using namespace modescape::data;
using modescape::data::test::expectError;
using modescape::data::test::fixture;

class TestArrays : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void npyFloat32CArray() {
        const at::Tensor x = readNpyFile(fixture("x-f32.npy"));
        QCOMPARE(x.scalar_type(), at::kFloat);
        QCOMPARE(x.sizes().vec(), (std::vector<std::int64_t>{4, 3}));
        for (int i = 0; i < 4; ++i)
            for (int j = 0; j < 3; ++j)
                QCOMPARE(x[i][j].item<float>(), float(3 * i + j) / 2.0f - 1.0f);
    }

    void npyFortranOrder() {
        const Bytes bytes = readFileBytes(fixture("fortran-f64.npy"));
        QVERIFY(parseNpy(bytes, "f").fortranOrder);
        const at::Tensor f = readNpyFile(fixture("fortran-f64.npy"));
        QCOMPARE(f.scalar_type(), at::kDouble);
        QCOMPARE(f.sizes().vec(), (std::vector<std::int64_t>{3, 4}));
        QVERIFY(f.is_contiguous());
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 4; ++j)
                QCOMPARE(f[i][j].item<double>(), 1.5 * (4 * i + j));
    }

    void npyEveryDtype() {
        const at::Tensor half = readNpyFile(fixture("half-f16.npy"));
        QCOMPARE(half.scalar_type(), at::kHalf);
        QCOMPARE(half[0].item<float>(), 0.5f);
        QCOMPARE(half[1].item<float>(), -1.0f);
        QCOMPARE(half[2].item<float>(), 65504.0f);
        const at::Tensor u8 = readNpyFile(fixture("bytes-u8.npy"));
        QCOMPARE(u8.scalar_type(), at::kByte);
        QCOMPARE(u8[0][1].item<int>(), 255);
        QCOMPARE(u8[1][0].item<int>(), 7);
        const at::Tensor flags = readNpyFile(fixture("flags-bool.npy"));
        QCOMPARE(flags.scalar_type(), at::kBool);
        QCOMPARE(flags[0].item<bool>(), true);
        QCOMPARE(flags[1].item<bool>(), false);
        const at::Tensor i8 = readNpyFile(fixture("small-i8.npy"));
        QCOMPARE(i8.scalar_type(), at::kChar);
        QCOMPARE(i8[0].item<int>(), -128);
        QCOMPARE(i8[2].item<int>(), 127);
        const at::Tensor be = readNpyFile(fixture("bigendian-i16.npy"));
        QCOMPARE(be.scalar_type(), at::kShort);
        QCOMPARE(be[1].item<int>(), -2);
        QCOMPARE(be[2].item<int>(), 300);
        const at::Tensor i32 = readNpyFile(fixture("int32-i4.npy"));
        QCOMPARE(i32.scalar_type(), at::kInt);
        QCOMPARE(i32[0].item<int>(), -70000);
        const at::Tensor y = readNpyFile(fixture("y-i64.npy"));
        QCOMPARE(y.scalar_type(), at::kLong);
        QCOMPARE(y[2].item<std::int64_t>(), 2);
    }

    void npyPairDataset() {
        const Dataset data = readNpyPair(fixture("x-f32.npy"), fixture("y-i64.npy"));
        QCOMPARE(data.size(), 4);
        QCOMPARE(data.numClasses, 3);
        QCOMPARE(data.inputs[3][2].item<float>(), 4.5f);
        QCOMPARE(data.labels[3].item<std::int64_t>(), 1);
        data.validate();
    }

    void npyUnsupportedDtype() {
        QVERIFY(!expectError<FormatError>(
                     [] { readNpyFile(fixture("complex-c16.npy")); },
                     {"complex-c16.npy: ", "unsupported NPY dtype '<c16'", "complex"})
                     .empty());
    }

    void npyTruncated() {
        QVERIFY(!expectError<FormatError>(
                     [] { readNpyFile(fixture("truncated-f32.npy")); },
                     {"truncated-f32.npy: ", "needing 48 bytes but 12", "truncated"})
                     .empty());
        const Bytes bytes = readFileBytes(fixture("x-f32.npy"));
        const Bytes header(bytes.begin(), bytes.begin() + 60);
        QVERIFY(!expectError<FormatError>([&] { parseNpy(header, "cut"); },
                                          {"cut: truncated NPY header"})
                     .empty());
    }

    void npyMalformedHeaders() {
        auto npy = [](const std::string& header) {
            Bytes b = {
                0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, static_cast<std::uint8_t>(header.size()), 0};
            b.insert(b.end(), header.begin(), header.end());
            return b;
        };
        QVERIFY(!expectError<FormatError>(
                     [&] { parseNpy(npy("{'descr': '<f4', 'shape': (1,), }"), "h"); }, {"lacks"})
                     .empty());
        QVERIFY(
            !expectError<FormatError>(
                 [&] {
                     parseNpy(
                         npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}"),
                         "h");
                 },
                 {"structured"})
                 .empty());
        QVERIFY(!expectError<FormatError>(
                     [&] {
                         parseNpy(npy("{'descr': '<u4', 'fortran_order': False, 'shape': (1,)}"),
                                  "h");
                     },
                     {"'<u4'", "32-bit unsigned"})
                     .empty());
        QVERIFY(!expectError<FormatError>(
                     [&] {
                         parseNpy(npy("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,)}"),
                                  "h");
                     },
                     {"True or False"})
                     .empty());
        // A scalar (shape ()) of one float parses.
        Bytes scalar = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), }");
        const float one = 1.0f;
        scalar.insert(scalar.end(), reinterpret_cast<const std::uint8_t*>(&one),
                      reinterpret_cast<const std::uint8_t*>(&one) + 4);
        QCOMPARE(parseNpy(scalar, "s").count(), 1);
    }

    void npzStored() {
        const Dataset data = readNpz(fixture("stored.npz"));
        QCOMPARE(data.inputs.sizes().vec(), (std::vector<std::int64_t>{4, 3}));
        QCOMPARE(data.inputs[1][1].item<float>(), 1.0f);
        QCOMPARE(data.labels[1].item<std::int64_t>(), 1);
        QCOMPARE(data.numClasses, 3);
    }

    void npzDeflatedWithNamesAndFortran() {
        const Dataset data = readNpz(fixture("deflated.npz"), "features", "targets");
        QCOMPARE(data.inputs.sizes().vec(), (std::vector<std::int64_t>{5, 2}));
        for (int i = 0; i < 5; ++i)
            for (int j = 0; j < 2; ++j)
                QCOMPARE(data.inputs[i][j].item<float>(), float(2 * i + j - 3) / 4.0f);
        const std::vector<std::int64_t> targets = {1, 0, 1, 1, 0};
        for (int i = 0; i < 5; ++i)
            QCOMPARE(data.labels[i].item<std::int64_t>(), targets[i]);
        QCOMPARE(data.numClasses, 2);
    }

    void npzMissingArrayListsNames() {
        QVERIFY(!expectError<FormatError>([] { readNpz(fixture("deflated.npz")); },
                                          {"no array named 'x'", "features, targets"})
                     .empty());
    }

    void npzTruncatedOrCorrupt() {
        Bytes bytes = readFileBytes(fixture("deflated.npz"));
        const std::string cut = std::string(MODESCAPE_TEST_OUTPUT_DIR) + "/cut.npz";
        std::FILE* f = std::fopen(cut.c_str(), "wb");
        std::fwrite(bytes.data(), 1, bytes.size() / 2, f);
        std::fclose(f);
        QVERIFY(
            !expectError<FormatError>([&] { readNpz(cut); }, {"cut.npz: ", "truncated"}).empty());
        // Flip a byte inside the first deflated entry: either inflate or the CRC must notice.
        bytes[80] ^= 0xFF;  // the entry's data starts at byte 62
        const std::string flipped = std::string(MODESCAPE_TEST_OUTPUT_DIR) + "/flipped.npz";
        f = std::fopen(flipped.c_str(), "wb");
        std::fwrite(bytes.data(), 1, bytes.size(), f);
        std::fclose(f);
        QVERIFY(!expectError<FormatError>([&] { readNpz(flipped, "features", "targets"); },
                                          {"flipped.npz [features.npy]"})
                     .empty());
    }

    void csvByNameAndIndex() {
        const Dataset byDefault = readCsv(fixture("table.csv"));  // the column named "label"
        QCOMPARE(byDefault.inputs.sizes().vec(), (std::vector<std::int64_t>{3, 3}));
        const std::vector<float> row2 = {7.0f, -8.0f, 0.9f};
        for (int j = 0; j < 3; ++j)
            QCOMPARE(byDefault.inputs[2][j].item<float>(), row2[j]);
        QCOMPARE(byDefault.inputs[1][1].item<float>(), 5.25f);
        QCOMPARE(byDefault.labels[0].item<std::int64_t>(), 2);
        QCOMPARE(byDefault.labels[1].item<std::int64_t>(), 0);
        QCOMPARE(byDefault.numClasses, 3);
        const Dataset byIndex = readCsv(fixture("table.csv"), {"0", ','});  // f1 as the label
        QCOMPARE(byIndex.labels[2].item<std::int64_t>(), 7);
        QCOMPARE(byIndex.numClasses, 8);
        const std::vector<float> rest = {-8.0f, 1.0f, 0.9f};  // f2, label, f3 remain
        for (int j = 0; j < 3; ++j)
            QCOMPARE(byIndex.inputs[2][j].item<float>(), rest[j]);
        const Dataset byName = readCsv(fixture("table.csv"), {"f1", ','});
        QVERIFY(at::equal(byName.labels, byIndex.labels));
        QVERIFY(!expectError<FormatError>(
                     [] {
                         readCsv(fixture("table.csv"), {"f2x", ','});
                     },
                     {"no label column 'f2x'", "f1, f2, label, f3"})
                     .empty());
    }

    void csvBadCellNamesLine() {
        QVERIFY(
            !expectError<FormatError>([] { readCsv(fixture("bad-cell.csv")); },
                                      {"bad-cell.csv: line 4, column 'b': 'abc' is not a number"})
                 .empty());
    }

    void csvLabelNotAClassIndex() {
        QVERIFY(!expectError<FormatError>(
                     [] {
                         readCsv(fixture("table.csv"), {"f2", ','});
                     },
                     {"line 2", "'1.5'"})
                     .empty());
        QVERIFY(!expectError<FormatError>(
                     [] {
                         readCsv(fixture("table.csv"), {"f3", ','});
                     },
                     {"line 2", "'-3'", "class index"})
                     .empty());
    }

    void missingFile() {
        QVERIFY(
            !expectError<IoError>([] { readCsv(fixture("nope.csv")); }, {"nope.csv: cannot open"})
                 .empty());
        QVERIFY(
            !expectError<IoError>([] { readNpz(fixture("nope.npz")); }, {"nope.npz: cannot open"})
                 .empty());
    }
};

QTEST_APPLESS_MAIN(TestArrays)
#include "TestArrays.moc"

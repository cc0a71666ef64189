// IDX (MNIST / Fashion-MNIST) and CIFAR readers against hand-written fixtures,
// plus the real Fashion-MNIST test split from Debian's dataset-fashion-mnist.
#include <QtTest>

#include <ATen/ATen.h>

#include <filesystem>

#include "DataTestSupport.h"
#include "core/data/ByteSource.h"
#include "core/data/CifarReader.h"
#include "core/data/IdxFormat.h"
#include "core/data/IdxReader.h"

using namespace modescape;
using namespace modescape::data;
using modescape::data::test::expectError;
using modescape::data::test::fixture;

class TestIdxCifar : public QObject {
    Q_OBJECT
  private:
    // Pixel (i, r, c) of the tiny IDX fixture, as make_fixtures.py writes it.
    static float tinyPixel(int i, int r, int c) {
        return float((i * 100 + r * 30 + c * 7) % 256) / 255.0f;
    }

    static void checkTiny(const Dataset& data) {
        QCOMPARE(data.inputs.sizes().vec(), (std::vector<std::int64_t>{3, 1, 2, 3}));
        QCOMPARE(data.inputs.scalar_type(), at::kFloat);
        QCOMPARE(data.labels.scalar_type(), at::kLong);
        QCOMPARE(data.labels[0].item<std::int64_t>(), 2);
        QCOMPARE(data.labels[1].item<std::int64_t>(), 0);
        QCOMPARE(data.labels[2].item<std::int64_t>(), 1);
        QCOMPARE(data.numClasses, 3);
        for (int i = 0; i < 3; ++i)
            for (int r = 0; r < 2; ++r)
                for (int c = 0; c < 3; ++c)
                    QCOMPARE(data.inputs[i][0][r][c].item<float>(), tinyPixel(i, r, c));
        QCOMPARE(data.inputs[2][0][1][2].item<float>(), 244.0f / 255.0f);  // 200 + 30 + 14
    }

  private Q_SLOTS:
    void idxPlain() {
        checkTiny(
            readIdxDataset(fixture("tiny-images-idx3-ubyte"), fixture("tiny-labels-idx1-ubyte")));
    }

    void idxGzipped() {
        checkTiny(readIdxDataset(fixture("tiny-images-idx3-ubyte.gz"),
                                 fixture("tiny-labels-idx1-ubyte.gz")));
    }

    void idxFloatTabular() {
        const Dataset data =
            readIdxDataset(fixture("tabular-f32-idx2"), fixture("tabular-labels-i32-idx1"));
        QCOMPARE(data.inputs.sizes().vec(), (std::vector<std::int64_t>{2, 2}));
        QCOMPARE(data.inputs[0][0].item<float>(), 1.5f);
        QCOMPARE(data.inputs[0][1].item<float>(), -2.25f);
        QCOMPARE(data.inputs[1][0].item<float>(), 3.0f);
        QCOMPARE(data.inputs[1][1].item<float>(), 0.125f);
        QCOMPARE(data.labels[0].item<std::int64_t>(), 7);
        QCOMPARE(data.numClasses, 8);
    }

    void idxHeaderLyingAboutSize() {
        QVERIFY(
            !expectError<FormatError>(
                 [] {
                     readIdxDataset(fixture("lying-images-idx3-ubyte"),
                                    fixture("tiny-labels-idx1-ubyte"));
                 },
                 {"lying-images-idx3-ubyte", "4 x 2 x 3", "24 bytes", "18 data bytes", "truncated"})
                 .empty());
    }

    void idxHugeDimensionsDoNotOverflow() {
        // 2^32-1 x 2^32-1 x 2^32-1 would overflow 64 bits; it must be a FormatError, not a crash.
        const Bytes bytes = {0,   0,   8,   3,   255, 255, 255, 255, 255,
                             255, 255, 255, 255, 255, 255, 255, 1};
        QVERIFY(!expectError<FormatError>([&] { parseIdx(bytes, "mem"); }, {"mem: ", "truncated"})
                     .empty());
    }

    void idxBadMagicAndType() {
        const Bytes notIdx = {1, 2, 3, 4, 5};
        QVERIFY(
            !expectError<FormatError>([&] { parseIdx(notIdx, "m"); }, {"not an IDX file"}).empty());
        const Bytes badType = {0, 0, 0x42, 1, 0, 0, 0, 0};
        QVERIFY(
            !expectError<FormatError>([&] { parseIdx(badType, "m"); }, {"type code 66"}).empty());
        const Bytes shortHeader = {0, 0, 8, 2, 0, 0, 0};
        QVERIFY(
            !expectError<FormatError>([&] { parseIdx(shortHeader, "m"); }, {"truncated IDX header"})
                 .empty());
    }

    void idxCountsDisagree() {
        QVERIFY(!expectError<FormatError>(
                     [] {
                         readIdxDataset(fixture("tiny-images-idx3-ubyte"),
                                        fixture("four-labels-idx1-ubyte"));
                     },
                     {"3 images", "4 labels", "four-labels-idx1-ubyte"})
                     .empty());
    }

    void idxTruncatedGzip() {
        QVERIFY(!expectError<FormatError>(
                     [] {
                         readIdxDataset(fixture("truncated-images-idx3-ubyte.gz"),
                                        fixture("tiny-labels-idx1-ubyte"));
                     },
                     {"truncated-images-idx3-ubyte.gz: ", "truncated"})
                     .empty());
    }

    void idxMissingFile() {
        QVERIFY(
            !expectError<IoError>(
                 [] { readIdxDataset(fixture("no-such-file"), fixture("tiny-labels-idx1-ubyte")); },
                 {"no-such-file: cannot open"})
                 .empty());
    }

    void idxSwappedFiles() {
        QVERIFY(!expectError<FormatError>(
                     [] {
                         readIdxDataset(fixture("tiny-labels-idx1-ubyte"),
                                        fixture("tiny-images-idx3-ubyte"));
                     },
                     {"tiny-labels-idx1-ubyte: ", "at least 2 dimensions"})
                     .empty());
    }

    void cifar10() {
        const Dataset data = readCifarBatches({fixture("cifar10-tiny.bin")}, CifarVariant::Cifar10);
        QCOMPARE(data.inputs.sizes().vec(), (std::vector<std::int64_t>{3, 3, 32, 32}));
        QCOMPARE(data.numClasses, 10);
        QCOMPARE(data.labels[0].item<std::int64_t>(), 3);
        QCOMPARE(data.labels[1].item<std::int64_t>(), 9);
        QCOMPARE(data.labels[2].item<std::int64_t>(), 0);
        // Byte j of record i is (7 i + j) % 256; j = c * 1024 + h * 32 + w.
        auto expected = [](int i, int c, int h, int w) {
            return float((i * 7 + c * 1024 + h * 32 + w) % 256) / 255.0f;
        };
        for (auto [i, c, h, w] : std::vector<std::array<int, 4>>{
                 {0, 0, 0, 0}, {1, 2, 31, 31}, {2, 1, 5, 9}, {1, 0, 7, 31}})
            QCOMPARE(data.inputs[i][c][h][w].item<float>(), expected(i, c, h, w));
    }

    void cifar100FineAndCoarse() {
        const Dataset fine =
            readCifarBatches({fixture("cifar100-tiny.bin")}, CifarVariant::Cifar100Fine);
        QCOMPARE(fine.numClasses, 100);
        QCOMPARE(fine.labels[0].item<std::int64_t>(), 30);
        QCOMPARE(fine.labels[1].item<std::int64_t>(), 99);
        const Dataset coarse =
            readCifarBatches({fixture("cifar100-tiny.bin")}, CifarVariant::Cifar100Coarse);
        QCOMPARE(coarse.numClasses, 20);
        QCOMPARE(coarse.labels[0].item<std::int64_t>(), 4);
        QCOMPARE(coarse.labels[1].item<std::int64_t>(), 19);
        QCOMPARE(coarse.inputs[1][0][0][1].item<float>(), 8.0f / 255.0f);
    }

    void cifarConcatenatesBatches() {
        const Dataset data = readCifarBatches(
            {fixture("cifar10-tiny.bin"), fixture("cifar10-tiny.bin")}, CifarVariant::Cifar10);
        QCOMPARE(data.size(), 6);
        QCOMPARE(data.labels[4].item<std::int64_t>(), 9);
    }

    void cifarTruncated() {
        QVERIFY(!expectError<FormatError>(
                     [] {
                         readCifarBatches({fixture("cifar10-truncated.bin")},
                                          CifarVariant::Cifar10);
                     },
                     {"cifar10-truncated.bin: 6141 bytes", "3073-byte"})
                     .empty());
        // A CIFAR-10 file read as CIFAR-100 has the wrong record size.
        QVERIFY(!expectError<FormatError>(
                     [] {
                         readCifarBatches({fixture("cifar10-tiny.bin")},
                                          CifarVariant::Cifar100Fine);
                     },
                     {"3074-byte"})
                     .empty());
    }

    void realFashionMnistTestSplit() {
        const std::string dir = "/usr/share/datasets/fashion-mnist";
        if (!std::filesystem::exists(dir + "/t10k-images-idx3-ubyte.gz"))
            QSKIP("dataset-fashion-mnist is not installed");
        const Dataset data =
            readIdxDataset(dir + "/t10k-images-idx3-ubyte.gz", dir + "/t10k-labels-idx1-ubyte.gz");
        QCOMPARE(data.inputs.sizes().vec(), (std::vector<std::int64_t>{10000, 1, 28, 28}));
        QCOMPARE(data.numClasses, 10);
        // Checked with numpy on the same files: labels 9 2 1 1 6 1 4 6 5 7; image 0 sums to
        // 33456 / 255; its row 10 begins 0 0 0 4 0 53 129 ...; the mean pixel is 0.28684928.
        const std::vector<std::int64_t> first = {9, 2, 1, 1, 6, 1, 4, 6, 5, 7};
        for (int i = 0; i < 10; ++i)
            QCOMPARE(data.labels[i].item<std::int64_t>(), first[i]);
        QVERIFY(std::abs(data.inputs[0].sum().item<double>() - 33456.0 / 255.0) < 1e-3);
        QCOMPARE(data.inputs[0][0][10][15].item<float>(), 53.0f / 255.0f);
        QVERIFY(std::abs(data.inputs.mean().item<double>() - 0.28684928) < 1e-5);
    }
};

QTEST_APPLESS_MAIN(TestIdxCifar)
#include "TestIdxCifar.moc"

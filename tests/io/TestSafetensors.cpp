// Reading safetensors files written by Python and by our writer.
#include <QtTest>

#include <ATen/ATen.h>
#include <dirent.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/io/safetensors/SafetensorsReader.h"
#include "core/io/safetensors/SafetensorsWriter.h"
#include "tests/io/TestSafetensorsFiles.h"

using namespace modescape;
using namespace modescape::io;
using namespace modescape::test;

namespace {

nlohmann::json loadJson(const std::string& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

int openDescriptorCount() {
    int count = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
        ++count;
    return count;
}

}  // namespace

class TestSafetensors : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // float16 ResNet-20 names written by hand in Python (make_fixtures.py).
    void readsPythonResnetFixture() {
        const auto expected = loadJson(fixture("resnet20_f16.expected.json"));
        const auto file = openSafetensors(fixture("resnet20_f16.safetensors"));
        QCOMPARE(file->format(), std::string("safetensors"));
        QCOMPARE(file->metadata().at("format"), std::string("pt"));
        QCOMPARE(file->metadata().at("seed"), std::string("20"));

        const auto& tensors = file->tensors();
        QCOMPARE(tensors.size(), expected["tensors"].size());
        for (std::size_t i = 0; i < tensors.size(); ++i) {
            const auto& want = expected["tensors"][i];
            const auto& info = tensors[i];
            // File order is kept (the order PyTorch's state dict had).
            QCOMPARE(info.name, want["name"].get<std::string>());
            QCOMPARE(std::string(dtypeName(info.dtype)), want["dtype"].get<std::string>());
            QCOMPARE(info.shape, want["shape"].get<std::vector<std::int64_t>>());

            const at::Tensor t = file->read(info.name);
            QCOMPARE(t.sizes().vec(), info.shape);
            QVERIFY(t.is_contiguous());
            const at::Tensor flat = t.reshape(-1).to(at::kDouble);
            for (const auto& sample : want["samples"]) {
                const auto index = sample[0].get<std::int64_t>();
                QCOMPARE(flat[index].item<double>(), sample[1].get<double>());
            }
            QVERIFY(std::abs(flat.sum().item<double>() - want["sum"].get<double>()) <
                    1e-9 * (1 + std::abs(want["sum"].get<double>())));
        }
        QCOMPARE(file->read("conv1.weight").scalar_type(), at::kHalf);
        QCOMPARE(file->read("ema.linear.bias").scalar_type(), at::kBFloat16);
        QCOMPARE(file->read("layer2.0.shortcut.1.num_batches_tracked").item<std::int64_t>(),
                 std::int64_t{3910});
        QVERIFY(file->find("layer1.0.bn1.running_var") != nullptr);
        QVERIFY(file->find("layer2.0.shortcut.0.weight") != nullptr);
    }

    void readsEveryDtypeWrittenByPython() {
        const auto expected = loadJson(fixture("dtypes.expected.json"));
        const auto file = openSafetensors(fixture("dtypes.safetensors"));
        QCOMPARE(file->tensors().size(), expected["tensors"].size());
        for (const auto& want : expected["tensors"]) {
            const auto name = want["name"].get<std::string>();
            const at::Tensor t = file->read(name);
            QCOMPARE(t.sizes().vec(), want["shape"].get<std::vector<std::int64_t>>());
            const auto values = want["values"].get<std::vector<double>>();
            const at::Tensor flat = t.reshape(-1).to(at::kDouble);
            QCOMPARE(flat.numel(), static_cast<std::int64_t>(values.size()));
            for (std::size_t i = 0; i < values.size(); ++i)
                QCOMPARE(flat[static_cast<std::int64_t>(i)].item<double>(), values[i]);
        }
        QCOMPARE(file->read("i64")[0].item<std::int64_t>(), -(std::int64_t{1} << 62));
        QCOMPARE(file->read("u8")[2].item<std::uint8_t>(), std::uint8_t{255});
        QCOMPARE(file->read("bool").scalar_type(), at::kBool);
    }

    void roundTripsEveryDtype() {
        at::manual_seed(7);
        const at::Tensor base = at::randn({3, 5}, at::kDouble) * 100;
        std::vector<std::pair<std::string, at::Tensor>> tensors;
        for (auto type : {at::kDouble, at::kFloat, at::kHalf, at::kBFloat16, at::kLong, at::kInt,
                          at::kShort, at::kChar, at::kByte})
            tensors.emplace_back(std::string("t_") + c10::toString(type), base.to(type));
        tensors.emplace_back("mask", base > 0);
        tensors.emplace_back("transposed", base.t());                    // not contiguous
        tensors.emplace_back("column", base.select(1, 2));               // strided, offset
        tensors.emplace_back("sliced", base.to(at::kHalf).slice(0, 1));  // storage offset
        tensors.emplace_back("scalar", at::scalar_tensor(2.5, at::kFloat));
        tensors.emplace_back("empty", at::zeros({0, 4}, at::kFloat));
        tensors.emplace_back("big_int",
                             at::tensor(std::vector<std::int64_t>{std::int64_t{1} << 60, -3}));
        const std::map<std::string, std::string> metadata{{"format", "pt"}, {"note", "ü ✓"}};

        const std::string path = testOutput("roundtrip.safetensors");
        writeSafetensors(path, tensors, metadata);
        const auto file = openSafetensors(path);
        QCOMPARE(file->metadata(), metadata);
        QCOMPARE(file->tensors().size(), tensors.size());
        for (std::size_t i = 0; i < tensors.size(); ++i) {
            const auto& [name, original] = tensors[i];
            QCOMPARE(file->tensors()[i].name, name);
            const at::Tensor back = file->read(name);
            QCOMPARE(back.scalar_type(), original.scalar_type());
            QCOMPARE(back.sizes(), original.sizes());
            QVERIFY2(at::equal(back, original), name.c_str());
        }
        QCOMPARE(file->read("t_Half")[1][3].item<float>(), base[1][3].to(at::kHalf).item<float>());
        QCOMPARE(file->read("column")[2].item<double>(), base[2][2].item<double>());
        QCOMPARE(file->read("big_int")[0].item<std::int64_t>(), std::int64_t{1} << 60);
    }

    void headerIsPaddedAndDataAligned() {
        const std::string path = testOutput("padded.safetensors");
        // A 1-byte name makes an unpadded header length that is not a multiple of 8.
        writeSafetensors(path,
                         {{"a", at::ones({3}, at::kFloat)}, {"bb", at::ones({1}, at::kByte)}});
        const std::string bytes = readBytes(path);
        std::uint64_t n = 0;
        for (int i = 7; i >= 0; --i)
            n = (n << 8) | static_cast<unsigned char>(bytes[i]);
        QCOMPARE(n % 8, std::uint64_t{0});
        QCOMPARE(bytes.size(), 8 + n + 3 * 4 + 1);
        const auto header = nlohmann::json::parse(bytes.substr(8, n));
        QCOMPARE(header["a"]["dtype"].get<std::string>(), std::string("F32"));
        QCOMPARE(header["a"]["data_offsets"], nlohmann::json({0, 12}));
        QCOMPARE(header["bb"]["data_offsets"], nlohmann::json({12, 13}));
        QVERIFY(!header.contains("__metadata__"));
        // The data bytes are the raw little-endian float 1.0f = 00 00 80 3f.
        QCOMPARE(bytes.substr(8 + n, 4), std::string("\x00\x00\x80\x3f", 4));
    }

    void writerRejectsBadInputAndWritesNothing() {
        const std::string path = testOutput("rejected.safetensors");
        std::filesystem::remove(path);
        const at::Tensor t = at::ones({2});
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, writeSafetensors(path, {{"x", t}, {"x", t}}));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, writeSafetensors(path, {{"", t}}));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, writeSafetensors(path, {{"__metadata__", t}}));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, writeSafetensors(path, {{"u", at::Tensor()}}));
        try {
            writeSafetensors(path, {{"ok", t}, {"z", at::ones({2}, at::kComplexFloat)}});
            QFAIL("complex tensors must be refused");
        } catch (const InvalidArgument& e) {
            QVERIFY2(std::string(e.what()).find("tensor 'z'") != std::string::npos, e.what());
        }
        QVERIFY(!std::filesystem::exists(path));
        QVERIFY_THROWS_EXCEPTION(
            IoError, writeSafetensors(testOutput("no/such/dir/x.safetensors"), {{"x", t}}));
    }

    void readerErrorsForNamesAndMissingFiles() {
        const auto file = openSafetensors(fixture("resnet20_f16.safetensors"));
        try {
            file->read("conv9.weight");
            QFAIL("an unknown name must throw");
        } catch (const InvalidArgument& e) {
            QVERIFY(std::string(e.what()).find("conv9.weight") != std::string::npos);
        }
        const std::string missing = testOutput("does-not-exist.safetensors");
        try {
            openSafetensors(missing);
            QFAIL("a missing file must throw");
        } catch (const FormatError&) {
            QFAIL("a missing file is an IoError, not a FormatError");
        } catch (const IoError& e) {
            QCOMPARE(e.path(), missing);
        }
        QVERIFY_THROWS_EXCEPTION(IoError, openSafetensors(testOutput("")));  // a folder
    }

    // Opening keeps no descriptor: thousands of open files cost no fds.
    void openFilesHoldNoDescriptors() {
        const int before = openDescriptorCount();
        std::vector<std::unique_ptr<CheckpointFile>> files;
        for (int i = 0; i < 2000; ++i)
            files.push_back(openSafetensors(fixture("resnet20_f16.safetensors")));
        QCOMPARE(openDescriptorCount(), before);
        for (int i = 0; i < 50; ++i)
            files[static_cast<std::size_t>(i)]->read("linear.weight");
        QCOMPARE(openDescriptorCount(), before);
    }

    // Data is read when asked for, from the file as it is then.
    void readsLazilyAndNoticesReplacedFiles() {
        const std::string path = testOutput("lazy.safetensors");
        writeSafetensors(path, {{"w", at::full({4}, 1.0f)}});
        const auto file = openSafetensors(path);
        writeSafetensors(path, {{"w", at::full({4}, 2.0f)}});  // same size, new values
        QCOMPARE(file->read("w")[0].item<float>(), 2.0f);
        writeSafetensors(path, {{"w", at::full({8}, 3.0f)}});  // different size
        try {
            file->read("w");
            QFAIL("a file that changed size must throw");
        } catch (const FormatError& e) {
            QVERIFY2(std::string(e.what()).find("changed") != std::string::npos, e.what());
        }
        std::filesystem::remove(path);
        QCOMPARE(file->tensors().size(), std::size_t{1});  // the header stays known
        QVERIFY_THROWS_EXCEPTION(IoError, file->read("w"));
    }

    // Files written by other engineers' Python generators open too.
    void readsOtherPythonFixtures() {
        const std::string path =
            std::string(MODESCAPE_FIXTURES_DIR) + "/models/resnet20_bn.safetensors";
        if (!std::filesystem::exists(path))
            QSKIP("models fixtures not present");
        const auto file = openSafetensors(path);
        QVERIFY(!file->tensors().empty());
        for (const auto& info : file->tensors())
            QCOMPARE(file->read(info.name).sizes().vec(), info.shape);
    }
};

QTEST_APPLESS_MAIN(TestSafetensors)
#include "TestSafetensors.moc"

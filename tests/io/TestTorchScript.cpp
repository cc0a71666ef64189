// TorchScript archives (torch.jit.save) read as data: parameters and buffers
// by name, in torch.jit's order, with torch.jit's values, and without running
// anything in the archive (a hostile __setstate__ neither writes a file nor
// hangs). The module LibTorch loads for evaluation still reproduces PyTorch's
// output (expected.json).
#include <QtTest>

#include <torch/script.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/io/torch/TorchCheckpoint.h"

using namespace modescape;
using namespace modescape::io;

namespace {
const std::string kDir = MODESCAPE_FIXTURES_DIR "/torch/";
const std::string kModels = MODESCAPE_FIXTURES_DIR "/models/";
const std::string kMarker = "/tmp/modescape-pwned-setstate";

std::string formatError(const std::string& path) {
    try {
        openTorchCheckpoint(path);
    } catch (const FormatError& e) {
        return e.what();
    }
    return {};
}
}  // namespace

class TestTorchScript : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void parametersAndBuffers() {
        auto checkpoint = openTorchCheckpoint(kDir + "scripted.pt");
        QCOMPARE(checkpoint->format(), std::string("torchscript"));
        QCOMPARE(checkpoint->tensors().size(), std::size_t(9));
        QCOMPARE(checkpoint->tensors().front().name, std::string("conv1.weight"));
        QCOMPARE(checkpoint->find("bn1.running_var")->shape, std::vector<std::int64_t>{4});
        // The same weights as the plain state dict saved by the generator.
        auto plain = openTorchCheckpoint(kDir + "state_dict_zip.pt");
        for (const auto& t : plain->tensors())
            QVERIFY2(at::equal(checkpoint->read(t.name), plain->read(t.name)), t.name.c_str());
    }

    // What torch::jit::load gave before (and still gives for a trusted file):
    // named_parameters() then named_buffers(), the same names, order, dtypes and values.
    void sameAsTorchJit_data() {
        QTest::addColumn<QString>("path");
        QTest::newRow("scripted.pt") << QString::fromStdString(kDir + "scripted.pt");
        for (const char* f : {"bn_net_scripted.pt", "mlp_relu_scripted.pt", "lenet5_traced.pt"})
            QTest::newRow(f) << QString::fromStdString(kModels + f);
    }

    void sameAsTorchJit() {
        QFETCH(QString, path);
        auto module = torch::jit::load(path.toStdString(), c10::Device(c10::kCPU));
        std::vector<std::pair<std::string, at::Tensor>> want;
        for (const auto& p : module.named_parameters(/*recurse=*/true))
            want.emplace_back(p.name, p.value);
        for (const auto& b : module.named_buffers(/*recurse=*/true))
            want.emplace_back(b.name, b.value);
        auto checkpoint = openTorchCheckpoint(path.toStdString());
        QCOMPARE(checkpoint->tensors().size(), want.size());
        for (std::size_t i = 0; i < want.size(); ++i) {
            QCOMPARE(checkpoint->tensors()[i].name, want[i].first);
            at::Tensor t = checkpoint->read(want[i].first);
            QVERIFY2(t.is_contiguous(), want[i].first.c_str());
            QCOMPARE(t.scalar_type(), want[i].second.scalar_type());
            QVERIFY2(at::equal(t, want[i].second), want[i].first.c_str());
        }
    }

    void moduleEvaluatesLikePyTorch() {
        std::ifstream in(kDir + "expected.json");
        const auto want = nlohmann::json::parse(in)
                              .at("scripted.pt")
                              .at("forward_linspace_output")
                              .get<std::vector<double>>();
        auto module = torch::jit::load(kDir + "scripted.pt", c10::Device(c10::kCPU));
        at::Tensor x = at::linspace(-1, 1, 3 * 6 * 6).reshape({1, 3, 6, 6});
        at::Tensor y = module.forward({x}).toTensor().to(at::kDouble).reshape({-1});
        QCOMPARE(y.numel(), std::int64_t(want.size()));
        for (std::size_t i = 0; i < want.size(); ++i)
            QVERIFY(std::abs(y[i].item<double>() - want[i]) < 1e-5);
    }

    void damagedArchiveIsFormatError() {
        for (const char* cut :
             {"scripted_cut20.pt", "scripted_cut6091.pt", "scripted_cut12152.pt"}) {
            const std::string path = kDir + "bad/" + cut;
            const std::string message = formatError(path);
            QVERIFY2(message.rfind(path + ": ", 0) == 0, (cut + (": " + message)).c_str());
        }
    }

    // torch::jit::load runs this archive's __setstate__, which torch.saves to
    // kMarker (generate_trust_fixtures.py checks that it does).
    void setStateIsNeverRun() {
        std::filesystem::remove(kMarker);
        const std::string path = kDir + "bad/setstate_save.pt";
        const std::string message = formatError(path);
        QVERIFY2(message.rfind(path + ": ", 0) == 0, message.c_str());
        QVERIFY2(message.find("__torch__.SaveOnLoad") != std::string::npos &&
                     message.find("__setstate__") != std::string::npos,
                 message.c_str());
        QVERIFY(!std::filesystem::exists(kMarker));
    }

    // __setstate__ loops forever: torch::jit::load hangs; reading is refused (a
    // hang would end in the test's CTest timeout).
    void endlessSetStateIsNeverRun() {
        const std::string path = kDir + "bad/setstate_loop.pt";
        const std::string message = formatError(path);
        QVERIFY2(message.rfind(path + ": ", 0) == 0, message.c_str());
        QVERIFY2(message.find("__torch__.LoopOnLoad") != std::string::npos, message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestTorchScript)
#include "TestTorchScript.moc"

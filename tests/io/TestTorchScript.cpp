// TorchScript archives (torch.jit.save of the fixture net): parameters and
// buffers by name, and the module loaded for evaluation reproduces the
// output PyTorch computed (expected.json).
#include <QtTest>

#include <torch/script.h>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/io/torch/TorchCheckpoint.h"

using namespace modescape;
using namespace modescape::io;

namespace {
const std::string kDir = MODESCAPE_FIXTURES_DIR "/torch/";
}

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

    void moduleEvaluatesLikePyTorch() {
        std::ifstream in(kDir + "expected.json");
        const auto want = nlohmann::json::parse(in)
                              .at("scripted.pt")
                              .at("forward_linspace_output")
                              .get<std::vector<double>>();
        auto module = loadTorchScriptModule(kDir + "scripted.pt");
        at::Tensor x = at::linspace(-1, 1, 3 * 6 * 6).reshape({1, 3, 6, 6});
        at::Tensor y = module->forward({x}).toTensor().to(at::kDouble).reshape({-1});
        QCOMPARE(y.numel(), std::int64_t(want.size()));
        for (std::size_t i = 0; i < want.size(); ++i)
            QVERIFY(std::abs(y[i].item<double>() - want[i]) < 1e-5);
        // Functional substitution works on what we return: a zero bias shifts
        // the output by exactly minus the old bias.
        torch::jit::Module linear = module->attr("linear").toModule();
        at::Tensor bias = linear.attr("bias").toTensor().detach().clone();
        linear.setattr("bias", at::zeros({3}));
        at::Tensor shifted = module->forward({x}).toTensor().to(at::kDouble).reshape({-1});
        QVERIFY(at::allclose(shifted, y - bias.to(at::kDouble), 1e-5, 1e-6));
    }

    void damagedArchiveIsFormatError() {
        const std::string path = kDir + "bad/scripted_cut6091.pt";
        try {
            loadTorchScriptModule(path);
            QFAIL("a truncated archive must not load");
        } catch (const FormatError& e) {
            QVERIFY2(std::string(e.what()).rfind(path + ": ", 0) == 0, e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestTorchScript)
#include "TestTorchScript.moc"

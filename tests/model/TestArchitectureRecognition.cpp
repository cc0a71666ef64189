// Architecture recognition from tensor names and shapes (core/model/ArchitectureRecognition.h),
// the family-name table (FamilyName.h) and the --model SPEC text (ModelSpecText.h).
// Tensor lists come from the model zoo's own specs and from the PyTorch fixtures
// of tests/fixtures/models; a recognised model must give PyTorch's logits.

#include <QtTest>

#include <ATen/ATen.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "FixtureTensors.h"
#include "core/common/Error.h"
#include "core/io/CheckpointFile.h"
#include "core/model/ArchitectureRecognition.h"
#include "core/model/FamilyName.h"
#include "core/model/ModelFactory.h"
#include "core/model/ModelSpecText.h"

using namespace modescape;
using namespace modescape::model;
using nlohmann::json;

namespace {

// The tensor list a set of this built-in's checkpoints would have.
std::vector<io::TensorInfo> tensorsOf(const std::string& builtin, const std::string& args) {
    std::vector<io::TensorInfo> tensors;
    const auto model = makeBuiltinModel(builtin, json::parse(args));
    for (const TensorSpec& s : model->parameterSpec())
        tensors.push_back(s.info);
    return tensors;
}

json argsOf(const Recognition& r) {
    return json::parse(r.model.argsJson);
}

// The tensor list of a fixture as its header says (float16 stays F16).
std::vector<io::TensorInfo> fixtureTensors(const std::string& name) {
    return io::openCheckpoint(test::modelFixture(name))->tensors();
}

// Max logit error of the recognised model on the fixture's stored PyTorch output,
// relative to the largest logit.
double recognisedLogitError(const Recognition& r, const std::string& stem) {
    const auto model = makeBuiltinModel(r.model.builtin, argsOf(r));
    const ParameterSet weights = test::readFixture(stem + ".safetensors");
    const ParameterSet io = test::readFixture(stem + "_io.safetensors");
    const at::Tensor logits = model->forward(weights, io.at("input"));
    const at::Tensor& expected = io.at("logits");
    return (logits - expected).abs().max().item<double>() / expected.abs().max().item<double>();
}

}  // namespace

class TestArchitectureRecognition : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void resnet18BatchNormTenAndHundredClasses() {
        const Recognition ten =
            recogniseArchitecture(tensorsOf("resnet18", "{}"), "cifar10-resnet18");
        QVERIFY2(ten.recognised(), ten.text.c_str());
        QCOMPARE(ten.model.builtin, std::string("resnet18"));
        QCOMPARE(ten.text, std::string("resnet18, 10 classes, BatchNorm"));
        QCOMPARE(argsOf(ten), json::parse(R"({"num_classes":10,"in_channels":3,"norm":"bn",
                                              "activation":"relu","conv_bias":false})"));
        const Recognition hundred =
            recogniseArchitecture(tensorsOf("resnet18", R"({"num_classes":100})"), "");
        QCOMPARE(hundred.text, std::string("resnet18, 100 classes, BatchNorm"));
        QCOMPARE(argsOf(hundred)["num_classes"].get<int>(), 100);
    }

    void frnActivationComesFromTheName() {
        const auto tensors = tensorsOf("resnet20", R"({"norm":"frn"})");
        const Recognition named = recogniseArchitecture(tensors, "cifar10-resnet20-frn-silu");
        QCOMPARE(named.text, std::string("resnet20, 10 classes, FRN + SiLU (activation from the "
                                         "name 'cifar10-resnet20-frn-silu')"));
        QCOMPARE(argsOf(named)["norm"].get<std::string>(), std::string("frn"));
        QCOMPARE(argsOf(named)["activation"].get<std::string>(), std::string("silu"));
        // "relu" in the name wins over the FRN default.
        const Recognition relu = recogniseArchitecture(tensors, "cifar10-resnet20-frn-relu");
        QCOMPARE(argsOf(relu)["activation"].get<std::string>(), std::string("relu"));
        QCOMPARE(relu.text, std::string("resnet20, 10 classes, FRN + ReLU (activation from the "
                                        "name 'cifar10-resnet20-frn-relu')"));
        // No name: TorchUncertainty's default for FRN, said so.
        const Recognition unnamed = recogniseArchitecture(tensors, "");
        QCOMPARE(argsOf(unnamed)["activation"].get<std::string>(), std::string("silu"));
        QVERIFY2(unnamed.text.find("the name does not say") != std::string::npos,
                 unnamed.text.c_str());
    }

    void convBiasAndInputChannels() {
        const Recognition r = recogniseArchitecture(
            tensorsOf("resnet20", R"({"conv_bias":true,"in_channels":1,"num_classes":7})"), "");
        QVERIFY2(r.recognised(), r.text.c_str());
        QCOMPARE(r.text, std::string("resnet20, 7 classes, 1 input channel, BatchNorm, conv bias"));
        QCOMPARE(argsOf(r)["conv_bias"].get<bool>(), true);
        QCOMPARE(argsOf(r)["in_channels"].get<int>(), 1);
    }

    void lenet5OneAndThreeChannels() {
        const Recognition one = recogniseArchitecture(tensorsOf("lenet5", "{}"), "mnist-lenet5");
        QCOMPARE(one.text, std::string("lenet5, 10 classes, 1 input channel"));
        const Recognition three =
            recogniseArchitecture(tensorsOf("lenet5", R"({"in_channels":3,"num_classes":4})"), "");
        QCOMPARE(three.text, std::string("lenet5, 4 classes, 3 input channels"));
        QCOMPARE(argsOf(three), json::parse(R"({"in_channels":3,"num_classes":4})"));
    }

    void mlpWidthsWithAndWithoutDropout() {
        const Recognition plain =
            recogniseArchitecture(tensorsOf("mlp", R"({"widths":[2,32,32,2]})"), "moons");
        QVERIFY2(plain.recognised(), plain.text.c_str());
        QCOMPARE(argsOf(plain)["widths"], json::parse("[2,32,32,2]"));
        QVERIFY(!argsOf(plain).contains("dropout"));
        QVERIFY2(plain.text.starts_with("mlp 2-32-32-2, relu (assumed"), plain.text.c_str());
        const Recognition dropout = recogniseArchitecture(
            tensorsOf("mlp", R"({"widths":[5,8,3],"dropout":0.3})"), "tanh-net");
        QCOMPARE(argsOf(dropout)["widths"], json::parse("[5,8,3]"));
        QVERIFY(argsOf(dropout)["dropout"].get<double>() > 0);
        QCOMPARE(argsOf(dropout)["activation"].get<std::string>(), std::string("tanh"));
    }

    void float16TensorsAreRecognisedTheSame() {
        auto tensors = tensorsOf("resnet20", R"({"norm":"frn"})");
        const Recognition f32 = recogniseArchitecture(tensors, "x");
        for (io::TensorInfo& t : tensors)
            t.dtype = io::DType::F16;
        const Recognition f16 = recogniseArchitecture(tensors, "x");
        QCOMPARE(f16.text, f32.text);
        QCOMPARE(f16.model.argsJson, f32.model.argsJson);
    }

    void fixturesAreRecognisedAndGivePyTorchsLogits() {
        struct Case {
            const char* stem;
            const char* family;
            const char* text;
        };
        const Case cases[] = {
            {"resnet20_frn", "cifar10-resnet20-frn-silu",
             "resnet20, 10 classes, FRN + SiLU (activation from the name "
             "'cifar10-resnet20-frn-silu')"},
            {"resnet20_bn", "cifar10-resnet20", "resnet20, 10 classes, BatchNorm"},
            {"lenet5", "fashion-mnist-lenet5", "lenet5, 10 classes, 1 input channel"},
            {"mlp_relu", "moons-relu",
             "mlp 2-32-32-2, relu (activation from the name 'moons-relu')"},
            {"mlp_gelu_dropout", "mlp_gelu_dropout",
             "mlp 3-16-8-4, gelu (activation from the name 'mlp_gelu_dropout'), dropout layers "
             "(rate unknown; inactive in evaluation)"},
        };
        for (const Case& c : cases) {
            const auto tensors = fixtureTensors(std::string(c.stem) + ".safetensors");
            const Recognition r = recogniseArchitecture(tensors, c.family);
            QVERIFY2(r.recognised(), r.text.c_str());
            QCOMPARE(r.text, std::string(c.text));
            const double err = recognisedLogitError(r, c.stem);
            qInfo("%s: recognised as %s, relative logit error %.3g", c.stem, r.text.c_str(), err);
            QVERIFY2(err < 1e-4, c.stem);
        }
        // The ResNet fixtures really are float16.
        QCOMPARE(fixtureTensors("resnet20_frn.safetensors").front().dtype, io::DType::F16);
    }

    void aMissingTensorIsNotRecognised() {
        auto tensors = tensorsOf("resnet18", "{}");
        const auto gone = std::find_if(tensors.begin(), tensors.end(), [](const io::TensorInfo& t) {
            return t.name == "layer3.1.bn2.running_var";
        });
        QVERIFY(gone != tensors.end());
        tensors.erase(gone);
        const Recognition r = recogniseArchitecture(tensors, "cifar10-resnet18");
        QVERIFY(!r.recognised());
        QCOMPARE(r.model.kind, io::ModelSpec::Kind::None);
        QCOMPARE(r.text,
                 std::string("no built-in model matches these tensors (first: conv1.weight "
                             "[64, 3, 3, 3]); closest: resnet18 (missing: "
                             "layer3.1.bn2.running_var); name one with --model "
                             "resnet18:num_classes=100 or a TorchScript file, or add \"model\" "
                             "to modescape.json"));
        const Recognition none = recogniseArchitecture({{"layer.weight", io::DType::F32, {2}}}, "");
        QVERIFY(!none.recognised());
        QVERIFY2(none.text.starts_with("no built-in model matches these tensors (first: "
                                       "layer.weight [2]); name one with --model"),
                 none.text.c_str());
    }

    void familyNamesGiveTorchUncertaintysNormalisation() {
        QCOMPARE(familyNameOfPath("/data/cifar10-resnet18-0-1023.tgz"),
                 std::string("cifar10-resnet18"));
        QCOMPARE(familyNameOfPath("/data/cifar100-resnet18/"), std::string("cifar100-resnet18"));
        QCOMPARE(familyNameOfPath("a/mnist-optunet-0-8191.tar.zst"), std::string("mnist-optunet"));
        QCOMPARE(datasetFamilyOf("cifar10-resnet20-frn-silu")->normalizationOptions(),
                 std::string("mean=0.4914:0.4822:0.4465,std=0.2023:0.1994:0.201"));
        QCOMPARE(datasetFamilyOf("cifar100-resnet18")->normalizationOptions(),
                 std::string("mean=0.5071:0.4867:0.4408,std=0.2675:0.2565:0.2761"));
        QCOMPARE(datasetFamilyOf("tiny-imagenet-resnet18")->name, std::string("tiny-imagenet"));
        QCOMPARE(datasetFamilyOf("tiny-imagenet-resnet18")->normalizationOptions(),
                 std::string("mean=0.485:0.456:0.406,std=0.229:0.224:0.225"));
        QCOMPARE(datasetFamilyOf("mnist-optunet")->normalizationOptions(),
                 std::string("mean=0.1307,std=0.3081"));
        QVERIFY(!datasetFamilyOf("fashion-mnist-lenet5"));
        QVERIFY(!datasetFamilyOf("moons"));
        QCOMPARE(activationOf("cifar10-resnet20-frn-swish"), std::string("silu"));
        QCOMPARE(activationOf("cifar10-resnet18"), std::string(""));
    }

    void modelSpecTextParses() {
        const io::ModelSpec r =
            parseModelSpecText("resnet18:num_classes=100,norm=frn,activation=silu");
        QCOMPARE(r.kind, io::ModelSpec::Kind::Builtin);
        QCOMPARE(r.builtin, std::string("resnet18"));
        QCOMPARE(json::parse(r.argsJson),
                 json::parse(R"({"num_classes":100,"norm":"frn","activation":"silu"})"));
        const io::ModelSpec m = parseModelSpecText("mlp:widths=2:32:32:2,dropout=0.5");
        QCOMPARE(json::parse(m.argsJson), json::parse(R"({"widths":[2,32,32,2],"dropout":0.5})"));
        QCOMPARE(parseModelSpecText("resnet20:conv_bias=true").argsJson,
                 std::string(R"({"conv_bias":true})"));
        QCOMPARE(parseModelSpecText("lenet5").argsJson, std::string("{}"));
        const io::ModelSpec ts = parseModelSpecText("nets/model.ts", "/base");
        QCOMPARE(ts.kind, io::ModelSpec::Kind::TorchScript);
        QCOMPARE(ts.path, std::string("/base/nets/model.ts"));
        QCOMPARE(parseModelSpecText("model.pt").path,
                 (std::filesystem::current_path() / "model.pt").string());
        // Round trip through the text form.
        QCOMPARE(modelSpecText(m), std::string("mlp:dropout=0.5,widths=2:32:32:2"));
        QCOMPARE(parseModelSpecText(modelSpecText(r)).argsJson, r.argsJson);
    }

    void modelSpecTextErrorsNameTheProblemAndTheForms() {
        const std::pair<const char*, const char*> bad[] = {
            {"resnet18:num_classes", "'num_classes' is not KEY=VALUE"},
            {"resnet18:depth=3", "unknown argument 'depth'"},
            {"resnet18:norm=layer", "unknown norm 'layer'"},
            {"resnet18:num_classes=ten", "argument 'num_classes' has the wrong type"},
            {"resnt18", "'resnt18' is neither a built-in nor a TorchScript file"},
            {"mlp:widths=2:0:2", "every width must be at least 1"},
            {"resnet18:norm=bn,norm=frn", "'norm' is given twice"},
        };
        for (const auto& [text, problem] : bad) {
            try {
                parseModelSpecText(text);
                QFAIL(text);
            } catch (const InvalidArgument& e) {
                const std::string message = e.what();
                QVERIFY2(message.starts_with(std::string("--model '") + text + "'") &&
                             message.find(problem) != std::string::npos &&
                             message.find("accepted forms") != std::string::npos &&
                             message.find("mlp: widths=2:32:32:2") != std::string::npos,
                         message.c_str());
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestArchitectureRecognition)
#include "TestArchitectureRecognition.moc"

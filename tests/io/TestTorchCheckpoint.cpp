// torch.save files written by real PyTorch 1.13 (tests/fixtures/torch, made by
// generate_torch_fixtures.py): zip, legacy, Lightning, strided views, dtypes,
// tensors inside user objects. Names, shapes, dtypes and values are compared
// with expected.json, which the same script wrote from the tensors it saved.
#include <QtTest>

#include <ATen/ATen.h>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/io/torch/TorchCheckpoint.h"

using namespace modescape;
using namespace modescape::io;

namespace {

const std::string kDir = MODESCAPE_FIXTURES_DIR "/torch/";

const nlohmann::json& expected() {
    static const nlohmann::json json = [] {
        std::ifstream in(kDir + "expected.json");
        return nlohmann::json::parse(in);
    }();
    return json;
}

std::vector<double> flatValues(const at::Tensor& t) {
    at::Tensor d = t.to(at::kDouble).reshape({-1}).contiguous();
    return std::vector<double>(d.data_ptr<double>(), d.data_ptr<double>() + d.numel());
}

bool close(double a, double b) {
    return std::abs(a - b) <= 1e-6 * std::max(1.0, std::abs(b));
}

// Every tensor of file: name, shape, dtype in order; first values and sum.
void compareWithExpected(const std::string& file, const OpenOptions& options = {}) {
    const auto& want = expected().at(file);
    auto checkpoint = openTorchCheckpoint(kDir + file, options);
    QCOMPARE(checkpoint->path(), kDir + file);
    QCOMPARE(checkpoint->format(), want.at("format").get<std::string>());
    const auto& tensors = checkpoint->tensors();
    QCOMPARE(tensors.size(), want.at("tensors").size());
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        const auto& w = want.at("tensors")[i];
        const std::string context = file + " " + tensors[i].name;
        QCOMPARE(tensors[i].name, w.at("name").get<std::string>());
        QCOMPARE(tensors[i].shape, w.at("shape").get<std::vector<std::int64_t>>());
        QCOMPARE(std::string(dtypeName(tensors[i].dtype)), w.at("dtype").get<std::string>());
        at::Tensor t = checkpoint->read(tensors[i].name);
        QVERIFY2(t.is_contiguous(), context.c_str());
        QCOMPARE(t.sizes().vec(), tensors[i].shape);
        const std::vector<double> values = flatValues(t);
        const auto first = w.at("first").get<std::vector<double>>();
        for (std::size_t k = 0; k < first.size(); ++k)
            QVERIFY2(close(values[k], first[k]),
                     (context + " element " + std::to_string(k)).c_str());
        double sum = 0;
        for (double v : values)
            sum += v;
        QVERIFY2(close(sum, w.at("sum").get<double>()), (context + " sum").c_str());
    }
}

}  // namespace

class TestTorchCheckpoint : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void filesMatchExpectedJson_data() {
        QTest::addColumn<QString>("file");
        for (const char* f :
             {"state_dict_zip.pt", "state_dict_legacy.pt", "lightning.ckpt", "strided_views.pt",
              "dtypes.pt", "nested_object.pt", "model_wrapper.pt", "scripted.pt"})
            QTest::newRow(f) << f;
    }

    void filesMatchExpectedJson() {
        QFETCH(QString, file);
        compareWithExpected(file.toStdString());
    }

    void batchNormStateDictNames() {
        auto checkpoint = openTorchCheckpoint(kDir + "state_dict_zip.pt");
        std::vector<std::string> names;
        for (const auto& t : checkpoint->tensors())
            names.push_back(t.name);
        const std::vector<std::string> want = {"conv1.weight",
                                               "conv1.bias",
                                               "bn1.weight",
                                               "bn1.bias",
                                               "bn1.running_mean",
                                               "bn1.running_var",
                                               "bn1.num_batches_tracked",
                                               "linear.weight",
                                               "linear.bias"};
        QCOMPARE(names, want);
        QCOMPARE(checkpoint->find("conv1.weight")->shape, (std::vector<std::int64_t>{4, 3, 3, 3}));
        QCOMPARE(checkpoint->find("bn1.num_batches_tracked")->dtype, DType::I64);
        QVERIFY(checkpoint->find("bn1.num_batches_tracked")->shape.empty());
        // Two SGD steps were taken before saving.
        QCOMPARE(checkpoint->read("bn1.num_batches_tracked").item<std::int64_t>(), std::int64_t(2));
    }

    void legacyEqualsZip() {
        auto zip = openTorchCheckpoint(kDir + "state_dict_zip.pt");
        auto legacy = openTorchCheckpoint(kDir + "state_dict_legacy.pt");
        QCOMPARE(legacy->format(), std::string("torch-legacy"));
        QCOMPARE(legacy->tensors().size(), zip->tensors().size());
        for (const auto& t : zip->tensors())
            QVERIFY2(at::equal(zip->read(t.name), legacy->read(t.name)), t.name.c_str());
    }

    void stridedViewsShareStorage() {
        auto checkpoint = openTorchCheckpoint(kDir + "strided_views.pt");
        // base = arange(24).reshape(4, 6); view_t = base[1:3, 2:5].t(); row = base[2].
        at::Tensor viewT = checkpoint->read("view_t");
        QCOMPARE(viewT.sizes().vec(), (std::vector<std::int64_t>{3, 2}));
        QCOMPARE(flatValues(viewT), (std::vector<double>{8, 14, 9, 15, 10, 16}));
        QCOMPARE(flatValues(checkpoint->read("row")),
                 (std::vector<double>{12, 13, 14, 15, 16, 17}));
        QCOMPARE(flatValues(checkpoint->read("param")), (std::vector<double>{1.5, -2.0}));
    }

    void dtypesKeepTheirType() {
        auto checkpoint = openTorchCheckpoint(kDir + "dtypes.pt");
        QCOMPARE(checkpoint->find("half")->dtype, DType::F16);
        QCOMPARE(checkpoint->read("half").scalar_type(), at::kHalf);
        QCOMPARE(flatValues(checkpoint->read("half")),
                 (std::vector<double>{0.5, -1.25, 3.0, 65504.0}));
        QCOMPARE(checkpoint->read("long")[1][1].item<std::int64_t>(), std::int64_t(1) << 40);
        QCOMPARE(checkpoint->read("long").scalar_type(), at::kLong);
        QCOMPARE(checkpoint->find("bf16")->dtype, DType::BF16);
        QCOMPARE(checkpoint->find("flag")->dtype, DType::Bool);
        QCOMPARE(checkpoint->read("byte")[1].item<int>(), 200);
        QCOMPARE(checkpoint->read("scalar").item<float>(), 3.25f);
    }

    void lightningMetadataAndPrefix() {
        auto checkpoint = openTorchCheckpoint(kDir + "lightning.ckpt");
        QCOMPARE(checkpoint->format(), std::string("lightning"));
        auto metadata = checkpoint->metadata();
        QCOMPARE(metadata.at("epoch"), std::string("7"));
        QCOMPARE(metadata.at("global_step"), std::string("420"));
        QCOMPARE(metadata.at("pytorch-lightning_version"), std::string("1.9.0"));
        QCOMPARE(nlohmann::json::parse(metadata.at("hyper_parameters")),
                 expected().at("lightning.ckpt").at("hyper_parameters"));
        // "model." was stripped automatically; the optimizer's momentum buffers are not listed.
        QVERIFY(checkpoint->find("conv1.weight"));
        QCOMPARE(checkpoint->tensors().size(), std::size_t(9));
    }

    void explicitKeyPrefix() {
        OpenOptions options;
        options.keyPrefix = "model.bn1.";
        auto checkpoint = openTorchCheckpoint(kDir + "lightning.ckpt", options);
        std::vector<std::string> names;
        for (const auto& t : checkpoint->tensors())
            names.push_back(t.name);
        QCOMPARE(names, (std::vector<std::string>{"weight", "bias", "running_mean", "running_var",
                                                  "num_batches_tracked"}));
        options.keyPrefix = "encoder.";
        try {
            openTorchCheckpoint(kDir + "lightning.ckpt", options);
            QFAIL("a prefix no key has must be an error");
        } catch (const FormatError& e) {
            QVERIFY2(std::string(e.what()).find("encoder.") != std::string::npos, e.what());
        }
    }

    void tensorsInsideUserObjects() {
        auto checkpoint = openTorchCheckpoint(kDir + "nested_object.pt");
        QVERIFY(checkpoint->find("cfg.scale"));
        QCOMPARE(flatValues(checkpoint->read("cfg.scale")), (std::vector<double>{0.5, 0.25}));
    }

    void wrapperDictPicksTheModel() {
        auto checkpoint = openTorchCheckpoint(kDir + "model_wrapper.pt");
        QCOMPARE(checkpoint->tensors().size(), std::size_t(9));
        QCOMPARE(checkpoint->metadata().at("epoch"), std::string("3"));
    }

    void unknownNameIsInvalidArgument() {
        auto checkpoint = openTorchCheckpoint(kDir + "dtypes.pt");
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, checkpoint->read("nope"));
    }
};

QTEST_APPLESS_MAIN(TestTorchCheckpoint)
#include "TestTorchCheckpoint.moc"

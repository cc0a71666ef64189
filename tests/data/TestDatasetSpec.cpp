// Dataset spec strings: parsing, loading every kind through them, relative
// paths, roles, subsets, Fashion-MNIST by name, the errors for nonsense, and
// the normalisation options (norm=none|train, mean=...,std=...; issue 13).
#include <QtTest>

#include <ATen/ATen.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "DataTestSupport.h"
#include "core/data/DatasetSpec.h"
#include "core/data/Normalization.h"

using namespace modescape;
using namespace modescape::data;
using modescape::data::test::expectError;
using modescape::data::test::fixture;

namespace {

LoadOptions inFixtures() {
    LoadOptions options;
    options.baseDir = std::string(MODESCAPE_FIXTURES_DIR) + "/data";
    return options;
}

const std::string kCifarMean = "mean=0.4914:0.4822:0.4465";
const std::string kCifarStd = "std=0.2023:0.1994:0.2010";
const double kMean[3] = {0.4914, 0.4822, 0.4465};
const double kStd[3] = {0.2023, 0.1994, 0.2010};

// The first record of cifar10-tiny.bin as stored: label byte, then 3072 pixel bytes.
std::vector<unsigned char> firstCifarRecord() {
    std::ifstream in(fixture("cifar10-tiny.bin"), std::ios::binary);
    std::vector<unsigned char> bytes(3073);
    in.read(reinterpret_cast<char*>(bytes.data()), 3073);
    return bytes;
}

// Every pixel of the first record equals (byte / 255 - mean[c]) / std[c] to 1e-6.
void expectCifarNormalised(const Dataset& data, const double* mean, const double* std) {
    const auto bytes = firstCifarRecord();
    const at::Tensor first = data.inputs[0].contiguous();
    QCOMPARE(first.numel(), 3072);
    const float* values = first.data_ptr<float>();
    double worst = 0;
    for (int i = 0; i < 3072; ++i) {
        const int c = i / 1024;
        const double expected = (bytes[1 + i] / 255.0 - mean[c]) / std[c];
        worst = std::max(worst, std::abs(values[i] - expected));
    }
    QVERIFY2(worst < 1e-6, qPrintable(QString("largest difference %1").arg(worst)));
}

bool fashionMnistInstalled() {
    return std::filesystem::exists("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz");
}

}  // namespace

class TestDatasetSpec : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void parsesPositionalAndOptions() {
        const DatasetSpec spec = parseDatasetSpec("npz:data/a.npz,x=feat,y=lab");
        QCOMPARE(spec.kind, std::string("npz"));
        QCOMPARE(spec.positional, (std::vector<std::string>{"data/a.npz"}));
        QCOMPARE(spec.options.at("x"), std::string("feat"));
        QCOMPARE(spec.options.at("y"), std::string("lab"));
        const DatasetSpec moons = parseDatasetSpec("moons:n=1000,noise=0.1,seed=0");
        QVERIFY(moons.positional.empty());
        QCOMPARE(moons.options.size(), std::size_t{3});
        QCOMPARE(parseDatasetSpec("moons").options.size(), std::size_t{0});
    }

    void nonsenseListsTheAcceptedForms() {
        QVERIFY(!expectError<InvalidArgument>(
                     [] { parseDatasetSpec("frobnicate:1"); },
                     {"'frobnicate:1'", "unknown kind 'frobnicate'", "fashion-mnist:train",
                      "npz:PATH[,x=NAME,y=NAME]", "moons:n=1000"})
                     .empty());
        QVERIFY(
            !expectError<InvalidArgument>([] { parseDatasetSpec(""); }, {"must start with a kind"})
                 .empty());
        QVERIFY(!expectError<InvalidArgument>([] { parseDatasetSpec("moons:q=1"); },
                                              {"'q' is not an option of moons"})
                     .empty());
        QVERIFY(!expectError<InvalidArgument>([] { parseDatasetSpec("idx:a.gz"); }, {"idx takes 2"})
                     .empty());
        QVERIFY(!expectError<InvalidArgument>([] { parseDatasetSpec("npz:a,x=1,x=2"); },
                                              {"given twice"})
                     .empty());
        QVERIFY(!expectError<InvalidArgument>([] { parseDatasetSpec("npz:a,,x=1"); },
                                              {"empty argument"})
                     .empty());
        QVERIFY(!expectError<InvalidArgument>([] { loadDataset("moons:n=abc"); },
                                              {"n='abc' is not a valid number"})
                     .empty());
        QVERIFY(!expectError<InvalidArgument>([] { loadDataset("cifar100:x.bin,labels=medium"); },
                                              {"labels must be fine or coarse"})
                     .empty());
        QVERIFY(!expectError<InvalidArgument>([] { loadDataset("fashion-mnist:valid"); },
                                              {"train or test"})
                     .empty());
    }

    void generatorsBySpec() {
        const Dataset moons = loadDataset("moons:n=100,noise=0,seed=3");
        QCOMPARE(moons.size(), 100);
        QCOMPARE(moons.role, DatasetRole::Train);
        QCOMPARE(moons.spec, std::string("moons:n=100,noise=0,seed=3"));
        QVERIFY(at::equal(moons.inputs, loadDataset("moons:seed=3,n=100,noise=0").inputs));
        const Dataset ood = loadDataset("moons-ood:n=10,radius=4");
        QCOMPARE(ood.role, DatasetRole::Ood);
        QCOMPARE(ood.size(), 10);
        const Dataset spirals = loadDataset("spirals:n=60,arms=4");
        QCOMPARE(spirals.numClasses, 4);
        const Dataset blobs = loadDataset("blobs:n=40,centers=5,dim=7,std=0.3,seed=2");
        QCOMPARE(blobs.inputs.sizes().vec(), (std::vector<std::int64_t>{40, 7}));
        QCOMPARE(blobs.numClasses, 5);
        const Dataset sub = loadDataset("moons:n=100,subset=10,subset-seed=2");
        QCOMPARE(sub.size(), 10);
        QVERIFY(at::equal(sub.inputs, loadDataset("moons:n=100,subset=10,subset-seed=2").inputs));
    }

    void filesRelativeToTheBaseFolder() {
        const LoadOptions options = inFixtures();
        const Dataset idx =
            loadDataset("idx:tiny-images-idx3-ubyte.gz,tiny-labels-idx1-ubyte.gz", options);
        QCOMPARE(idx.inputs.sizes().vec(), (std::vector<std::int64_t>{3, 1, 2, 3}));
        const Dataset npz = loadDataset("npz:deflated.npz,x=features,y=targets", options);
        QCOMPARE(npz.size(), 5);
        const Dataset npy = loadDataset("npy:x-f32.npy,y-i64.npy", options);
        QCOMPARE(npy.numClasses, 3);
        const Dataset csv = loadDataset("csv:table.csv,label=f1", options);
        QCOMPARE(csv.labels[0].item<std::int64_t>(), 3);
        const Dataset cifar = loadDataset("cifar10:cifar10-tiny.bin,split=test", options);
        QCOMPARE(cifar.role, DatasetRole::Test);
        QCOMPARE(cifar.size(), 3);
        const Dataset coarse = loadDataset("cifar100:cifar100-tiny.bin,labels=coarse", options);
        QCOMPARE(coarse.numClasses, 20);
        // An absolute path ignores the base folder.
        LoadOptions elsewhere;
        elsewhere.baseDir = "/nonexistent";
        QCOMPARE(loadDataset("npz:" + fixture("stored.npz"), elsewhere).size(), 4);
        // Without the base folder the relative path is not found.
        QVERIFY(!expectError<IoError>([] { loadDataset("npz:deflated.npz"); },
                                      {"deflated.npz: cannot open"})
                     .empty());
    }

    void roleCanBeForced() {
        LoadOptions options;
        options.role = DatasetRole::Ood;
        QCOMPARE(loadDataset("blobs:n=9", options).role, DatasetRole::Ood);
        QCOMPARE(parseRole("test"), DatasetRole::Test);
        QCOMPARE(std::string(roleName(DatasetRole::Ood)), std::string("ood"));
        QVERIFY(!expectError<InvalidArgument>(
                     [] { parseRole("validation"); },
                     {"unknown dataset role 'validation'", "(accepted: train, test, ood)"})
                     .empty());
    }

    void fashionMnistByName() {
        if (!fashionMnistInstalled())
            QSKIP("dataset-fashion-mnist is not installed");
        const Dataset test = loadDataset("fashion-mnist:test");
        QCOMPARE(test.inputs.sizes().vec(), (std::vector<std::int64_t>{10000, 1, 28, 28}));
        QCOMPARE(test.role, DatasetRole::Test);
        QCOMPARE(test.numClasses, 10);
        QCOMPARE(test.name, std::string("fashion-mnist (test)"));
        const std::vector<std::int64_t> first = {9, 2, 1, 1, 6};
        for (int i = 0; i < 5; ++i)
            QCOMPARE(test.labels[i].item<std::int64_t>(), first[i]);
        const Dataset train = loadDataset("fashion-mnist:train,subset=1000,subset-seed=1");
        QCOMPARE(train.size(), 1000);
        QCOMPARE(train.role, DatasetRole::Train);
        QCOMPARE(train.inputs.sizes().vec(), (std::vector<std::int64_t>{1000, 1, 28, 28}));
    }

    void fashionMnistMissingPackage() {
        LoadOptions options;
        options.fashionMnistDir = "/nonexistent/fashion-mnist";
        QVERIFY(!expectError<IoError>([&] { loadDataset("fashion-mnist:test", options); },
                                      {"/nonexistent/fashion-mnist/t10k-images-idx3-ubyte.gz",
                                       "apt-get install dataset-fashion-mnist"})
                     .empty());
    }

    void normalisationOptionsParse() {
        const DatasetSpec spec =
            parseDatasetSpec("cifar10:d,split=test," + kCifarMean + "," + kCifarStd);
        const NormalizationChoice choice = specNormalization(spec);
        QCOMPARE(choice.kind, NormalizationChoice::Kind::Constants);
        QCOMPARE(choice.constants.mean, (std::vector<double>{0.4914, 0.4822, 0.4465}));
        QCOMPARE(choice.constants.std, (std::vector<double>{0.2023, 0.1994, 0.2010}));
        QCOMPARE(choice.optionsText(),
                 std::string("mean=0.4914:0.4822:0.4465,std=0.2023:0.1994:0.201"));
        QCOMPARE(specNormalization(parseDatasetSpec("moons:norm=none")).kind,
                 NormalizationChoice::Kind::None);
        QCOMPARE(specNormalization(parseDatasetSpec("npz:a.npz,norm=train")).kind,
                 NormalizationChoice::Kind::Train);
        QCOMPARE(specNormalization(parseDatasetSpec("npz:a.npz")).kind,
                 NormalizationChoice::Kind::Unspecified);
        // blobs' std= is its clusters' spread, unless mean= is given.
        QCOMPARE(specNormalization(parseDatasetSpec("blobs:std=2")).kind,
                 NormalizationChoice::Kind::Unspecified);
        QCOMPARE(specNormalization(parseDatasetSpec("blobs:mean=0:0,std=2:2,spread=3")).kind,
                 NormalizationChoice::Kind::Constants);
    }

    void badNormalisationOptionsNameTheSpec() {
        const auto refused = [](const std::string& spec, std::initializer_list<std::string> parts) {
            return !expectError<InvalidArgument>([&] { parseDatasetSpec(spec); }, parts).empty();
        };
        QVERIFY(refused("moons:norm=batch", {"dataset spec 'moons:norm=batch'",
                                             "norm must be none or train", "'batch'"}));
        QVERIFY(refused("moons:mean=0:0,std=1:0",
                        {"'moons:mean=0:0,std=1:0'", "every std must be > 0"}));
        QVERIFY(refused("moons:mean=0:0,std=1:-2", {"every std must be > 0"}));
        QVERIFY(refused("moons:mean=0:0,std=1", {"mean has 2 values but std has 1"}));
        QVERIFY(refused("moons:mean=0:0", {"mean= needs std="}));
        QVERIFY(refused("moons:std=1:1", {"std= needs mean="}));
        QVERIFY(refused("moons:norm=none,mean=0:0,std=1:1", {"either norm=none or mean=/std="}));
        QVERIFY(refused("moons:mean=0:x,std=1:1", {"'x' is not a number"}));
        QVERIFY(refused("moons:mean=0:,std=1:1", {"'' is not a number"}));
        QVERIFY(refused("moons:mean=nan:0,std=1:1", {"'nan' is not a number"}));
        // The channel count is known once the data is loaded: CIFAR has 3.
        QVERIFY(
            !expectError<InvalidArgument>(
                 [] { loadDataset("cifar10:cifar10-tiny.bin,mean=0.5,std=0.25", inFixtures()); },
                 {"dataset spec 'cifar10:cifar10-tiny.bin,mean=0.5,std=0.25'", "1 value(s)",
                  "3 channel(s)"})
                 .empty());
    }

    void cifarRecordNormalisedWithConstants() {
        const Dataset data =
            loadDataset("cifar10:cifar10-tiny.bin," + kCifarMean + "," + kCifarStd, inFixtures());
        expectCifarNormalised(data, kMean, kStd);
        QCOMPARE(data.normalization.mean, (std::vector<double>{0.4914, 0.4822, 0.4465}));
        QCOMPARE(data.normalizationSource, std::string("given by the spec"));
        QCOMPARE(describeNormalization(data),
                 std::string("normalised mean=0.4914:0.4822:0.4465,std=0.2023:0.1994:0.201 (given "
                             "by the spec)"));
        const Dataset raw = loadDataset("cifar10:cifar10-tiny.bin,norm=none", inFixtures());
        const double zero[3] = {0, 0, 0}, one[3] = {1, 1, 1};
        expectCifarNormalised(raw, zero, one);
        QVERIFY(raw.normalization.mean.empty());
        QCOMPARE(describeNormalization(raw), std::string("not normalised (inputs as loaded)"));
    }

    void defaultAppliesUnlessTheSpecSaysOtherwise() {
        LoadOptions options = inFixtures();
        options.defaultNormalization = kCifarMean + "," + kCifarStd;
        const Dataset silent = loadDataset("cifar10:cifar10-tiny.bin", options);
        expectCifarNormalised(silent, kMean, kStd);
        QCOMPARE(silent.normalizationSource, std::string("the set's default"));
        const Dataset off = loadDataset("cifar10:cifar10-tiny.bin,norm=none", options);
        QVERIFY(off.normalization.mean.empty());
        const Dataset own =
            loadDataset("cifar10:cifar10-tiny.bin,mean=0.5:0.5:0.5,std=0.25:0.25:0.25", options);
        const double half[3] = {0.5, 0.5, 0.5}, quarter[3] = {0.25, 0.25, 0.25};
        expectCifarNormalised(own, half, quarter);
        // A default that does not fit the data is an error naming both.
        options.defaultNormalization = "mean=0.5,std=0.5";
        QVERIFY(
            !expectError<InvalidArgument>([&] { loadDataset("cifar10:cifar10-tiny.bin", options); },
                                          {"the set's default 'mean=0.5,std=0.5'",
                                           "cifar10:cifar10-tiny.bin", "3 channel(s)"})
                 .empty());
    }

    void trainStatistics() {
        // Train data normalises with its own statistics: mean 0, std 1 per channel.
        const Dataset train = loadDataset("cifar10:cifar10-tiny.bin,norm=train", inFixtures());
        const at::Tensor perChannel = train.inputs.transpose(0, 1).reshape({3, -1}).to(at::kDouble);
        for (int c = 0; c < 3; ++c) {
            QVERIFY(std::abs(perChannel[c].mean().item<double>()) < 1e-5);
            QVERIFY(std::abs(perChannel[c].std(false).item<double>() - 1) < 1e-5);
        }
        // Other data gets the statistics it is given, and is refused without them.
        LoadOptions options = inFixtures();
        options.trainStatistics = [] { return ChannelStats{{0.5, 0.5, 0.5}, {0.25, 0.25, 0.25}}; };
        options.trainDescription = "cifar10:train";
        const Dataset test = loadDataset("cifar10:cifar10-tiny.bin,split=test,norm=train", options);
        const double half[3] = {0.5, 0.5, 0.5}, quarter[3] = {0.25, 0.25, 0.25};
        expectCifarNormalised(test, half, quarter);
        QCOMPARE(test.normalizationSource,
                 std::string("statistics of the train data 'cifar10:train'"));
        QVERIFY(!expectError<InvalidArgument>(
                     [] {
                         LoadOptions o = inFixtures();
                         o.role = DatasetRole::Test;
                         loadDataset("cifar10:cifar10-tiny.bin,norm=train", o);
                     },
                     {"norm=train needs the statistics of a train dataset"})
                     .empty());
    }

    void tabularFeaturesAreChannels() {
        const Dataset data = loadDataset("npz:stored.npz,norm=none", inFixtures());
        const auto features = data.inputs.size(1);
        std::string mean = "mean=", std = "std=";
        for (std::int64_t i = 0; i < features; ++i) {
            mean += (i ? ":" : "") + std::to_string(i);
            std += (i ? ":" : "") + std::string("2");
        }
        const Dataset scaled = loadDataset("npz:stored.npz," + mean + "," + std, inFixtures());
        const at::Tensor expected =
            (data.inputs - at::arange(features, at::kFloat).reshape({1, features})) / 2;
        QVERIFY(at::allclose(scaled.inputs, expected, 0, 1e-6));
    }
};

QTEST_APPLESS_MAIN(TestDatasetSpec)
#include "TestDatasetSpec.moc"

// Dataset spec strings: parsing, loading every kind through them, relative
// paths, roles, subsets, Fashion-MNIST by name, and the errors for nonsense.
#include <QtTest>

#include <ATen/ATen.h>

#include <filesystem>

#include "DataTestSupport.h"
#include "core/data/DatasetSpec.h"

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
        QCOMPARE(
            loadDataset("npz:" + fixture("stored.npz"), LoadOptions{"/nonexistent", {}, {}}).size(),
            4);
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
        QVERIFY(
            !expectError<InvalidArgument>([] { parseRole("validation"); }, {"train, test or ood"})
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
};

QTEST_APPLESS_MAIN(TestDatasetSpec)
#include "TestDatasetSpec.moc"

// A set completed after opening (core/evaluation/SetCompletion.h): recognition
// when nothing names a model, the family's default normalisation, a sidecar
// beside an archive, and the precedence command line > sidecar > manifest >
// recognition. The archive itself is not read here: completion only needs the
// path the user opened (it names the sidecar and the family).

#include <QtTest>

#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "core/evaluation/LoadedSet.h"
#include "core/evaluation/SetCompletion.h"
#include "core/io/set/OpenSet.h"
#include "core/io/set/SidecarManifest.h"

using namespace modescape;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A folder of two float16 ResNet-20 BatchNorm members (the PyTorch fixture).
std::string writeResNetSet(const QTemporaryDir& dir, const std::string& name) {
    const std::string set = dir.path().toStdString() + "/" + name;
    fs::create_directories(set);
    for (const char* member : {"version_0.safetensors", "version_1.safetensors"})
        fs::copy_file(std::string(MODESCAPE_FIXTURES_DIR) + "/models/resnet20_bn.safetensors",
                      set + "/" + member);
    return set;
}

io::ModelSpec resnet20(const std::string& args) {
    return {io::ModelSpec::Kind::Builtin, "", "resnet20", args};
}

std::string specOf(const io::CheckpointSet& set, const std::string& role) {
    for (const io::DatasetSpec& d : set.datasets)
        if (d.role == role)
            return d.spec;
    return "(none)";
}

}  // namespace

class TestSetCompletion : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void recognisedWhenNothingNamesAModel() {
        QTemporaryDir dir;
        const std::string folder = writeResNetSet(dir, "cifar100-resnet20-0-1023");
        io::CheckpointSet set = io::openCheckpointSet(folder, JobContext{});
        evaluation::completeSet(set, folder);
        QCOMPARE(set.modelSource, std::string("recognised"));
        QCOMPARE(set.recognition, std::string("resnet20, 10 classes, BatchNorm"));
        QCOMPARE(set.model.builtin, std::string("resnet20"));
        QCOMPARE(set.defaultNormalization,
                 std::string("mean=0.5071:0.4867:0.4408,std=0.2675:0.2565:0.2761"));
        // The recognised model is one the members' weights fit (LoadedSet checks strictly).
        evaluation::LoadedSet loaded(set);
        QCOMPARE(loaded.model().name(), std::string("resnet20"));
    }

    void theManifestBeatsRecognitionAndCarriesANormalisation() {
        QTemporaryDir dir;
        const std::string folder = writeResNetSet(dir, "cifar10-resnet20");
        std::ofstream(folder + "/modescape.json")
            << R"({"model": {"builtin": "resnet20", "args": {"activation": "gelu"}},
                   "normalization": "mean=0.5:0.5:0.5,std=0.25:0.25:0.25"})";
        io::CheckpointSet set = io::openCheckpointSet(folder, JobContext{});
        evaluation::completeSet(set, folder);
        QCOMPARE(set.modelSource, std::string("manifest"));
        QCOMPARE(set.model.argsJson, std::string(R"({"activation":"gelu"})"));
        QCOMPARE(set.recognition, std::string("resnet20, 10 classes, BatchNorm"));
        QCOMPARE(set.defaultNormalization, std::string("mean=0.5:0.5:0.5,std=0.25:0.25:0.25"));
    }

    void sidecarBesideAnArchiveBeatsTheManifestAndLosesToTheCommandLine() {
        QTemporaryDir dir;
        const std::string folder = writeResNetSet(dir, "members");
        std::ofstream(folder + "/modescape.json")
            << R"({"model": {"builtin": "resnet20", "args": {"activation": "gelu"}},
                   "datasets": {"train": "moons:n=30", "test": "moons:n=10"}})";
        // Stands for the archive the members came from.
        const std::string archive = dir.path().toStdString() + "/cifar10-resnet20-0-1023.tgz";
        std::ofstream(archive) << "not read";
        io::SetOverrides sidecar;
        sidecar.model = resnet20(R"({"activation":"tanh"})");
        sidecar.datasets = {{"test", "moons:n=20"}};
        io::writeSidecarManifest(io::sidecarManifestPath(archive), sidecar);

        io::CheckpointSet set = io::openCheckpointSet(folder, JobContext{});
        evaluation::completeSet(set, archive);
        QCOMPARE(set.modelSource, std::string("sidecar"));
        QCOMPARE(json::parse(set.model.argsJson), json::parse(R"({"activation":"tanh"})"));
        QCOMPARE(set.datasets.size(), std::size_t(2));
        QCOMPARE(specOf(set, "train"), std::string("moons:n=30"));
        QCOMPARE(specOf(set, "test"), std::string("moons:n=20"));
        // The family comes from the archive's name.
        QCOMPARE(set.defaultNormalization,
                 std::string("mean=0.4914:0.4822:0.4465,std=0.2023:0.1994:0.201"));

        io::SetOverrides commandLine;
        commandLine.model = resnet20(R"({"activation":"relu"})");
        commandLine.datasets = {{"test", "moons:n=40"}};
        io::CheckpointSet again = io::openCheckpointSet(folder, JobContext{});
        evaluation::completeSet(again, archive, {commandLine});
        QCOMPARE(again.modelSource, std::string("command line"));
        QCOMPARE(again.model.argsJson, std::string(R"({"activation":"relu"})"));
        QCOMPARE(specOf(again, "test"), std::string("moons:n=40"));
    }

    void aBrokenSidecarIsAnErrorNamingIt() {
        QTemporaryDir dir;
        const std::string folder = writeResNetSet(dir, "members");
        const std::string archive = dir.path().toStdString() + "/A.tar";
        std::ofstream(archive) << "x";
        std::ofstream(archive + ".modescape.json") << "{ not json";
        io::CheckpointSet set = io::openCheckpointSet(folder, JobContext{});
        try {
            evaluation::completeSet(set, archive);
            QFAIL("a broken sidecar was accepted");
        } catch (const FormatError& e) {
            QVERIFY2(std::string(e.what()).starts_with(archive + ".modescape.json: not valid JSON"),
                     e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestSetCompletion)
#include "TestSetCompletion.moc"

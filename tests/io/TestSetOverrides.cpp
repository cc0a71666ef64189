// Models and datasets given from outside a set's manifest (core/io/set/SetOverrides.h)
// and the sidecar manifest the GUI writes (SidecarManifest.h): precedence, what
// is kept of an existing file, atomic replacement, and reading it back.

#include <QtTest>

#include <QTemporaryDir>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/io/set/SidecarManifest.h"

using namespace modescape;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

io::ModelSpec builtin(const std::string& name, const std::string& args) {
    io::ModelSpec m;
    m.kind = io::ModelSpec::Kind::Builtin;
    m.builtin = name;
    m.argsJson = args;
    return m;
}

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeAll(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

class TestSetOverrides : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void laterOverridesWinPerRole() {
        io::CheckpointSet set;
        set.model = builtin("mlp", R"({"widths":[2,4,2]})");
        set.modelSource = "manifest";
        set.datasets = {{"train", "moons:n=10"}, {"test", "moons:n=5"}};
        set.defaultNormalization = "mean=0.5,std=0.5";

        io::SetOverrides sidecar;
        sidecar.source = "sidecar";
        sidecar.model = builtin("resnet18", "{}");
        sidecar.datasets = {{"test", "cifar10:/d,split=test"}};
        io::applyOverrides(set, sidecar);
        QCOMPARE(set.model.builtin, std::string("resnet18"));
        QCOMPARE(set.modelSource, std::string("sidecar"));

        io::SetOverrides commandLine;  // source "command line" by default
        commandLine.model = builtin("resnet18", R"({"num_classes":100})");
        commandLine.datasets = {{"ood", "moons-ood"}, {"test", "cifar100:/e,split=test"}};
        commandLine.defaultNormalization = "";
        io::applyOverrides(set, commandLine);
        QCOMPARE(set.model.argsJson, std::string(R"({"num_classes":100})"));
        QCOMPARE(set.modelSource, std::string("command line"));
        QCOMPARE(set.datasets.size(), std::size_t(3));
        QCOMPARE(set.datasets[0].spec, std::string("moons:n=10"));  // train untouched
        QCOMPARE(set.datasets[1].spec, std::string("cifar100:/e,split=test"));
        QCOMPARE(set.datasets[2].role, std::string("ood"));
        QCOMPARE(set.defaultNormalization, std::string(""));

        // Nothing given changes nothing.
        const io::CheckpointSet before = set;
        io::applyOverrides(set, io::SetOverrides{});
        QCOMPARE(set.model.argsJson, before.model.argsJson);
        QCOMPARE(set.modelSource, before.modelSource);
        QCOMPARE(set.datasets.size(), before.datasets.size());
    }

    void sidecarPathSitsBesideAnArchiveAndInAFolder() {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        writeAll(folder + "/A.tgz", "x");
        QCOMPARE(io::sidecarManifestPath(folder + "/A.tgz"), folder + "/A.tgz.modescape.json");
        QCOMPARE(io::sidecarManifestPath(folder), folder + "/modescape.json");
        QCOMPARE(io::sidecarManifestPath(folder + "/"), folder + "/modescape.json");
    }

    void sidecarIsWrittenKeepingOtherKeysAndReadBack() {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/A.tgz.modescape.json";
        writeAll(path, R"({"task": "classification", "reference": "a/v_0.safetensors",
                          "model": "old.pt", "datasets": {"train": "moons"}, "note": [1, 2]})");
        io::SetOverrides content;
        content.model = builtin("resnet20", R"({"norm":"frn","activation":"silu"})");
        content.datasets = {{"test", "cifar10:/data/cifar,split=test"}};
        content.defaultNormalization = "mean=0.4914:0.4822:0.4465,std=0.2023:0.1994:0.201";
        io::writeSidecarManifest(path, content);

        const json written = json::parse(readAll(path));
        QCOMPARE(written["task"], json("classification"));
        QCOMPARE(written["reference"], json("a/v_0.safetensors"));
        QCOMPARE(written["note"], json::parse("[1, 2]"));
        QCOMPARE(written["model"], json::parse(R"({"builtin":"resnet20",
                                                  "args":{"norm":"frn","activation":"silu"}})"));
        QCOMPARE(written["datasets"], json::parse(R"({"test":"cifar10:/data/cifar,split=test"})"));
        QCOMPARE(written["normalization"], json(*content.defaultNormalization));
        // Nothing but the file itself is left in the folder (the temporary was renamed).
        QCOMPARE(std::distance(fs::directory_iterator(dir.path().toStdString()),
                               fs::directory_iterator()),
                 std::ptrdiff_t(1));

        const std::optional<io::SetOverrides> back = io::readSidecarManifest(path);
        QVERIFY(back);
        QCOMPARE(back->source, std::string("sidecar"));
        QCOMPARE(back->model->builtin, std::string("resnet20"));
        QCOMPARE(json::parse(back->model->argsJson), json::parse(content.model->argsJson));
        QCOMPARE(back->datasets.size(), std::size_t(1));
        QCOMPARE(back->datasets[0].spec, std::string("cifar10:/data/cifar,split=test"));
        QCOMPARE(*back->defaultNormalization, *content.defaultNormalization);

        // A TorchScript file beside the manifest is written relative to it.
        io::SetOverrides script;
        script.model = io::ModelSpec{io::ModelSpec::Kind::TorchScript,
                                     dir.path().toStdString() + "/nets/model.ts", "", ""};
        io::writeSidecarManifest(path, script);
        const json again = json::parse(readAll(path));
        QCOMPARE(again["model"], json::parse(R"({"torchscript":"nets/model.ts"})"));
        QVERIFY(!again.contains("datasets"));
        QVERIFY(!again.contains("normalization"));
        QCOMPARE(io::readSidecarManifest(path)->model->path,
                 dir.path().toStdString() + "/nets/model.ts");
    }

    void noSidecarAndBrokenSidecars() {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/A.zip.modescape.json";
        QVERIFY(!io::readSidecarManifest(path));
        writeAll(path, "[1, 2]");
        QVERIFY_THROWS_EXCEPTION(FormatError, io::writeSidecarManifest(path, {}));
        QCOMPARE(readAll(path), std::string("[1, 2]"));  // left untouched
        writeAll(path, R"({"model": {"builtin": "mlp"}, "normalization": 3})");
        try {
            io::readSidecarManifest(path);
            QFAIL("a number as normalization was accepted");
        } catch (const FormatError& e) {
            QVERIFY2(std::string(e.what()).find(path) != std::string::npos &&
                         std::string(e.what()).find("normalization") != std::string::npos,
                     e.what());
        }
    }

    // A sidecar's manifest warnings (here a dataset role no analysis knows)
    // are said when it is read, naming the sidecar file and the key; the
    // dataset is still kept, as a folder's manifest keeps it.
    void sidecarWarningNamesTheFile() {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/A.tgz.modescape.json";
        writeAll(path, R"({"datasets": {"test": "mnist:test", "tset": "mnist:train"}})");
        std::vector<std::pair<log::Level, std::string>> seen;
        const int sink = log::addSink([&](log::Level level, const std::string& message) {
            seen.emplace_back(level, message);
        });
        const std::optional<io::SetOverrides> read = io::readSidecarManifest(path);
        log::removeSink(sink);
        QVERIFY(read);
        QCOMPARE(read->datasets.size(), std::size_t(2));
        QCOMPARE(seen.size(), std::size_t(1));
        QVERIFY(seen.front().first == log::Level::Warning);
        const std::string& message = seen.front().second;
        QVERIFY2(message.rfind(path + ": datasets.tset: ", 0) == 0 &&
                     message.find("no analysis can choose it") != std::string::npos,
                 message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestSetOverrides)
#include "TestSetOverrides.moc"

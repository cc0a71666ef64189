// Issue 20: symmetry specs inferred from TorchScript graphs, on the fixtures of
// tests/fixtures/symmetry/inference (make_inference_fixtures.py). For each
// architecture: the inferred spec equals the hand-written one (group sizes and
// tensor axes), passes the function check, and `symmetry --scaling optimal
// --permutation sort` maps the planted permuted + rescaled copy of a member
// back onto the original.
#include <QtTest>

#include <QTemporaryDir>

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/io/CheckpointFile.h"
#include "core/model/TorchScriptModel.h"
#include "core/symmetry/SpecInference.h"
#include "core/symmetry/SymmetrySpecJson.h"

#include "tests/common/RunModescape.h"

using namespace modescape;
using modescape::test::Run;
using modescape::test::runModescape;
using nlohmann::json;

namespace {

const std::string kDir = MODESCAPE_FIXTURES_DIR "/symmetry/inference/";

json readJson(const std::string& path) {
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    return json::parse(in);
}

std::vector<std::string> fixtureNames() {
    std::vector<std::string> names;
    for (const auto& f : readJson(kDir + "fixtures.json"))
        names.push_back(f.at("name").get<std::string>());
    return names;
}

// One group as a line that does not depend on its name, its key or the order of
// its axes: "size 8, scaling | fc1.bias 0 stat | fc1.weight 0 stat | fc2.weight 1 in".
// Out and stat only differ in what scaling does, so they are one role in a group
// without scaling.
std::string groupLine(const json& g) {
    const bool scaling = g.value("scaling", false);
    std::vector<std::string> axes;
    for (const auto& a : g.at("axes")) {
        std::string role = a.at("role").get<std::string>();
        if (!scaling && role == "out")
            role = "stat";
        std::ostringstream s;
        s << a.at("tensor").get<std::string>() << " " << a.at("axis").get<int>() << " " << role;
        if (a.value("block", 1) != 1)
            s << " block " << a.value("block", 1);
        if (a.value("offset", 0) != 0)
            s << " offset " << a.value("offset", 0);
        axes.push_back(s.str());
    }
    std::sort(axes.begin(), axes.end());
    std::string line = "size " + std::to_string(g.at("size").get<std::int64_t>()) +
                       (scaling ? ", scaling" : ", no scaling");
    for (const auto& a : axes)
        line += " | " + a;
    return line;
}

std::vector<std::string> groupLines(const json& spec) {
    std::vector<std::string> lines;
    for (const auto& g : spec.at("groups"))
        lines.push_back(groupLine(g));
    std::sort(lines.begin(), lines.end());
    return lines;
}

QString listed(const std::vector<std::string>& lines) {
    QString text;
    for (const auto& l : lines)
        text += "\n    " + QString::fromStdString(l);
    return text;
}

std::vector<std::int64_t> inputShape(const std::string& name) {
    return readJson(kDir + name + ".expected.json")
        .at("input_shape")
        .get<std::vector<std::int64_t>>();
}

symmetry::InferredSpec infer(const std::string& name) {
    symmetry::InferenceOptions options;
    options.inputShape = inputShape(name);
    return symmetry::inferSymmetrySpecFromFile(kDir + name + "/model.pt", options);
}

// Relative L2 distance between two checkpoints over their floating tensors.
double relativeDistance(const std::string& a, const std::string& b) {
    const auto fa = io::openCheckpoint(a);
    const auto fb = io::openCheckpoint(b);
    double difference = 0, norm = 0;
    for (const auto& info : fa->tensors()) {
        const at::Tensor raw = fa->read(info.name);
        if (!raw.is_floating_point())
            continue;
        const at::Tensor ta = raw.to(at::kDouble);
        const at::Tensor tb = fb->read(info.name).to(at::kDouble);
        difference += (ta - tb).square().sum().item<double>();
        norm += ta.square().sum().item<double>();
    }
    return std::sqrt(difference / norm);
}

}  // namespace

class TestSymmetryInference : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;

    void addFixtureRows() {
        QTest::addColumn<QString>("name");
        for (const auto& name : fixtureNames())
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }

    // Runs symmetry on the fixture's set with the spec file and returns how far
    // the canonical original and the canonical planted copy lie apart.
    double canonicalDistance(const QString& name, const QString& spec, const QString& tag) {
        const QString set = QString::fromStdString(kDir) + name;
        const QString out = dir_.path() + "/" + name + "-" + tag;
        const Run r = runModescape({"symmetry", set, "--spec", spec, "--scaling", "optimal",
                                    "--permutation", "sort", "--out", out, "--json"});
        if (r.code != 0) {
            qWarning("symmetry exited %d: %s", r.code, qPrintable(r.err));
            return INFINITY;
        }
        for (const auto& m : r.json()["members"].toArray())
            if (m.toObject()["function_difference"].toDouble() >= 1e-5)
                qWarning("%s: function difference %g", qPrintable(m.toObject()["name"].toString()),
                         m.toObject()["function_difference"].toDouble());
        return relativeDistance((out + "/original.safetensors").toStdString(),
                                (out + "/planted.safetensors").toStdString());
    }

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        qputenv("XDG_CACHE_HOME", (dir_.path() + "/cache").toUtf8());
    }

    // The fixtures evaluate in Modescape as they did in PyTorch, and each
    // planted copy is far from its original (so mapping it back means something).
    void fixturesEvaluateAsInPyTorch_data() { addFixtureRows(); }
    void fixturesEvaluateAsInPyTorch() {
        QFETCH(QString, name);
        const std::string n = name.toStdString();
        const model::TorchScriptModel model(kDir + n + "/model.pt");
        const auto io = io::openCheckpoint(kDir + n + ".io.safetensors");
        const at::Tensor logits = model.forward(model.storedParameters(), io->read("input"));
        const at::Tensor expected = io->read("logits");
        const double difference =
            (logits - expected).abs().max().item<double>() / expected.abs().max().item<double>();
        QVERIFY2(difference < 1e-5, qPrintable(QString("relative difference %1").arg(difference)));
        QVERIFY(relativeDistance(kDir + n + "/original.safetensors",
                                 kDir + n + "/planted.safetensors") > 0.1);
    }

    void inferredSpecEqualsTheExpectedSpec_data() { addFixtureRows(); }
    void inferredSpecEqualsTheExpectedSpec() {
        QFETCH(QString, name);
        const std::string n = name.toStdString();
        const symmetry::InferredSpec inferred = infer(n);
        const json expected = readJson(kDir + n + ".expected.json");
        const auto want = groupLines(expected);
        const auto got = groupLines(symmetry::symmetrySpecToJson(inferred.spec));
        QVERIFY2(got == want, qPrintable("inferred groups:" + listed(got) +
                                         "\n  expected groups:" + listed(want)));
        QCOMPARE(inferred.spec.sampleInputShape, inputShape(n));
        // The notes name what stopped the inference (the bad-input fixture) and
        // why a group has no scaling (GELU).
        std::string notes;
        for (const auto& note : inferred.spec.notes)
            notes += note + "\n";
        std::string lower = notes;
        std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
        for (const auto& f : readJson(kDir + "fixtures.json"))
            if (f.at("name") == n)
                for (const auto& word : f.at("notes_name")) {
                    std::string w = word.get<std::string>();
                    std::transform(w.begin(), w.end(), w.begin(), ::tolower);
                    QVERIFY2(
                        lower.find(w) != std::string::npos,
                        qPrintable(QString::fromStdString("notes lack '" + w + "':\n" + notes)));
                }
        if (n == "unknown_ops") {
            QVERIFY(!inferred.stoppedBy.empty());
        }
    }

    void inferredSpecPassesTheFunctionCheck_data() { addFixtureRows(); }
    void inferredSpecPassesTheFunctionCheck() {
        QFETCH(QString, name);
        const std::string n = name.toStdString();
        const symmetry::InferredSpec inferred = infer(n);
        const model::TorchScriptModel model(kDir + n + "/model.pt");
        const symmetry::SpecCheck check = symmetry::checkInferredSpec(
            model, model.storedParameters(), inferred.spec, inputShape(n), /*seed=*/7);
        QVERIFY2(check.passed, check.message.c_str());
        QVERIFY(check.difference < 1e-5);
        QCOMPARE(check.inputShape, inputShape(n));
    }

    // The command line end to end: symmetry-spec writes the inferred spec, and
    // symmetry with it brings the planted copy onto the original.
    void plantedCopyMapsBackWithTheInferredSpec_data() { addFixtureRows(); }
    void plantedCopyMapsBackWithTheInferredSpec() {
        QFETCH(QString, name);
        const QString spec = dir_.path() + "/" + name + ".inferred.json";
        const Run r =
            runModescape({"symmetry-spec", QString::fromStdString(kDir) + name, "--out", spec});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const double distance = canonicalDistance(name, spec, "inferred");
        QVERIFY2(distance < 1e-4, qPrintable(QString("relative difference %1").arg(distance)));
    }

    // The same with the hand-written spec: the fixture itself is right, whatever
    // the inference makes of it.
    void plantedCopyMapsBackWithTheExpectedSpec_data() { addFixtureRows(); }
    void plantedCopyMapsBackWithTheExpectedSpec() {
        QFETCH(QString, name);
        const double distance = canonicalDistance(
            name, QString::fromStdString(kDir) + name + ".expected.json", "expected");
        QVERIFY2(distance < 1e-4, qPrintable(QString("relative difference %1").arg(distance)));
    }
};

QTEST_GUILESS_MAIN(TestSymmetryInference)
#include "TestSymmetryInference.moc"

// Symmetry specs inferred from TorchScript graphs (core/symmetry/SpecInference.h):
// the built-in architectures' exports give the built-in specs group for group,
// inferred specs pass the function check, a wrong spec fails it naming the
// group, an unknown operation leaves its units fixed with a note, and check
// results are cached per model file content.
#include <QtTest>


#include <filesystem>
#include <fstream>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/model/TorchScriptModel.h"
#include "core/symmetry/BuiltinSymmetry.h"
#include "core/symmetry/SpecCheckCache.h"
#include "core/symmetry/SpecInference.h"
#include "core/symmetry/SymmetryRemoval.h"
#include "core/symmetry/SymmetrySpecJson.h"
#include "core/symmetry/SymmetryTransforms.h"
#include "tests/symmetry/SymmetryTestSupport.h"

using namespace modescape;
using namespace modescape::symmetry;

namespace {

std::string fixture(const std::string& name) {
    return std::string(MODESCAPE_FIXTURES_DIR) + "/" + name;
}

std::string builtinExport(const std::string& name) {
    return fixture("symmetry_inference/builtins/" + name);
}

using AxisKey = std::tuple<std::string, int, std::int64_t, std::string>;

std::set<AxisKey> axisSet(const SymmetryGroup& g) {
    std::set<AxisKey> out;
    for (const auto& a : g.axes)
        out.insert({a.tensor, a.axis, a.block, axisRoleName(a.role)});
    return out;
}

std::string describe(const SymmetryGroup& g) {
    std::string s = g.name + " size " + std::to_string(g.size) + (g.scalable ? " scalable" : "") +
                    " key " + g.keyTensor + ":";
    for (const auto& [t, axis, block, role] : axisSet(g))
        s += " " + t + "/" + std::to_string(axis) + "x" + std::to_string(block) + "/" + role;
    return s;
}

// Group for group: the same key tensor, size, scalability and tensor axes.
void compareSpecs(const SymmetrySpec& inferred, const SymmetrySpec& expected) {
    QCOMPARE(inferred.groups.size(), expected.groups.size());
    for (const auto& e : expected.groups) {
        const SymmetryGroup* match = nullptr;
        for (const auto& g : inferred.groups)
            if (g.keyTensor == e.keyTensor)
                match = &g;
        QVERIFY2(match,
                 qPrintable(QString("no inferred group with key %1").arg(e.keyTensor.c_str())));
        QVERIFY2(describe(*match) == describe(e) ||
                     (match->size == e.size && match->scalable == e.scalable &&
                      axisSet(*match) == axisSet(e)),
                 qPrintable(QString("inferred %1\nexpected %2")
                                .arg(describe(*match).c_str(), describe(e).c_str())));
    }
}

}  // namespace

class TestSpecInference : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void builtinsAreReproduced_data() {
        QTest::addColumn<QString>("archive");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("args");
        QTest::newRow("mlp relu") << fixture("models/mlp_relu_scripted.pt").c_str() << "mlp"
                                  << R"({"widths":[2,32,32,2]})";
        QTest::newRow("mlp gelu dropout")
            << builtinExport("mlp_gelu_dropout_scripted.pt").c_str() << "mlp"
            << R"({"widths":[3,16,8,4],"activation":"gelu","dropout":0.25})";
        QTest::newRow("lenet5") << fixture("models/lenet5_traced.pt").c_str() << "lenet5"
                                << "{}";
        QTest::newRow("resnet20 bn") << builtinExport("resnet20_bn_traced.pt").c_str() << "resnet20"
                                     << R"({"num_classes":10})";
        QTest::newRow("resnet20 frn relu")
            << builtinExport("resnet20_frn_traced.pt").c_str() << "resnet20"
            << R"({"num_classes":10,"norm":"frn","activation":"relu"})";
        QTest::newRow("resnet18 bn") << builtinExport("resnet18_bn_shapes.pt").c_str() << "resnet18"
                                     << R"({"num_classes":10})";
        QTest::newRow("resnet18 frn silu")
            << builtinExport("resnet18_frn_shapes.pt").c_str() << "resnet18"
            << R"({"num_classes":10,"norm":"frn","activation":"silu"})";
    }

    void builtinsAreReproduced() {
        QFETCH(QString, archive);
        QFETCH(QString, name);
        QFETCH(QString, args);
        const auto builtin = test::builtin(name.toStdString(), args.toUtf8().constData());
        const SymmetrySpec expected = builtinSymmetrySpec(*builtin);
        const InferredSpec inferred =
            inferSymmetrySpecFromFile(archive.toStdString(), {expected.sampleInputShape, {}});
        QVERIFY2(inferred.stoppedBy.empty(),
                 qPrintable(QString::fromStdString(inferred.spec.notes.front())));
        compareSpecs(inferred.spec, expected);
        const model::TorchScriptModel m(archive.toStdString());
        validateSymmetrySpec(inferred.spec, m.parameterSpec());
        QCOMPARE(builtin->parameterSpec().size(), m.parameterSpec().size());
    }

    void inferredSpecsPassTheFunctionCheck_data() {
        QTest::addColumn<QString>("archive");
        QTest::addColumn<QList<int>>("shape");
        QTest::newRow("mlp relu") << fixture("models/mlp_relu_scripted.pt").c_str()
                                  << QList<int>{2};
        QTest::newRow("lenet5") << fixture("models/lenet5_traced.pt").c_str()
                                << QList<int>{1, 28, 28};
        QTest::newRow("resnet20 bn")
            << builtinExport("resnet20_bn_traced.pt").c_str() << QList<int>{3, 8, 8};
        QTest::newRow("resnet20 frn")
            << builtinExport("resnet20_frn_traced.pt").c_str() << QList<int>{3, 8, 8};
        QTest::newRow("unknown op")
            << builtinExport("unknown_op_scripted.pt").c_str() << QList<int>{4};
        QTest::newRow("bn net") << fixture("models/bn_net_scripted.pt").c_str()
                                << QList<int>{3, 6, 6};
    }

    void inferredSpecsPassTheFunctionCheck() {
        QFETCH(QString, archive);
        QFETCH(QList<int>, shape);
        const std::vector<std::int64_t> sample(shape.begin(), shape.end());
        const InferredSpec inferred =
            inferSymmetrySpecFromFile(archive.toStdString(), {sample, {}});
        QVERIFY(!inferred.spec.groups.empty());
        const model::TorchScriptModel m(archive.toStdString());
        const SpecCheck check =
            checkInferredSpec(m, m.storedParameters(), inferred.spec, sample, 7);
        QVERIFY2(check.passed, check.message.c_str());
        QVERIFY(check.difference < 1e-5);

        // A planted permuted + rescaled copy goes back onto the original.
        RemovalOptions o;
        o.scaling = ScalingMethod::Optimal;
        o.permutation = PermutationMethod::Sort;
        const model::ParameterSet w = m.storedParameters();
        const model::ParameterSet moved = randomSymmetryImage(w, inferred.spec, 11, true);
        const RemovalResult a = removeSymmetries(w, inferred.spec, o);
        const RemovalResult b = removeSymmetries(moved, inferred.spec, o);
        QVERIFY(test::relativeWeightDistance(a.weights, b.weights) < 1e-4);
    }

    void aWrongSpecFailsNamingTheGroup() {
        // GELU is not positively homogeneous: claiming a scaling symmetry breaks the function.
        const std::string archive = builtinExport("mlp_gelu_dropout_scripted.pt");
        InferredSpec inferred = inferSymmetrySpecFromFile(archive, {{3}, {}});
        QCOMPARE(inferred.spec.groups.size(), std::size_t(2));
        QVERIFY(!inferred.spec.groups[0].scalable);
        inferred.spec.groups[1].scalable = true;
        const model::TorchScriptModel m(archive);
        const SpecCheck check = checkInferredSpec(m, m.storedParameters(), inferred.spec, {3}, 3);
        QVERIFY(!check.passed);
        QVERIFY(check.difference > 1e-3);
        QCOMPARE(check.groups.size(), std::size_t(2));
        QVERIFY(check.groups[0].passed);
        QVERIFY(!check.groups[1].passed);
        QVERIFY2(check.message.find("'3'") != std::string::npos, check.message.c_str());
    }

    void unknownOperationsLeaveUnitsFixed() {
        const InferredSpec inferred =
            inferSymmetrySpecFromFile(builtinExport("unknown_op_scripted.pt"), {{4}, {}});
        QCOMPARE(inferred.spec.groups.size(), std::size_t(1));
        QCOMPARE(inferred.spec.groups[0].name, std::string("fc1"));
        QCOMPARE(inferred.spec.groups[0].size, std::int64_t(6));
        QVERIFY(inferred.spec.groups[0].scalable);
        QCOMPARE(inferred.stoppedBy, std::vector<std::string>{"aten::cumsum"});
        bool noted = false;
        for (const auto& n : inferred.spec.notes)
            noted = noted || (n.find("aten::cumsum") != std::string::npos &&
                              n.find("'fc2' (8) stay fixed") != std::string::npos);
        QVERIFY(noted);
    }

    void unreadableArchivesAreNamed() {
        const std::string missing = fixture("symmetry_inference/builtins/absent.pt");
        QVERIFY_THROWS_EXCEPTION(IoError, inferSymmetrySpecFromFile(missing));
        const std::string notArchive =
            fixture("symmetry_inference/builtins/generate_builtin_exports.py");
        try {
            inferSymmetrySpecFromFile(notArchive);
            QFAIL("no FormatError");
        } catch (const FormatError& e) {
            QVERIFY(std::string(e.what()).find("generate_builtin_exports.py") != std::string::npos);
        }
    }

    void checksAreCachedPerFileContent() {
        namespace fs = std::filesystem;
        const fs::path dir = fs::path(MODESCAPE_TEST_OUTPUT_DIR) / "spec-check-cache";
        fs::remove_all(dir);
        fs::create_directories(dir);
        const fs::path model = dir / "model.pt";
        fs::copy_file(fixture("models/mlp_relu_scripted.pt"), model);
        QVERIFY(!cachedSpecCheck(model.string(), (dir / "cache").string()));
        const InferredSpec inferred = inferSymmetrySpecFromFile(model.string(), {{2}, {}});
        const model::TorchScriptModel m(model.string());
        const SpecCheck check = checkInferredSpec(m, m.storedParameters(), inferred.spec, {2});
        QVERIFY(storeSpecCheck(model.string(), inferredSpecReport(inferred, check),
                               (dir / "cache").string()));
        const auto cached = cachedSpecCheck(model.string(), (dir / "cache").string());
        QVERIFY(cached);
        QCOMPARE((*cached)["check"]["passed"].get<bool>(), true);
        QCOMPARE((*cached)["spec"]["groups"].size(), std::size_t(2));
        // Another file content: nothing cached for it.
        std::ofstream(model, std::ios::app) << "changed";
        QVERIFY(!cachedSpecCheck(model.string(), (dir / "cache").string()));
    }
};

QTEST_APPLESS_MAIN(TestSpecInference)
#include "TestSpecInference.moc"

// Which member is the reference (issue 22, item 9): the shape signature most
// members share, not the member that sorts first; ties go to the earliest
// member's signature; the manifest's "reference" still wins.
#include <QtTest>

#include <QTemporaryDir>

#include <string>

#include "core/io/set/OpenSet.h"
#include "core/io/set/ReferenceChoice.h"
#include "tests/io/TestCheckpointSetFixtures.h"

using namespace modescape;
using namespace modescape::io;
using modescape::test::writeMlp;
using modescape::test::writeText;

namespace {

const std::vector<std::int64_t> kGood{2, 4, 3};  // 27 parameters
const std::vector<std::int64_t> kOdd{2, 5, 3};   // 33 parameters

std::string inDir(const QTemporaryDir& dir, const std::string& relative) {
    return dir.path().toStdString() + "/" + relative;
}

std::vector<std::string> names(const CheckpointSet& set) {
    std::vector<std::string> out;
    for (const SetMember& m : set.members)
        out.push_back(m.name);
    return out;
}

TensorInfo tensor(const std::string& name, std::vector<std::int64_t> shape,
                  DType dtype = DType::F32) {
    return {name, dtype, std::move(shape)};
}

}  // namespace

class TestCheckpointSetReference : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void signatureIgnoresOrderAndDtypeButNotShapes() {
        const std::vector<TensorInfo> a{tensor("w", {4, 2}), tensor("b", {4})};
        const std::vector<TensorInfo> reordered{tensor("b", {4}), tensor("w", {4, 2}, DType::F16)};
        const std::vector<TensorInfo> wider{tensor("w", {5, 2}), tensor("b", {4})};
        const std::vector<TensorInfo> renamed{tensor("v", {4, 2}), tensor("b", {4})};
        QCOMPARE(shapeSignature(a), shapeSignature(reordered));
        QVERIFY(shapeSignature(a) != shapeSignature(wider));
        QVERIFY(shapeSignature(a) != shapeSignature(renamed));
    }

    void chooseReferencePicksTheMajorityThenTheEarliest() {
        const std::vector<TensorInfo> x{tensor("w", {4, 2})}, y{tensor("w", {5, 2})},
            z{tensor("w", {6, 2})};
        QCOMPARE(chooseReference({&y, &x, &x}), std::size_t(1));
        QCOMPARE(chooseReference({&y, &x, &z, &x, &y, &x}), std::size_t(1));
        QCOMPARE(chooseReference({&y, &x, &x, &y}), std::size_t(0));  // tie: y came first
        QCOMPARE(chooseReference({&z, &x, &y}), std::size_t(0));      // all different
        QCOMPARE(chooseReference({&x}), std::size_t(0));
    }

    void anOddFirstMemberNoLongerExcludesTheGoodOnes() {
        QTemporaryDir dir;
        writeMlp(inDir(dir, "a_odd.safetensors"), kOdd);  // sorts first
        writeMlp(inDir(dir, "b.safetensors"), kGood);
        writeMlp(inDir(dir, "c.safetensors"), kGood);
        writeMlp(inDir(dir, "d.safetensors"), kGood);

        int headerReports = 0;
        JobContext context;
        context.progress = [&](double, const std::string& message) {
            headerReports += message.rfind("reading header", 0) == 0;
        };
        const CheckpointSet set = openCheckpointSet(dir.path().toStdString(), context);
        QCOMPARE(headerReports, 4);  // each header read once
        QCOMPARE(set.referenceMember, std::string("b.safetensors"));
        QCOMPARE(names(set),
                 (std::vector<std::string>{"b.safetensors", "c.safetensors", "d.safetensors"}));
        QCOMPARE(set.parametersPerMember(), std::int64_t(27));
        QCOMPARE(set.excluded.size(), std::size_t(1));
        const ExcludedMember& odd = set.excluded[0];
        QCOMPARE(odd.name, std::string("a_odd.safetensors"));
        QCOMPARE(odd.mismatches.size(), std::size_t(3));
        QCOMPARE(odd.mismatches[0].tensor, std::string("fc1.weight"));
        QCOMPARE(odd.mismatches[0].expected, std::string("[4, 2]"));
        QCOMPARE(odd.mismatches[0].found, std::string("[5, 2]"));
        QCOMPARE(set.warnings.size(), std::size_t(1));
        QVERIFY2(set.warnings[0] ==
                     inDir(dir, "a_odd.safetensors") +
                         ": left out of the set: its tensors differ from b.safetensors's: "
                         "tensor 'fc1.weight' expected [4, 2], found [5, 2]; tensor 'fc1.bias' "
                         "expected [4], found [5]; tensor 'fc2.weight' expected [3, 4], found "
                         "[3, 5]",
                 set.warnings[0].c_str());
    }

    void aTieGoesToTheSignatureOfTheFirstMember() {
        QTemporaryDir dir;
        writeMlp(inDir(dir, "a.safetensors"), kOdd);
        writeMlp(inDir(dir, "b.safetensors"), kGood);
        writeMlp(inDir(dir, "c.safetensors"), kGood);
        writeMlp(inDir(dir, "d.safetensors"), kOdd);
        const CheckpointSet set = openCheckpointSet(dir.path().toStdString(), JobContext{});
        QCOMPARE(set.referenceMember, std::string("a.safetensors"));
        QCOMPARE(names(set), (std::vector<std::string>{"a.safetensors", "d.safetensors"}));
        QCOMPARE(set.parametersPerMember(), std::int64_t(33));
        QCOMPARE(set.excluded.size(), std::size_t(2));
        QCOMPARE(set.excluded[0].name, std::string("b.safetensors"));
        QCOMPARE(set.excluded[0].mismatches[0].expected, std::string("[5, 2]"));
        QCOMPARE(set.excluded[0].mismatches[0].found, std::string("[4, 2]"));
        QCOMPARE(set.excluded[1].name, std::string("c.safetensors"));
    }

    void unreadableMembersDoNotVote() {
        QTemporaryDir dir;
        writeText(inDir(dir, "a_broken.safetensors"), "not a checkpoint");
        writeMlp(inDir(dir, "b_odd.safetensors"), kOdd);
        writeMlp(inDir(dir, "c.safetensors"), kGood);
        writeMlp(inDir(dir, "d.safetensors"), kGood);
        const CheckpointSet set = openCheckpointSet(dir.path().toStdString(), JobContext{});
        QCOMPARE(set.referenceMember, std::string("c.safetensors"));
        QCOMPARE(names(set), (std::vector<std::string>{"c.safetensors", "d.safetensors"}));
        // Left out in the set's order, whatever the reason.
        QCOMPARE(set.excluded.size(), std::size_t(2));
        QCOMPARE(set.excluded[0].name, std::string("a_broken.safetensors"));
        QVERIFY(set.excluded[0].mismatches.empty());
        QCOMPARE(set.excluded[1].name, std::string("b_odd.safetensors"));
    }

    void theManifestsReferenceStillWinsOverTheMajority() {
        QTemporaryDir dir;
        writeMlp(inDir(dir, "a.safetensors"), kGood);
        writeMlp(inDir(dir, "b.safetensors"), kGood);
        writeMlp(inDir(dir, "odd.safetensors"), kOdd);
        writeText(inDir(dir, "modescape.json"), R"({"reference": "odd.safetensors"})");
        const CheckpointSet set = openCheckpointSet(dir.path().toStdString(), JobContext{});
        QCOMPARE(set.referenceMember, std::string("odd.safetensors"));
        QCOMPARE(names(set), (std::vector<std::string>{"odd.safetensors"}));
        QCOMPARE(set.excluded.size(), std::size_t(2));

        // A reference that is not a member: a warning, and the majority decides.
        writeText(inDir(dir, "modescape.json"), R"({"reference": "gone.safetensors"})");
        const CheckpointSet fallback = openCheckpointSet(dir.path().toStdString(), JobContext{});
        QCOMPARE(fallback.referenceMember, std::string("a.safetensors"));
        QCOMPARE(fallback.members.size(), std::size_t(2));
        QVERIFY(fallback.warnings[0].find("the reference gone.safetensors is not a member") !=
                std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestCheckpointSetReference)
#include "TestCheckpointSetReference.moc"

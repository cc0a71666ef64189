// No silently wrong number (issue 22): a landscape is not resumed after its
// inputs changed; a member with NaN weights is reported by name by eval,
// calibrate, project, mmd, connect and landscape while the other members'
// numbers come through unchanged; a damaged prediction-cache entry is evicted.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <ATen/ATen.h>

#include <cmath>

#include "core/data/Synthetic.h"
#include "core/io/safetensors/SafetensorsWriter.h"
#include "core/landscape/LandscapeFiles.h"
#include "core/model/Mlp.h"
#include "core/sampling/SetWriter.h"
#include "core/sampling/SgdTrainer.h"

#include "tests/common/RunModescape.h"

using namespace modescape;

using modescape::test::Run;

namespace {

const model::MlpModel& mlp() {
    static const model::MlpModel m(model::MlpConfig{{2, 32, 32, 2}});
    return m;
}

model::ParameterSet trained(std::uint64_t seed, int epochs) {
    data::MoonsOptions o;
    o.n = 200;
    o.seed = 1;
    auto w = mlp().initialParameters(seed);
    sampling::SgdOptions sgd;
    sgd.epochs = epochs;
    sgd.batchSize = 50;
    sampling::trainSgd(mlp(), w, data::makeMoons(o), sgd, {});
    return w;
}

// MLP 2-32-32-2 members on two moons; "bad" (when given) has NaN weights.
void writeSet(const std::string& folder, std::vector<sampling::Member> members) {
    sampling::SetDescription d;
    d.model = {{"builtin", "mlp"}, {"args", {{"widths", {2, 32, 32, 2}}}}};
    d.datasets = {{"train", "moons:n=200,seed=1"}, {"test", "moons:n=300,seed=2"}};
    sampling::writeCheckpointSet(folder, d, members);
}

model::ParameterSet withNan(model::ParameterSet w) {
    const auto first = w.entries().front();
    auto t = first.tensor.clone();
    t.view(-1)[0] = std::nan("");
    w.set(first.name, t);
    return w;
}

QByteArray bytesOf(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList names(const QJsonArray& rows, const char* key = "name") {
    QStringList out;
    for (const auto& r : rows)
        out << (r.isString() ? r.toString() : r.toObject()[key].toString());
    return out;
}

}  // namespace

class TestNoWrongNumbers : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    QString set_, nanSet_;
    QProcessEnvironment env_ = QProcessEnvironment::systemEnvironment();

    Run run(const QStringList& args) const { return test::runModescape(args, env_); }

  private Q_SLOTS:
    void initTestCase() {
        // A cache of our own: the tests must not read or fill the user's.
        env_.insert("XDG_CACHE_HOME", dir_.filePath("cache"));
        set_ = dir_.filePath("moons");
        writeSet(set_.toStdString(),
                 {{"m0", "g", trained(0, 20), {}}, {"m1", "g", mlp().initialParameters(1), {}}});
        // Two groups of which one keeps two finite members, for mmd.
        nanSet_ = dir_.filePath("nan-moons");
        writeSet(nanSet_.toStdString(), {{"m0", "a", trained(0, 20), {}},
                                         {"m1", "a", trained(1, 5), {}},
                                         {"m2", "b", trained(2, 10), {}},
                                         {"m3", "b", mlp().initialParameters(3), {}},
                                         {"bad", "b", withNan(trained(4, 5)), {}}});
    }

    // --- item 6: resume after the inputs changed ---

    void resumeAfterTheCentreChangedIsRefused() {
        const QString out = dir_.filePath("resume.h5");
        const QStringList args{"landscape", set_,
                               "--center",  "g/m0.safetensors",
                               "--grid",    "-1:1:4,-1:1:3",
                               "--subset",  "100",
                               "--out",     out,
                               "--json"};
        const Run full = run(args);
        QVERIFY2(full.code == 0, qPrintable(full.err));
        const auto complete = landscape::readSurface(out.toStdString());
        QVERIFY(complete.inputs.recorded());
        QCOMPARE(complete.inputs.members.count("g/m0.safetensors"), std::size_t(1));

        // Interrupted after half the points, as Ctrl-C leaves it.
        auto partial = complete;
        for (std::size_t i = 0; i < partial.loss.size(); i += 2) {
            partial.loss[i] = partial.accuracy[i] = std::nan("");
            partial.computed[i] = 0;
        }
        landscape::writeSurface(out.toStdString(), partial);
        const QByteArray before = bytesOf(out);

        // Replace the centre's checkpoint with other weights.
        const QString centre = set_ + "/g/m0.safetensors";
        const QByteArray original = bytesOf(centre);
        const auto other = mlp().initialParameters(9);
        std::vector<std::pair<std::string, at::Tensor>> tensors;
        for (const auto& e : other.entries())
            tensors.emplace_back(e.name, e.tensor);
        io::writeSafetensors(centre.toStdString(), tensors);
        const Run refused = run(args);
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.err.contains(out) && refused.err.contains("g/m0.safetensors") &&
                     refused.err.contains("changed") && refused.err.contains("another --out"),
                 qPrintable(refused.err));
        QVERIFY(!refused.err.contains("internal failure"));
        QCOMPARE(bytesOf(out), before);  // untouched

        // The same inputs again: resumed, equal to the uninterrupted run.
        QFile restore(centre);
        QVERIFY(restore.open(QIODevice::WriteOnly));
        restore.write(original);
        restore.close();
        const Run resumed = run(args);
        QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
        QCOMPARE(resumed.json()["points_computed"].toInt(), 6);
        const auto back = landscape::readSurface(out.toStdString());
        QCOMPARE(back.computed, std::vector<std::uint8_t>(12, 1));
        for (std::size_t i = 0; i < back.loss.size(); ++i) {
            QCOMPARE(back.loss[i], complete.loss[i]);
            QCOMPARE(back.accuracy[i], complete.accuracy[i]);
        }
    }

    void resumeAfterTheDataChangedIsRefused() {
        const QString out = dir_.filePath("data.h5");
        const QString set = dir_.filePath("moons-data");
        writeSet(set.toStdString(), {{"m0", "g", mlp().initialParameters(0), {}},
                                     {"m1", "g", mlp().initialParameters(1), {}}});
        const QStringList args{"landscape", set, "--grid", "-1:1:3", "--out", out, "--json"};
        QVERIFY(run(args).code == 0);
        auto partial = landscape::readSurface(out.toStdString());
        partial.computed[1] = 0;
        landscape::writeSurface(out.toStdString(), partial);
        // The manifest's test set regenerated with another seed.
        QFile manifest(set + "/modescape.json");
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        QByteArray text = manifest.readAll();
        manifest.close();
        QVERIFY(text.contains("moons:n=300,seed=2"));
        text.replace("moons:n=300,seed=2", "moons:n=300,seed=7");
        QVERIFY(manifest.open(QIODevice::WriteOnly | QIODevice::Truncate));
        manifest.write(text);
        manifest.close();
        const Run refused = run(args);
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.err.contains(out) && refused.err.contains("data changed"),
                 qPrintable(refused.err));
    }

    // --- item 8: members with NaN weights ---

    void evalNamesTheNanMemberAndKeepsTheOthers() {
        const Run all = run({"eval", nanSet_, "--json"});
        QVERIFY2(all.code == 0, qPrintable(all.err));
        QVERIFY2(all.err.contains("b/bad.safetensors") && all.err.contains("non-finite"),
                 qPrintable(all.err));
        const QJsonObject j = all.json();
        QCOMPARE(names(j["non_finite_members"].toArray()), QStringList{"b/bad.safetensors"});
        const Run good =
            run({"eval", nanSet_, "--members",
                 "a/m0.safetensors,a/m1.safetensors,b/m2.safetensors,b/m3.safetensors", "--json"});
        QVERIFY2(good.code == 0, qPrintable(good.err));
        QCOMPARE(good.json()["non_finite_members"].toArray().size(), 0);
        QHash<QString, QJsonObject> rows;
        for (const auto& r : j["members"].toArray())
            rows[r.toObject()["name"].toString()] = r.toObject();
        QCOMPARE(rows.size(), 5);
        const QJsonObject bad = rows["b/bad.safetensors"];
        QCOMPARE(bad["finite"].toBool(true), false);
        QVERIFY(bad["accuracy"].isNull() && bad["nll"].isNull());  // not "50%, -nan"
        for (const auto& r : good.json()["members"].toArray()) {
            const QJsonObject g = r.toObject();
            const QJsonObject a = rows[g["name"].toString()];
            QVERIFY(a["finite"].toBool());
            QCOMPARE(a["accuracy"].toDouble(), g["accuracy"].toDouble());
            QCOMPARE(a["nll"].toDouble(), g["nll"].toDouble());
        }
        QVERIFY(rows["a/m0.safetensors"]["accuracy"].toDouble() > 0.8);  // the trained member
        const Run text = run({"eval", nanSet_});
        for (const auto& line : text.out.split('\n'))
            if (line.startsWith("b/bad.safetensors"))
                QVERIFY2(line.contains("non-finite") && !line.contains('%'), qPrintable(line));
    }

    void calibrateLeavesTheNanMemberOutByName() {
        const Run all = run({"calibrate", nanSet_, "--json"});
        QVERIFY2(all.code == 0, qPrintable(all.err));
        QVERIFY2(all.err.contains("b/bad.safetensors") && !all.err.contains("not a probability"),
                 qPrintable(all.err));
        const QJsonObject j = all.json();
        QCOMPARE(names(j["non_finite_members"].toArray()), QStringList{"b/bad.safetensors"});
        const Run good =
            run({"calibrate", nanSet_, "--members",
                 "a/m0.safetensors,a/m1.safetensors,b/m2.safetensors,b/m3.safetensors", "--json"});
        QVERIFY2(good.code == 0, qPrintable(good.err));
        const QJsonObject bma = j["bma"].toObject(), goodBma = good.json()["bma"].toObject();
        QVERIFY(std::isfinite(bma["nll"].toDouble()));
        QCOMPARE(bma["accuracy"].toDouble(), goodBma["accuracy"].toDouble());
        QCOMPARE(bma["nll"].toDouble(), goodBma["nll"].toDouble());
        QCOMPARE(names(j["members"].toArray()).size(), 4);
        // Only the NaN member: nothing to calibrate, said by name.
        const Run only = run({"calibrate", nanSet_, "--members", "b/bad.safetensors"});
        QCOMPARE(only.code, 1);
        QVERIFY2(only.err.contains("b/bad.safetensors") && !only.err.contains("internal failure"),
                 qPrintable(only.err));
    }

    void functionSpaceMapsLeaveTheNanMemberOut() {
        const Run map = run({"project", nanSet_, "--distance", "js", "--method", "mds", "--json"});
        QVERIFY2(map.code == 0, qPrintable(map.err));
        const QJsonObject j = map.json();
        QCOMPARE(names(j["points"].toArray()),
                 (QStringList{"a/m0.safetensors", "a/m1.safetensors", "b/m2.safetensors",
                              "b/m3.safetensors"}));
        for (const auto& p : j["points"].toArray())
            QVERIFY(std::isfinite(p.toObject()["x"].toDouble(std::nan(""))));
        QVERIFY(QJsonDocument(j["notes"].toArray()).toJson().contains("b/bad.safetensors"));
        const Run mmd = run({"mmd", nanSet_, "--space", "function", "--json"});
        QVERIFY2(mmd.code == 0, qPrintable(mmd.err));
        QCOMPARE(mmd.json()["members"].toInt(), 4);
        QVERIFY(mmd.err.contains("b/bad.safetensors"));
    }

    void connectNamesTheNanEndpoint() {
        const Run r = run({"connect", nanSet_, "a/m0.safetensors", "b/bad.safetensors", "--points",
                           "5", "--json"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("b/bad.safetensors") && r.err.contains("non-finite"),
                 qPrintable(r.err));
    }

    void landscapeOnANanCentreIsComputedOnce() {
        const QString out = dir_.filePath("nan-centre.h5");
        const QStringList args{"landscape", nanSet_,
                               "--center",  "b/bad.safetensors",
                               "--grid",    "-1:1:3,-1:1:3",
                               "--subset",  "50",
                               "--out",     out,
                               "--json"};
        const Run first = run(args);
        QVERIFY2(first.code == 0, qPrintable(first.err));
        QVERIFY2(first.err.contains("b/bad.safetensors") && first.err.contains("non-finite"),
                 qPrintable(first.err));
        QCOMPARE(first.json()["points_computed"].toInt(), 9);
        QCOMPARE(first.json()["points_non_finite"].toInt(), 9);
        const auto r = landscape::readSurface(out.toStdString());
        QCOMPARE(r.computed, std::vector<std::uint8_t>(9, 1));
        for (std::size_t i = 0; i < 9; ++i)
            QVERIFY(std::isnan(r.loss[i]) && std::isnan(r.accuracy[i]));
        const Run again = run(args);
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QCOMPARE(again.json()["points_computed"].toInt(), 0);
    }

    // --- item 12: a damaged prediction-cache entry ---

    void damagedCacheEntriesAreEvicted() {
        // A cache of this test's own, holding the two members' entries only.
        env_.insert("XDG_CACHE_HOME", dir_.filePath("eval-cache"));
        const QStringList args{"eval", set_, "--json"};
        const Run first = run(args);
        QVERIFY2(first.code == 0, qPrintable(first.err));
        QDir cache(dir_.filePath("eval-cache/modescape/predictions"));
        const QStringList entries = cache.entryList({"*.safetensors"}, QDir::Files);
        QCOMPARE(entries.size(), 2);
        for (const auto& e : entries)
            io::writeSafetensors(cache.filePath(e).toStdString(),
                                 {{"probabilities", at::full({17, 2}, 0.5)}});
        const Run second = run(args);
        QVERIFY2(second.code == 0, qPrintable(second.err));
        QVERIFY(!second.err.contains("internal failure"));
        for (const auto& e : entries)
            QVERIFY2(second.err.contains(cache.filePath(e)), qPrintable(second.err));
        QCOMPARE(second.json()["members"], first.json()["members"]);
        const Run third = run(args);  // repaired: no warning any more
        QVERIFY2(third.code == 0 && !third.err.contains("prediction cache"), qPrintable(third.err));
        QCOMPARE(third.json()["members"], first.json()["members"]);
    }
};

QTEST_APPLESS_MAIN(TestNoWrongNumbers)
#include "TestNoWrongNumbers.moc"

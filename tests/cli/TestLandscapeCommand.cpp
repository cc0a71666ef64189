// `modescape landscape` on a small two-moons set: the JSON summary, the centre
// against `eval`, a line's ends against the members, resuming a partial .h5,
// and arguments that exit 2.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cmath>
#include <fstream>

#include "core/analysis/LandscapeAnalysis.h"
#include "core/common/Error.h"
#include "core/data/Synthetic.h"
#include "core/landscape/LandscapeFiles.h"
#include "core/model/Mlp.h"
#include "core/sampling/SetWriter.h"
#include "core/sampling/SgdTrainer.h"

#include "tests/common/MoonsSet.h"
#include "tests/common/RunModescape.h"

using namespace modescape;

using modescape::test::Run;
using modescape::test::runModescape;

namespace {

double evalNll(const QString& set, const QString& member) {
    const Run r = runModescape({"eval", set, "--members", member, "--no-cache", "--json"});
    return r.json()["members"].toArray()[0].toObject()["nll"].toDouble();
}

}  // namespace

class TestLandscapeCommand : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    QString set_;

  private Q_SLOTS:
    void initTestCase() {
        set_ = dir_.filePath("moons-set");
        test::writeMoonsSet(set_.toStdString());
    }

    void jsonSummaryAndCentreAgreeWithEval() {
        const QString out = dir_.filePath("surface.h5");
        const Run r = runModescape({"landscape", set_, "--center", "g/m0.safetensors", "--grid",
                                    "-1:1:5,-1:1:5", "--out", out, "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject j = r.json();
        QCOMPARE(j["grid"].toArray(), (QJsonArray{5, 5}));
        QCOMPARE(j["points_computed"].toInt(), 25);
        QCOMPARE(j["samples"].toInt(), 300);
        // The rate is the points computed over the grid's own time (not the
        // command's, which includes loading the set).
        const double gridSeconds = j["grid_seconds"].toDouble();
        QVERIFY(gridSeconds > 0 && gridSeconds <= j["seconds"].toDouble());
        QCOMPARE(j["points_per_second"].toDouble(), 25 / gridSeconds);
        const double centre = j["center_loss"].toDouble();
        // (0, 0) is a grid point, so the centre lies within the surface's range.
        QVERIFY(j["loss_min"].toDouble() <= centre && centre <= j["loss_max"].toDouble());
        QVERIFY(j["loss_max"].toDouble() > centre + 0.01);
        QVERIFY2(std::abs(centre - evalNll(set_, "g/m0.safetensors")) < 1e-5, qPrintable(r.out));
        QVERIFY(QFile::exists(out));
        QCOMPARE(j["settings"].toObject()["norm"].toString(), QString("filter"));
    }

    void lineEndsAreTheMembers() {
        const QString out = dir_.filePath("line.csv");
        const Run r =
            runModescape({"landscape", set_, "--dirs", "line:g/m1.safetensors,g/m2.safetensors",
                          "--grid", "0:1:3", "--engine", "naive", "--out", out, "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.json()["grid"].toArray(), (QJsonArray{3, 1}));
        QFile csv(out);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines[0], QString("x,y,loss,acc,computed"));
        const double first = lines[1].split(',')[2].toDouble(),
                     last = lines[3].split(',')[2].toDouble();
        QVERIFY(std::abs(first - evalNll(set_, "g/m1.safetensors")) < 1e-5);
        QVERIFY(std::abs(last - evalNll(set_, "g/m2.safetensors")) < 1e-5);
    }

    void partialFileIsResumedWithoutRecomputing() {
        const QString out = dir_.filePath("resume.h5");
        const QStringList args{"landscape", set_,  "--grid", "-1:1:4,-1:1:3",
                               "--subset",  "100", "--seed", "5",
                               "--out",     out,   "--json"};
        const Run full = runModescape(args);
        QVERIFY2(full.code == 0, qPrintable(full.err));
        const auto complete = landscape::readSurface(out.toStdString());
        auto partial = complete;
        for (std::size_t i = 0; i < partial.loss.size(); ++i) {
            if (i % 2 == 0) {
                partial.loss[i] = partial.accuracy[i] = std::nan("");
                partial.computed[i] = 0;
            } else {
                partial.loss[i] = 1000.0 + static_cast<double>(i);
            }
        }
        landscape::writeSurface(out.toStdString(), partial);
        const Run resumed = runModescape(args);
        QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
        QCOMPARE(resumed.json()["points_computed"].toInt(), 6);
        const auto back = landscape::readSurface(out.toStdString());
        for (std::size_t i = 0; i < back.loss.size(); ++i) {
            if (i % 2 == 0)
                QVERIFY(std::abs(back.loss[i] - complete.loss[i]) < 1e-9);
            else
                QCOMPARE(back.loss[i], 1000.0 + static_cast<double>(i));
        }
        // Other settings on the same file: refused, the file left alone.
        QStringList other = args;
        other[other.indexOf("5")] = "6";
        const Run refused = runModescape(other);
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.err.contains("other settings") && refused.err.contains("seed"),
                 qPrintable(refused.err));
    }

    // The CLI refuses too few PCA members with the analysis's own message (the
    // one the GUI shows), before the set is read.
    void pcaMemberCountMessageIsTheAnalysisOne() {
        std::string expected;
        try {
            analysis::landscapeAnalysis().complete(
                {{"directions", "pca"},
                 {"direction-members", {"g/m0.safetensors", "g/m1.safetensors"}}});
        } catch (const InvalidArgument& e) {
            expected = e.what();
        }
        QVERIFY(!expected.empty());
        const Run r =
            runModescape({"landscape", set_, "--dirs", "pca:g/m0.safetensors,g/m1.safetensors"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QString::fromStdString(expected)), qPrintable(r.err));
    }

    // Options that do not apply to the chosen directions are refused, not ignored.
    void optionsOfOtherDirectionsAreRefused() {
        const Run norm = runModescape({"landscape", set_, "--dirs", "pca", "--norm", "layer"});
        QCOMPARE(norm.code, 2);
        QVERIFY2(norm.err.contains("--norm applies only with --dirs random"), qPrintable(norm.err));
        const Run members = runModescape({"landscape", set_, "--dirs", "random:g/m0.safetensors"});
        QCOMPARE(members.code, 2);
        QVERIFY2(members.err.contains("--dir-members applies only with --dirs pca, plane or line"),
                 qPrintable(members.err));
    }

    void badArgumentsExitTwo() {
        const QList<QStringList> cases{
            {"--grid", "1:2"},
            {"--grid", "-1:1:x"},
            {"--dirs", "plane:g/m0.safetensors,g/m1.safetensors"},
            {"--dirs", "sideways"},
            {"--center", "nobody.safetensors"},
            {"--out", "surface.txt"},
            {"--png", "surface.png", "--size", "4x4"},
            {"--plot", "contour"},
            {"--norm", "sometimes"},
        };
        for (const auto& extra : cases) {
            const Run r = runModescape(QStringList{"landscape", set_} + extra);
            QVERIFY2(r.code == 2,
                     qPrintable(extra.join(' ') + ": " + QString::number(r.code) + " " + r.err));
            QVERIFY2(!r.err.isEmpty(), qPrintable(extra.join(' ')));
        }
#ifndef MODESCAPE_GUI_BUILD
        QVERIFY(runModescape({"landscape", set_, "--png", "x.png"}).err.contains("GUI build"));
#endif
    }
};

QTEST_APPLESS_MAIN(TestLandscapeCommand)
#include "TestLandscapeCommand.moc"

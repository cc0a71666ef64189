// `modescape hessian` on the generator's small set: --json carries the top
// eigenvalues (descending, matching the exact Hessian), the exact trace and,
// with --density, the grid and values; --directions writes eigenvectors for
// the landscape, and `landscape --dirs hessian:1,2` finds them itself; bad
// values exit with a message naming the option. (--figure
// needs a display: tests/hessian/TestHessianPage.cpp runs it under Xvfb.)
#include <QtTest>

#include <QJsonArray>
#include <QTemporaryDir>

#include <cmath>

#include "tests/common/RunModescape.h"
#include "tests/hessian/HessianFixture.h"

using modescape::test::Run;
using modescape::test::runModescape;

class TestHessianCommand : public QObject {
    Q_OBJECT
  private:
    QString set_ = QString::fromStdString(modescape::test::hessianFixture("small"));

  private Q_SLOTS:
    void jsonHasTheTopEigenvaluesTraceAndDensity() {
        const auto ref = modescape::test::hessianReference("small");
        const Run r =
            runModescape({"hessian", set_, "--member", "m0.safetensors", "--top", "3", "--split",
                          "test", "--density", "--density-points", "50", "--json"});
        QCOMPARE(r.code, 0);
        const QJsonObject json = r.json();
        const QJsonArray values = json["eigenvalues"].toArray();
        QCOMPARE(values.size(), 3);
        for (int i = 0; i < 3; ++i) {
            // Default tolerance 1e-6 x lambda_max on the residual: the
            // eigenvalue error is below that (residual^2 / gap for a symmetric
            // matrix), inside the 1e-4 relative.
            const double v = values[i].toDouble(), expected = ref.eigenvalues[std::size_t(i)];
            QVERIFY2(std::abs(v - expected) < 1e-4 * std::abs(expected),
                     qPrintable(QString("%1 vs %2").arg(v).arg(expected)));
            if (i > 0)
                QVERIFY(values[i - 1].toDouble() >= v);
        }
        // Float64 sums of 114 diagonal terms.
        QVERIFY(std::abs(json["trace"].toDouble() - ref.trace) < 1e-9 * ref.trace);
        QCOMPARE(json["trace_method"].toString(), QString("exact"));
        QCOMPARE(json["trace_stderr"].toDouble(), 0.0);
        QCOMPARE(json["member"].toString(), QString("m0.safetensors"));
        QCOMPARE(json["parameters"].toInt(), 114);
        QCOMPARE(json["samples"].toInt(), 64);
        const QJsonObject density = json["density"].toObject();
        QCOMPARE(density["grid"].toArray().size(), 50);
        QCOMPARE(density["values"].toArray().size(), 50);
        QCOMPARE(json["provenance"].toObject()["analysis"].toString(), QString("hessian"));
    }

    // --directions writes eigenvectors 1 and 2 as a landscape direction file:
    // the curvature along each unit eigenvector is its eigenvalue (the vector
    // is stored in float32: 1e-5 relative covers its rounding), a
    // filter-normalised one has another curvature, and `landscape --dirs
    // file:` reads the file with the member as centre.
    void directionsForTheLandscape() {
        QTemporaryDir dir;
        const QString file = dir.filePath("dirs.safetensors");
        const Run r = runModescape({"hessian", set_, "--top", "2", "--directions", file, "--json"});
        QCOMPARE(r.code, 0);
        const QJsonObject json = r.json();
        const QJsonArray curvature = json["directions"].toObject()["curvature"].toArray();
        const QJsonArray values = json["eigenvalues"].toArray();
        for (int i = 0; i < 2; ++i)
            QVERIFY2(
                std::abs(curvature[i].toDouble() - values[i].toDouble()) <
                    1e-5 * values[0].toDouble(),
                qPrintable(
                    QString("%1 vs %2").arg(curvature[i].toDouble()).arg(values[i].toDouble())));
        const Run filtered = runModescape({"hessian", set_, "--top", "2", "--directions", file,
                                           "--direction-norm", "filter", "--json"});
        QCOMPARE(filtered.code, 0);
        const double scaled =
            filtered.json()["directions"].toObject()["curvature"].toArray()[0].toDouble();
        QVERIFY(std::abs(scaled - values[0].toDouble()) > 1e-3 * values[0].toDouble());

        const Run landscape =
            runModescape({"landscape", set_, "--center", "m0.safetensors", "--dirs", "file:" + file,
                          "--grid", "-0.1:0.1:3,-0.1:0.1:3", "--json"});
        QVERIFY2(landscape.code == 0, qPrintable(landscape.err));
        // The centre is the member: the same mean NLL, in float32 (1e-5).
        QVERIFY(std::abs(landscape.json()["center_loss"].toDouble() - json["loss"].toDouble()) <
                1e-5);

        const Run tooFew = runModescape(
            {"hessian", set_, "--top", "2", "--directions", file, "--direction-pair", "1,3"});
        QCOMPARE(tooFew.code, 2);
        QVERIFY2(tooFew.err.contains("--top 3"), qPrintable(tooFew.err));
    }

    // `landscape --dirs hessian:1,2` computes the eigenvectors itself: its
    // --json and its text give each direction's eigenvalue (the reference's)
    // and curvature (the same, unnormalised).
    void landscapeOnHessianDirections() {
        const auto ref = modescape::test::hessianReference("small");
        const Run r = runModescape({"landscape", set_, "--dirs", "hessian:1,2", "--norm", "none",
                                    "--grid", "-0.1:0.1:3,-0.1:0.1:3", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject json = r.json();
        const QJsonArray directions = json["hessian_directions"].toArray();
        QCOMPARE(directions.size(), 2);
        for (int k = 0; k < 2; ++k) {
            const QJsonObject d = directions[k].toObject();
            const double expected = ref.eigenvalues[std::size_t(k)];
            QCOMPARE(d["eigenvector"].toInt(), k + 1);
            QVERIFY(std::abs(d["eigenvalue"].toDouble() - expected) < 1e-4 * expected);
            QVERIFY(std::abs(d["curvature"].toDouble() - expected) < 1e-4 * expected);
            QVERIFY(d["converged"].toBool());
        }
        const QJsonObject parameters = json["provenance"].toObject()["parameters"].toObject();
        QCOMPARE(parameters["directions"].toString(), QString("hessian"));
        QCOMPARE(parameters["eigenvectors"].toString(), QString("1,2"));

        const Run text = runModescape({"landscape", set_, "--dirs", "hessian", "--eigenvectors",
                                       "2,1", "--grid", "-0.1:0.1:3,-0.1:0.1:3"});
        QVERIFY2(text.code == 0, qPrintable(text.err));
        QVERIFY2(text.out.contains("Hessian eigenvector 2: eigenvalue") &&
                     text.out.contains("norm filter"),
                 qPrintable(text.out));

        const Run oneRank = runModescape({"landscape", set_, "--dirs", "hessian:1"});
        QCOMPARE(oneRank.code, 2);
        QVERIFY2(oneRank.err.contains("2-D"), qPrintable(oneRank.err));
        const Run members =
            runModescape({"landscape", set_, "--dirs", "hessian", "--dir-members", "a,b,c"});
        QCOMPARE(members.code, 2);
        QVERIFY2(members.err.contains("--dir-members"), qPrintable(members.err));
    }

    void badValuesExitWithTheirName() {
        const Run member = runModescape({"hessian", set_, "--member", "nobody"});
        QCOMPARE(member.code, 2);  // a usage error
        QVERIFY2(member.err.contains("--member") && member.err.contains("nobody"),
                 qPrintable(member.err));
        const Run trace = runModescape({"hessian", set_, "--trace", "guess"});
        QCOMPARE(trace.code, 2);
        QVERIFY2(trace.err.contains("--trace"), qPrintable(trace.err));
    }
};

QTEST_GUILESS_MAIN(TestHessianCommand)
#include "TestHessianCommand.moc"

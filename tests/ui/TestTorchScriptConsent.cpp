// The GUI asks before a set's TorchScript model may run: a no keeps it from
// loading, a yes is remembered for that file content only.
#include <QtTest>

#include <QCoreApplication>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

#include "core/model/TorchScriptApproval.h"
#include "core/model/TorchScriptModel.h"
#include "ui/mainwindow/TorchScriptConsent.h"

using namespace modescape;

class TestTorchScriptConsent : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("ModescapeTest");
        QCoreApplication::setApplicationName("TorchScriptConsent");
        QSettings().clear();
        ui::installTorchScriptApproval();
    }

    void cleanupTestCase() {
        QSettings().clear();
        model::setTorchScriptApproval({});
    }

    void askedOncePerContent() {
        QTemporaryDir dir;
        const QString path = dir.filePath("model.pt");
        QVERIFY(QFile::copy(MODESCAPE_FIXTURES_DIR "/models/mlp_relu_scripted.pt", path));
        int asked = 0;
        auto no = [&](const QString& text) {
            ++asked;
            return !text.contains(path);  // the question names the file
        };
        auto yes = [&](const QString&) {
            ++asked;
            return true;
        };
        // Declined: asked, not remembered, and the model does not load.
        QVERIFY(!ui::confirmTorchScriptModel(path, no));
        QCOMPARE(asked, 1);
        QVERIFY(!ui::isTorchScriptApproved(path));
        QVERIFY_THROWS_EXCEPTION(model::TorchScriptDeclined,
                                 model::TorchScriptModel(path.toStdString()));
        // Allowed: remembered, so the next time nobody is asked and it loads.
        QVERIFY(ui::confirmTorchScriptModel(path, yes));
        QVERIFY(ui::confirmTorchScriptModel(path, no));
        QCOMPARE(asked, 2);
        model::TorchScriptModel loaded(path.toStdString());
        QVERIFY(!loaded.parameterSpec().empty());
        // Another content under the same name is asked about again.
        QFile file(path);
        QVERIFY(file.open(QIODevice::Append));
        file.write("x");
        file.close();
        QVERIFY(!ui::isTorchScriptApproved(path));
        QVERIFY(!ui::confirmTorchScriptModel(path, no));
        QCOMPARE(asked, 3);
    }
};

QTEST_GUILESS_MAIN(TestTorchScriptConsent)
#include "TestTorchScriptConsent.moc"

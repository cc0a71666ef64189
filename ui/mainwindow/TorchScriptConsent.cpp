#include "ui/mainwindow/TorchScriptConsent.h"

#include <QCryptographicHash>
#include <QFile>
#include <QMessageBox>
#include <QSettings>

#include "core/model/TorchScriptApproval.h"

namespace modescape::ui {

namespace {

const char* kGroup = "trustedTorchScript";

// Empty when the file cannot be read (then it is never approved).
QString contentKey(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return {};
    return QString::fromLatin1(hash.result().toHex());
}

}  // namespace

bool isTorchScriptApproved(const QString& path) {
    const QString key = contentKey(path);
    return !key.isEmpty() && QSettings().value(QString(kGroup) + "/" + key).toBool();
}

void installTorchScriptApproval() {
    model::setTorchScriptApproval([](const std::string& path) {
        return isTorchScriptApproved(QString::fromStdString(path));
    });
}

bool confirmTorchScriptModel(const QString& path, const std::function<bool(const QString&)>& ask) {
    if (isTorchScriptApproved(path))
        return true;
    const QString key = contentKey(path);
    if (key.isEmpty())
        return false;
    const QString text =
        QObject::tr(
            "This set's model is a TorchScript file:\n%1\n\n"
            "TorchScript is code: evaluating the model runs it, and it can do anything "
            "you can (read, change or send your files). Run it only if you trust where "
            "it came from.\n\nAllow this model to run? Modescape remembers your answer "
            "for this exact file content.")
            .arg(path);
    if (!ask(text))
        return false;
    QSettings().setValue(QString(kGroup) + "/" + key, true);
    return true;
}

bool confirmTorchScriptModel(QWidget* parent, const QString& path) {
    return confirmTorchScriptModel(path, [parent](const QString& text) {
        return QMessageBox::question(parent, QObject::tr("Run a TorchScript model?"), text,
                                     QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No) == QMessageBox::Yes;
    });
}

}  // namespace modescape::ui

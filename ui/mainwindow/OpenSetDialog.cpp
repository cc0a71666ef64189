#include "ui/mainwindow/OpenSetDialog.h"

#include <QFileInfo>

namespace modescape::ui {

OpenSetDialog::OpenSetDialog(QWidget* parent, const QString& startFolder)
    : QFileDialog(parent, tr("Open checkpoint set: a folder or an archive"), startFolder) {
    setObjectName("openSetDialog");
    // Our accept() must run, so the dialog cannot be the platform's own.
    setOption(QFileDialog::DontUseNativeDialog);
    setFileMode(QFileDialog::ExistingFile);
    setAcceptMode(QFileDialog::AcceptOpen);
    setNameFilters(
        {tr("Checkpoint sets (*.tar *.tgz *.tar.gz *.tar.zst *.tzst *.zip)"), tr("All files (*)")});
    setLabelText(QFileDialog::Accept, tr("Open set"));
}

void OpenSetDialog::accept() {
    chosen_ = setPathForSelection(selectedFiles(), directory().absolutePath());
    if (chosen_.isEmpty()) {
        QFileDialog::accept();  // e.g. a typed filter pattern: let Qt handle it
        return;
    }
    QDialog::accept();
}

QString setPathForSelection(const QStringList& selected, const QString& shownFolder) {
    const QString candidate = selected.isEmpty() ? shownFolder : selected.front();
    const QFileInfo info(candidate);
    if (!info.exists())
        return {};
    return info.absoluteFilePath();
}

QString askForSetToOpen(QWidget* parent, const QString& startFolder) {
    OpenSetDialog dialog(parent, startFolder);
    if (dialog.exec() != QDialog::Accepted)
        return {};
    return dialog.chosenPath();
}

}  // namespace modescape::ui

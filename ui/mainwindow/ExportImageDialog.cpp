#include "ui/mainwindow/ExportImageDialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>

namespace modescape::ui {

ExportImageDialog::ExportImageDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Export image"));
    auto* form = new QFormLayout(this);

    path_ = new QLineEdit(QDir::home().filePath("modescape-view.png"), this);
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(path_);
    pathRow->addWidget(browse);
    form->addRow(tr("File"), pathRow);

    scale_ = new QDoubleSpinBox(this);
    scale_->setRange(0.25, 8.0);
    scale_->setSingleStep(0.5);
    scale_->setValue(2.0);
    scale_->setSuffix(tr(" x"));
    form->addRow(tr("Scale"), scale_);

    transparent_ = new QCheckBox(tr("Transparent background"), this);
    form->addRow(QString(), transparent_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString chosen = QFileDialog::getSaveFileName(this, tr("Export image"), path_->text(),
                                                            tr("PNG images (*.png)"));
        if (!chosen.isEmpty())
            path_->setText(chosen);
    });
}

QString ExportImageDialog::path() const {
    return path_->text();
}
double ExportImageDialog::scale() const {
    return scale_->value();
}
bool ExportImageDialog::transparentBackground() const {
    return transparent_->isChecked();
}

}  // namespace modescape::ui

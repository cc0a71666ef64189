#include "ui/views/map/MapSettingsForm.h"

#include <QComboBox>
#include <QFormLayout>

namespace modescape::ui {

MapSettingsForm::MapSettingsForm(QWidget* parent) : QWidget(parent) {
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    colouring_ = new QComboBox(this);
    colouring_->setObjectName("mapColouring");
    colouring_->addItem(tr("group"), QStringLiteral("group"));
    colouring_->addItem(tr("test accuracy"), QStringLiteral("accuracy"));
    colouring_->addItem(tr("test NLL"), QStringLiteral("nll"));
    colouring_->setToolTip(
        tr("Accuracy and NLL come from the Reliability tab (test split); a "
           "metadata column of numbers gets a colour bar, of text a legend"));
    form->addRow(tr("Colour by"), colouring_);
    connect(colouring_, &QComboBox::currentIndexChanged, this,
            [this] { Q_EMIT colouringChanged(colouringWord()); });
}

QString MapSettingsForm::colouringWord() const {
    return colouring_->currentData().toString();
}

bool MapSettingsForm::setColouringWord(const QString& word) {
    const int index = colouring_->findData(word);
    if (index >= 0)
        colouring_->setCurrentIndex(index);
    return index >= 0;
}

void MapSettingsForm::setMetadataKeys(const QStringList& keys) {
    const QString current = colouringWord();
    const QSignalBlocker quiet(colouring_);
    while (colouring_->count() > 3)
        colouring_->removeItem(3);
    for (const QString& key : keys)
        colouring_->addItem(tr("metadata: %1").arg(key), QStringLiteral("meta:") + key);
    const int kept = colouring_->findData(current);
    colouring_->setCurrentIndex(kept >= 0 ? kept : 0);
    if (kept < 0)
        Q_EMIT colouringChanged(colouringWord());
}

}  // namespace modescape::ui

#include "ui/views/map/MapSettingsForm.h"

#include <QComboBox>
#include <QFormLayout>
#include <QPushButton>

namespace modescape::ui {
namespace {

// Replaces the combo box's items after the first `fixed` by one per key; keeps
// the choice when it is still offered (else the first item, and true).
bool offerKeys(QComboBox* box, int fixed, const QStringList& keys, const QString& format) {
    const QString current = box->currentData().toString();
    const QSignalBlocker quiet(box);
    while (box->count() > fixed)
        box->removeItem(fixed);
    for (const QString& key : keys)
        box->addItem(format.arg(key), QStringLiteral("meta:") + key);
    const int kept = box->findData(current);
    box->setCurrentIndex(kept >= 0 ? kept : 0);
    return kept < 0;
}

bool chooseData(QComboBox* box, const QString& word) {
    const int index = box->findData(word);
    if (index >= 0)
        box->setCurrentIndex(index);
    return index >= 0;
}

}  // namespace

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
    labels_ = new QComboBox(this);
    labels_->setObjectName("mapLabels");
    labels_->addItem(tr("none"), QString());
    labels_->addItem(tr("member name"), QStringLiteral("name"));
    labels_->setToolTip(
        tr("Labels every point shown when at most 30 are, else only the selected members; "
           "a label that would cover another is left out"));
    form->addRow(tr("Label by"), labels_);
    auto* showAll = new QPushButton(tr("Show all points"), this);
    showAll->setObjectName("mapShowAllPoints");
    showAll->setToolTip(tr("Drops the zoom (as R or a double click on the map)"));
    form->addRow(QString(), showAll);
    connect(colouring_, &QComboBox::currentIndexChanged, this,
            [this] { Q_EMIT colouringChanged(colouringWord()); });
    connect(labels_, &QComboBox::currentIndexChanged, this,
            [this] { Q_EMIT labelChanged(labelWord()); });
    connect(showAll, &QPushButton::clicked, this, &MapSettingsForm::showAllPointsClicked);
}

QString MapSettingsForm::colouringWord() const {
    return colouring_->currentData().toString();
}

bool MapSettingsForm::setColouringWord(const QString& word) {
    return chooseData(colouring_, word);
}

QString MapSettingsForm::labelWord() const {
    return labels_->currentData().toString();
}

bool MapSettingsForm::setLabelWord(const QString& word) {
    return chooseData(labels_, word);
}

void MapSettingsForm::setMetadataKeys(const QStringList& keys) {
    if (offerKeys(colouring_, 3, keys, tr("metadata: %1")))
        Q_EMIT colouringChanged(colouringWord());
    if (offerKeys(labels_, 2, keys, tr("metadata: %1")))
        Q_EMIT labelChanged(labelWord());
}

}  // namespace modescape::ui

#include "ui/views/map/MapSettingsForm.h"

#include <QComboBox>
#include <QFormLayout>

namespace modescape::ui {

MapSettingsForm::MapSettingsForm(QWidget* parent) : QWidget(parent) {
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    colouring_ = new QComboBox(this);
    colouring_->setObjectName("mapColouring");
    colouring_->addItem(tr("group"), int(MapColouring::Group));
    colouring_->addItem(tr("accuracy"), int(MapColouring::Accuracy));
    colouring_->addItem(tr("NLL"), int(MapColouring::Nll));
    colouring_->setToolTip(tr("Metrics come from the calibration views (test split)"));
    form->addRow(tr("Colour by"), colouring_);
    connect(colouring_, &QComboBox::currentIndexChanged, this,
            [this] { Q_EMIT colouringChanged(colouring()); });
}

MapColouring MapSettingsForm::colouring() const {
    return MapColouring(colouring_->currentData().toInt());
}

}  // namespace modescape::ui

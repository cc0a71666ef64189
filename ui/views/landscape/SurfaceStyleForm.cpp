#include "ui/views/landscape/SurfaceStyleForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QSpinBox>

namespace modescape::ui {

SurfaceStyleForm::SurfaceStyleForm(QWidget* parent) : QWidget(parent) {
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    colormap_ = new QComboBox(this);
    colormap_->setObjectName("surfaceColormap");
    colormap_->addItems(colormapNames());
    form->addRow(tr("Colour map"), colormap_);
    logScale_ = new QCheckBox(tr("log10 of the loss"), this);
    logScale_->setObjectName("surfaceLogScale");
    form->addRow(tr("Scale"), logScale_);
    clipAbove_ = new QDoubleSpinBox(this);
    clipAbove_->setObjectName("surfaceClipAbove");
    clipAbove_->setRange(0.0, 1e6);
    clipAbove_->setDecimals(3);
    clipAbove_->setSpecialValueText(tr("no clipping"));
    clipAbove_->setToolTip(tr("Losses above this value are drawn at this value"));
    form->addRow(tr("Clip loss above"), clipAbove_);
    heightScale_ = new QDoubleSpinBox(this);
    heightScale_->setObjectName("surfaceHeightScale");
    heightScale_->setRange(0.05, 10.0);
    heightScale_->setSingleStep(0.1);
    heightScale_->setValue(1.0);
    form->addRow(tr("Height"), heightScale_);
    isolines_ = new QSpinBox(this);
    isolines_->setObjectName("surfaceIsolines");
    isolines_->setRange(0, 100);
    isolines_->setValue(12);
    isolines_->setSpecialValueText(tr("none"));
    form->addRow(tr("Iso-lines"), isolines_);
    scalarBar_ = new QCheckBox(tr("Colour bar"), this);
    axes_ = new QCheckBox(tr("Axes"), this);
    markers_ = new QCheckBox(tr("Members"), this);
    for (auto* box : {scalarBar_, axes_, markers_}) {
        box->setChecked(true);
        form->addRow(box);
    }

    auto emitStyle = [this] { Q_EMIT styleChanged(style()); };
    connect(colormap_, &QComboBox::currentTextChanged, this, emitStyle);
    connect(logScale_, &QCheckBox::toggled, this, emitStyle);
    connect(clipAbove_, &QDoubleSpinBox::valueChanged, this, emitStyle);
    connect(heightScale_, &QDoubleSpinBox::valueChanged, this, emitStyle);
    connect(isolines_, &QSpinBox::valueChanged, this, emitStyle);
    for (auto* box : {scalarBar_, axes_, markers_})
        connect(box, &QCheckBox::toggled, this, emitStyle);
}

SurfaceStyle SurfaceStyleForm::style() const {
    SurfaceStyle s;
    s.colormap = colormapFromName(colormap_->currentText());
    s.logScale = logScale_->isChecked();
    s.clipAbove = clipAbove_->value();
    s.heightScale = heightScale_->value();
    s.isolineCount = isolines_->value();
    s.showScalarBar = scalarBar_->isChecked();
    s.showAxes = axes_->isChecked();
    s.showMarkers = markers_->isChecked();
    return s;
}

}  // namespace modescape::ui

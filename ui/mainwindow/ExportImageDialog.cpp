#include "ui/mainwindow/ExportImageDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace modescape::ui {
namespace {

// The size modes, in the combo's order; presets carry their FigurePreset name.
enum Mode { Scale = 0, Custom = 1, Paper = 2, PaperWide = 3, Slides = 4 };

}  // namespace

ExportImageDialog::ExportImageDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Export image"));
    auto* form = new QFormLayout(this);

    path_ = new QLineEdit(QDir::home().filePath("modescape-view.png"), this);
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(path_);
    pathRow->addWidget(browse);
    form->addRow(tr("File (.png, .svg, .pdf, .tif)"), pathRow);

    mode_ = new QComboBox(this);
    mode_->addItems({tr("Scale of the view"), tr("Custom size"), tr("Paper, one column (3.5 in)"),
                     tr("Paper, two columns (7.16 in)"), tr("Slide (16:9)")});
    form->addRow(tr("Size"), mode_);

    scale_ = new QDoubleSpinBox(this);
    scale_->setRange(0.25, 8.0);
    scale_->setSingleStep(0.5);
    scale_->setValue(2.0);
    scale_->setSuffix(tr(" x"));
    form->addRow(tr("Scale"), scale_);

    width_ = new QDoubleSpinBox(this);
    height_ = new QDoubleSpinBox(this);
    for (QDoubleSpinBox* side : {width_, height_}) {
        side->setRange(0.1, 16384);
        side->setDecimals(2);
    }
    width_->setValue(3.5);
    height_->setValue(2.625);
    unit_ = new QComboBox(this);
    unit_->addItems({"in", "cm", "mm", "pt", "px"});
    auto* sizeRow = new QHBoxLayout;
    sizeRow->addWidget(width_);
    sizeRow->addWidget(height_);
    sizeRow->addWidget(unit_);
    form->addRow(tr("Width, height"), sizeRow);

    dpi_ = new QSpinBox(this);
    dpi_->setRange(30, 2400);
    dpi_->setValue(300);
    dpi_->setSuffix(tr(" dpi"));
    form->addRow(tr("Resolution"), dpi_);

    fontPoints_ = new QDoubleSpinBox(this);
    fontPoints_->setRange(0, 72);
    fontPoints_->setSpecialValueText(tr("default"));
    fontPoints_->setSuffix(tr(" pt"));
    form->addRow(tr("Text size"), fontPoints_);

    transparent_ = new QCheckBox(tr("Transparent background"), this);
    form->addRow(QString(), transparent_);
    title_ = new QCheckBox(tr("Title"), this);
    title_->setChecked(true);
    title_->setToolTip(
        tr("Off: the figure without its title (axis names, legends and colour "
           "bars stay), as modescape render --no-title"));
    form->addRow(QString(), title_);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(mode_, &QComboBox::currentIndexChanged, this, [this](int mode) {
        if (mode >= Paper)  // the preset's own resolution
            dpi_->setValue(mode == Slides ? 144 : 600);
        updateEnabled();
    });
    connect(unit_, &QComboBox::currentIndexChanged, this, [this] { updateEnabled(); });
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString chosen =
            QFileDialog::getSaveFileName(this, tr("Export image"), path_->text(),
                                         tr("PNG image (*.png);;SVG drawing (*.svg);;PDF "
                                            "(*.pdf);;TIFF image (*.tif *.tiff)"));
        if (!chosen.isEmpty())
            path_->setText(chosen);
    });
    updateEnabled();
}

void ExportImageDialog::updateEnabled() {
    const int mode = mode_->currentIndex();
    scale_->setEnabled(mode == Scale);
    width_->setEnabled(mode == Custom);
    height_->setEnabled(mode == Custom);
    unit_->setEnabled(mode == Custom);
    // A DPI matters for physical sizes and presets; pixel sizes keep the screen's.
    dpi_->setEnabled(mode >= Paper || (mode == Custom && unit_->currentText() != "px"));
}

QString ExportImageDialog::path() const {
    return path_->text();
}

FigureSize ExportImageDialog::figureSize(QSize viewSize) const {
    FigureSize size;
    switch (mode_->currentIndex()) {
        case Scale:
            size = FigureSize::fromPixels(
                (QSizeF(viewSize) * scale_->value()).toSize().expandedTo(QSize(16, 16)));
            break;
        case Custom:
            if (unit_->currentText() == "px")
                size = FigureSize::fromPixels(QSize(int(width_->value()), int(height_->value())));
            else
                size = FigureSize::fromInches(
                    parseLengthInches(QString::number(width_->value()).toStdString() +
                                          unit_->currentText().toStdString(),
                                      dpi_->value()),
                    parseLengthInches(QString::number(height_->value()).toStdString() +
                                          unit_->currentText().toStdString(),
                                      dpi_->value()),
                    dpi_->value());
            break;
        case Paper:
            size = FigureSize::fromPreset(FigurePreset::Paper, dpi_->value());
            break;
        case PaperWide:
            size = FigureSize::fromPreset(FigurePreset::PaperWide, dpi_->value());
            break;
        default:
            size = FigureSize::fromPreset(FigurePreset::Slides, dpi_->value());
            break;
    }
    if (fontPoints_->value() > 0)
        size.fontPoints = fontPoints_->value();
    return size;
}

bool ExportImageDialog::transparentBackground() const {
    return transparent_->isChecked();
}

bool ExportImageDialog::titleShown() const {
    return title_->isChecked();
}

void ExportImageDialog::setTitleShown(bool shown) {
    title_->setChecked(shown);
}

void ExportImageDialog::setPath(const QString& path) {
    path_->setText(path);
}

void ExportImageDialog::choosePreset(const QString& name) {
    const auto preset = figurePresetNamed(name.toStdString());
    if (!preset)
        return;
    mode_->setCurrentIndex(*preset == FigurePreset::Paper       ? Paper
                           : *preset == FigurePreset::PaperWide ? PaperWide
                                                                : Slides);
}

void ExportImageDialog::chooseCustomSize(double width, double height, const QString& unit,
                                         double dpi) {
    mode_->setCurrentIndex(Custom);
    width_->setValue(width);
    height_->setValue(height);
    unit_->setCurrentText(unit);
    dpi_->setValue(int(dpi));
}

}  // namespace modescape::ui

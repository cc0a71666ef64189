#include "ui/views/map/MapSettingsForm.h"

#include <QComboBox>
#include <QFormLayout>
#include <QSpinBox>

namespace modescape::ui {

using symmetry::DistanceKind;
using symmetry::ProjectionMethod;
using symmetry::WeightSpace;

MapSettingsForm::MapSettingsForm(QWidget* parent) : QWidget(parent) {
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    method_ = new QComboBox(this);
    method_->setObjectName("mapMethod");
    method_->addItem(tr("PCA"), int(ProjectionMethod::Pca));
    method_->addItem(tr("t-SNE"), int(ProjectionMethod::Tsne));
    method_->addItem(tr("MDS"), int(ProjectionMethod::Mds));
    symmetry_ = new QComboBox(this);
    symmetry_->setObjectName("mapSymmetry");
    symmetry_->addItem(tr("raw"), int(WeightSpace::Raw));
    symmetry_->addItem(tr("scaling removed"), int(WeightSpace::Scaling));
    symmetry_->addItem(tr("scaling + permutation removed"), int(WeightSpace::ScalingPermutation));
    symmetry_->setToolTip(
        tr("Symmetry removal before projecting: optimal scaling, then canonical sorting by the "
           "first incoming weight (docs/symmetry.md)"));
    space_ = new QComboBox(this);
    space_->setObjectName("mapSpace");
    space_->addItem(tr("weights"));
    space_->addItem(tr("function"));
    space_->setToolTip(
        tr("Function space: distances between predictions on the first 500 test "
           "samples (symmetries never change them)"));
    distance_ = new QComboBox(this);
    distance_->setObjectName("mapDistance");
    dimensions_ = new QComboBox(this);
    dimensions_->setObjectName("mapDimensions");
    dimensions_->addItem(tr("2-D"), 2);
    dimensions_->addItem(tr("3-D"), 3);
    seed_ = new QSpinBox(this);
    seed_->setObjectName("mapSeed");
    seed_->setRange(0, 1000000);
    colouring_ = new QComboBox(this);
    colouring_->setObjectName("mapColouring");
    colouring_->addItem(tr("group"), int(MapColouring::Group));
    colouring_->addItem(tr("accuracy"), int(MapColouring::Accuracy));
    colouring_->addItem(tr("NLL"), int(MapColouring::Nll));
    colouring_->setToolTip(tr("Metrics come from the calibration views (test split)"));

    form->addRow(tr("Method"), method_);
    form->addRow(tr("Symmetries"), symmetry_);
    form->addRow(tr("Space"), space_);
    form->addRow(tr("Distance"), distance_);
    form->addRow(tr("Dimensions"), dimensions_);
    form->addRow(tr("t-SNE seed"), seed_);
    form->addRow(tr("Colour by"), colouring_);
    fillDistances();
    updateEnabled();

    for (QComboBox* box : {method_, symmetry_, distance_, dimensions_})
        connect(box, &QComboBox::activated, this, [this] {
            updateEnabled();
            Q_EMIT settingsChanged();
        });
    connect(space_, &QComboBox::activated, this, [this] {
        fillDistances();
        updateEnabled();
        Q_EMIT settingsChanged();
    });
    connect(seed_, &QSpinBox::editingFinished, this, [this] { Q_EMIT settingsChanged(); });
    connect(colouring_, &QComboBox::currentIndexChanged, this,
            [this] { Q_EMIT colouringChanged(colouring()); });
}

void MapSettingsForm::fillDistances() {
    distance_->clear();
    if (space_->currentIndex() == 0) {
        distance_->addItem(tr("Euclidean"), int(DistanceKind::Euclidean));
        distance_->addItem(tr("cosine"), int(DistanceKind::Cosine));
    } else {
        distance_->addItem(tr("Jensen-Shannon"), int(DistanceKind::JensenShannon));
        distance_->addItem(tr("disagreement"), int(DistanceKind::Disagreement));
    }
}

void MapSettingsForm::updateEnabled() {
    const auto method = ProjectionMethod(method_->currentData().toInt());
    // PCA needs Euclidean weights; t-SNE is 2-D only; symmetries do not change functions.
    if (method == ProjectionMethod::Pca) {
        space_->setCurrentIndex(0);
        fillDistances();
    }
    space_->setEnabled(method != ProjectionMethod::Pca);
    distance_->setEnabled(method != ProjectionMethod::Pca);
    if (method == ProjectionMethod::Tsne)
        dimensions_->setCurrentIndex(0);
    dimensions_->setEnabled(method != ProjectionMethod::Tsne);
    seed_->setEnabled(method == ProjectionMethod::Tsne);
    symmetry_->setEnabled(space_->currentIndex() == 0);
}

symmetry::SetProjectionOptions MapSettingsForm::settings() const {
    symmetry::SetProjectionOptions o;
    o.method = ProjectionMethod(method_->currentData().toInt());
    o.distance = DistanceKind(distance_->currentData().toInt());
    o.components = dimensions_->currentData().toInt();
    o.seed = std::uint64_t(seed_->value());
    o.space.space = WeightSpace(symmetry_->currentData().toInt());
    return o;
}

MapColouring MapSettingsForm::colouring() const {
    return MapColouring(colouring_->currentData().toInt());
}

void MapSettingsForm::setSymmetry(WeightSpace space) {
    symmetry_->setCurrentIndex(symmetry_->findData(int(space)));
    Q_EMIT settingsChanged();
}

void MapSettingsForm::setMethod(ProjectionMethod method) {
    method_->setCurrentIndex(method_->findData(int(method)));
    updateEnabled();
    Q_EMIT settingsChanged();
}

void MapSettingsForm::setFunctionSpace(bool function) {
    space_->setCurrentIndex(function ? 1 : 0);
    fillDistances();
    updateEnabled();
    Q_EMIT settingsChanged();
}

}  // namespace modescape::ui

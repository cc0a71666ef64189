#include "ui/views/landscape/LandscapeSettingsForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

#include "core/common/Error.h"

namespace modescape::ui {

namespace {

const QString kReferenceCenter = QObject::tr("(reference member)");
const QString kSelectionMean = QObject::tr("(mean of the selection)");

QComboBox* makeCombo(QWidget* parent, const char* objectName, const QStringList& items) {
    auto* combo = new QComboBox(parent);
    combo->setObjectName(objectName);
    combo->addItems(items);
    return combo;
}

}  // namespace

LandscapeSettingsForm::LandscapeSettingsForm(QWidget* parent) : QWidget(parent) {
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);

    center_ = makeCombo(this, "landscapeCenter", {kReferenceCenter, kSelectionMean});
    center_->setToolTip(tr("theta*: the point the slice is centred on"));
    form->addRow(tr("Centre"), center_);

    directions_ =
        makeCombo(this, "landscapeDirections", {"random", "pca", "plane", "line", "file"});
    directions_->setToolTip(
        tr("random: seeded Gaussian, normalised as below (Li et al.)\n"
           "pca: top-2 principal directions of the selected members\n"
           "plane: through 3 selected members (Gram-Schmidt), origin at the first\n"
           "line: from the first to the second selected member (1-D)\n"
           "file: directions from a safetensors or reference-tool HDF5 file"));
    form->addRow(tr("Directions"), directions_);
    anchors_ = new QLabel(this);
    anchors_->setWordWrap(true);
    form->addRow(tr("Anchors"), anchors_);
    directionFile_ = new QLineEdit(this);
    directionFile_->setObjectName("landscapeDirectionFile");
    directionFile_->setPlaceholderText(tr("path to .safetensors or .h5"));
    form->addRow(tr("Direction file"), directionFile_);
    normalization_ = makeCombo(this, "landscapeNormalization", {"filter", "layer", "none"});
    form->addRow(tr("Normalisation"), normalization_);
    ignore_ = makeCombo(this, "landscapeIgnore", {"biasbn", "none"});
    ignore_->setToolTip(tr("biasbn: no movement along biases and BatchNorm parameters (default)"));
    form->addRow(tr("Ignore"), ignore_);

    dimensions_ = makeCombo(this, "landscapeDimensions", {"2-D", "1-D"});
    form->addRow(tr("Slice"), dimensions_);
    form->addRow(tr("alpha"), makeAxisRow(xFrom_, xTo_, xCount_));
    form->addRow(tr("beta"), makeAxisRow(yFrom_, yTo_, yCount_));

    split_ = makeCombo(this, "landscapeSplit", {"test", "train"});
    form->addRow(tr("Data"), split_);
    subset_ = new QSpinBox(this);
    subset_->setObjectName("landscapeSubset");
    subset_->setRange(0, 100000000);
    subset_->setSpecialValueText(tr("whole split"));
    subset_->setToolTip(tr("Evaluate every point on this many samples drawn with the seed"));
    form->addRow(tr("Subset"), subset_);
    seed_ = new QSpinBox(this);
    seed_->setObjectName("landscapeSeed");
    seed_->setRange(0, 1000000000);
    form->addRow(tr("Seed"), seed_);
    recomputeBatchNorm_ = new QCheckBox(tr("Recompute BatchNorm statistics per point"), this);
    form->addRow(recomputeBatchNorm_);
    engine_ = makeCombo(this, "landscapeEngine", {"batched", "naive"});
    engine_->setToolTip(
        tr("batched: many grid points per forward (fast)\n"
           "naive: one forward per point (the reference algorithm)"));
    form->addRow(tr("Engine"), engine_);

    connect(directions_, &QComboBox::currentTextChanged, this, [this] { updateEnabledFields(); });
    connect(dimensions_, &QComboBox::currentTextChanged, this, [this] { updateEnabledFields(); });
    updateEnabledFields();
}

QWidget* LandscapeSettingsForm::makeAxisRow(QDoubleSpinBox*& from, QDoubleSpinBox*& to,
                                            QSpinBox*& count) {
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    from = new QDoubleSpinBox(row);
    to = new QDoubleSpinBox(row);
    for (auto* box : {from, to}) {
        box->setRange(-1000.0, 1000.0);
        box->setDecimals(3);
        box->setSingleStep(0.25);
    }
    from->setValue(-1.0);
    to->setValue(1.0);
    count = new QSpinBox(row);
    count->setRange(1, 1001);
    count->setValue(51);
    count->setSuffix(tr(" pts"));
    layout->addWidget(from);
    layout->addWidget(new QLabel(QStringLiteral(".."), row));
    layout->addWidget(to);
    layout->addWidget(count);
    return row;
}

void LandscapeSettingsForm::setSetContents(const QStringList& members, const QStringList& roles) {
    const QString current = center_->currentText();
    center_->clear();
    center_->addItems(QStringList{kReferenceCenter, kSelectionMean} + members);
    center_->setCurrentText(current);
    const QString split = split_->currentText();
    split_->clear();
    split_->addItems(roles.isEmpty() ? QStringList{"test", "train"} : roles);
    if (roles.contains(split))
        split_->setCurrentText(split);
    else if (roles.contains("test"))
        split_->setCurrentText("test");
}

void LandscapeSettingsForm::setSelection(const QStringList& selectedMembers) {
    selection_ = selectedMembers;
    updateEnabledFields();
}

void LandscapeSettingsForm::updateEnabledFields() {
    const QString source = directions_->currentText();
    const bool random = source == "random";
    const bool line = source == "line";
    normalization_->setEnabled(random);
    ignore_->setEnabled(random);
    directionFile_->setEnabled(source == "file");
    dimensions_->setEnabled(!line);
    const bool twoD = !line && dimensions_->currentText() == "2-D";
    for (QWidget* w : std::initializer_list<QWidget*>{yFrom_, yTo_, yCount_})
        w->setEnabled(twoD);
    const QString names = selection_.isEmpty() ? tr("none selected") : selection_.join(", ");
    if (source == "plane")
        anchors_->setText(tr("3 selected members: %1").arg(names));
    else if (source == "line")
        anchors_->setText(tr("2 selected members: %1").arg(names));
    else if (source == "pca")
        anchors_->setText(tr("3 or more selected members (none = all): %1").arg(names));
    else
        anchors_->setText(tr("not used"));
}

landscape::LandscapeSettings LandscapeSettingsForm::settings() const {
    landscape::LandscapeSettings s;
    s.directions = landscape::parseDirectionSource(directions_->currentText().toStdString());
    s.normalization = landscape::parseNormalization(normalization_->currentText().toStdString());
    s.ignore = landscape::parseIgnoreMode(ignore_->currentText().toStdString());
    s.directionFile = directionFile_->text().trimmed().toStdString();
    std::vector<std::string> selected;
    for (const QString& name : selection_)
        selected.push_back(name.toStdString());
    const auto source = s.directions;
    using landscape::DirectionSource;
    if (source == DirectionSource::Plane || source == DirectionSource::Line ||
        source == DirectionSource::Pca)
        s.directionMembers = selected;
    // The member counts: core's one rule and message (the CLI gives the same).
    if (source == DirectionSource::Plane || source == DirectionSource::Line ||
        source == DirectionSource::Pca)
        landscape::checkDirectionMemberCount(source, selected.size());
    if (source == DirectionSource::File && s.directionFile.empty())
        throw InvalidArgument("file directions need a direction file");

    const QString center = center_->currentText();
    if (center == kSelectionMean) {
        if (selected.empty())
            throw InvalidArgument(
                "the centre is the mean of the selection, but no member is selected");
        s.centerMembers = selected;
    } else if (center != kReferenceCenter) {
        s.centerMembers = {center.toStdString()};
    }

    s.dimensions = (source == DirectionSource::Line || dimensions_->currentText() == "1-D") ? 1 : 2;
    s.x = {xFrom_->value(), xTo_->value(), xCount_->value()};
    s.y = {yFrom_->value(), yTo_->value(), yCount_->value()};
    s.split = split_->currentText().toStdString();
    s.subset = subset_->value();
    s.seed = static_cast<std::uint64_t>(seed_->value());
    s.recomputeBatchNorm = recomputeBatchNorm_->isChecked();
    s.engine = landscape::parseEngine(engine_->currentText().toStdString());
    landscape::validate(s);
    return s;
}

}  // namespace modescape::ui

#include "ui/views/connectivity/ConnectivityForm.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/common/Error.h"

namespace modescape::ui {

using connectivity::PathKind;

namespace {

constexpr PathKind kPathKinds[] = {PathKind::Linear, PathKind::Aligned, PathKind::Bezier,
                                   PathKind::Polychain};

QSpinBox* spinBox(const char* name, int low, int high, int value, QWidget* parent) {
    auto* box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(low, high);
    box->setValue(value);
    return box;
}

}  // namespace

ConnectivityForm::ConnectivityForm(QWidget* parent) : QScrollArea(parent) {
    setWidgetResizable(true);
    auto* panel = new QWidget(this);
    auto* layout = new QVBoxLayout(panel);
    layout->addWidget(buildViewBox(panel));
    layout->addWidget(buildPathBox(panel));
    layout->addWidget(buildMatrixBox(panel));
    cancel_ = new QPushButton(tr("Cancel"), panel);
    cancel_->setObjectName("connectCancel");
    cancel_->setEnabled(false);
    layout->addWidget(cancel_);
    status_ = new QLabel(panel);
    status_->setObjectName("connectStatus");
    status_->setWordWrap(true);
    layout->addWidget(status_);
    layout->addStretch(1);
    setWidget(panel);

    connect(view_, &QComboBox::currentIndexChanged, this, &ConnectivityForm::viewChanged);
    connect(split_, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT splitChanged(); });
    connect(compute_, &QPushButton::clicked, this, [this] { Q_EMIT computeRequested(); });
    connect(matrix_, &QPushButton::clicked, this, [this] { Q_EMIT matrixRequested(); });
    connect(cancel_, &QPushButton::clicked, this, [this] { Q_EMIT cancelRequested(); });
}

QWidget* ConnectivityForm::buildViewBox(QWidget* parent) {
    auto* box = new QGroupBox(tr("View"), parent);
    auto* form = new QFormLayout(box);
    view_ = new QComboBox(box);
    view_->setObjectName("connectView");
    view_->addItems({tr("Paths: loss and accuracy against t"), tr("Curve on its plane: surface"),
                     tr("Curve on its plane: contour map"), tr("Barrier matrix")});
    form->addRow(view_);
    split_ = new QComboBox(box);
    split_->setObjectName("connectSplit");
    split_->addItems({"test", "train"});
    form->addRow(tr("Split"), split_);
    return box;
}

QWidget* ConnectivityForm::buildPathBox(QWidget* parent) {
    auto* box = new QGroupBox(tr("Paths between two members"), parent);
    auto* form = new QFormLayout(box);
    memberA_ = new QComboBox(box);
    memberA_->setObjectName("connectA");
    memberB_ = new QComboBox(box);
    memberB_->setObjectName("connectB");
    form->addRow(tr("A (t = 0)"), memberA_);
    form->addRow(tr("B (t = 1)"), memberB_);
    auto* kindRow = new QWidget(box);
    auto* kindLayout = new QHBoxLayout(kindRow);
    kindLayout->setContentsMargins(0, 0, 0, 0);
    for (PathKind kind : kPathKinds) {
        auto* tick = new QCheckBox(QString::fromUtf8(connectivity::pathKindName(kind)), kindRow);
        tick->setObjectName(QStringLiteral("connect_") + connectivity::pathKindName(kind));
        tick->setChecked(kind == PathKind::Linear || kind == PathKind::Bezier);
        kindLayout->addWidget(tick);
        kinds_.push_back(tick);
    }
    form->addRow(kindRow);
    bends_ = spinBox("connectBends", 3, 12, 3, box);
    bends_->setToolTip(tr("Control points of a curve, both ends included"));
    form->addRow(tr("Bends"), bends_);
    epochs_ = spinBox("connectEpochs", 1, 1000, 20, box);
    form->addRow(tr("Epochs"), epochs_);
    points_ = spinBox("connectPoints", 2, 1001, 61, box);
    form->addRow(tr("Points"), points_);
    plane_ = new QCheckBox(tr("Landscape of the curve's plane"), box);
    plane_->setObjectName("connectPlane");
    plane_->setChecked(true);
    form->addRow(plane_);
    planeGrid_ = spinBox("connectPlaneGrid", 5, 201, 31, box);
    form->addRow(tr("Plane grid"), planeGrid_);
    compute_ = new QPushButton(tr("Compute"), box);
    compute_->setObjectName("connectCompute");
    form->addRow(compute_);
    return box;
}

QWidget* ConnectivityForm::buildMatrixBox(QWidget* parent) {
    auto* box = new QGroupBox(tr("Barrier matrix of the selection"), parent);
    auto* form = new QFormLayout(box);
    matrixAligned_ = new QCheckBox(tr("Align each pair first"), box);
    matrixAligned_->setObjectName("matrixAligned");
    form->addRow(matrixAligned_);
    threshold_ = new QDoubleSpinBox(box);
    threshold_->setObjectName("matrixThreshold");
    threshold_->setDecimals(3);
    threshold_->setRange(0.0, 100.0);
    threshold_->setSingleStep(0.05);
    threshold_->setValue(0.1);
    form->addRow(tr("Basin threshold"), threshold_);
    matrix_ = new QPushButton(tr("Matrix"), box);
    matrix_->setObjectName("connectMatrix");
    form->addRow(matrix_);
    return box;
}

void ConnectivityForm::setMembers(const QStringList& members) {
    memberA_->clear();
    memberB_->clear();
    memberA_->addItems(members);
    memberB_->addItems(members);
    if (members.size() > 1)
        memberB_->setCurrentIndex(1);
}

void ConnectivityForm::setPair(const QString& a, const QString& b) {
    if (memberA_->findText(a) < 0 || memberB_->findText(b) < 0)
        return;
    memberA_->setCurrentText(a);
    memberB_->setCurrentText(b);
}

PathRequest ConnectivityForm::pathRequest() const {
    PathRequest r;
    r.memberA = memberA_->currentText().toStdString();
    r.memberB = memberB_->currentText().toStdString();
    if (r.memberA.empty() || r.memberA == r.memberB)
        throw InvalidArgument("choose two different members A and B");
    for (std::size_t k = 0; k < kinds_.size(); ++k)
        if (kinds_[k]->isChecked())
            r.kinds.push_back(kPathKinds[k]);
    if (r.kinds.empty())
        throw InvalidArgument("tick at least one kind of path");
    r.settings.bends = bends_->value();
    r.settings.training.epochs = epochs_->value();
    r.settings.points = points_->value();
    r.plane = plane_->isChecked();
    r.planeSettings.gridPoints = planeGrid_->value();
    r.planeSettings.split = split_->currentText().toStdString();
    return r;
}

connectivity::BarrierMatrixSettings ConnectivityForm::matrixSettings(
    const QStringList& selection) const {
    connectivity::BarrierMatrixSettings s;
    if (selection.size() >= 2)
        for (const QString& name : selection)
            s.members.push_back(name.toStdString());
    s.aligned = matrixAligned_->isChecked();
    s.threshold = threshold_->value();
    s.points = points_->value();
    return s;
}

int ConnectivityForm::viewIndex() const {
    return view_->currentIndex();
}

void ConnectivityForm::setViewIndex(int index) {
    view_->setCurrentIndex(index);
}

bool ConnectivityForm::showsTrainSplit() const {
    return split_->currentText() == "train";
}

void ConnectivityForm::setBusy(bool busy) {
    compute_->setEnabled(!busy);
    matrix_->setEnabled(!busy);
    cancel_->setEnabled(busy);
}

void ConnectivityForm::setStatus(const QString& text) {
    status_->setText(text);
}

}  // namespace modescape::ui

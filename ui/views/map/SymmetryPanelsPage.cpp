#include "ui/views/map/SymmetryPanelsPage.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <optional>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/evaluation/LoadedSet.h"
#include "core/io/set/CheckpointSet.h"
#include "core/symmetry/SymmetryPanelsResult.h"
#include "ui/jobs/JobRunner.h"
#include "ui/views/map/MassPanel.h"
#include "ui/views/map/MaxUnitHistogramPanel.h"
#include "ui/views/map/MmdTableWidget.h"
#include "ui/views/map/SymmetryPanelsGrid.h"
#include "ui/views/map/WeightPairHistogramPanel.h"

namespace modescape::ui {

SymmetryPanelsPage::SymmetryPanelsPage(JobRunner* runner,
                                       std::shared_ptr<const io::CheckpointSet> set,
                                       QWidget* parent)
    : ViewPage(parent), runner_(runner), set_(std::move(set)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    grid_ = new SymmetryPanelsGrid(this);
    layout->addWidget(grid_, 1);
    mmd_ = new MmdTableWidget(this);
    mmd_->setObjectName("mmdTable");
    mmd_->setMaximumHeight(160);
    layout->addWidget(mmd_);
    properties_ = buildProperties();
    fillTensorChoices();
    setStatus(tr("Choose a pair of weights and press Compute."));
}

QWidget* SymmetryPanelsPage::buildProperties() {
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    auto* panel = new QWidget(scroll);
    auto* layout = new QVBoxLayout(panel);
    auto* box = new QGroupBox(tr("Symmetry panels"), panel);
    auto* form = new QFormLayout(box);
    pairTensor_ = new QComboBox(box);
    pairTensor_->setObjectName("panelsPairTensor");
    elementA_ = new QSpinBox(box);
    elementA_->setObjectName("panelsElementA");
    elementB_ = new QSpinBox(box);
    elementB_->setObjectName("panelsElementB");
    indexTensor_ = new QComboBox(box);
    indexTensor_->setObjectName("panelsIndexTensor");
    removedSpace_ = new QComboBox(box);
    removedSpace_->setObjectName("panelsRemoved");
    removedSpace_->addItem(tr("scaling + permutation removed"),
                           int(symmetry::WeightSpace::ScalingPermutation));
    removedSpace_->addItem(tr("scaling removed"), int(symmetry::WeightSpace::Scaling));
    bins_ = new QSpinBox(box);
    bins_->setObjectName("panelsBins");
    bins_->setRange(1, 200);
    bins_->setValue(20);
    form->addRow(tr("Tensor"), pairTensor_);
    form->addRow(tr("Weight x (flat index)"), elementA_);
    form->addRow(tr("Weight y (flat index)"), elementB_);
    form->addRow(tr("Layer for the largest weight"), indexTensor_);
    form->addRow(tr("Compare raw with"), removedSpace_);
    form->addRow(tr("Bins"), bins_);
    auto* buttons = new QHBoxLayout;
    computeButton_ = new QPushButton(tr("Compute"), box);
    computeButton_->setObjectName("panelsCompute");
    cancelButton_ = new QPushButton(tr("Cancel"), box);
    cancelButton_->setEnabled(false);
    buttons->addWidget(computeButton_);
    buttons->addWidget(cancelButton_);
    form->addRow(buttons);
    status_ = new QLabel(box);
    status_->setObjectName("panelsStatus");
    status_->setWordWrap(true);
    form->addRow(status_);
    layout->addWidget(box);
    layout->addStretch(1);
    scroll->setWidget(panel);

    connect(pairTensor_, &QComboBox::currentIndexChanged, this, [this] {
        const qlonglong numel = pairTensor_->currentData().toLongLong();
        elementA_->setMaximum(int(std::max<qlonglong>(0, numel - 1)));
        elementB_->setMaximum(int(std::max<qlonglong>(0, numel - 1)));
    });
    connect(bins_, &QSpinBox::valueChanged, this, [this] { showData(); });
    connect(computeButton_, &QPushButton::clicked, this, [this] { compute(); });
    connect(cancelButton_, &QPushButton::clicked, this, [this] { cancel(); });
    return scroll;
}

void SymmetryPanelsPage::fillTensorChoices() {
    if (!set_)
        return;
    // Layers' weights (2 dims or more) first: those the paper's panels show.
    std::vector<const io::TensorInfo*> tensors;
    for (const auto& t : set_->tensors)
        if (t.shape.size() >= 2)
            tensors.push_back(&t);
    for (const auto& t : set_->tensors)
        if (t.shape.size() < 2 && t.numel() > 1)
            tensors.push_back(&t);
    for (const io::TensorInfo* t : tensors) {
        const QString label = QString::fromStdString(t->name + " " + io::shapeToString(t->shape));
        pairTensor_->addItem(label, qlonglong(t->numel()));
        pairTensor_->setItemData(pairTensor_->count() - 1, QString::fromStdString(t->name),
                                 Qt::UserRole + 1);
        indexTensor_->addItem(label, QString::fromStdString(t->name));
    }
    elementB_->setValue(1);
}

void SymmetryPanelsPage::setBins(int bins) {
    bins_->setValue(bins);
}

void SymmetryPanelsPage::setPair(const QString& tensor, int elementA, int elementB) {
    for (int i = 0; i < pairTensor_->count(); ++i)
        if (pairTensor_->itemData(i, Qt::UserRole + 1).toString() == tensor)
            pairTensor_->setCurrentIndex(i);
    elementA_->setValue(elementA);
    elementB_->setValue(elementB);
}

void SymmetryPanelsPage::setIndexTensor(const QString& tensor) {
    indexTensor_->setCurrentIndex(indexTensor_->findData(tensor));
}

symmetry::SymmetryPanelOptions SymmetryPanelsPage::options() const {
    symmetry::SymmetryPanelOptions o;
    o.pairTensor = pairTensor_->currentData(Qt::UserRole + 1).toString().toStdString();
    o.indexTensor = indexTensor_->currentData().toString().toStdString();
    o.elementA = elementA_->value();
    o.elementB = elementB_->value();
    o.removed.space = symmetry::WeightSpace(removedSpace_->currentData().toInt());
    return o;
}

int SymmetryPanelsPage::compute() {
    if (job_ || !set_)
        return 0;
    const symmetry::SymmetryPanelOptions panelOptions = options();
    auto result = std::make_shared<symmetry::SymmetryPanelsResult>();
    auto set = set_;
    QPointer<SymmetryPanelsPage> self(this);
    JobRequest request;
    request.name = tr("Symmetry panels");
    request.work = [result, set, panelOptions, bins = bins_->value()](const JobContext& context) {
        evaluation::LoadedSet loaded(*set);
        *result = symmetry::computeSymmetryPanelsResult(loaded, panelOptions, bins, context);
    };
    auto finish = [self](bool completed) {
        self->job_ = 0;
        self->computeButton_->setEnabled(true);
        self->cancelButton_->setEnabled(false);
        Q_EMIT self->computeFinished(completed);
    };
    request.onSuccess = [self, result, finish] {
        if (!self)
            return;
        self->data_ = std::make_shared<const symmetry::SymmetryPanelData>(result->data);
        if (result->mmd)
            self->mmd_->setTable(result->mmd->table,
                                 QString::fromStdString(self->data_->removedSpace));
        else
            self->mmd_->clearTable(QString::fromStdString(result->mmdMessage));
        self->showData();
        self->setStatus(tr("%1 members; raw vs %2")
                            .arg(self->data_->members.size())
                            .arg(QString::fromStdString(self->data_->removedSpace)));
        finish(true);
    };
    request.onFailure = [self, finish](const QString& message) {
        if (!self)
            return;
        self->setStatus(tr("Stopped: %1").arg(message));
        log::error("symmetry panels: " + message.toStdString());
        finish(false);
    };
    request.onCancelled = [self, finish] {
        if (!self)
            return;
        self->setStatus(tr("Cancelled."));
        finish(false);
    };
    job_ = runner_->submit(std::move(request));
    computeButton_->setEnabled(false);
    cancelButton_->setEnabled(true);
    setStatus(tr("Computing..."));
    return job_;
}

void SymmetryPanelsPage::cancel() {
    if (job_)
        runner_->cancel(job_);
}

void SymmetryPanelsPage::showData() {
    if (!data_)
        return;
    grid_->showPanels(*data_, symmetry::binSymmetryPanels(*data_, bins_->value()));
}

QImage SymmetryPanelsPage::exportImage(double scale, bool transparentBackground) {
    return grid_->paintedImage(scale, transparentBackground);
}

QString SymmetryPanelsPage::status() const {
    return status_->text();
}

void SymmetryPanelsPage::setStatus(const QString& text) {
    status_->setText(text);
}

}  // namespace modescape::ui

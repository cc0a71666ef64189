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
#include "core/symmetry/PanelBinning.h"
#include "core/symmetry/SetProjection.h"
#include "ui/jobs/JobRunner.h"
#include "ui/views/map/MassPanel.h"
#include "ui/views/map/MaxUnitHistogramPanel.h"
#include "ui/views/map/MmdTableWidget.h"
#include "ui/views/map/WeightPairHistogramPanel.h"

namespace modescape::ui {

namespace {

// What one job hands back: the panel data, and the MMD table when the set has
// two groups of two members at least (else why not).
struct PanelsJobResult {
    symmetry::SymmetryPanelData data;
    std::optional<projection::MmdTable> mmd;
    QString mmdMessage;
};

bool mmdApplies(const io::CheckpointSet& set) {
    const auto counts = set.groupCounts();
    return counts.size() >= 2 &&
           std::all_of(counts.begin(), counts.end(), [](const auto& c) { return c.second >= 2; });
}

}  // namespace

SymmetryPanelsPage::SymmetryPanelsPage(JobRunner* runner,
                                       std::shared_ptr<const io::CheckpointSet> set,
                                       QWidget* parent)
    : ViewPage(parent), runner_(runner), set_(std::move(set)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    grid_ = new QWidget(this);
    grid_->setAutoFillBackground(true);
    auto* grid = new QGridLayout(grid_);
    rawPair_ = new WeightPairHistogramPanel(grid_);
    removedPair_ = new WeightPairHistogramPanel(grid_);
    rawUnit_ = new MaxUnitHistogramPanel(grid_);
    removedUnit_ = new MaxUnitHistogramPanel(grid_);
    mass_ = new MassPanel(grid_);
    grid->addWidget(rawPair_, 0, 0);
    grid->addWidget(removedPair_, 0, 1);
    grid->addWidget(mass_, 0, 2, 2, 1);
    grid->addWidget(rawUnit_, 1, 0);
    grid->addWidget(removedUnit_, 1, 1);
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
    auto result = std::make_shared<PanelsJobResult>();
    auto set = set_;
    QPointer<SymmetryPanelsPage> self(this);
    JobRequest request;
    request.name = tr("Symmetry panels");
    request.work = [result, set, panelOptions](const JobContext& context) {
        evaluation::LoadedSet loaded(*set);
        result->data = symmetry::computeSymmetryPanels(loaded, panelOptions, context);
        if (!mmdApplies(*set)) {
            result->mmdMessage = QObject::tr("MMD needs two groups of two members at least");
            return;
        }
        result->mmd = symmetry::mmdOfSet(*set, panelOptions.removed, {}, context).table;
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
            self->mmd_->setTable(*result->mmd, QString::fromStdString(self->data_->removedSpace));
        else
            self->mmd_->clearTable(result->mmdMessage);
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
    const auto& d = *data_;
    const int bins = bins_->value();
    const QString tensor = QString::fromStdString(d.pairTensor);
    const QString x = tr("%1[%2]").arg(tensor).arg(d.elementA);
    const QString y = tr("%1[%2]").arg(tensor).arg(d.elementB);
    rawPair_->setHistogram(symmetry::squareHistogram2d(d.rawA, d.rawB, bins), tr("Raw weights"), x,
                           y);
    removedPair_->setHistogram(symmetry::squareHistogram2d(d.removedA, d.removedB, bins),
                               tr("Symmetry removed"), x, y);
    const QString layer = QString::fromStdString(d.indexTensor);
    rawUnit_->setHistogram(symmetry::groupIndexHistogram(d.groups, d.rawMaxUnit, d.units),
                           tr("Largest weight of %1, raw").arg(layer));
    removedUnit_->setHistogram(symmetry::groupIndexHistogram(d.groups, d.removedMaxUnit, d.units),
                               tr("Largest weight of %1, removed").arg(layer));
    mass_->setMasses(d.mass, d.minimalMass, d.excessMass, d.groups, bins);
}

QImage SymmetryPanelsPage::exportImage(double scale, bool transparentBackground) {
    const QSize size = (QSizeF(grid_->size()) * scale).toSize().expandedTo(QSize(1, 1));
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(transparentBackground ? Qt::transparent : Qt::white);
    QPainter painter(&image);
    painter.scale(scale, scale);
    for (PanelWidget* panel :
         std::initializer_list<PanelWidget*>{rawPair_, removedPair_, rawUnit_, removedUnit_, mass_})
        panel->paintPanel(painter, QRectF(panel->geometry()));
    return image;
}

QString SymmetryPanelsPage::status() const {
    return status_->text();
}

void SymmetryPanelsPage::setStatus(const QString& text) {
    status_->setText(text);
}

}  // namespace modescape::ui

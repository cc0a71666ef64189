#include "ui/views/map/SymmetryPanelsPage.h"

#include <QCompleter>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

#include "core/analysis/AllAnalyses.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/Error.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/views/map/MmdTableWidget.h"
#include "ui/views/map/SymmetrySpecPanel.h"

namespace modescape::ui {

SymmetryPanelsPage::SymmetryPanelsPage(JobRunner* runner,
                                       std::shared_ptr<analysis::SetWorkspace> workspace,
                                       QWidget* parent)
    : AnalysisPage(analysis::panelsAnalysis(), runner, std::move(workspace), parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    grid_ = new SymmetryPanelsGrid(this);
    layout->addWidget(grid_, 1);
    auto* bottom = new QHBoxLayout;
    mmd_ = new MmdTableWidget(this);
    mmd_->setObjectName("mmdTable");
    mmd_->setMaximumHeight(160);
    bottom->addWidget(mmd_, 1);
    specPanel_ = new SymmetrySpecPanel(this);
    specPanel_->setMaximumHeight(220);
    bottom->addWidget(specPanel_, 1);
    layout->addLayout(bottom);
    offerTensors();
    // The bins only re-count what was read: no new run.
    connect(form(), &ParameterForm::valuesChanged, this, [this] { rebin(); });
    setStatus(tr("Choose a pair of weights and press Compute."));
}

void SymmetryPanelsPage::offerTensors() {
    // The tensor fields complete the set's tensor names, layers' weights first.
    if (!workspace())
        return;
    QStringList names, shaped;
    for (const auto& t : workspace()->set().tensors)
        if (t.shape.size() >= 2)
            names << QString::fromStdString(t.name);
    for (const auto& t : workspace()->set().tensors)
        if (t.shape.size() < 2 && t.numel() > 1)
            names << QString::fromStdString(t.name);
    for (const auto& t : workspace()->set().tensors)
        shaped << QString::fromStdString(t.name + " " + io::shapeToString(t.shape));
    for (const char* name : {"pair-tensor", "index-tensor"})
        if (auto* edit = qobject_cast<QLineEdit*>(form()->editor(name))) {
            auto* completer = new QCompleter(names, edit);
            completer->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
            edit->setCompleter(completer);
            edit->setToolTip(edit->toolTip() + "\n" + shaped.join("\n"));
        }
}

void SymmetryPanelsPage::setValue(const char* name, const nlohmann::json& value) {
    analysis::ParameterValues values = form()->rawValues();
    values[name] = value;
    form()->setValues(values);
}

void SymmetryPanelsPage::setBins(int bins) {
    setValue("bins", bins);
}

void SymmetryPanelsPage::setPair(const QString& tensor, int elementA, int elementB) {
    analysis::ParameterValues values = form()->rawValues();
    values["pair-tensor"] = tensor.toStdString();
    values["element-a"] = elementA;
    values["element-b"] = elementB;
    form()->setValues(values);
}

void SymmetryPanelsPage::setIndexTensor(const QString& tensor) {
    setValue("index-tensor", tensor.toStdString());
}

void SymmetryPanelsPage::showResult(const std::any& result, bool complete) {
    const auto* panels = std::any_cast<symmetry::SymmetryPanelsResult>(&result);
    if (!panels || !complete)
        return;  // one unit: nothing partial to show
    shown_ = std::make_shared<symmetry::SymmetryPanelsResult>(*panels);
    if (shown_->mmd)
        mmd_->setTable(shown_->mmd->table, QString::fromStdString(shown_->data.removedSpace));
    else
        mmd_->clearTable(QString::fromStdString(shown_->mmdMessage));
    grid_->showPanels(shown_->data, shown_->histograms);
    specPanel_->showSpec(shown_->data.spec, workspace()
                                                ? QString::fromStdString(workspace()->set().folder)
                                                : QString());
    rebin();
    setStatus(tr("%1 members; raw vs %2")
                  .arg(shown_->data.members.size())
                  .arg(QString::fromStdString(shown_->data.removedSpace)));
}

void SymmetryPanelsPage::rebin() {
    if (!shown_)
        return;
    const nlohmann::json bins = form()->rawValues().value("bins", nlohmann::json());
    if (!bins.is_number_integer() || bins.get<int>() < 1 ||
        bins.get<int>() == shown_->histograms.bins)
        return;
    try {
        shown_->histograms = symmetry::binSymmetryPanels(shown_->data, bins.get<int>());
    } catch (const InvalidArgument&) {
        return;  // a value the form will refuse on Compute
    }
    grid_->showPanels(shown_->data, shown_->histograms);
}

QImage SymmetryPanelsPage::exportImage(double scale, bool transparentBackground) {
    return grid_->paintedImage(scale, transparentBackground);
}

FigurePaint SymmetryPanelsPage::figurePaint() {
    return [this](QPainter& painter, const QRectF& bounds) { grid_->paintFigure(painter, bounds); };
}

QString SymmetryPanelsPage::status() {
    // AnalysisPage's status line, in the properties panel wherever the dock put it.
    const auto* label = propertiesWidget()->findChild<QLabel*>("panels.status");
    return label ? label->text() : QString();
}

}  // namespace modescape::ui

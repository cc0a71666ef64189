#include "ui/views/trajectory/TrajectoryPage.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/analysis/TrajectoryAnalysis.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/landscape/ContourCanvas.h"
#include "ui/views/trajectory/TrajectoryView.h"

namespace modescape::ui {

TrajectoryPage::TrajectoryPage(JobRunner* runner, std::shared_ptr<analysis::SetWorkspace> workspace,
                               QWidget* parent)
    : AnalysisPage(analysis::trajectoryAnalysis(), runner, std::move(workspace), parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Show:"), this));
    mode_ = new QComboBox(this);
    mode_->setObjectName("trajectoryMode");
    mode_->addItem(tr("Surface (3-D)"), "surface");
    mode_->addItem(tr("Contour map"), "contour");
    bar->addWidget(mode_);
    bar->addStretch(1);
    layout->addLayout(bar);
    // A plain layout, not a splitter: `render` lays out pages that are never
    // shown, and only layouts size their children then.
    view_ = new TrajectoryView(this);
    table_ = new QTableWidget(0, 6, this);
    table_->setObjectName("trajectoryMembers");
    table_->setHorizontalHeaderLabels(
        {tr("Member"), tr("Group"), tr("Epoch"), tr("α"), tr("β"), tr("Projection error")});
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(view_, 4);
    layout->addWidget(table_, 1);
    connect(mode_, &QComboBox::currentIndexChanged, this, [this] {
        view_->setMode(mode_->currentData().toString() == "contour"
                           ? TrajectoryView::Mode::Contour
                           : TrajectoryView::Mode::Surface);
    });
    setStatus(tr("Choose the trajectory groups and press Compute."));
}

void TrajectoryPage::showResult(const std::any& any, bool complete) {
    const auto* result = std::any_cast<trajectory::TrajectoryResult>(&any);
    if (!result)
        return;
    view_->setResult(*result);
    shown_ = true;
    fillTable(*result);
    if (complete)
        setStatus(tr("Explained variance of the plane %1%, %2 members on %3 path(s)")
                      .arg(100.0 * result->explainedVariance, 0, 'f', 1)
                      .arg(result->path.size())
                      .arg(result->groups.size()));
}

void TrajectoryPage::fillTable(const trajectory::TrajectoryResult& result) {
    table_->setRowCount(0);
    const auto addRow = [&](const trajectory::TrajectoryPoint& p) {
        const int row = table_->rowCount();
        table_->insertRow(row);
        auto number = [](double v) {
            auto* item = new QTableWidgetItem;
            item->setData(Qt::DisplayRole, v);
            return item;
        };
        table_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(p.name)));
        table_->setItem(row, 1, new QTableWidgetItem(QString::fromStdString(p.group)));
        table_->setItem(row, 2, number(p.epochOrIndex()));
        table_->setItem(row, 3, number(p.alpha));
        table_->setItem(row, 4, number(p.beta));
        table_->setItem(
            row, 5, new QTableWidgetItem(QString::number(100.0 * p.projectionError, 'f', 2) + "%"));
    };
    for (const auto& p : result.path)
        addRow(p);
    for (const auto& p : result.scatter)
        addRow(p);
}

QImage TrajectoryPage::exportImage(double scale, bool transparentBackground) {
    if (view_->mode() == TrajectoryView::Mode::Contour)
        return view_->contourCanvas()->figureImage(scale, transparentBackground);
    return view_->vtkView()->grabScene(scale, transparentBackground);
}

FigurePaint TrajectoryPage::figurePaint() {
    if (view_->mode() != TrajectoryView::Mode::Contour)
        return {};
    view_->refreshHidden();  // a hidden view is brought up to date only when asked
    return view_->contourCanvas()->figurePaint();
}

nlohmann::json TrajectoryPage::displaySettings() const {
    return {{"view", mode_->currentData().toString().toStdString()}};
}

void TrajectoryPage::applyDisplaySettings(const nlohmann::json& settings) {
    if (!settings.is_object() || !settings.contains("view") || !settings["view"].is_string())
        return;
    const int index = mode_->findData(QString::fromStdString(settings["view"].get<std::string>()));
    if (index >= 0)
        mode_->setCurrentIndex(index);
}

VtkView* TrajectoryPage::cameraView() const {
    return view_->mode() == TrajectoryView::Mode::Contour ? nullptr : view_->vtkView();
}

}  // namespace modescape::ui

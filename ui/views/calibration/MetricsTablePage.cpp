#include "ui/views/calibration/MetricsTablePage.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>
#include <set>

#include "core/analysis/CalibrateAnalysis.h"
#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/io/set/CheckpointSet.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/views/calibration/MetricsCsv.h"
#include "ui/views/calibration/MetricsTableModel.h"

namespace modescape::ui {

MetricsTablePage::MetricsTablePage(AnalysisPage* calibration, QWidget* parent)
    : ViewPage(parent), calibration_(calibration) {
    model_ = new MetricsTableModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(MetricsTableModel::SortRole);

    table_ = new QTableView(this);
    table_->setObjectName("metricsTable");
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(-1, Qt::AscendingOrder);  // averages first, then members in set order
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setStretchLastSection(true);
    auto* copy = new QAction(tr("Copy"), table_);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &MetricsTablePage::copyToClipboard);
    table_->addAction(copy);
    table_->setContextMenuPolicy(Qt::ActionsContextMenu);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table_);
    properties_ = buildProperties();

    if (calibration_) {
        connect(calibration_, &AnalysisPage::resultChanged, this, &MetricsTablePage::refresh);
        connect(calibration_, &AnalysisPage::computeFinished, this, &MetricsTablePage::refresh);
    }
    refresh();
}

MetricsTablePage::~MetricsTablePage() {
    delete properties_;
}

QWidget* MetricsTablePage::buildProperties() {
    auto* panel = new QWidget(this);
    auto* layout = new QVBoxLayout(panel);
    layout->addWidget(new QLabel(tr("<b>Metrics table</b>"), panel));
    settings_ = new QLabel(panel);
    settings_->setWordWrap(true);
    layout->addWidget(settings_);
    auto* copy = new QPushButton(tr("Copy rows"), panel);
    copy->setObjectName("copyMetrics");
    copy->setToolTip(
        tr("Copy the selected rows (all rows when none is selected) as tab-separated text"));
    connect(copy, &QPushButton::clicked, this, &MetricsTablePage::copyToClipboard);
    auto* csv = new QPushButton(tr("Export CSV…"), panel);
    csv->setObjectName("exportMetricsCsv");
    connect(csv, &QPushButton::clicked, this, &MetricsTablePage::chooseCsvFile);
    layout->addWidget(copy);
    layout->addWidget(csv);
    layout->addStretch(1);
    return panel;
}

void MetricsTablePage::refresh() {
    const auto* result =
        calibration_ ? std::any_cast<analysis::CalibrateResult>(&calibration_->result()) : nullptr;
    if (!result) {
        model_->setContent({}, {}, nullptr);
        settings_->setText(calibration_ && calibration_->isComputing()
                               ? tr("<i>Computing…</i>")
                               : tr("Computed on the Reliability tab: choose the members, split "
                                    "and bins there."));
        return;
    }
    const calibration::CalibrationReport& report = result->calibrated.report;
    std::vector<QString> groupOf(result->calibrated.names.size());
    for (const auto& group : report.groups)
        for (const auto m : group.members)
            if (static_cast<std::size_t>(m) < groupOf.size())
                groupOf[static_cast<std::size_t>(m)] = QString::fromStdString(group.name);
    model_->setContent(report.members, groupOf, &report);
    const int bins = report.table.binCount;
    settings_->setText(
        tr("%1 split. ECE, MCE and RMSCE on %2 equal-width bins, adaptive ECE on %2 equal-mass "
           "bins; NLL in nats; Brier summed over classes. Members, split and bins: the "
           "Reliability tab.%3")
            .arg(QString::fromStdString(result->split))
            .arg(bins)
            .arg(calibration_->isComputing() ? tr("<br><i>Computing…</i>") : QString()));
    table_->resizeColumnsToContents();
}

void MetricsTablePage::copyToClipboard() {
    QList<int> rows;
    std::set<int> seen;
    for (const QModelIndex& index : table_->selectionModel()->selectedIndexes()) {
        const int row = proxy_->mapToSource(index).row();
        if (seen.insert(row).second)
            rows << row;
    }
    QApplication::clipboard()->setText(metricsTsv(*model_, rows));
}

bool MetricsTablePage::exportCsv(const QString& path) {
    try {
        writeMetricsCsv(*model_, path);
    } catch (const Error& error) {
        log::error(error.what());
        return false;
    }
    log::info("wrote the metrics table to " + path.toStdString());
    return true;
}

void MetricsTablePage::chooseCsvFile() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export metrics as CSV"),
                                                      "metrics.csv", tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportCsv(path);
}

QImage MetricsTablePage::exportImage(double scale, bool transparentBackground) {
    const qreal ratio = scale * table_->devicePixelRatioF();
    QImage image(QSize(std::lround(table_->width() * ratio), std::lround(table_->height() * ratio)),
                 QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(ratio);
    image.fill(transparentBackground ? Qt::transparent : Qt::white);
    QPainter painter(&image);
    table_->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
    painter.end();
    return image;
}

}  // namespace modescape::ui

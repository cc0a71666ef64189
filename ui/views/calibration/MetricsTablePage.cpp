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

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/io/set/CheckpointSet.h"
#include "ui/views/calibration/CalibrationSession.h"
#include "ui/views/calibration/MetricsCsv.h"
#include "ui/views/calibration/MetricsTableModel.h"

namespace modescape::ui {

MetricsTablePage::MetricsTablePage(CalibrationSession* session, QWidget* parent)
    : ViewPage(parent), session_(session) {
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

    connect(session_, &CalibrationSession::dataChanged, this, &MetricsTablePage::refresh);
    connect(session_, &CalibrationSession::reportChanged, this, &MetricsTablePage::refresh);
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
    std::vector<QString> groupOf;
    if (auto data = session_->data()) {
        groupOf.resize(data->memberNames().size());
        for (const auto& group : session_->groups())
            for (const auto m : group.members)
                groupOf[static_cast<std::size_t>(m)] = QString::fromStdString(group.name);
    }
    const auto report = session_->report();
    model_->setContent(session_->memberRows(), groupOf, report.get());
    const auto& options = session_->options().evaluation;
    settings_->setText(
        tr("Test split. ECE, MCE and RMSCE on %1 equal-width bins, adaptive ECE on %1 equal-mass "
           "bins; NLL in nats; Brier summed over classes.%2")
            .arg(options.bins)
            .arg(report ? QString() : tr("<br><i>Computing the selection…</i>")));
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

#include "ui/views/map/MmdTableWidget.h"

#include <QHeaderView>

namespace modescape::ui {

MmdTableWidget::MmdTableWidget(QWidget* parent) : QTableWidget(parent) {
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    clearTable(tr("No MMD yet"));
}

void MmdTableWidget::setTable(const projection::MmdTable& table, const QString& space) {
    const int n = int(table.groups.size());
    clear();
    setRowCount(n);
    setColumnCount(n);
    QStringList names;
    for (const auto& g : table.groups)
        names << QString::fromStdString(g);
    setHorizontalHeaderLabels(names);
    setVerticalHeaderLabels(names);
    std::size_t pair = 0;
    for (int a = 0; a < n; ++a)
        for (int b = a + 1; b < n; ++b, ++pair) {
            const projection::MmdValue& best = table.pairs[pair].maximum;
            const QString tip = tr("max MMD^2 in %1: %2 kernel, bandwidth %3")
                                    .arg(space, projection::mmdKernelName(best.kernel))
                                    .arg(best.bandwidth, 0, 'g', 4);
            for (auto [row, column] : {std::pair{a, b}, std::pair{b, a}}) {
                auto* item = new QTableWidgetItem(QString::number(table.maximum(a, b), 'g', 4));
                item->setToolTip(tip);
                setItem(row, column, item);
            }
        }
    for (int a = 0; a < n; ++a)
        setItem(a, a, new QTableWidgetItem(QStringLiteral("0")));
    setToolTip(tr("Unbiased MMD^2, maximum over Gaussian and Laplace kernels and 10 bandwidths, "
                  "in %1")
                   .arg(space));
}

void MmdTableWidget::clearTable(const QString& message) {
    clear();
    setRowCount(1);
    setColumnCount(1);
    setHorizontalHeaderLabels({tr("MMD")});
    setItem(0, 0, new QTableWidgetItem(message));
}

}  // namespace modescape::ui

#include "ui/views/calibration/MetricsTableModel.h"

#include <QFont>

namespace modescape::ui {

void MetricsTableModel::setContent(const std::vector<calibration::MemberReport>& members,
                                   const std::vector<QString>& memberGroups,
                                   const calibration::CalibrationReport* report) {
    beginResetModel();
    rows_.clear();
    if (report) {
        rows_.push_back({RowKind::SelectionAverage,
                         tr("Selection"),
                         {},
                         static_cast<int>(report->selection.size()),
                         report->bma});
        for (const auto& group : report->groups) {
            rows_.push_back({RowKind::GroupAverage, QString::fromStdString(group.name),
                             QString::fromStdString(group.name),
                             static_cast<int>(group.members.size()), group.metrics});
        }
    }
    for (const auto& member : members) {
        const auto i = static_cast<std::size_t>(member.index);
        rows_.push_back({RowKind::Member, QString::fromStdString(member.name),
                         i < memberGroups.size() ? memberGroups[i] : QString(), 1, member.metrics});
    }
    endResetModel();
}

double MetricsTableModel::metricValue(const Row& row, int column) {
    const calibration::PredictionMetrics& m = row.metrics;
    switch (column) {
        case Accuracy:
            return m.accuracy;
        case Nll:
            return m.nll;
        case Brier:
            return m.brier;
        case Ece:
            return m.ece;
        case AdaptiveEce:
            return m.adaptiveEce;
        case Mce:
            return m.mce;
        case Rmsce:
            return m.rmsce;
        default:
            return 0.0;
    }
}

QString MetricsTableModel::kindName(RowKind kind) {
    switch (kind) {
        case RowKind::SelectionAverage:
            return tr("selection BMA");
        case RowKind::GroupAverage:
            return tr("group BMA");
        case RowKind::Member:
            return tr("member");
    }
    return {};
}

int MetricsTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int MetricsTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MetricsTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Row& row = rows_[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (column) {
            case Name:
                return row.name;
            case Kind:
                return kindName(row.kind);
            case Members:
                return row.members;
            default:
                break;
        }
        const double value = metricValue(row, column);
        if (role == SortRole)
            return value;
        // Rates as percentages, the proper scores as numbers (as in the papers' tables).
        const bool rate = column == Accuracy || column == Ece || column == AdaptiveEce ||
                          column == Mce || column == Rmsce;
        return rate ? QString::number(100.0 * value, 'f', 2) + "%" : QString::number(value, 'f', 4);
    }
    // An int, not QVariant::fromValue(QFlags): registering that metatype emits
    // Qt 6 QByteArray code that Qt 5 (loaded by LibTorch's OpenCV) would bind to.
    if (role == Qt::TextAlignmentRole && column >= Members)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::FontRole && row.kind != RowKind::Member) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::ToolTipRole && column == Name && !row.group.isEmpty())
        return tr("group %1").arg(row.group);
    return {};
}

QVariant MetricsTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char* titles[ColumnCount] = {"Name",  "Kind", "Members",      "Accuracy", "NLL",
                                              "Brier", "ECE",  "Adaptive ECE", "MCE",      "RMSCE"};
    return section >= 0 && section < ColumnCount ? tr(titles[section]) : QVariant();
}

}  // namespace modescape::ui

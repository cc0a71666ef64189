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
        case Aurc:
            return m.aurc;
        case SmoothEce:
            return m.smoothEce;
        case SignedEce:
            return m.signedEce;
        case ClasswiseEce:
            return m.classwiseEce;
        default:
            return 0.0;
    }
}

std::optional<calibration::Interval> MetricsTableModel::metricInterval(const Row& row, int column) {
    if (!row.metrics.intervals)
        return std::nullopt;
    const calibration::MetricIntervals& ci = *row.metrics.intervals;
    switch (column) {
        case Accuracy:
            return ci.accuracy;
        case Nll:
            return ci.nll;
        case Brier:
            return ci.brier;
        case Ece:
            return ci.ece;
        case AdaptiveEce:
            return ci.adaptiveEce;
        case Mce:
            return ci.mce;
        case Rmsce:
            return ci.rmsce;
        case Aurc:
            return ci.aurc;
        case SmoothEce:
            return ci.smoothEce;
        case SignedEce:
            return ci.signedEce;
        case ClasswiseEce:
            return ci.classwiseEce;
        default:
            return std::nullopt;
    }
}

QString MetricsTableModel::formatted(int column, double value) {
    // Rates as percentages, the proper scores and the AURC as numbers (as in
    // the papers' tables); the signed ECE with its sign.
    const bool rate = column == Accuracy || column == Ece || column == AdaptiveEce ||
                      column == Mce || column == Rmsce || column == SmoothEce ||
                      column == SignedEce || column == ClasswiseEce;
    if (!rate)
        return QString::number(value, 'f', 4);
    return (column == SignedEce && value > 0 ? "+" : "") + QString::number(100.0 * value, 'f', 2) +
           "%";
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
        return formatted(column, value);
    }
    if (role == Qt::ToolTipRole && column >= Accuracy) {
        if (const auto ci = metricInterval(row, column))
            return tr("95% bootstrap interval [%1, %2] (%3 resamples)")
                .arg(formatted(column, ci->lower), formatted(column, ci->upper))
                .arg(row.metrics.intervals->resamples);
        return {};
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
    static const char* titles[ColumnCount] = {
        "Name",  "Kind",       "Members",      "Accuracy",      "NLL",
        "Brier", "ECE",        "Adaptive ECE", "MCE",           "RMSCE",
        "AURC",  "Smooth ECE", "Signed ECE",   "Class-wise ECE"};
    return section >= 0 && section < ColumnCount ? tr(titles[section]) : QVariant();
}

}  // namespace modescape::ui

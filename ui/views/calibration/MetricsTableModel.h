#pragma once
// The metrics table: one row for the selection's model average, one per
// group's model average, one per member; one column per metric. Cells show
// rounded numbers; SortRole holds the exact value, so sorting is numeric and
// exports and tests see the engine's numbers. With bootstrap intervals, a
// metric cell's tooltip gives its 95 % interval.

#include <QAbstractTableModel>
#include <QStringList>

#include <optional>
#include <vector>

#include "core/calibration/CalibrationReport.h"

namespace modescape::ui {

class MetricsTableModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    static constexpr int SortRole = Qt::UserRole + 1;
    enum Column {
        Name,
        Kind,
        Members,
        Accuracy,
        Nll,
        Brier,
        Ece,
        AdaptiveEce,
        Mce,
        Rmsce,
        Aurc,
        SmoothEce,
        SignedEce,
        ClasswiseEce,
        ColumnCount
    };
    enum class RowKind { SelectionAverage, GroupAverage, Member };

    struct Row {
        RowKind kind = RowKind::Member;
        QString name;
        QString group;  // the member's group (members only)
        int members = 1;
        calibration::PredictionMetrics metrics;
    };

    using QAbstractTableModel::QAbstractTableModel;

    // memberGroups[i] is the group of member i (may be empty). The report may be
    // null (selection still computing): member rows are shown alone then.
    void setContent(const std::vector<calibration::MemberReport>& members,
                    const std::vector<QString>& memberGroups,
                    const calibration::CalibrationReport* report);

    const std::vector<Row>& rows() const { return rows_; }
    // The engine value of a metric column for a row.
    static double metricValue(const Row& row, int column);
    // The bootstrap interval of a metric column, when the row has intervals.
    static std::optional<calibration::Interval> metricInterval(const Row& row, int column);
    static QString kindName(RowKind kind);
    // How a metric column shows a value: "3.21%", "+1.05%", "0.1234".
    static QString formatted(int column, double value);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

  private:
    std::vector<Row> rows_;
};

}  // namespace modescape::ui

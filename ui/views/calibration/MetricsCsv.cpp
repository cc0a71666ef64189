#include "ui/views/calibration/MetricsCsv.h"

#include <QSaveFile>
#include <QStringList>

#include "core/common/Error.h"
#include "ui/views/calibration/MetricsTableModel.h"

namespace modescape::ui {
namespace {

QString csvField(const QString& text) {
    if (!text.contains(',') && !text.contains('"') && !text.contains('\n'))
        return text;
    QString quoted = text;
    quoted.replace('"', "\"\"");
    return '"' + quoted + '"';
}

// Machine-friendly column names (the header titles are for people).
const QStringList& columnKeys() {
    static const QStringList keys = {"name",  "kind",       "members",      "accuracy",     "nll",
                                     "brier", "ece",        "adaptive_ece", "mce",          "rmsce",
                                     "aurc",  "smooth_ece", "signed_ece",   "classwise_ece"};
    return keys;
}

QStringList fields(const MetricsTableModel::Row& row, int precision) {
    QStringList out = {row.name, MetricsTableModel::kindName(row.kind),
                       QString::number(row.members)};
    for (int c = MetricsTableModel::Accuracy; c < MetricsTableModel::ColumnCount; ++c)
        out << QString::number(MetricsTableModel::metricValue(row, c), 'g', precision);
    return out;
}

}  // namespace

QString metricsCsv(const MetricsTableModel& model) {
    QString text = columnKeys().join(',') + '\n';
    for (const auto& row : model.rows()) {
        QStringList cells = fields(row, 17);
        for (QString& cell : cells)
            cell = csvField(cell);
        text += cells.join(',') + '\n';
    }
    return text;
}

QString metricsTsv(const MetricsTableModel& model, const QList<int>& rows) {
    QString text = columnKeys().join('\t') + '\n';
    const auto& all = model.rows();
    for (int i = 0; i < static_cast<int>(all.size()); ++i) {
        if (!rows.isEmpty() && !rows.contains(i))
            continue;
        text += fields(all[static_cast<std::size_t>(i)], 6).join('\t') + '\n';
    }
    return text;
}

void writeMetricsCsv(const MetricsTableModel& model, const QString& path) {
    QSaveFile file(path);
    const QByteArray bytes = metricsCsv(model).toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        throw IoError(path.toStdString(),
                      "could not write the CSV file (" + file.errorString().toStdString() + ")");
}

}  // namespace modescape::ui

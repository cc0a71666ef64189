#pragma once
// The metrics table as text: CSV files (full precision, written atomically)
// and tab-separated text for the clipboard (pastes into a spreadsheet).

#include <QList>
#include <QString>

namespace modescape::ui {

class MetricsTableModel;

// Header row then one line per row, in the model's row order. Numbers carry 17
// significant digits, so the file reads back to the engine's doubles.
QString metricsCsv(const MetricsTableModel& model);
// Same columns, tab-separated, numbers with 6 significant digits; only `rows`
// (model row numbers) when not empty.
QString metricsTsv(const MetricsTableModel& model, const QList<int>& rows = {});
// Throws modescape::IoError naming the path when the file cannot be written.
void writeMetricsCsv(const MetricsTableModel& model, const QString& path);

}  // namespace modescape::ui

#pragma once
// The metrics table tab: the chosen members' and each group's model average
// and every chosen member, with accuracy, NLL, Brier and the calibration
// errors; sortable by any column, copied to the clipboard as tab-separated
// text, exported as CSV. Its image export is a screenshot of the table.
// It computes nothing itself: it shows the result of the Reliability tab's
// "calibrate" run (its settings, Compute and Cancel are there), so both tabs
// show one computation, run once.

#include <QPointer>

#include "ui/views/ViewPage.h"

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace modescape::ui {

class AnalysisPage;
class MetricsTableModel;

class MetricsTablePage : public ViewPage {
    Q_OBJECT
  public:
    // `calibration` is the page whose "calibrate" results the table shows.
    explicit MetricsTablePage(AnalysisPage* calibration, QWidget* parent = nullptr);
    ~MetricsTablePage() override;

    QWidget* propertiesWidget() override { return properties_; }
    QImage exportImage(double scale, bool transparentBackground) override;

    MetricsTableModel* model() const { return model_; }
    QSortFilterProxyModel* proxy() const { return proxy_; }
    QTableView* table() const { return table_; }

    // Copies the selected rows (all rows when none is selected).
    void copyToClipboard();
    // Writes the table as CSV; false (and a log entry saying why) on failure.
    bool exportCsv(const QString& path);

  private:
    QWidget* buildProperties();
    void refresh();
    void chooseCsvFile();

    QPointer<AnalysisPage> calibration_;  // the user may close its tab first
    MetricsTableModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* table_;
    // The main window re-parents it into the properties dock: deleted with the page.
    QPointer<QWidget> properties_;
    QLabel* settings_ = nullptr;
};

}  // namespace modescape::ui

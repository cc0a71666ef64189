#pragma once
// Puts the calibration views in the main window: for each set the window
// shows (showSet, with the set's workspace) that can be evaluated, the
// Reliability tab (the "calibrate" analysis on the workspace), the Metrics
// tab (the same result as a table) and the Uncertainty tab (the
// "uncertainty" analysis), made again for each set; the browser's selection
// drives them. Each analysis runs once per change, on the worker.

#include <QObject>
#include <QPointer>

#include <memory>

#include "ui/views/ViewPage.h"

namespace modescape::analysis {
class SetWorkspace;
}

namespace modescape::ui {

class MainWindow;
class MetricsTablePage;
class ReliabilityDiagramPage;
class UncertaintyPage;

class CalibrationViews : public QObject {
    Q_OBJECT
  public:
    explicit CalibrationViews(MainWindow* window);

    // The set the window shows now. Only sets that can be evaluated (members,
    // a model and a test split) get calibration views; the previous set's go.
    void showSet(std::shared_ptr<analysis::SetWorkspace> workspace);

    // Null before a set that can be evaluated, or after the user closed the tab.
    ReliabilityDiagramPage* reliabilityPage() const;
    MetricsTablePage* metricsPage() const;
    UncertaintyPage* uncertaintyPage() const;

  private:
    void removePages();

    MainWindow* window_;
    // The user may close a tab; it is made again for the next set.
    QPointer<ViewPage> reliability_;
    QPointer<ViewPage> metrics_;
    QPointer<ViewPage> uncertainty_;
};

}  // namespace modescape::ui

#pragma once
// Puts the calibration views in the main window: when the window shows a set
// (showSet, with the set's workspace), its predictions are loaded on the
// worker through the workspace; once they are there the reliability diagram,
// metrics table and uncertainty tabs appear (the first two once, following
// later sets; the uncertainty tab, an AnalysisPage on the set's workspace, is
// made again for each set), and the browser's selection drives all three.

#include <QObject>
#include <QPointer>

#include <memory>

#include "ui/views/ViewPage.h"

namespace modescape::analysis {
class SetWorkspace;
}

namespace modescape::ui {

class CalibrationSession;
class MainWindow;
class MetricsTablePage;
class ReliabilityDiagramPage;
class UncertaintyPage;

class CalibrationViews : public QObject {
    Q_OBJECT
  public:
    explicit CalibrationViews(MainWindow* window);

    // The set the window shows now. Only sets that can be evaluated (members,
    // a model and a test split) get calibration views.
    void showSet(std::shared_ptr<analysis::SetWorkspace> workspace);

    CalibrationSession* session() const { return session_; }
    // Null until a set's predictions are loaded, or after the user closed the tab.
    ReliabilityDiagramPage* reliabilityPage() const;
    MetricsTablePage* metricsPage() const;
    UncertaintyPage* uncertaintyPage() const;

  private:
    void ensurePages();

    MainWindow* window_;
    CalibrationSession* session_;
    std::shared_ptr<analysis::SetWorkspace> workspace_;
    // The user may close a tab; it is made again for the next set.
    QPointer<ViewPage> reliability_;
    QPointer<ViewPage> metrics_;
    QPointer<ViewPage> uncertainty_;
};

}  // namespace modescape::ui

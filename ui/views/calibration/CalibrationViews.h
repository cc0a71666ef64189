#pragma once
// Puts the calibration views in the main window: when the set browser shows a
// set, its predictions are loaded on the worker; once they are there the
// reliability diagram, metrics table and uncertainty tabs appear (once; they
// follow later sets), and the browser's selection drives all three.

#include <QObject>
#include <QPointer>

#include "ui/views/ViewPage.h"

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

    CalibrationSession* session() const { return session_; }
    // Null until a set's predictions are loaded, or after the user closed the tab.
    ReliabilityDiagramPage* reliabilityPage() const;
    MetricsTablePage* metricsPage() const;
    UncertaintyPage* uncertaintyPage() const;

  private:
    void ensurePages();

    MainWindow* window_;
    CalibrationSession* session_;
    // The user may close a tab; it is made again for the next set.
    QPointer<ViewPage> reliability_;
    QPointer<ViewPage> metrics_;
    QPointer<ViewPage> uncertainty_;
};

}  // namespace modescape::ui

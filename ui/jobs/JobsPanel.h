#pragma once
// One row per job: name, progress bar, message and a Cancel button. Finished
// rows stay (greyed) so the user sees what ran; "Clear finished" removes them.

#include <QHash>
#include <QWidget>

#include "core/jobs/Eta.h"

class QLabel;
class QProgressBar;
class QPushButton;
class QVBoxLayout;

namespace modescape::ui {

class JobRunner;

class JobsPanel : public QWidget {
    Q_OBJECT
  public:
    explicit JobsPanel(JobRunner* runner, QWidget* parent = nullptr);

    int activeJobCount() const;

  private:
    struct Row {
        QWidget* widget;
        QLabel* name;
        QProgressBar* bar;
        QLabel* message;
        QPushButton* cancel;
        EtaEstimator eta;  // time left, from the reported fractions
        bool finished = false;
    };
    void addRow(int id, const QString& name);
    void finishRow(int id, const QString& status, bool failed);
    void clearFinished();

    JobRunner* runner_;
    QVBoxLayout* rowsLayout_;
    QHash<int, Row> rows_;
};

}  // namespace modescape::ui

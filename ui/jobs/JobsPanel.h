#pragma once
// One row per job: name, progress bar, message and a Cancel button. Finished
// rows stay (greyed) so the user sees what ran and how long it took (from the
// job's start on the worker to its end); "Clear finished" removes them.

#include <QElapsedTimer>
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
    // The message shown in a job's row ("running", "done in 12 ms" ...); empty
    // for an unknown id.
    QString statusText(int id) const;

  private:
    struct Row {
        QWidget* widget;
        QLabel* name;
        QProgressBar* bar;
        QLabel* message;
        QPushButton* cancel;
        EtaEstimator eta;     // time left, from the reported fractions
        QElapsedTimer clock;  // started when the worker starts the job
        bool finished = false;
    };
    void addRow(int id, const QString& name);
    void finishRow(int id, const QString& outcome, bool failed, bool succeeded = false);
    void clearFinished();

    JobRunner* runner_;
    QVBoxLayout* rowsLayout_;
    QHash<int, Row> rows_;
};

}  // namespace modescape::ui

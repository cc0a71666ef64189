#pragma once
// The tab a set opens on: what the set holds (groups, member counts, bytes on
// disk, model and data), each group's test accuracy once the members'
// predictions are in memory (the calibration views load them on opening, so
// it costs nothing more; without a model or a test split it says how to give
// them), and what each of the other tabs shows.

#include <QPointer>

#include <memory>

#include "ui/views/ViewPage.h"

class QLabel;
class QTableWidget;

namespace modescape::io {
struct CheckpointSet;
}

namespace modescape::ui {

class CalibrationSession;

class SetOverviewPage : public ViewPage {
    Q_OBJECT
  public:
    // Group accuracies come from `session` (may be null) once it has this set's rows.
    SetOverviewPage(std::shared_ptr<const io::CheckpointSet> set, CalibrationSession* session,
                    QWidget* parent = nullptr);
    ~SetOverviewPage() override;

    QWidget* propertiesWidget() override { return properties_; }
    QImage exportImage(double scale, bool transparentBackground) override;

    QTableWidget* groupTable() const { return groups_; }
    QString accuracyNote() const;
    // Whether the accuracy column holds this set's numbers.
    bool hasAccuracy() const { return hasAccuracy_; }

    // Columns of the group table.
    enum Column { GroupColumn, MembersColumn, BytesColumn, AccuracyColumn };

  private:
    void fillGroups();
    void pullAccuracy();
    QString tabGuide() const;

    std::shared_ptr<const io::CheckpointSet> set_;
    CalibrationSession* session_;
    bool evaluable_ = false;
    bool fresh_ = false;  // the session has loaded data since this page was made
    bool hasAccuracy_ = false;
    // The properties dock re-parents it, so the page deletes it itself.
    QPointer<QWidget> properties_;
    QTableWidget* groups_ = nullptr;
    QLabel* accuracyNote_ = nullptr;
};

}  // namespace modescape::ui

#pragma once
// The tab a set opens on: what the set holds (groups, member counts, bytes on
// disk, model and data), each group's test accuracy once the members'
// predictions are in memory (the calibration views load them on opening, so
// it costs nothing more; without a model or a test split it says how to give
// them), and what each of the other tabs shows.

#include <QPointer>

#include <map>
#include <memory>
#include <string>

#include "core/calibration/CalibrationReport.h"
#include "ui/views/ViewPage.h"

class QLabel;
class QTableWidget;

namespace modescape::io {
struct CheckpointSet;
}

namespace modescape::ui {

class AnalysisPage;

class SetOverviewPage : public ViewPage {
    Q_OBJECT
  public:
    // Group accuracies come from the test-split results of `calibration` (the
    // set's Reliability page, running `calibrate`; may be null).
    SetOverviewPage(std::shared_ptr<const io::CheckpointSet> set, AnalysisPage* calibration,
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
    QPointer<AnalysisPage> calibration_;
    // Each member's test-split row, kept when a later selection leaves it out.
    std::map<std::string, calibration::MemberReport> rows_;
    int testSamples_ = 0;
    bool evaluable_ = false;
    bool hasAccuracy_ = false;
    // The properties dock re-parents it, so the page deletes it itself.
    QPointer<QWidget> properties_;
    QTableWidget* groups_ = nullptr;
    QLabel* accuracyNote_ = nullptr;
};

}  // namespace modescape::ui

#pragma once
// The reliability diagram tab: for the selection's model average, a group's
// model average or one member, with the bin count and binning strategy in the
// properties panel. The bin table is computed on the worker from the cached
// probabilities; the latest request wins.

#include <QPointer>

#include <memory>

#include "ui/views/ViewPage.h"
#include "ui/views/calibration/ReliabilityDiagramScene.h"

class QComboBox;
class QLabel;
class QSpinBox;

namespace modescape::ui {

class CalibrationSession;
class VtkView;

class ReliabilityDiagramPage : public ViewPage {
    Q_OBJECT
  public:
    // Subject codes in the subject combo's item data.
    static constexpr int kSelectionSubject = -1;
    // A group g is -2 - g; a member is its index (>= 0).

    explicit ReliabilityDiagramPage(CalibrationSession* session, QWidget* parent = nullptr);
    ~ReliabilityDiagramPage() override;

    QWidget* propertiesWidget() override { return properties_; }
    QImage exportImage(double scale, bool transparentBackground) override;

    VtkView* view() const { return view_; }
    // What is drawn now, and how many times a new table arrived.
    const ReliabilityDiagramData& diagram() const { return diagram_; }
    int updates() const { return updates_; }

    // The properties, as the user sets them (tests drive these).
    void setSubject(int subject);
    void setBins(int bins);
    void setAdaptive(bool adaptive);

  Q_SIGNALS:
    void diagramChanged();

  private:
    QWidget* buildProperties();
    void refillSubjects();
    void recompute();

    CalibrationSession* session_;
    VtkView* view_;
    std::unique_ptr<ReliabilityDiagramScene> scene_;
    ReliabilityDiagramData diagram_;
    // The main window re-parents it into the properties dock: deleted with the page.
    QPointer<QWidget> properties_;
    QComboBox* subject_ = nullptr;
    QSpinBox* bins_ = nullptr;
    QComboBox* binning_ = nullptr;
    QLabel* summary_ = nullptr;
    int job_ = 0;
    int updates_ = 0;
    std::uint64_t generation_ = 0;
};

}  // namespace modescape::ui

#pragma once
// The Reliability tab: the "calibrate" analysis (`modescape calibrate`) on the
// set's workspace, its properties the analysis's form (members or group,
// split, bins, binning, OOD score ...), and the reliability diagram of the
// chosen members' model average. The same result fills the Metrics tab
// (MetricsTablePage follows this page), so both show one computation, run
// once. Computes whenever the selection or a value changes: the members'
// predictions come from the prediction cache after the first run.

#include <memory>

#include "ui/analysis/AnalysisPage.h"
#include "ui/rendering/FigureSource.h"
#include "ui/views/calibration/ReliabilityDiagramScene.h"

class QLabel;

namespace modescape::ui {

class ReliabilityDiagramWidget;
class ResultFileFollower;

class ReliabilityDiagramPage : public AnalysisPage, public FigureSource {
    Q_OBJECT
  public:
    // Computes once the event loop turns, with the form's values (every
    // member until a selection comes).
    ReliabilityDiagramPage(JobRunner* runner, std::shared_ptr<analysis::SetWorkspace> workspace,
                           QWidget* parent = nullptr);

    QImage exportImage(double scale, bool transparentBackground) override;
    FigurePaint figurePaint() override;
    QString resultSummary(const std::any& result) const override;

    ReliabilityDiagramWidget* view() const { return view_; }
    // What is drawn now, and how many complete results were drawn.
    const ReliabilityDiagramData& diagram() const { return diagram_; }
    int updates() const { return updates_; }

    // Follows `calibrate --out FILE` run elsewhere (docs/mpi.md): shows the
    // report once FILE is there (FollowedOutput.h).
    bool canFollowResultFile() const override { return true; }
    bool followResultFile(const QString& path) override;

    // Sets one value of the form, as the user would (tests, scripts).
    void setValue(const std::string& parameter, const nlohmann::json& value);

  Q_SIGNALS:
    void diagramChanged();

  protected:
    void showResult(const std::any& result, bool complete) override;

  private:
    ReliabilityDiagramWidget* view_;
    ReliabilityDiagramData diagram_;
    QLabel* summary_ = nullptr;
    int updates_ = 0;
};

}  // namespace modescape::ui

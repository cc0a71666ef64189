#pragma once
// The "Map" tab: the members of the set projected (PCA / t-SNE / MDS) in raw
// or symmetry-removed weights, or in function space: the "project" analysis
// (core/analysis/ProjectionAnalysis.h), whose form, Compute / Cancel and
// progress come from AnalysisPage. Maps are kept per result-defining values,
// so once a map is shown, changing a setting shows the kept map of the new
// values at once or computes it. The selection is shared with the set
// browser both ways.

#include <QPointer>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/symmetry/SetProjection.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/rendering/FigureSource.h"
#include "ui/rendering/PlotFrame.h"
#include "ui/rendering/RasterFigureSource.h"
#include "ui/views/map/MapModel.h"

class QLabel;

namespace modescape::ui {

class JobRunner;
class MapSettingsForm;
class MapView;
class ResultFileFollower;

class MapPage : public AnalysisPage, public FigureSource, public RasterFigureSource {
    Q_OBJECT
  public:
    MapPage(JobRunner* runner, std::shared_ptr<analysis::SetWorkspace> workspace,
            QWidget* parent = nullptr);

    QImage exportImage(double scale, bool transparentBackground) override;
    // A 2-D map paints itself (vector SVG / PDF); a 3-D one is exported as pixels.
    FigurePaint figurePaint() override;
    // A 3-D map's pixels with its text at the figure's height (--dpi, --font-size).
    QImage figureImage(double scale, bool transparentBackground, double textPixels) override;

    // The set browser's selection (does not emit selectionChanged).
    void setSelection(const QStringList& members);
    // Per-member accuracy and NLL for the metric colourings.
    void setMemberMetrics(MemberMetricsMap metrics);
    // Takes the members' test-split metrics from each complete result of a
    // "calibrate" page (the Reliability tab): a member keeps its numbers when
    // a later result leaves it out (they do not depend on the selection).
    void followCalibration(AnalysisPage* calibration);

    MapView* mapView() const { return map_; }
    MapSettingsForm* displayForm() const { return display_; }
    bool hasResult() const { return result().has_value(); }
    // The run's status and what the map shows (method, explained variance, notes).
    QString status() const;

    // Sessions: the colouring ("group", "accuracy", "nll", "meta:KEY"), the
    // display settings {"label_by": "name" | "meta:KEY", "window": {"x": [x0, x1],
    // "y": [y0, y1]}} (each only when set: no labels, all points) and the
    // camera of a 3-D map. A window given before the map's result is shown
    // is applied to the next result (a new result otherwise shows all points).
    nlohmann::json displaySettings() const override;
    void applyDisplaySettings(const nlohmann::json& settings) override;
    std::string colourBy() const override;
    void applyColourBy(const std::string& word) override;
    VtkView* cameraView() const override;

    // "Run elsewhere...": shows the CSV that `project --out` writes once the
    // job has written it (whole, at its end), with the form's values; a file
    // that is not such a CSV is named on the status line and tried again
    // when it changes.
    bool canFollowResultFile() const override { return true; }
    bool followResultFile(const QString& path) override;
    // The follower (null before followResultFile()).
    ResultFileFollower* follower() const;

  Q_SIGNALS:
    // The user selected members on the map.
    void selectionChanged(const QStringList& members);

  protected:
    void showResult(const std::any& result, bool complete) override;

  private:
    void onValuesChanged();
    // Colours the map as the display form's word says ("group", "meta:seed" ...).
    void applyColouring(const QString& word);
    // Labels the points as the display form's word says ("", "name", "meta:seed" ...).
    void applyLabels(const QString& word);
    MemberMetricsMap calibrationMetrics_;
    void keepResult();
    // Shows the followed CSV; true once it was shown (it is complete).
    bool showFollowedMap(const QString& path);

    std::map<std::string, symmetry::SetProjection> kept_;  // by result-defining values
    QStringList selection_;
    bool showingKept_ = false;
    std::optional<PlotRange> pendingWindow_;  // a session's zoom, for the next result

    MapView* map_ = nullptr;
    MapSettingsForm* display_ = nullptr;
    QLabel* description_ = nullptr;
    QLabel* runStatus_ = nullptr;  // AnalysisPage's status line
    QPointer<ResultFileFollower> follower_;
};

}  // namespace modescape::ui

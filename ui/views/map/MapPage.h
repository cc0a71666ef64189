#pragma once
// The "Map" tab: the members of the set projected (PCA / t-SNE / MDS) in raw
// or symmetry-removed weights, or in function space. Projections run on the
// worker (progress and Cancel in the jobs panel and here) and are kept per
// settings, so flipping the symmetry switch back shows the earlier map at
// once. The selection is shared with the set browser both ways.

#include <QStringList>

#include <map>
#include <memory>
#include <string>

#include "core/symmetry/SetProjection.h"
#include "ui/views/ViewPage.h"
#include "ui/views/map/MapScene.h"

class QLabel;
class QPushButton;

namespace modescape::io {
struct CheckpointSet;
}

namespace modescape::ui {

class CalibrationSession;
class JobRunner;
class MapSettingsForm;
class MapView;

class MapPage : public ViewPage {
    Q_OBJECT
  public:
    MapPage(JobRunner* runner, std::shared_ptr<const io::CheckpointSet> set,
            QWidget* parent = nullptr);

    QWidget* propertiesWidget() override { return properties_; }
    QImage exportImage(double scale, bool transparentBackground) override;

    // The set browser's selection (does not emit selectionChanged).
    void setSelection(const QStringList& members);
    // Per-member accuracy and NLL for the metric colourings.
    void setMemberMetrics(MemberMetricsMap metrics);
    // Takes the metrics from the calibration views' predictions whenever they change.
    void followCalibration(CalibrationSession* session);

    // Shows the cached map of the form's settings or computes it on the
    // worker. Returns the job id, or 0 when the cached map was shown.
    int compute();
    void cancel();

    MapView* mapView() const { return map_; }
    MapSettingsForm* settingsForm() const { return form_; }
    bool hasResult() const { return hasResult_; }
    QString status() const;

  Q_SIGNALS:
    // The user selected members on the map.
    void selectionChanged(const QStringList& members);
    void computeFinished(bool completed);

  private:
    QWidget* buildProperties();
    void showProjection(const symmetry::SetProjection& projection);
    void setStatus(const QString& text);
    void onSettingsChanged();

    JobRunner* runner_;
    std::shared_ptr<const io::CheckpointSet> set_;
    std::map<std::string, symmetry::SetProjection> cache_;  // by cacheKey
    QStringList selection_;
    int job_ = 0;
    bool hasResult_ = false;
    bool recomputeWhenDone_ = false;

    MapView* map_ = nullptr;
    QWidget* properties_ = nullptr;
    MapSettingsForm* form_ = nullptr;
    QPushButton* computeButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QLabel* status_ = nullptr;
};

}  // namespace modescape::ui

#pragma once
// The mode-connectivity tab: paths between two members (linear, aligned,
// trained Bezier / polychain) charted against t, the trained curve drawn on
// the landscape of its plane, and the barrier matrix of the selection as a
// heatmap by basin. Every computation runs on the worker; the views fill in
// as points arrive and Cancel keeps what was computed.

#include <QStringList>

#include <memory>
#include <vector>

#include "core/connectivity/BarrierMatrix.h"
#include "core/connectivity/CurvePlaneResult.h"
#include "core/connectivity/PathResult.h"
#include "ui/views/ViewPage.h"

class QStackedWidget;
class QTimer;

namespace modescape::io {
struct CheckpointSet;
}
namespace modescape::evaluation {
class LoadedSet;
}

namespace modescape::ui {

class BarrierHeatmap;
class ConnectivityForm;
class CurvePlaneView;
class JobRunner;
class PathChart;
class VtkView;

class ConnectivityPage : public ViewPage {
    Q_OBJECT
  public:
    enum class View { Chart, PlaneSurface, PlaneContour, Matrix };

    ConnectivityPage(JobRunner* runner, std::shared_ptr<const io::CheckpointSet> set,
                     QWidget* parent = nullptr);

    QWidget* propertiesWidget() override;
    QImage exportImage(double scale, bool transparentBackground) override;

    // The set browser's selection: the barrier matrix's members (two or more;
    // otherwise the whole set), and A, B when exactly two are selected.
    void setSelection(const QStringList& members);
    void showView(View view);

    // Starts the paths of the form (and the plane of the first trained curve
    // when asked). Returns the job id, or 0 when the form is invalid (the
    // reason goes to the status line) or a job is running.
    int compute();
    int computeMatrix();
    void cancel();

    const std::vector<connectivity::PathResult>& paths() const { return paths_; }
    const connectivity::CurvePlaneResult& plane() const { return plane_; }
    const connectivity::BarrierMatrix& matrix() const { return matrix_; }
    PathChart* chart() const { return chart_; }
    CurvePlaneView* planeView() const { return plane3d_; }
    BarrierHeatmap* heatmap() const { return heatmap_; }

  Q_SIGNALS:
    void resultChanged();
    void computeFinished(bool completed);

  private:
    // The worker's snapshots arrive faster than they can be drawn: keep the
    // latest and draw once per 40 ms (flushUpdates draws what is pending now).
    void queuePaths(std::vector<connectivity::PathResult> paths);
    void queuePlane(connectivity::CurvePlaneResult plane);
    void flushUpdates();
    void showPaths(const std::vector<connectivity::PathResult>& paths);
    void showPlane(const connectivity::CurvePlaneResult& plane);
    void showMatrix(const connectivity::BarrierMatrix& matrix);
    void redrawChart();
    void jobEnded(bool completed, const QString& message);
    int submit(const QString& name, std::function<void(const JobContext&)> work);

    JobRunner* runner_;
    std::shared_ptr<const io::CheckpointSet> set_;
    // Made on the worker by the first job and only used there after.
    std::shared_ptr<std::shared_ptr<evaluation::LoadedSet>> loaded_;
    std::vector<connectivity::PathResult> paths_;
    connectivity::CurvePlaneResult plane_;
    connectivity::BarrierMatrix matrix_;
    QStringList selection_;
    int job_ = 0;
    std::unique_ptr<std::vector<connectivity::PathResult>> pendingPaths_;
    std::unique_ptr<connectivity::CurvePlaneResult> pendingPlane_;
    QTimer* redrawTimer_ = nullptr;

    QStackedWidget* views_ = nullptr;
    PathChart* chart_ = nullptr;
    CurvePlaneView* plane3d_ = nullptr;
    BarrierHeatmap* heatmap_ = nullptr;
    ConnectivityForm* form_ = nullptr;
};

}  // namespace modescape::ui

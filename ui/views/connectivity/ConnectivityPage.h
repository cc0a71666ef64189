#pragma once
// The mode-connectivity tab: three analyses, each its own AnalysisPage (so
// Compute / Cancel / progress / stale results are AnalysisPage's), behind one
// view selector: paths between two members charted against t (connect), the
// trained curve on the landscape of its plane (curve-plane, as a surface or a
// contour map), and the barrier matrix of the selection as a heatmap by basin
// (barrier-matrix). The selector shows one page and its properties.

#include <QPointer>
#include <QStringList>

#include <memory>
#include <vector>

#include "core/connectivity/BarrierMatrix.h"
#include "core/connectivity/CurvePlaneResult.h"
#include "core/connectivity/PathResult.h"
#include "ui/rendering/FigureSource.h"
#include "ui/rendering/RasterFigureSource.h"
#include "ui/views/ViewPage.h"

class QComboBox;
class QStackedWidget;

namespace modescape::analysis {
class SetWorkspace;
}

namespace modescape::ui {

class AnalysisPage;
class BarrierHeatmap;
class BarrierMatrixPage;
class CurvePlanePage;
class CurvePlaneView;
class JobRunner;
class PathChart;
class PathPage;

class ConnectivityPage : public ViewPage, public FigureSource, public RasterFigureSource {
    Q_OBJECT
  public:
    enum class View { Chart, PlaneSurface, PlaneContour, Matrix };

    ConnectivityPage(JobRunner* runner, std::shared_ptr<analysis::SetWorkspace> workspace,
                     QWidget* parent = nullptr);
    ~ConnectivityPage() override;

    QWidget* propertiesWidget() override;
    QImage exportImage(double scale, bool transparentBackground) override;
    QImage figureImage(double scale, bool transparentBackground, double textPixels) override;
    // The shown page's paint function when it paints itself (the path chart),
    // none for the VTK views (exported as their pixels).
    FigurePaint figurePaint() override;

    // The set browser's selection: the barrier matrix's members, and A, B of
    // the path and the plane when exactly two are selected.
    void setSelection(const QStringList& members);
    void showView(View view);
    View view() const;

    // Compute of each page. One job at a time in this tab: returns 0 while
    // any of them computes (and when the form's values are refused).
    int compute();  // the path
    int computePlane();
    int computeMatrix();
    void cancel();  // whichever computes

    PathPage* pathPage() const { return path_; }
    // The page shown now (path chart, curve plane or barrier matrix): what a
    // figure of this tab is made of, at that page's size.
    ViewPage* shownPage() const;
    CurvePlanePage* planePage() const { return plane_; }
    BarrierMatrixPage* matrixPage() const { return matrix_; }
    const std::vector<connectivity::PathResult>& paths() const;
    const connectivity::CurvePlaneResult& plane() const;
    const connectivity::BarrierMatrix& matrix() const;
    PathChart* chart() const;
    CurvePlaneView* planeView() const;
    BarrierHeatmap* heatmap() const;

  Q_SIGNALS:
    void resultChanged();
    void computeFinished(bool completed);

  private:
    std::vector<AnalysisPage*> pages() const;
    bool computing() const;
    int start(AnalysisPage* page, View view);

    PathPage* path_ = nullptr;
    CurvePlanePage* plane_ = nullptr;
    BarrierMatrixPage* matrix_ = nullptr;
    QStackedWidget* views_ = nullptr;
    // The dock re-parents it; deleted with the page wherever it is.
    QPointer<QWidget> properties_;
    QComboBox* viewChoice_ = nullptr;
    QStackedWidget* pageProperties_ = nullptr;
};

}  // namespace modescape::ui

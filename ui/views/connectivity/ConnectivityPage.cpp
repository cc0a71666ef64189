#include "ui/views/connectivity/ConnectivityPage.h"

#include <QComboBox>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "core/analysis/SetWorkspace.h"
#include "ui/views/connectivity/BarrierMatrixPage.h"
#include "ui/views/connectivity/CurvePlanePage.h"
#include "ui/views/connectivity/CurvePlaneView.h"
#include "ui/views/connectivity/PathPage.h"

namespace modescape::ui {

ConnectivityPage::ConnectivityPage(JobRunner* runner,
                                   std::shared_ptr<analysis::SetWorkspace> workspace,
                                   QWidget* parent)
    : ViewPage(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    views_ = new QStackedWidget(this);
    path_ = new PathPage(runner, workspace, views_);
    plane_ = new CurvePlanePage(runner, workspace, views_);
    matrix_ = new BarrierMatrixPage(runner, workspace, views_);
    layout->addWidget(views_);

    properties_ = new QWidget(this);
    auto* side = new QVBoxLayout(properties_);
    side->setContentsMargins(0, 0, 0, 0);
    viewChoice_ = new QComboBox(properties_);
    viewChoice_->setObjectName("connectView");
    viewChoice_->addItems({tr("Paths: loss and accuracy against t"),
                           tr("Curve on its plane: surface"), tr("Curve on its plane: contour map"),
                           tr("Barrier matrix")});
    side->addWidget(viewChoice_);
    pageProperties_ = new QStackedWidget(properties_);
    side->addWidget(pageProperties_, 1);
    for (AnalysisPage* page : pages()) {
        views_->addWidget(page);
        pageProperties_->addWidget(page->propertiesWidget());
        connect(page, &AnalysisPage::resultChanged, this, &ConnectivityPage::resultChanged);
        connect(page, &AnalysisPage::computeFinished, this, &ConnectivityPage::computeFinished);
    }
    // Until the browser selects two members, A and B are the set's first two.
    if (workspace && workspace->set().members.size() >= 2) {
        const auto& members = workspace->set().members;
        const QString a = QString::fromStdString(members[0].name);
        const QString b = QString::fromStdString(members[1].name);
        setMemberPair(*path_, a, b);
        setMemberPair(*plane_, a, b);
    }
    connect(viewChoice_, &QComboBox::currentIndexChanged, this,
            [this](int index) { showView(static_cast<View>(index)); });
    showView(View::Chart);
}

ConnectivityPage::~ConnectivityPage() {
    // With it go the pages' own panels inside it.
    if (properties_ && properties_->parent() != this)
        delete properties_.data();
}

std::vector<AnalysisPage*> ConnectivityPage::pages() const {
    return {path_, plane_, matrix_};
}

QWidget* ConnectivityPage::propertiesWidget() {
    return properties_;
}

void ConnectivityPage::setSelection(const QStringList& members) {
    for (AnalysisPage* page : pages())
        page->setSelection(members);
    if (members.size() == 2) {
        setMemberPair(*path_, members[0], members[1]);
        setMemberPair(*plane_, members[0], members[1]);
    }
}

void ConnectivityPage::showView(View view) {
    if (viewChoice_->currentIndex() != static_cast<int>(view))
        viewChoice_->setCurrentIndex(static_cast<int>(view));  // comes back here
    AnalysisPage* page = view == View::Chart    ? static_cast<AnalysisPage*>(path_)
                         : view == View::Matrix ? static_cast<AnalysisPage*>(matrix_)
                                                : static_cast<AnalysisPage*>(plane_);
    if (view == View::PlaneSurface || view == View::PlaneContour)
        plane_->view()->setMode(view == View::PlaneSurface ? CurvePlaneView::Mode::Surface
                                                           : CurvePlaneView::Mode::Contour);
    views_->setCurrentWidget(page);
    pageProperties_->setCurrentWidget(page->propertiesWidget());
}

ConnectivityPage::View ConnectivityPage::view() const {
    return static_cast<View>(viewChoice_->currentIndex());
}

bool ConnectivityPage::computing() const {
    for (AnalysisPage* page : pages())
        if (page->isComputing())
            return true;
    return false;
}

int ConnectivityPage::start(AnalysisPage* page, View view) {
    if (computing())
        return 0;
    if (views_->currentWidget() != page)
        showView(view);
    return page->compute();
}

int ConnectivityPage::compute() {
    return start(path_, View::Chart);
}

int ConnectivityPage::computePlane() {
    return start(plane_, View::PlaneSurface);
}

int ConnectivityPage::computeMatrix() {
    return start(matrix_, View::Matrix);
}

void ConnectivityPage::cancel() {
    for (AnalysisPage* page : pages())
        page->cancel();
}

const std::vector<connectivity::PathResult>& ConnectivityPage::paths() const {
    return path_->paths();
}

const connectivity::CurvePlaneResult& ConnectivityPage::plane() const {
    return plane_->plane();
}

const connectivity::BarrierMatrix& ConnectivityPage::matrix() const {
    return matrix_->matrix();
}

PathChart* ConnectivityPage::chart() const {
    return path_->chart();
}

CurvePlaneView* ConnectivityPage::planeView() const {
    return plane_->view();
}

BarrierHeatmap* ConnectivityPage::heatmap() const {
    return matrix_->heatmap();
}

ViewPage* ConnectivityPage::shownPage() const {
    return dynamic_cast<ViewPage*>(views_->currentWidget());
}

QImage ConnectivityPage::exportImage(double scale, bool transparentBackground) {
    return static_cast<AnalysisPage*>(views_->currentWidget())
        ->exportImage(scale, transparentBackground);
}

QImage ConnectivityPage::figureImage(double scale, bool transparentBackground, double textPixels) {
    // The curve plane sizes its text for the figure; the others scale theirs.
    if (auto* raster = dynamic_cast<RasterFigureSource*>(views_->currentWidget()))
        return raster->figureImage(scale, transparentBackground, textPixels);
    return exportImage(scale, transparentBackground);
}

FigurePaint ConnectivityPage::figurePaint() {
    auto* source = dynamic_cast<FigureSource*>(views_->currentWidget());
    return source ? source->figurePaint() : FigurePaint();
}

}  // namespace modescape::ui

#include "ui/views/landscape/LandscapePage.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include "core/analysis/LandscapeAnalysis.h"
#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/landscape/LandscapeFiles.h"
#include "core/landscape/LandscapeJournal.h"
#include "ui/analysis/ResultFileFollower.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/landscape/ContourCanvas.h"
#include "ui/views/landscape/GridFromResult.h"
#include "ui/views/landscape/LandscapeLineChart.h"
#include "ui/views/landscape/LandscapeSurfaceView.h"
#include "ui/views/landscape/SurfaceStyleForm.h"

namespace modescape::ui {

namespace {

enum ModeIndex { SurfaceMode = 0, ContourMode = 1, LineMode = 2 };
// The session's words for the modes, in ModeIndex order.
const char* const kModeWords[] = {"surface", "contour", "line"};

// The values a surface was computed with: its provenance where the file has
// one, else its settings (older files, the reference tool's).
analysis::ParameterValues valuesOf(const landscape::LandscapeResult& result) {
    if (!result.provenance.empty()) {
        const auto provenance = nlohmann::json::parse(result.provenance, nullptr, false);
        if (provenance.is_object() && provenance.value("analysis", "") == "landscape" &&
            provenance.contains("parameters") && provenance["parameters"].is_object())
            return provenance["parameters"];
    }
    return analysis::valuesFrom(result.settings);
}

}  // namespace

LandscapePage::LandscapePage(JobRunner* runner, std::shared_ptr<analysis::SetWorkspace> workspace,
                             QWidget* parent)
    : AnalysisPage(analysis::landscapeAnalysis(), runner, std::move(workspace), parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    views_ = new QStackedWidget(this);
    surface_ = new LandscapeSurfaceView(views_);
    contour_ = new ContourCanvas(views_);
    contour_->setObjectName("landscapeContourView");
    line_ = new LandscapeLineChart(views_);
    views_->addWidget(surface_);
    views_->addWidget(contour_);
    views_->addWidget(line_);
    layout->addWidget(views_);
    addDisplayProperties(buildDisplay());
}

QWidget* LandscapePage::buildDisplay() {
    auto* box = new QGroupBox(tr("View"));
    auto* layout = new QVBoxLayout(box);
    mode_ = new QComboBox(box);
    mode_->setObjectName("landscape.view");
    mode_->addItems({tr("3-D surface"), tr("Contour map"), tr("1-D line")});
    layout->addWidget(mode_);
    styleForm_ = new SurfaceStyleForm(box);
    layout->addWidget(styleForm_);
    auto* files = new QHBoxLayout;
    auto* open = new QPushButton(tr("Open surface..."), box);
    open->setObjectName("landscape.open");
    auto* save = new QPushButton(tr("Save surface..."), box);
    save->setObjectName("landscape.save");
    files->addWidget(open);
    files->addWidget(save);
    layout->addLayout(files);

    connect(mode_, &QComboBox::currentIndexChanged, this, [this] { showCurrentMode(); });
    connect(styleForm_, &SurfaceStyleForm::styleChanged, this, [this](const SurfaceStyle& style) {
        surface_->setStyle(style);
        contour_->setStyle(style);
    });
    connect(open, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open surface"), QString(),
                                                          tr("Surfaces (*.h5 *.hdf5)"));
        if (!path.isEmpty())
            openSurfaceFile(path);
    });
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Save surface"), QStringLiteral("surface.h5"),
            tr("HDF5, reference layout (*.h5);;VTK structured grid (*.vts);;CSV (*.csv)"));
        if (!path.isEmpty())
            saveSurfaceFile(path);
    });
    return box;
}

bool LandscapePage::openSurfaceFile(const QString& path) {
    try {
        landscape::LandscapeResult result = landscape::readSurface(path.toStdString());
        const analysis::ParameterValues values = valuesOf(result);
        const bool complete = result.complete();
        showExternalResult(std::move(result), values, complete);
        setStatus(tr("Opened %1").arg(path));
        return true;
    } catch (const Error& e) {
        setStatus(QString::fromStdString(e.what()));
        log::error(e.what());
        return false;
    }
}

bool LandscapePage::followResultFile(const QString& path) {
    if (path.isEmpty()) {
        setStatus(tr("Name the output file to follow."));
        return false;
    }
    delete follower_.data();
    const QString journal = QString::fromStdString(landscape::journalPathFor(path.toStdString()));
    follower_ = new ResultFileFollower(
        {path, journal}, [this, path] { return reloadFollowed(path); }, this);
    return true;
}

// Shows the file with its journal's points; true once the surface is complete.
bool LandscapePage::reloadFollowed(const QString& path) {
    if (!QFileInfo::exists(path)) {
        setStatus(tr("Waiting for %1 ...").arg(path));
        return false;
    }
    try {
        landscape::LandscapeResult result = landscape::readSurface(path.toStdString());
        landscape::replayJournal(landscape::journalPathFor(path.toStdString()), result);
        const bool complete = result.complete();
        const auto computed = result.computedPoints();
        const auto total = static_cast<long long>(result.loss.size());
        const analysis::ParameterValues values = valuesOf(result);
        showExternalResult(std::move(result), values, complete);
        setStatus(complete ? tr("%1 is complete (%2 points).").arg(path).arg(total)
                           : tr("Following %1: %2 of %3 points so far.")
                                 .arg(path)
                                 .arg(static_cast<long long>(computed))
                                 .arg(total));
        return complete;
    } catch (const Error& e) {
        // Between the job's writes the file may not read yet: the next change retries.
        setStatus(QString::fromStdString(e.what()));
        return false;
    }
}

bool LandscapePage::saveSurfaceFile(const QString& path) {
    try {
        landscape::writeSurface(path.toStdString(), shown_);
        setStatus(tr("Saved %1").arg(path));
        log::info("saved surface " + path.toStdString());
        return true;
    } catch (const Error& e) {
        setStatus(QString::fromStdString(e.what()));
        log::error(e.what());
        return false;
    }
}

void LandscapePage::showResult(const std::any& result, bool) {
    const auto* surface = std::any_cast<landscape::LandscapeResult>(&result);
    if (!surface)
        return;
    shown_ = *surface;
    const LandscapeGrid grid = gridFromResult(shown_);
    // A 1-D slice can only be drawn as a line, a 2-D one as surface or contours.
    const bool oneD = grid.isOneDimensional();
    if (oneD && mode_->currentIndex() != LineMode)
        mode_->setCurrentIndex(LineMode);
    else if (!oneD && mode_->currentIndex() == LineMode)
        mode_->setCurrentIndex(SurfaceMode);
    if (oneD) {
        line_->setGrid(grid);
    } else {
        surface_->setGrid(grid);
        contour_->setGrid(grid);
    }
}

void LandscapePage::showCurrentMode() {
    views_->setCurrentIndex(mode_->currentIndex());
}

VtkView* LandscapePage::currentVtkView() const {
    switch (mode_->currentIndex()) {
        case ContourMode:
        case LineMode:
            return nullptr;  // the contour map and the 1-D chart are painted, not VTK views
        default:
            return surface_->vtkView();
    }
}

nlohmann::json LandscapePage::displaySettings() const {
    return {{"view", kModeWords[mode_->currentIndex()]}};
}

void LandscapePage::applyDisplaySettings(const nlohmann::json& settings) {
    const std::string word = settings.value("view", "");
    for (int mode = SurfaceMode; mode <= LineMode; ++mode)
        if (word == kModeWords[mode])
            mode_->setCurrentIndex(mode);
}

VtkView* LandscapePage::cameraView() const {
    return currentVtkView();
}

QImage LandscapePage::exportImage(double scale, bool transparentBackground) {
    return figureImage(scale, transparentBackground, 0.0);
}

QImage LandscapePage::figureImage(double scale, bool transparentBackground, double textPixels) {
    // A figure never carries the clicked point's readout.
    if (mode_->currentIndex() == ContourMode)
        return contour_->figureImage(scale, transparentBackground);
    if (mode_->currentIndex() != LineMode)
        return surface_->grabFigure(scale, transparentBackground, false, textPixels);
    return line_->figureImage(scale, transparentBackground);
}

FigurePaint LandscapePage::figurePaint() {
    // The contour map and the 1-D chart are painted; the 3-D surface is pixels.
    switch (mode_->currentIndex()) {
        case ContourMode:
            return contour_->figurePaint();
        case LineMode:
            return line_->figurePaint();
        default:
            return {};
    }
}

ResultFileFollower* LandscapePage::follower() const {
    return follower_;
}

}  // namespace modescape::ui

#include "ui/views/landscape/LandscapePage.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/evaluation/LoadedSet.h"
#include "core/io/set/CheckpointSet.h"
#include "core/landscape/LandscapeCompute.h"
#include "core/landscape/LandscapeFiles.h"
#include "ui/jobs/JobRunner.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/landscape/GridFromResult.h"
#include "ui/views/landscape/LandscapeLineChart.h"
#include "ui/views/landscape/LandscapeSettingsForm.h"
#include "ui/views/landscape/LandscapeSurfaceView.h"
#include "ui/views/landscape/SurfaceStyleForm.h"

namespace modescape::ui {

namespace {
enum ModeIndex { SurfaceMode = 0, ContourMode = 1, LineMode = 2 };
}

LandscapePage::LandscapePage(JobRunner* runner, std::shared_ptr<const io::CheckpointSet> set,
                             QWidget* parent)
    : ViewPage(parent),
      runner_(runner),
      set_(std::move(set)),
      loaded_(std::make_shared<std::shared_ptr<evaluation::LoadedSet>>()) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    views_ = new QStackedWidget(this);
    surface_ = new LandscapeSurfaceView(LandscapeSurfaceView::Mode::Surface, views_);
    contour_ = new LandscapeSurfaceView(LandscapeSurfaceView::Mode::Contour, views_);
    line_ = new LandscapeLineChart(views_);
    views_->addWidget(surface_);
    views_->addWidget(contour_);
    views_->addWidget(line_);
    layout->addWidget(views_);
    properties_ = buildProperties();

    QStringList members, roles;
    if (set_) {
        for (const auto& member : set_->members)
            members << QString::fromStdString(member.name);
        for (const auto& dataset : set_->datasets)
            roles << QString::fromStdString(dataset.role);
    }
    settingsForm_->setSetContents(members, roles);
    setStatus(tr("Choose the settings and press Compute."));
}

QWidget* LandscapePage::buildProperties() {
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    auto* panel = new QWidget(scroll);
    auto* layout = new QVBoxLayout(panel);

    auto* viewBox = new QGroupBox(tr("View"), panel);
    auto* viewLayout = new QVBoxLayout(viewBox);
    mode_ = new QComboBox(viewBox);
    mode_->setObjectName("landscapeMode");
    mode_->addItems({tr("3-D surface"), tr("Contour map"), tr("1-D line")});
    viewLayout->addWidget(mode_);
    styleForm_ = new SurfaceStyleForm(viewBox);
    viewLayout->addWidget(styleForm_);
    layout->addWidget(viewBox);

    auto* computeBox = new QGroupBox(tr("Slice"), panel);
    auto* computeLayout = new QVBoxLayout(computeBox);
    settingsForm_ = new LandscapeSettingsForm(computeBox);
    computeLayout->addWidget(settingsForm_);
    auto* buttons = new QHBoxLayout;
    computeButton_ = new QPushButton(tr("Compute"), computeBox);
    computeButton_->setObjectName("landscapeCompute");
    cancelButton_ = new QPushButton(tr("Cancel"), computeBox);
    cancelButton_->setEnabled(false);
    buttons->addWidget(computeButton_);
    buttons->addWidget(cancelButton_);
    computeLayout->addLayout(buttons);
    auto* files = new QHBoxLayout;
    auto* open = new QPushButton(tr("Open surface..."), computeBox);
    auto* save = new QPushButton(tr("Save surface..."), computeBox);
    files->addWidget(open);
    files->addWidget(save);
    computeLayout->addLayout(files);
    status_ = new QLabel(computeBox);
    status_->setObjectName("landscapeStatus");
    status_->setWordWrap(true);
    computeLayout->addWidget(status_);
    layout->addWidget(computeBox);
    layout->addStretch(1);
    scroll->setWidget(panel);

    connect(mode_, &QComboBox::currentIndexChanged, this, [this] { showCurrentMode(); });
    connect(styleForm_, &SurfaceStyleForm::styleChanged, this, [this](const SurfaceStyle& style) {
        surface_->setStyle(style);
        contour_->setStyle(style);
    });
    connect(computeButton_, &QPushButton::clicked, this, [this] { compute(); });
    connect(cancelButton_, &QPushButton::clicked, this, [this] { cancel(); });
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
    return scroll;
}

void LandscapePage::setSelection(const QStringList& members) {
    settingsForm_->setSelection(members);
}

int LandscapePage::compute() {
    if (job_)
        return job_;
    landscape::LandscapeSettings settings;
    try {
        settings = settingsForm_->settings();
    } catch (const Error& e) {
        setStatus(tr("Cannot compute: %1").arg(QString::fromStdString(e.what())));
        log::error(std::string("landscape: ") + e.what());
        return 0;
    }
    // Same settings as the shown (partial) result: resume it; otherwise start afresh.
    auto work = std::make_shared<landscape::LandscapeResult>(
        !result_.xs.empty() && landscape::resultDefiningSettings(result_.settings) ==
                                   landscape::resultDefiningSettings(settings)
            ? result_
            : landscape::makeEmptyResult(settings));
    work->settings = settings;
    showResult(*work);

    QPointer<LandscapePage> self(this);
    auto loaded = loaded_;
    auto set = set_;
    JobRequest request;
    request.name = tr("Landscape %1").arg(describeSlice(*work));
    request.work = [work, loaded, set, self](const JobContext& context) {
        if (!*loaded)
            *loaded = std::make_shared<evaluation::LoadedSet>(*set);
        auto onRow = [self](const landscape::LandscapeResult& partial, int) {
            // Copied here: the engine keeps filling its own result.
            auto snapshot = std::make_shared<landscape::LandscapeResult>(partial);
            QMetaObject::invokeMethod(
                self.data(),
                [self, snapshot] {
                    if (self)
                        self->showResult(*snapshot);
                },
                Qt::QueuedConnection);
        };
        try {
            try {
                landscape::computeLandscape(**loaded, *work, context, onRow);
            } catch (const landscape::InputsChanged& e) {
                // The shown surface came from other inputs: never mix them, start afresh.
                log::warning(std::string("landscape: ") + e.what() + "; computing it afresh");
                *work = landscape::makeEmptyResult(work->settings);
                landscape::computeLandscape(**loaded, *work, context, onRow);
            }
        } catch (const Cancelled&) {
            // Keep what was computed: the page shows it and can resume it.
            QMetaObject::invokeMethod(
                self.data(),
                [self, work] {
                    if (self)
                        self->showResult(*work);
                },
                Qt::QueuedConnection);
            throw;
        }
    };
    request.onSuccess = [self, work] {
        if (!self)
            return;
        self->job_ = 0;
        self->showResult(*work);
        self->setStatus(
            tr("%1 points in %2 s (%3 points/s) on %4")
                .arg(work->pointsComputedLastRun)
                .arg(work->seconds, 0, 'f', 1)
                .arg(work->seconds > 0 ? work->pointsComputedLastRun / work->seconds : 0.0, 0, 'f',
                     1)
                .arg(QString::fromStdString(work->device)));
        self->computeButton_->setEnabled(true);
        self->cancelButton_->setEnabled(false);
        Q_EMIT self->computeFinished(true);
    };
    request.onFailure = [self](const QString& message) {
        if (!self)
            return;
        self->job_ = 0;
        self->setStatus(
            tr("Stopped: %1. Compute again with the same settings to resume.").arg(message));
        self->computeButton_->setEnabled(true);
        self->cancelButton_->setEnabled(false);
        Q_EMIT self->computeFinished(false);
    };
    request.onCancelled = [self] {
        if (!self)
            return;
        self->job_ = 0;
        self->setStatus(
            tr("Cancelled: the computed points are kept. Compute again with the same "
               "settings to resume."));
        self->computeButton_->setEnabled(true);
        self->cancelButton_->setEnabled(false);
        Q_EMIT self->computeFinished(false);
    };
    job_ = runner_->submit(std::move(request));
    computeButton_->setEnabled(false);
    cancelButton_->setEnabled(true);
    setStatus(tr("Computing..."));
    return job_;
}

void LandscapePage::cancel() {
    if (job_)
        runner_->cancel(job_);
}

bool LandscapePage::openSurfaceFile(const QString& path) {
    try {
        showResult(landscape::readSurface(path.toStdString()));
        setStatus(tr("Opened %1").arg(path));
        return true;
    } catch (const Error& e) {
        setStatus(QString::fromStdString(e.what()));
        log::error(e.what());
        return false;
    }
}

bool LandscapePage::saveSurfaceFile(const QString& path) {
    try {
        landscape::writeSurface(path.toStdString(), result_);
        setStatus(tr("Saved %1").arg(path));
        log::info("saved surface " + path.toStdString());
        return true;
    } catch (const Error& e) {
        setStatus(QString::fromStdString(e.what()));
        log::error(e.what());
        return false;
    }
}

void LandscapePage::showResult(const landscape::LandscapeResult& result) {
    result_ = result;
    const LandscapeGrid grid = gridFromResult(result);
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
    Q_EMIT resultChanged();
}

void LandscapePage::showCurrentMode() {
    views_->setCurrentIndex(mode_->currentIndex());
}

VtkView* LandscapePage::currentVtkView() const {
    switch (mode_->currentIndex()) {
        case ContourMode:
            return contour_->vtkView();
        case LineMode:
            return line_->vtkView();
        default:
            return surface_->vtkView();
    }
}

QImage LandscapePage::exportImage(double scale, bool transparentBackground) {
    // A figure never carries the clicked point's readout.
    if (mode_->currentIndex() == ContourMode)
        return contour_->grabFigure(scale, transparentBackground);
    if (mode_->currentIndex() != LineMode)
        return surface_->grabFigure(scale, transparentBackground);
    return currentVtkView()->grabScene(scale, transparentBackground);
}

void LandscapePage::setStatus(const QString& text) {
    status_->setText(text);
}

}  // namespace modescape::ui

#include "ui/mainwindow/AnimationActions.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSpinBox>
#include <QStatusBar>
#include <QTimer>

#include <optional>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "ui/jobs/JobRunner.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/MenuLookup.h"
#include "ui/views/ViewPage.h"
#include "ui/views/connectivity/ConnectivityPage.h"
#include "ui/views/connectivity/CurvePlanePage.h"

namespace modescape::ui {
namespace {

// The page whose view the current tab shows (the curve plane inside the
// connectivity tab).
ViewPage* shownPage(const MainWindow& window) {
    ViewPage* page = window.currentViewPage();
    if (auto* connectivity = qobject_cast<ConnectivityPage*>(page)) {
        const auto view = connectivity->view();
        if (view == ConnectivityPage::View::PlaneSurface ||
            view == ConnectivityPage::View::PlaneContour)
            return connectivity->planePage();
    }
    return page;
}

// The dialog; nullopt when cancelled.
std::optional<AnimationRequest> askForAnimation(QWidget* parent, bool canFly, bool canGrow) {
    QDialog dialog(parent);
    dialog.setWindowTitle(QObject::tr("Export animation"));
    auto* form = new QFormLayout(&dialog);
    auto* kind = new QComboBox(&dialog);
    kind->addItem(QObject::tr("Turntable (one turn about the height axis)"), "turntable");
    if (canFly)
        kind->addItem(QObject::tr("Flight along the curve"), "flight");
    if (canGrow)
        kind->addItem(QObject::tr("Trajectory growing epoch by epoch"), "trajectory");
    form->addRow(QObject::tr("Animation:"), kind);
    auto* frames = new QSpinBox(&dialog);
    frames->setRange(2, 10000);
    frames->setValue(36);
    form->addRow(QObject::tr("Frames:"), frames);
    auto* width = new QSpinBox(&dialog);
    auto* height = new QSpinBox(&dialog);
    width->setRange(16, 16384);
    height->setRange(16, 16384);
    width->setValue(1280);
    height->setValue(720);
    auto* size = new QHBoxLayout;
    size->addWidget(width);
    size->addWidget(new QLabel("x", &dialog));
    size->addWidget(height);
    size->addWidget(new QLabel(QObject::tr("px"), &dialog));
    form->addRow(QObject::tr("Size:"), size);
    auto* folder = new QLineEdit(QDir::homePath() + "/modescape-animation", &dialog);
    auto* browse = new QPushButton(QObject::tr("Browse…"), &dialog);
    QObject::connect(browse, &QPushButton::clicked, &dialog, [&] {
        const QString chosen =
            QFileDialog::getExistingDirectory(&dialog, QObject::tr("Frames"), folder->text());
        if (!chosen.isEmpty())
            folder->setText(chosen);
    });
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(folder);
    folderRow->addWidget(browse);
    form->addRow(QObject::tr("Frames folder:"), folderRow);
    auto* video = new QLineEdit(&dialog);
    const bool hasFfmpeg = !findFfmpeg().isEmpty();
    video->setPlaceholderText(hasFfmpeg ? QObject::tr("none, or a .mp4 / .webm file")
                                        : QObject::tr("needs ffmpeg on PATH (not found)"));
    video->setEnabled(hasFfmpeg);
    form->addRow(QObject::tr("Video:"), video);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    AnimationRequest request;
    request.kind = *animationKindNamed(kind->currentData().toString().toStdString());
    request.frames = frames->value();
    request.pixels = QSize(width->value(), height->value());
    request.folder = folder->text();
    request.video = video->text().trimmed();
    return request;
}

}  // namespace

struct AnimationActions::Run {
    AnimationRequest request;
    PageAnimation animation;
    QPointer<ViewPage> page;
    int next = 0;
    bool cancelled = false;
};

AnimationActions::AnimationActions(MainWindow* window) : QObject(window), window_(window) {
    QMenu* file = menuTitled(window_->menuBar(), "File");
    if (!file)
        return;
    QAction* before = nullptr;  // after Export image…
    const QList<QAction*> actions = file->actions();
    for (int i = 0; i + 1 < actions.size(); ++i)
        if (actions[i]->text().remove('&').startsWith("Export image"))
            before = actions[i + 1];
    auto* action = new QAction(tr("Export a&nimation…"), file);
    action->setObjectName("exportAnimationAction");
    connect(action, &QAction::triggered, this, &AnimationActions::chooseAnimation);
    file->insertAction(before, action);
}

AnimationActions::~AnimationActions() = default;

void AnimationActions::chooseAnimation() {
    ViewPage* page = shownPage(*window_);
    if (!page || !canAnimate(*page, AnimationKind::Turntable)) {
        QMessageBox::information(window_, tr("Export animation"),
                                 tr("Animations are made of the 3-D views: show the Landscape "
                                    "as a surface, or a curve plane in the Connectivity tab."));
        return;
    }
    if (const auto request = askForAnimation(window_, canAnimate(*page, AnimationKind::Flight),
                                             canAnimate(*page, AnimationKind::Trajectory)))
        exportAnimation(*request);
}

bool AnimationActions::exportAnimation(const AnimationRequest& request) {
    if (run_) {
        log::error("export animation: an animation is being written already");
        return false;
    }
    ViewPage* page = shownPage(*window_);
    try {
        if (!page)
            throw Error("there is no view to animate");
        if (!QDir().mkpath(request.folder))
            throw IoError(request.folder.toStdString(), "could not create the folder");
        auto run = std::make_unique<Run>();
        run->request = request;
        run->page = page;
        run->animation = animationOf(*page, request.kind, request.frames, request.pixels);
        run_ = std::move(run);
    } catch (const std::exception& e) {
        log::error(std::string("export animation: ") + e.what());
        return false;
    }
    progress_ = new QProgressDialog(tr("Writing the animation's frames…"), tr("Cancel"), 0,
                                    request.frames, window_);
    progress_->setWindowModality(Qt::WindowModal);
    progress_->setAttribute(Qt::WA_DeleteOnClose);
    connect(progress_, &QProgressDialog::canceled, this, &AnimationActions::cancel);
    QTimer::singleShot(0, this, &AnimationActions::writeNextFrame);
    return true;
}

void AnimationActions::cancel() {
    if (run_)
        run_->cancelled = true;
}

void AnimationActions::writeNextFrame() {
    if (!run_)
        return;
    Run& run = *run_;
    const int total = int(run.animation.cameras.size());
    if (run.cancelled || !run.page) {
        finish(false, tr("animation cancelled after %1 of %2 frames").arg(run.next).arg(total));
        return;
    }
    try {
        writeAnimationFrame(run.request.folder, run.next,
                            run.animation.cameras[std::size_t(run.next)], run.animation.scene);
    } catch (const std::exception& e) {
        finish(false, QString::fromStdString(e.what()));
        return;
    }
    ++run.next;
    if (progress_)
        progress_->setValue(run.next);
    Q_EMIT frameWritten(run.next, total);
    if (run.next < total) {
        QTimer::singleShot(0, this, &AnimationActions::writeNextFrame);  // the UI stays live
        return;
    }
    const QString ffmpeg = findFfmpeg();
    if (run.request.video.isEmpty()) {
        finish(true, tr("wrote %1 PNG frames to %2").arg(total).arg(run.request.folder));
    } else if (ffmpeg.isEmpty()) {
        finish(false, ffmpegMissingMessage(total, run.request.folder));
    } else {
        encode(ffmpeg);
    }
}

void AnimationActions::encode(const QString& ffmpeg) {
    const AnimationRequest request = run_->request;
    run_->animation.scene.place(run_->animation.original);
    JobRequest job;
    job.name = tr("Encode %1").arg(QFileInfo(request.video).fileName());
    job.work = [ffmpeg, request](const JobContext&) {
        encodeAnimation(ffmpeg, request.folder, request.fps, request.video);
    };
    QPointer<AnimationActions> self(this);
    job.onSuccess = [self, request] {
        if (self)
            self->finish(true, tr("wrote %1 PNG frames to %2 and %3")
                                   .arg(request.frames)
                                   .arg(request.folder, request.video));
    };
    job.onFailure = [self](const QString& message) {
        if (self)
            self->finish(false, message);
    };
    job.onCancelled = [self] {
        if (self)
            self->finish(false, tr("encoding cancelled"));
    };
    window_->jobRunner()->submit(std::move(job));
}

void AnimationActions::finish(bool completed, const QString& message) {
    if (run_ && run_->page)
        run_->animation.scene.place(run_->animation.original);
    run_.reset();
    if (progress_)
        progress_->close();
    (completed ? log::info : log::warning)(message.toStdString());
    window_->statusBar()->showMessage(message, 10000);
    Q_EMIT animationFinished(completed, message);
}

}  // namespace modescape::ui

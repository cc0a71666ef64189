#pragma once
// File > Export animation… for the 3-D views (docs/figures.md, "Animations"):
// asks for the kind (turntable; flight on a curve plane), the frames, their
// size, the folder and a video file, then renders the frames on the UI thread
// — where the views' OpenGL lives — one per turn of the event loop, under a
// progress dialog with Cancel. The video is then encoded by the ffmpeg
// program as a job (the jobs panel shows it); without ffmpeg on PATH the log
// and the status bar say so and the PNG frames are the result.

#include <QObject>
#include <QPointer>
#include <QSize>
#include <QString>

#include <memory>

#include "ui/mainwindow/AnimationExport.h"

class QProgressDialog;

namespace modescape::ui {

class MainWindow;

struct AnimationRequest {
    AnimationKind kind = AnimationKind::Turntable;
    int frames = 36;
    QSize pixels{800, 600};
    QString folder;  // receives frame-0001.png ...
    QString video;   // .mp4 or .webm; empty = frames only
    int fps = 12;
};

class AnimationActions : public QObject {
    Q_OBJECT
  public:
    // Adds File > Export animation… to the window's File menu.
    explicit AnimationActions(MainWindow* window);
    ~AnimationActions() override;

    // Starts the animation of the current view; false (the reason in the log)
    // when it cannot start. The frames follow as the event loop turns;
    // animationFinished() says how it ended.
    bool exportAnimation(const AnimationRequest& request);
    // Stops after the frame being written (as the dialog's Cancel does).
    void cancel();
    bool isRunning() const { return run_ != nullptr; }

  Q_SIGNALS:
    void frameWritten(int done, int total);
    // completed: every frame written (and the video, when asked and ffmpeg
    // is there); message: what was written, or why it stopped.
    void animationFinished(bool completed, const QString& message);

  private:
    struct Run;

    void chooseAnimation();
    void writeNextFrame();
    void finish(bool completed, const QString& message);
    void encode(const QString& ffmpeg);

    MainWindow* window_;
    std::unique_ptr<Run> run_;
    QPointer<QProgressDialog> progress_;
};

}  // namespace modescape::ui

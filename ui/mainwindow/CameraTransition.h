#pragma once
// A smooth move of a 3-D view's camera from where it is to a saved camera
// (a bookmark's), for presentation mode: the focal point moves on a straight
// line while the viewing direction and view-up turn on great circles and the
// distance changes linearly, so the camera never passes through its focal
// point. The last frame places the target camera exactly.

#include <QObject>
#include <QPointer>

#include "core/session/Session.h"

class QVariantAnimation;

namespace modescape::ui {

class VtkView;

// The camera a fraction t (0..1) of the way from a to b; t = 1 gives b exactly.
session::Camera interpolateCamera(const session::Camera& a, const session::Camera& b, double t);

class CameraTransition : public QObject {
    Q_OBJECT
  public:
    explicit CameraTransition(QObject* parent = nullptr);

    // Milliseconds a transition takes; 0 places the camera at once (tests).
    void setDuration(int milliseconds) { duration_ = milliseconds; }
    int duration() const { return duration_; }

    // Moves the view's camera to `target`; a transition still running is finished first.
    void start(VtkView* view, const session::Camera& target);
    // Jumps to the end: the target camera is placed now.
    void finish();
    bool isRunning() const;

  Q_SIGNALS:
    void finished();

  private:
    void placeAt(double t);

    QVariantAnimation* animation_;
    QPointer<VtkView> view_;
    session::Camera from_;
    session::Camera to_;
    int duration_ = 600;
};

}  // namespace modescape::ui

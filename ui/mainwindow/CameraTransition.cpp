#include "ui/mainwindow/CameraTransition.h"

#include <QEasingCurve>
#include <QVariantAnimation>

#include <algorithm>
#include <cmath>

#include "ui/mainwindow/SessionCamera.h"
#include "ui/rendering/VtkView.h"

namespace modescape::ui {

namespace {

using Vec = std::array<double, 3>;

Vec lerp(const Vec& a, const Vec& b, double t) {
    return {a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t};
}

double length(const Vec& v) {
    return std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
}

Vec scaled(const Vec& v, double s) {
    return {v[0] * s, v[1] * s, v[2] * s};
}

// The unit direction a fraction t of the way from a's to b's on the great
// circle between them (a straight line, normalised, when they are (anti)parallel).
Vec turn(const Vec& a, const Vec& b, double t) {
    const double la = length(a), lb = length(b);
    if (la == 0 || lb == 0)
        return t < 1 ? a : b;
    const Vec ua = scaled(a, 1 / la), ub = scaled(b, 1 / lb);
    const double cosine = std::clamp(ua[0] * ub[0] + ua[1] * ub[1] + ua[2] * ub[2], -1.0, 1.0);
    const double angle = std::acos(cosine);
    const double sine = std::sin(angle);
    if (sine < 1e-6) {
        const Vec line = lerp(ua, ub, t);
        const double l = length(line);
        return l > 1e-9 ? scaled(line, 1 / l) : (t < 0.5 ? ua : ub);
    }
    const double wa = std::sin((1 - t) * angle) / sine, wb = std::sin(t * angle) / sine;
    return {wa * ua[0] + wb * ub[0], wa * ua[1] + wb * ub[1], wa * ua[2] + wb * ub[2]};
}

Vec minus(const Vec& a, const Vec& b) {
    return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}

}  // namespace

session::Camera interpolateCamera(const session::Camera& a, const session::Camera& b, double t) {
    if (t >= 1)
        return b;
    if (t <= 0)
        return a;
    session::Camera c;
    c.focalPoint = lerp(a.focalPoint, b.focalPoint, t);
    const Vec offsetA = minus(a.position, a.focalPoint), offsetB = minus(b.position, b.focalPoint);
    const double distance = length(offsetA) + (length(offsetB) - length(offsetA)) * t;
    const Vec direction = turn(offsetA, offsetB, t);
    const Vec offset = scaled(direction, distance);
    c.position = {c.focalPoint[0] + offset[0], c.focalPoint[1] + offset[1],
                  c.focalPoint[2] + offset[2]};
    c.viewUp = turn(a.viewUp, b.viewUp, t);
    c.viewAngle = a.viewAngle + (b.viewAngle - a.viewAngle) * t;
    c.parallel = t < 0.5 ? a.parallel : b.parallel;
    c.parallelScale = a.parallelScale + (b.parallelScale - a.parallelScale) * t;
    return c;
}

CameraTransition::CameraTransition(QObject* parent)
    : QObject(parent), animation_(new QVariantAnimation(this)) {
    animation_->setStartValue(0.0);
    animation_->setEndValue(1.0);
    animation_->setEasingCurve(QEasingCurve::InOutCubic);
    connect(animation_, &QVariantAnimation::valueChanged, this,
            [this](const QVariant& value) { placeAt(value.toDouble()); });
    connect(animation_, &QVariantAnimation::finished, this, [this] {
        placeAt(1);
        Q_EMIT finished();
    });
}

void CameraTransition::start(VtkView* view, const session::Camera& target) {
    finish();
    view_ = view;
    to_ = target;
    if (!view_)
        return;
    from_ = cameraOf(*view_);
    if (duration_ <= 0) {
        placeAt(1);
        Q_EMIT finished();
        return;
    }
    animation_->setDuration(duration_);
    animation_->start();
}

void CameraTransition::finish() {
    if (animation_->state() == QAbstractAnimation::Running)
        animation_->setCurrentTime(animation_->duration());  // emits finished()
}

bool CameraTransition::isRunning() const {
    return animation_->state() == QAbstractAnimation::Running;
}

void CameraTransition::placeAt(double t) {
    if (view_)
        placeCamera(*view_, interpolateCamera(from_, to_, t));
}

}  // namespace modescape::ui

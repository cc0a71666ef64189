#pragma once
// The reliability diagram on screen: a white widget that paints its scene
// (ReliabilityDiagramScene) with the widget's font at the screen's DPI, the
// same paint function File > Export and `calibrate --figure` use.

#include <QWidget>

#include <optional>

#include "ui/views/calibration/ReliabilityDiagramScene.h"

namespace modescape::ui {

class ReliabilityDiagramWidget : public QWidget {
    Q_OBJECT
  public:
    explicit ReliabilityDiagramWidget(QWidget* parent = nullptr);
    QSize sizeHint() const override { return {800, 640}; }

    ReliabilityDiagramScene& scene() { return scene_; }
    const ReliabilityDiagramScene& scene() const { return scene_; }
    // Replaces the data and repaints.
    void setData(const ReliabilityDiagramData& data);
    // The frames of the last paint on screen (tests), if it painted yet.
    const std::optional<ReliabilityFrames>& shownFrames() const { return shown_; }

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    ReliabilityDiagramScene scene_;
    std::optional<ReliabilityFrames> shown_;
};

}  // namespace modescape::ui

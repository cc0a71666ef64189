#pragma once
// Base of the painted symmetry panels: a white widget whose subclass paints
// its chart into a rectangle, so the same code draws on screen and into images.

#include <QImage>
#include <QWidget>

class QPainter;

namespace modescape::ui {

class PanelWidget : public QWidget {
    Q_OBJECT
  public:
    explicit PanelWidget(QWidget* parent = nullptr);
    QSize sizeHint() const override { return {360, 300}; }
    // The panel painted at size (transparent background on request).
    QImage renderImage(QSize size, bool transparentBackground = false) const;
    // Paints the whole panel into bounds.
    virtual void paintPanel(QPainter& painter, QRectF bounds) const = 0;

  protected:
    void paintEvent(QPaintEvent* event) override;
};

}  // namespace modescape::ui

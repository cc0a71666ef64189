#pragma once
// The 2-D map on screen: MapFigure painted through the FigureWriter at the
// widget's size (96 dpi, the widget's font), so the screen shows exactly what
// File > Export writes. The wheel zooms about the cursor, the middle button
// pans, R or a double click shows all points again. Picking asks it where
// each point is drawn.

#include <QImage>
#include <QPoint>
#include <QWidget>

#include <optional>

#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/PlotFrame.h"
#include "ui/views/map/MapFigure.h"

namespace modescape::ui {

class MapCanvas : public QWidget {
    Q_OBJECT
  public:
    MapCanvas(const MapModel& model, QWidget* parent = nullptr);

    // Call after any change of the model: repaints.
    void modelChanged();
    // Shows all points (drops the zoom and pan).
    void resetZoom();
    // The data rectangle shown when zoomed or panned, else none (all points).
    const std::optional<PlotRange>& window() const { return window_; }
    // Shows this data rectangle (a session's or a bookmark's zoom); none = all points.
    void setWindow(const std::optional<PlotRange>& window);
    // Multiplies the shown data rectangle's size by factor about a widget position.
    void zoomAt(QPointF position, double factor);
    // Moves the shown data by a widget-pixel offset.
    void panBy(QPointF offset);

    // Where point i is drawn, in widget coordinates; the layout of what is shown.
    QPointF position(int point);
    const MapFigure* figure();
    // The picture on screen (device pixels).
    QImage image();
    // Paints what is shown (the FigureWriter's paint function).
    FigurePaint figurePaint() const;
    // The screen figure at `scale` times the widget's size, text and lines.
    ResolvedFigure screenFigure(double scale) const;

    QSize sizeHint() const override { return {800, 600}; }

  protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

  private:
    void render();
    void invalidate();

    const MapModel& model_;
    std::optional<PlotRange> window_;
    QImage image_;
    std::optional<MapFigure> figure_;
    bool panning_ = false;
    QPointF panFrom_;
};

}  // namespace modescape::ui

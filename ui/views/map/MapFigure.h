#pragma once
// The 2-D map painted with QPainter on a PlotFrame, the one drawing code for
// the screen (MapCanvas), File > Export, `modescape render` and `project
// --figure` (PNG, SVG, PDF): a frame round the data with nice ticks, axis names saying what
// they show ("PC 1 (43.2% of variance)", "t-SNE 1"), translucent markers sized
// to the point count and drawn large groups first, black rings round the
// selected members, and outside the data a legend of the groups or a viridis
// colour bar of the metric.

#include <QPointF>
#include <QRectF>

#include <optional>
#include <vector>

#include "ui/rendering/NiceTicks.h"
#include "ui/rendering/PlotFrame.h"
#include "ui/views/map/MapLabels.h"
#include "ui/views/map/MapModel.h"

class QPainter;

namespace modescape::ui {

class MapFigure {
  public:
    // Lays the map out in bounds for the painter's font and device. window:
    // the data rectangle to show (zoomed or panned), else the data's own with
    // a 5% margin; ticks at nice values inside it.
    MapFigure(const QPainter& painter, QRectF bounds, const MapModel& model,
              const std::optional<PlotRange>& window = std::nullopt);

    // The data's bounds with a 5% margin (half a unit around a single value).
    static PlotRange dataRange(const MapModel& model);

    const PlotFrame& frame() const { return frame_; }
    QRectF plotArea() const { return frame_.plotArea(); }
    // The colour bar's gradient (empty when the map is coloured by group).
    QRectF colourBarArea() const { return bar_; }
    const AxisTicks& colourBarTicks() const { return barTicks_; }
    // Where point i's marker is centred, and its radius, in the painter's pixels.
    QPointF position(int point) const;
    double markerRadius() const { return radius_; }
    // The data point at a position of the plot area.
    QPointF dataAt(QPointF position) const;
    // The point labels drawn (MapLabels.h's rule), in the painter's pixels.
    const std::vector<PlacedLabel>& labels() const { return labels_; }

    void draw(QPainter& painter) const;

  private:
    void drawColourBar(QPainter& painter) const;
    void placeColourBar(const QPainter& painter, QRectF bounds,
                        const std::optional<PlotRange>& window);
    void placePointLabels(const QPainter& painter);

    const MapModel& model_;
    PlotFrame frame_;
    QRectF bar_;
    AxisTicks barTicks_;
    double radius_ = 1;
    std::vector<PlacedLabel> labels_;
};

// Draws the map into bounds: the FigureWriter's paint function (2-D maps).
void paintMap(QPainter& painter, const QRectF& bounds, const MapModel& model,
              const std::optional<PlotRange>& window = std::nullopt);

}  // namespace modescape::ui

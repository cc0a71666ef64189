#pragma once
// The contour map of a 2-D landscape grid painted with QPainter on a
// PlotFrame: one drawing code for the screen (ContourCanvas), File > Export,
// `modescape render` and the subcommands' --figure (PNG, SVG, PDF with real
// text). Filled bands between iso-values at nice numbers (NiceTicks), the
// iso-lines (marching squares, ui/rendering/MarchingSquares) labelled where
// the labels collide with nothing, the members marked and named, a colour
// bar of the bands with nice ticks, axes named for their directions (α, β),
// and on top the paths a view adds (a connectivity curve, a training
// trajectory coloured by epoch with its own colour bar).

#include <QColor>
#include <QPainterPath>
#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <QString>
#include <QVector>

#include <optional>
#include <vector>

#include "ui/rendering/ColourBar.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/PlotFrame.h"
#include "ui/views/landscape/LandscapeGrid.h"
#include "ui/views/landscape/SurfaceStyle.h"

class QPainter;

namespace modescape::ui {

// A path drawn over the map, in (α, β).
struct ContourPath {
    QString name;  // its legend entry; "" = none
    QVector<QPointF> points;
    QVector<QColor> colours;  // one per point (a segment takes its start's), or one for all
    double lineWidth = 1.5;   // points; 0 = no line (a scatter)
    QVector<double> markers;  // each point's disc diameter in points; empty = no discs
};

struct ContourOverlay {
    QVector<ContourPath> paths;
    // A second colour bar right of the loss's (a trajectory's epochs).
    std::optional<ColourBarSpec> bar;
};

class ContourFigure {
  public:
    // Lays the map out in bounds for the painter's font and device. The plot
    // keeps α and β at one scale while their spans differ by at most 3x.
    ContourFigure(const QPainter& painter, QRectF bounds, const LandscapeGrid& grid,
                  const SurfaceStyle& style, const ContourOverlay& overlay = {});

    // Whether there is a 2-D slice with a computed value to draw.
    bool drawable() const { return drawable_; }
    const PlotFrame& frame() const { return frame_; }
    QRectF plotArea() const { return frame_.plotArea(); }
    QPointF map(double alpha, double beta) const { return frame_.map(alpha, beta); }
    // (α, β) at a position of the plot area.
    QPointF dataAt(QPointF position) const;
    // The iso-values (the bands' inner edges), at nice numbers.
    const std::vector<double>& levels() const { return levels_; }
    // The colour the map fills a (displayed) value with: its band's middle.
    QColor bandColour(double value) const;
    const ColourBarSpec& colourBar() const { return bar_; }
    QRectF colourBarArea() const { return barRect_; }
    const AxisTicks& colourBarTicks() const { return barTicks_; }

    struct Label {
        QString text;
        QRectF box;  // in the painter's pixels
        bool member = false;
    };
    // The iso-line values and member names placed, none overlapping.
    const std::vector<Label>& labels() const { return labels_; }

    void draw(QPainter& painter) const;

  private:
    void layOut(const QPainter& painter, QRectF bounds);
    void traceGeometry();
    void placeAllLabels(const QPainter& painter);
    void drawBands(QPainter& painter) const;
    void drawIsolines(QPainter& painter) const;
    void drawPaths(QPainter& painter) const;
    void drawMembers(QPainter& painter) const;
    void drawLabels(QPainter& painter) const;

    const LandscapeGrid& grid_;
    SurfaceStyle style_;
    ContourOverlay overlay_;
    bool drawable_ = false;
    PlotFrame frame_;
    std::vector<double> values_;  // the displayed value per grid point; NaN = unknown
    std::vector<double> levels_;
    double levelStep_ = 1;
    ColourBarSpec bar_;
    AxisTicks barTicks_, overlayTicks_;
    QRectF barRect_, overlayRect_;
    std::vector<Label> labels_;
    std::vector<QPainterPath> bands_;  // each band's region at or above its lower edge
    std::vector<QPolygonF> isolines_;
    std::vector<bool> isolineClosed_;
    std::vector<double> isolineLevel_;
    double markerRadius_ = 3;
};

// Draws the contour map into bounds (the FigureWriter's paint function), or
// says why there is none.
void paintContour(QPainter& painter, const QRectF& bounds, const LandscapeGrid& grid,
                  const SurfaceStyle& style, const ContourOverlay& overlay = {});

}  // namespace modescape::ui

#pragma once
// Where a landscape figure's parts go on the render: the plot area left
// after the title (top), the axes' ticks and titles (left, bottom) and the
// colour bar (right), and a camera that fills that area with the slice, so
// the figure has no wide empty margins at any size or aspect.
//
// Rectangles are in VTK display pixels: x from the left, y from the bottom.

#include <QRectF>
#include <QSize>

#include "ui/views/landscape/FigureText.h"

class vtkPoints;
class vtkRenderer;

namespace modescape::ui {

struct FigureParts {
    bool title = false;
    bool axes = false;
    bool scalarBar = false;
    bool perspective = false;  // the 3-D surface (its axes' labels go round it)
};

// The plot area and the colour bar's box (empty without one).
struct FigureLayout {
    QRectF plot;
    QRectF scalarBar;
};

FigureLayout layoutFigure(QSize render, const FigureFonts& fonts, const FigureParts& parts);

// How far a flat map's axis lines stand off its left and bottom edges, in
// tick-text heights: so the two axes' first numbers never meet at the corner.
inline constexpr double kMapAxisGap = 0.8;

// Points the camera so that the box `bounds` (xmin, xmax, ymin, ymax, zmin,
// zmax) fills `area` as far as the aspect allows, centred in it. The
// camera's direction and view-up are kept. Parallel projection: exact;
// perspective: the projected corners' bounding box, refined a few times.
void frameBounds(vtkRenderer* renderer, const double bounds[6], const QRectF& area);

// World units per display pixel at the focal point.
double worldPerPixel(vtkRenderer* renderer);

// Moves the camera sideways so that the picture moves by (dx, dy) pixels.
void panPicture(vtkRenderer* renderer, double dx, double dy);

// The bounding box of the eight corners of `bounds` on the display.
QRectF projectedBounds(vtkRenderer* renderer, const double bounds[6]);
// The bounding box of points on the display (at most about `limit` of them
// are projected, evenly spread, so a huge grid costs no more than a small one).
QRectF projectedPoints(vtkRenderer* renderer, vtkPoints* points, int limit = 20000);

}  // namespace modescape::ui

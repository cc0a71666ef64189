#pragma once
// One view written as a figure: what File > Export image does with the
// current tab, and what `modescape render` does with each view of a session,
// so the two write the same file. A page that paints itself (FigureSource)
// is drawn by FigureWriter at the figure's size (vector SVG / PDF); any
// other page renders its pixels at a scale of its on-screen size and they
// are written as PNG or embedded in the SVG / PDF.

#include <QString>

#include "ui/rendering/FigureSize.h"
#include "ui/rendering/FigureWriter.h"

namespace modescape::ui {

class ViewPage;

// Writes `page` to `path` (PNG, SVG or PDF by the suffix) atomically and
// returns the figure written (its pixels are the image's). Throws
// modescape::Error (IoError naming the path) when it cannot.
ResolvedFigure writeViewFigure(ViewPage& page, const QString& path, const FigureSize& size,
                               bool transparent);

// How `page` draws itself as a figure of `figure`'s pixels: its own paint
// function when it paints itself (vector in SVG / PDF), else its pixels
// rendered at that size and drawn into the bounds (an image at the figure's
// DPI). A split layout's figure draws each pane with it (LayoutFigure.h).
FigurePaint viewFigurePaint(ViewPage& page, const ResolvedFigure& figure, bool transparent);

}  // namespace modescape::ui

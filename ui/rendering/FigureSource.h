#pragma once
// A view that paints itself with QPainter (ui/rendering/FigureWriter.h) and so
// exports as PNG, SVG or PDF with real text at any size. A page adds this to
// its bases; File > Export asks each page for it and exports the others (VTK
// views) as their pixels.

#include "ui/rendering/FigureWriter.h"

namespace modescape::ui {

class FigureSource {
  public:
    virtual ~FigureSource() = default;
    // Paints the view into bounds (the FigureWriter's paint function).
    virtual FigurePaint figurePaint() = 0;
};

}  // namespace modescape::ui

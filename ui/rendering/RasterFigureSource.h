#pragma once
// A view drawn as pixels (VTK) whose text is sized in pixels. File > Export
// and `modescape render` give it the figure's text height (the figure's
// points x DPI / 72), so its text has the point size a painted figure's has
// (FigureSource); views without it are exported by ViewPage::exportImage.

#include <QImage>

#include "ui/rendering/FigureSize.h"

namespace modescape::ui {

// A figure's text height in its pixels: 8 pt at 600 dpi is 66.7 pixels.
inline double figureTextPixels(const ResolvedFigure& figure) {
    return figure.fontPoints * figure.dpi / 72.0;
}

class RasterFigureSource {
  public:
    virtual ~RasterFigureSource() = default;
    // The view rendered at scale x its on-screen size, its text `textPixels` high.
    virtual QImage figureImage(double scale, bool transparentBackground, double textPixels) = 0;
};

}  // namespace modescape::ui

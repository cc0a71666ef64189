#pragma once
// Text of the landscape figures (the 3-D surface, the contour map, the curve
// plane): pixel sizes worked out from the figure's text size in points at its
// DPI, like the painted figures' (docs/figures.md), and a font with Greek
// letters for the axes' α and β.

#include <string>

class vtkTextProperty;

namespace modescape::ui {

struct FigureFonts {
    double scale = 1.0;  // paddings and offsets: 1 where the ticks are 14 pixels
    // Pixel sizes; a title barely larger than the ticks, so neither dwarfs the other.
    int title = 19;
    int axisTitle = 16;
    int tick = 14;
    int isolineLabel = 14;
    int memberLabel = 15;
};

// The screen's text: 9 pt at 96 dpi, 12 pixels (times the device pixel ratio).
inline constexpr double kScreenTextPixels = 12.0;

// The fonts of a figure whose text (its tick labels) is `textPixels` high:
// its point size x its DPI / 72 (8 pt at 600 dpi: 66.7 pixels). Titles are
// a little larger than the ticks.
FigureFonts figureFonts(double textPixels);

// A TrueType file with Greek letters (DejaVu Sans, Liberation Sans, Noto
// Sans...), searched once in the system's font folders; "" when none: VTK's
// built-in Arial then draws the text and has no Greek.
const std::string& figureFontFile();

// Ink colour and size, and the Greek-capable font when there is one.
void styleFigureText(vtkTextProperty* text, int pixelSize);

// "α" and "β", or "alpha" and "beta" when no font can draw Greek.
const char* alphaWord();
const char* betaWord();

}  // namespace modescape::ui

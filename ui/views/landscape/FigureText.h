#pragma once
// Text of the landscape figures: pixel sizes that grow with the render size
// (a figure twice as large is the same figure at twice the resolution), and
// a font with Greek letters for the axes' α and β.

#include <string>

class vtkTextProperty;

namespace modescape::ui {

struct FigureFonts {
    double scale = 1.0;  // 1 at the reference figure of 800 x 600 pixels
    // Pixel sizes; a title barely larger than the ticks, so neither dwarfs the other.
    int title = 19;
    int axisTitle = 16;
    int tick = 14;
    int isolineLabel = 14;
    int memberLabel = 15;
};

FigureFonts figureFonts(int widthPixels, int heightPixels);

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

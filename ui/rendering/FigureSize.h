#pragma once
// How large a figure is: pixels (`--size 2000x1600`), or a physical width and
// height at a DPI (`--width 3.5in --dpi 600`), or a preset for a paper column
// or a slide. Resolving it against a view's reference size gives the pixel
// size, the DPI the painter works at (so fonts given in points come out at
// print size) and the font size.

#include <QSize>

#include <optional>
#include <string>

namespace modescape::ui {

enum class FigurePreset {
    Paper,      // a single journal column: 3.5 in wide, 4:3
    PaperWide,  // a double column (full page width): 7.16 in wide
    Slides,     // a 16:9 slide, 13.33 x 7.5 in (1920x1080 at 144 dpi)
};

// The preset named "paper", "paper-wide" or "slides"; nullopt otherwise.
std::optional<FigurePreset> figurePresetNamed(const std::string& name);

// A length such as "3.5in", "8.9cm", "89mm", "252pt" or "1200px" (a bare
// number is in `bareUnit`: "in" or "px") in inches; pixels need the dpi.
// Throws modescape::InvalidArgument saying what is wrong.
double parseLengthInches(const std::string& text, double dpi, const char* bareUnit = "in");
// A font size "8pt" or "8" in points. Throws InvalidArgument.
double parseFontPoints(const std::string& text);

inline constexpr double kScreenDpi = 96.0;
// Fonts of figures given in pixels at their view's default size (the screen look).
inline constexpr double kScreenFontPoints = 9.0;
// Fonts of physical figures (papers): 8 pt at print size.
inline constexpr double kPrintFontPoints = 8.0;

struct FigureSize {
    // Pixels: set pixels (dpi 0 means "scale the view's screen look").
    QSize pixels;
    // Physical: width and height in inches (either may be 0: from the other
    // and the view's aspect ratio).
    double widthInches = 0, heightInches = 0;
    double dpi = 0;         // 0: kScreenDpi for pixels / 300 for physical sizes
    double fontPoints = 0;  // 0: the default for the kind of size

    static FigureSize fromPixels(QSize size, double dpi = 0);
    static FigureSize fromInches(double width, double height, double dpi);
    static FigureSize fromPreset(FigurePreset preset, double dpi = 0);
    bool isPhysical() const { return pixels.isEmpty(); }
};

// A size made concrete for one view.
struct ResolvedFigure {
    QSize pixels;             // of the image / page
    double dpi = kScreenDpi;  // the painter's resolution: 1 pt = dpi / 72 pixels
    double fontPoints = kScreenFontPoints;
    bool transparent = false;
};

// `reference` is the view's default pixel size (its screen look at 96 dpi). A
// pixel size without a DPI keeps that look scaled: dpi = 96 x min(w / ref w,
// h / ref h), so a figure twice as large has text twice as high.
ResolvedFigure resolveFigure(const FigureSize& size, QSize reference);

}  // namespace modescape::ui

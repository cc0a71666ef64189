#pragma once
// The figure options of every command that draws a figure with the GUI's own
// view (calibrate, connect, landscape, project, panels, barrier-matrix,
// curve-plane): `--figure FILE` (`--png` is an alias; the suffix picks PNG, SVG
// or PDF), `--size WxH` in pixels or `--width`/`--height` with units and
// `--dpi`, `--preset paper|paper-wide|slides`, `--font-size`, `--no-title`; the check made
// before any work; and the writing through ui::FigureWriter.

#include <string>

#ifdef MODESCAPE_WITH_GUI
#include <QImage>

#include "ui/rendering/FigureWriter.h"
#endif

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace modescape::cli {

class FigureOptions {
  public:
    // The default pixel size is also the view's reference (its screen look).
    FigureOptions(int defaultWidth, int defaultHeight)
        : width_(defaultWidth), height_(defaultHeight) {}

    // `what` completes "Render ... to this file". Returns --figure, for needs().
    CLI::Option* define(CLI::App& app, const std::string& what);
    // Only the size options (--size, --width, --height, --dpi, --preset,
    // --font-size), for a command that names its files itself (`render`);
    // with `figure` they need it.
    void defineSizes(CLI::App& app, CLI::Option* figure = nullptr);
    // Whether any size option was given.
    bool sizeGiven() const {
        return !size_.empty() || !widthText_.empty() || !heightText_.empty() || !preset_.empty() ||
               dpi_ > 0 || !fontSize_.empty();
    }

    bool requested() const { return !path_.empty(); }
    const std::string& path() const { return path_; }
    // The figure's size in pixels (a physical size at its DPI).
    int width() const;
    int height() const;

    // Call before the work: the file's suffix and location must do (errors
    // name the file); a build without the GUI throws InvalidArgument
    // suggesting `alternative`; a GUI build makes the offscreen application,
    // so a missing display is reported before minutes of computing.
    void checkCanRender(const std::string& alternative) const;

#ifdef MODESCAPE_WITH_GUI
    ui::ResolvedFigure figure() const;
    // The size asked for, before it is resolved against a view (render
    // resolves it against each view's page).
    ui::FigureSize figureSize() const;
    QSize pixelSize() const {
        return figure().pixels;
    }
    // A 2-D view's paint function: PNG, or vector SVG / PDF with real text.
    void writeFigure(const ui::FigurePaint& paint) const;
    // A picture rendered as pixels (VTK views) at pixelSize(): PNG, or the
    // image inside an SVG / PDF page of the figure's physical size.
    void writeImage(const QImage& image) const;
#endif

  private:
    std::string path_, size_, widthText_, heightText_, preset_, fontSize_;
    double dpi_ = 0;
    int width_, height_;
    bool noTitle_ = false;
};

}  // namespace modescape::cli

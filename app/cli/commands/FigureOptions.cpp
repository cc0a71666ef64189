#include "app/cli/commands/FigureOptions.h"

#include <CLI/CLI.hpp>

#include <cctype>
#include <functional>

#include "app/cli/commands/ImageSizeOption.h"
#include "core/common/Error.h"
#include "core/io/OutputPath.h"

#ifdef MODESCAPE_WITH_GUI
#include "ui/rendering/FigureTitles.h"
#include "ui/rendering/OffscreenRender.h"
#endif

namespace modescape::cli {
namespace {

// CLI11 checks: empty when the text parses, else the parser's message.
template <typename Parse>
std::function<std::string(const std::string&)> parses(Parse parse) {
    return [parse](const std::string& text) -> std::string {
        try {
            parse(text);
            return {};
        } catch (const std::exception& e) {
            return e.what();
        }
    };
}

#ifndef MODESCAPE_WITH_GUI
// Without Qt only the suffix can be checked (the sizes need ui/rendering).
void checkSuffix(const std::string& path) {
    const auto dot = path.rfind('.');
    std::string suffix = dot == std::string::npos ? "" : path.substr(dot + 1);
    for (char& c : suffix)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    if (suffix != "png" && suffix != "svg" && suffix != "pdf" && suffix != "tif" &&
        suffix != "tiff")
        throw InvalidArgument(path + ": a figure file must end in .png, .svg, .pdf or .tif");
}
#endif

}  // namespace

void FigureOptions::defineSizes(CLI::App& app, CLI::Option* figure) {
    // With --figure the sizes need it; `render` writes figures without one.
    const auto needsFigure = [figure](CLI::Option* option) {
        return figure ? option->needs(figure) : option;
    };
    auto* size = needsFigure(app.add_option("--size", size_,
                                            "Figure size in pixels, WIDTHxHEIGHT (default " +
                                                std::to_string(width_) + "x" +
                                                std::to_string(height_) + "); text grows with it")
                                 ->check(checkImageSize));
#ifdef MODESCAPE_WITH_GUI
    const auto lengthCheck = parses([](const std::string& t) { ui::parseLengthInches(t, 300); });
    const auto fontCheck = parses([](const std::string& t) { ui::parseFontPoints(t); });
#else  // the figure is refused anyway (checkCanRender)
    const auto lengthCheck = [](const std::string&) { return std::string(); };
    const auto fontCheck = lengthCheck;
#endif
    needsFigure(app.add_option("--width", widthText_,
                               "Figure width with a unit: in, cm, mm, pt or px (e.g. 3.5in); the "
                               "height follows the view's (or the preset's) aspect unless given")
                    ->check(lengthCheck))
        ->excludes(size);
    needsFigure(app.add_option("--height", heightText_, "Figure height with a unit (see --width)")
                    ->check(lengthCheck))
        ->excludes(size);
    needsFigure(app.add_option("--dpi", dpi_,
                               "Dots per inch of a physical size (default 300; presets: paper "
                               "600, slides 144); with --size, the resolution text sizes are "
                               "computed at")
                    ->check(CLI::Range(30.0, 2400.0)));
    needsFigure(app.add_option("--preset", preset_,
                               "paper (one column, 3.5 in, 8 pt text), paper-wide (7.16 in) or "
                               "slides (16:9, 1920x1080 at 144 dpi, 16 pt text); --width/--height "
                               "override its size")
                    ->check(CLI::IsMember({"paper", "paper-wide", "slides"})))
        ->excludes(size);
    needsFigure(app.add_option("--font-size", fontSize_,
                               "Text size in points at print size, e.g. 8pt (default 8pt for "
                               "physical sizes, 9pt scaled with the figure for pixel sizes)")
                    ->check(fontCheck));
}

CLI::Option* FigureOptions::define(CLI::App& app, const std::string& what) {
    auto* figure = app.add_option("--figure,--png", path_,
                                  "Render " + what +
                                      " to this file: PNG, SVG, PDF or TIFF (.tif) by its "
                                      "suffix (2-D views are vector SVG/PDF with real text; 3-D "
                                      "views are embedded as an image; PNG and TIFF are pixels "
                                      "at the DPI). Needs the GUI build and an X display, e.g. "
                                      "xvfb-run");
    defineSizes(app, figure);
    app.add_flag("--no-title", noTitle_,
                 "Leave the figure's title out (axis names, legends and colour bars stay)")
        ->needs(figure);
    return figure;
}

#ifdef MODESCAPE_WITH_GUI
ui::ResolvedFigure FigureOptions::figure() const {
    return ui::resolveFigure(figureSize(), QSize(width_, height_));
}

ui::FigureSize FigureOptions::figureSize() const {
    ui::FigureSize size;
    const double dpi = dpi_ > 0 ? dpi_ : 300;
    const double width = widthText_.empty() ? 0 : ui::parseLengthInches(widthText_, dpi);
    const double height = heightText_.empty() ? 0 : ui::parseLengthInches(heightText_, dpi);
    if (!preset_.empty()) {
        size = ui::FigureSize::fromPreset(*ui::figurePresetNamed(preset_), dpi_);
        const double aspect = size.heightInches / size.widthInches;
        if (width > 0 || height > 0) {  // one side given: the other keeps the preset's aspect
            size.widthInches = width > 0 ? width : height / aspect;
            size.heightInches = height > 0 ? height : width * aspect;
        }
    } else if (width > 0 || height > 0) {
        size = ui::FigureSize::fromInches(width, height, dpi_);
    } else {
        int pixelsWide = width_, pixelsHigh = height_;
        parseImageSize(size_, pixelsWide, pixelsHigh);
        size = ui::FigureSize::fromPixels(QSize(pixelsWide, pixelsHigh), dpi_);
    }
    if (!fontSize_.empty())
        size.fontPoints = ui::parseFontPoints(fontSize_);
    return size;
}

int FigureOptions::width() const {
    return figure().pixels.width();
}

int FigureOptions::height() const {
    return figure().pixels.height();
}

void FigureOptions::writeFigure(const ui::FigurePaint& paint) const {
    ui::FigureWriter(figure()).write(QString::fromStdString(path_), paint);
}

void FigureOptions::writeImage(const QImage& image) const {
    ui::FigureWriter(figure()).writeRaster(QString::fromStdString(path_), image);
}
#else
int FigureOptions::width() const {
    int width = width_, height = height_;
    parseImageSize(size_, width, height);
    return width;
}

int FigureOptions::height() const {
    int width = width_, height = height_;
    parseImageSize(size_, width, height);
    return height;
}
#endif

void FigureOptions::checkCanRender([[maybe_unused]] const std::string& alternative) const {
    if (!requested())
        return;
#ifdef MODESCAPE_WITH_GUI
    ui::figureFormatOf(QString::fromStdString(path_));
    figure();  // a physical size too small or too large for pixels
#else
    checkSuffix(path_);
#endif
    io::checkOutputFile(path_);
#ifdef MODESCAPE_WITH_GUI
    ui::ensureOffscreenApplication();
    ui::setFigureTitlesShown(!noTitle_);  // read by every view as it draws
#else
    throw InvalidArgument(
        "--figure needs the GUI build of modescape (this one was built with MODESCAPE_GUI=OFF, "
        "without Qt and VTK); " +
        alternative);
#endif
}

}  // namespace modescape::cli

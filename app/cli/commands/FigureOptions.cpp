#include "app/cli/commands/FigureOptions.h"

#include <CLI/CLI.hpp>

#include "app/cli/commands/ImageSizeOption.h"
#include "core/common/Error.h"
#include "core/io/OutputPath.h"

#ifdef MODESCAPE_WITH_GUI
#include "ui/rendering/OffscreenRender.h"
#endif

namespace modescape::cli {

CLI::Option* FigureOptions::define(CLI::App& app, const std::string& what) {
    auto* png = app.add_option("--png", path_,
                               "Render " + what +
                                   " to this image (PNG; needs the GUI build and an X display, "
                                   "e.g. xvfb-run)");
    app.add_option("--size", size_,
                   "Size of the --png image, WIDTHxHEIGHT (default " + std::to_string(width_) +
                       "x" + std::to_string(height_) + ")")
        ->check(checkImageSize)
        ->needs(png);
    return png;
}

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

void FigureOptions::checkCanRender([[maybe_unused]] const std::string& alternative) const {
    if (!requested())
        return;
    io::checkOutputFile(path_);
#ifdef MODESCAPE_WITH_GUI
    ui::ensureOffscreenApplication();
#else
    throw InvalidArgument(
        "--png needs the GUI build of modescape (this one was built with MODESCAPE_GUI=OFF, "
        "without Qt and VTK); " +
        alternative);
#endif
}

}  // namespace modescape::cli

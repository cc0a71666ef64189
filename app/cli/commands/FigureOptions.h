#pragma once
// `--png FILE [--size WxH]` of the commands that render a figure with the
// GUI's own view (calibrate, connect, landscape, project): the options, the
// check made before any work, and the pixel size.

#include <string>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace modescape::cli {

class FigureOptions {
  public:
    FigureOptions(int defaultWidth, int defaultHeight)
        : width_(defaultWidth), height_(defaultHeight) {}

    // `what` completes "Render ... to this image". Returns --png, for needs().
    CLI::Option* define(CLI::App& app, const std::string& what);

    bool requested() const { return !path_.empty(); }
    const std::string& path() const { return path_; }
    int width() const;
    int height() const;

    // Call before the work: the --png location must be writable (IoError
    // otherwise); a build without the GUI throws InvalidArgument suggesting
    // `alternative`; a GUI build makes the offscreen application, so a missing
    // display is reported before minutes of computing.
    void checkCanRender(const std::string& alternative) const;

  private:
    std::string path_, size_;
    int width_, height_;
};

}  // namespace modescape::cli

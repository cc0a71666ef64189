#include "ui/rendering/FigureSize.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "core/common/Error.h"

namespace modescape::ui {
namespace {

constexpr double kDefaultPrintDpi = 300.0;
constexpr int kMaxSide = 16384;  // pixels, as `--size` allows

// Splits "3.5in" into 3.5 and "in"; throws when there is no number.
std::pair<double, std::string> splitNumber(const std::string& text, const char* what) {
    const char* begin = text.c_str();
    char* end = nullptr;
    const double value = std::strtod(begin, &end);
    if (end == begin || !std::isfinite(value) || value <= 0)
        throw InvalidArgument(std::string(what) + " '" + text +
                              "' must be a positive number with a unit (e.g. 3.5in, 8.9cm, 89mm, "
                              "252pt, 1200px)");
    std::string unit(end);
    std::transform(unit.begin(), unit.end(), unit.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return {value, unit};
}

}  // namespace

std::optional<FigurePreset> figurePresetNamed(const std::string& name) {
    if (name == "paper")
        return FigurePreset::Paper;
    if (name == "paper-wide")
        return FigurePreset::PaperWide;
    if (name == "slides")
        return FigurePreset::Slides;
    return std::nullopt;
}

double parseLengthInches(const std::string& text, double dpi, const char* bareUnit) {
    auto [value, unit] = splitNumber(text, "length");
    if (unit.empty())
        unit = bareUnit;
    if (unit == "in")
        return value;
    if (unit == "cm")
        return value / 2.54;
    if (unit == "mm")
        return value / 25.4;
    if (unit == "pt")
        return value / 72.0;
    if (unit == "px")
        return value / (dpi > 0 ? dpi : kDefaultPrintDpi);
    throw InvalidArgument("length '" + text + "': unknown unit '" + unit +
                          "' (use in, cm, mm, pt or px)");
}

double parseFontPoints(const std::string& text) {
    auto [value, unit] = splitNumber(text, "font size");
    if (!unit.empty() && unit != "pt")
        throw InvalidArgument("font size '" + text + "' must be in points (e.g. 8pt)");
    if (value > 200)
        throw InvalidArgument("font size '" + text + "' is larger than 200 pt");
    return value;
}

FigureSize FigureSize::fromPixels(QSize size, double dpi) {
    FigureSize figure;
    figure.pixels = size;
    figure.dpi = dpi;
    return figure;
}

FigureSize FigureSize::fromInches(double width, double height, double dpi) {
    FigureSize figure;
    figure.widthInches = width;
    figure.heightInches = height;
    figure.dpi = dpi;
    return figure;
}

FigureSize FigureSize::fromPreset(FigurePreset preset, double dpi) {
    switch (preset) {
        case FigurePreset::Paper:
            return fromInches(3.5, 3.5 * 3 / 4, dpi > 0 ? dpi : 600);
        case FigurePreset::PaperWide:
            return fromInches(7.16, 7.16 * 9 / 16, dpi > 0 ? dpi : 600);
        case FigurePreset::Slides: {
            FigureSize slide = fromInches(40.0 / 3, 7.5, dpi > 0 ? dpi : 144);
            slide.fontPoints = 16;  // readable from the back of a room
            return slide;
        }
    }
    return {};
}

ResolvedFigure resolveFigure(const FigureSize& size, QSize reference) {
    reference = reference.expandedTo(QSize(1, 1));
    ResolvedFigure out;
    if (!size.isPhysical()) {
        out.pixels = size.pixels;
        out.dpi = size.dpi > 0
                      ? size.dpi
                      : kScreenDpi * std::min(double(size.pixels.width()) / reference.width(),
                                              double(size.pixels.height()) / reference.height());
        out.fontPoints = size.fontPoints > 0 ? size.fontPoints : kScreenFontPoints;
        return out;
    }
    out.dpi = size.dpi > 0 ? size.dpi : kDefaultPrintDpi;
    const double aspect = double(reference.height()) / reference.width();
    double w = size.widthInches, h = size.heightInches;
    if (w <= 0 && h <= 0)
        throw InvalidArgument("a physical figure size needs a width or a height");
    if (w <= 0)
        w = h / aspect;
    if (h <= 0)
        h = w * aspect;
    const auto pixels = [&](double inches) { return int(std::lround(inches * out.dpi)); };
    out.pixels = QSize(pixels(w), pixels(h));
    if (out.pixels.width() < 16 || out.pixels.height() < 16 || out.pixels.width() > kMaxSide ||
        out.pixels.height() > kMaxSide)
        throw InvalidArgument("the figure would be " + std::to_string(out.pixels.width()) + "x" +
                              std::to_string(out.pixels.height()) + " pixels at " +
                              std::to_string(int(out.dpi)) +
                              " dpi; each side must be 16 to 16384 pixels (change the size or "
                              "--dpi)");
    out.fontPoints = size.fontPoints > 0 ? size.fontPoints : kPrintFontPoints;
    return out;
}

}  // namespace modescape::ui

#include "core/landscape/LandscapeSettings.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "core/common/Error.h"

namespace modescape::landscape {

namespace {

std::string shortNumber(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}

void validateAxis(const GridAxis& axis, const char* name) {
    if (axis.count < 1)
        throw InvalidArgument(std::string("landscape grid: ") + name + " needs at least 1 point");
    if (!std::isfinite(axis.from) || !std::isfinite(axis.to))
        throw InvalidArgument(std::string("landscape grid: ") + name + " range must be finite");
    if (axis.count > 1 && axis.from == axis.to)
        throw InvalidArgument(std::string("landscape grid: ") + name +
                              " range is empty (from == to) but has several points");
    // Finite ends can still be too far apart for a double (1e308 to -1e308):
    // the coordinates would be infinite or NaN.
    if (axis.count > 1 && !std::isfinite((axis.to - axis.from) / (axis.count - 1)))
        throw InvalidArgument(std::string("landscape grid: ") + name + " range from " +
                              shortNumber(axis.from) + " to " + shortNumber(axis.to) +
                              " is too wide: its step is not a finite number");
}

}  // namespace

double GridAxis::at(int i) const {
    if (count <= 1)
        return from;
    return from + (to - from) * static_cast<double>(i) / static_cast<double>(count - 1);
}

std::vector<double> GridAxis::values() const {
    std::vector<double> v;
    for (int i = 0; i < count; ++i)
        v.push_back(at(i));
    return v;
}

const char* toString(DirectionSource v) {
    return wordOf(v, kDirectionSourceWords);
}
const char* toString(Normalization v) {
    return wordOf(v, kNormalizationWords);
}
const char* toString(IgnoreMode v) {
    return wordOf(v, kIgnoreModeWords);
}
const char* toString(DirectionScope v) {
    return wordOf(v, kDirectionScopeWords);
}
const char* toString(Engine v) {
    return wordOf(v, kEngineWords);
}

DirectionSource parseDirectionSource(const std::string& w) {
    return parseWord(w, kDirectionSourceWords, "direction source");
}
Normalization parseNormalization(const std::string& w) {
    return parseWord(w, kNormalizationWords, "normalisation");
}
IgnoreMode parseIgnoreMode(const std::string& w) {
    return parseWord(w, kIgnoreModeWords, "ignore mode");
}
DirectionScope parseDirectionScope(const std::string& w) {
    return parseWord(w, kDirectionScopeWords, "direction scope");
}
Engine parseEngine(const std::string& w) {
    return parseWord(w, kEngineWords, "engine");
}

void checkDirectionMemberCount(DirectionSource source, std::size_t count) {
    const std::string got = ", got " + std::to_string(count);
    if (source == DirectionSource::Plane && count != 3)
        throw InvalidArgument("landscape: a plane needs exactly 3 members (A,B,C)" + got);
    if (source == DirectionSource::Line && count != 2)
        throw InvalidArgument("landscape: a line needs exactly 2 members (A,B)" + got);
    if (source == DirectionSource::Pca && count != 0 && count < 3)
        throw InvalidArgument(tooFewPcaMembers(count));
}

std::string tooFewPcaMembers(std::size_t count) {
    return "landscape: PCA directions need at least 3 members (none = all of the set's), got " +
           std::to_string(count);
}

void validate(const LandscapeSettings& s) {
    if (s.dimensions != 1 && s.dimensions != 2)
        throw InvalidArgument("landscape: dimensions must be 1 or 2, not " +
                              std::to_string(s.dimensions));
    validateAxis(s.x, "x");
    if (s.dimensions == 2)
        validateAxis(s.y, "y");
    switch (s.directions) {
        case DirectionSource::Plane:
        case DirectionSource::Line:
        case DirectionSource::Pca:
            checkDirectionMemberCount(s.directions, s.directionMembers.size());
            if (s.directions == DirectionSource::Plane && s.dimensions != 2)
                throw InvalidArgument("landscape: a plane is a 2-D slice");
            if (s.directions == DirectionSource::Line && s.dimensions != 1)
                throw InvalidArgument("landscape: a line is a 1-D slice");
            break;
        case DirectionSource::File:
            if (s.directionFile.empty())
                throw InvalidArgument("landscape: directions from a file need the file's path");
            break;
        case DirectionSource::Hessian:
            if (s.eigenvectors.size() < static_cast<std::size_t>(s.dimensions))
                throw InvalidArgument("landscape: Hessian directions need " +
                                      std::to_string(s.dimensions) + " eigenvector ranks for a " +
                                      std::to_string(s.dimensions) + "-D slice (hessian:1,2)");
            for (const int k : s.eigenvectors)
                if (k < 1 || k > kMaxHessianEigenvector)
                    throw InvalidArgument(
                        "landscape: a Hessian eigenvector's rank runs from 1 to " +
                        std::to_string(kMaxHessianEigenvector) + ", got " + std::to_string(k));
            if (s.dimensions == 2 && s.eigenvectors[0] == s.eigenvectors[1])
                throw InvalidArgument("landscape: the two Hessian eigenvectors must differ, got " +
                                      std::to_string(s.eigenvectors[0]) + " twice");
            break;
        case DirectionSource::Random:
            break;
    }
    if (s.split.empty())
        throw InvalidArgument("landscape: no split given (train or test)");
    if (s.subset < 0)
        throw InvalidArgument("landscape: subset size must be >= 0 (0 = the whole split)");
    if (s.batchNormSamples < 0)
        throw InvalidArgument(
            "landscape: BatchNorm sample count must be >= 0 (0 = the whole train split)");
    if (s.pointsPerForward < 0 || s.batchSize < 0 || s.memoryBudgetMiB < 1)
        throw InvalidArgument(
            "landscape: points per forward and batch size must be >= 0, the memory budget >= 1 "
            "MiB");
}

GridAxis fittedAxis(const std::vector<double>& coordinates, int count) {
    double lo = 0.0, hi = 0.0;  // the centre is always shown
    for (double c : coordinates)
        if (std::isfinite(c)) {
            lo = std::min(lo, c);
            hi = std::max(hi, c);
        }
    GridAxis axis;
    axis.count = count;
    const double span = hi - lo;
    if (!(span > 1e-12)) {
        axis.from = -1.0;
        axis.to = 1.0;
        return axis;
    }
    const double margin = 0.25 * span;
    const double step = std::pow(10.0, std::floor(std::log10(span))) / 10.0;
    // Rounded outward: the margin is at least 25%, never less.
    axis.from = std::floor((lo - margin) / step) * step;
    axis.to = std::ceil((hi + margin) / step) * step;
    return axis;
}

}  // namespace modescape::landscape

#include "core/landscape/LandscapeSettings.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>

#include "core/common/Error.h"

namespace modescape::landscape {

namespace {

template <typename E, std::size_t N>
E parseWord(const std::string& word, const std::array<std::pair<const char*, E>, N>& words,
            const char* what) {
    std::string accepted;
    for (const auto& [w, v] : words) {
        if (word == w)
            return v;
        accepted += (accepted.empty() ? "" : ", ") + std::string(w);
    }
    throw InvalidArgument("unknown " + std::string(what) + " '" + word +
                          "' (accepted: " + accepted + ")");
}

template <typename E, std::size_t N>
const char* wordOf(E value, const std::array<std::pair<const char*, E>, N>& words) {
    for (const auto& [w, v] : words)
        if (v == value)
            return w;
    return "?";
}

constexpr std::array<std::pair<const char*, DirectionSource>, 5> kSources{{
    {"random", DirectionSource::Random},
    {"pca", DirectionSource::Pca},
    {"plane", DirectionSource::Plane},
    {"line", DirectionSource::Line},
    {"file", DirectionSource::File},
}};
constexpr std::array<std::pair<const char*, Normalization>, 3> kNorms{{
    {"filter", Normalization::Filter},
    {"layer", Normalization::Layer},
    {"none", Normalization::None},
}};
constexpr std::array<std::pair<const char*, IgnoreMode>, 2> kIgnores{{
    {"biasbn", IgnoreMode::BiasBn},
    {"none", IgnoreMode::None},
}};
constexpr std::array<std::pair<const char*, DirectionScope>, 2> kScopes{{
    {"weights", DirectionScope::Weights},
    {"states", DirectionScope::States},
}};
constexpr std::array<std::pair<const char*, Engine>, 2> kEngines{{
    {"batched", Engine::Batched},
    {"naive", Engine::Naive},
}};

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
    return wordOf(v, kSources);
}
const char* toString(Normalization v) {
    return wordOf(v, kNorms);
}
const char* toString(IgnoreMode v) {
    return wordOf(v, kIgnores);
}
const char* toString(DirectionScope v) {
    return wordOf(v, kScopes);
}
const char* toString(Engine v) {
    return wordOf(v, kEngines);
}

DirectionSource parseDirectionSource(const std::string& w) {
    return parseWord(w, kSources, "direction source");
}
Normalization parseNormalization(const std::string& w) {
    return parseWord(w, kNorms, "normalisation");
}
IgnoreMode parseIgnoreMode(const std::string& w) {
    return parseWord(w, kIgnores, "ignore mode");
}
DirectionScope parseDirectionScope(const std::string& w) {
    return parseWord(w, kScopes, "direction scope");
}
Engine parseEngine(const std::string& w) {
    return parseWord(w, kEngines, "engine");
}

void validate(const LandscapeSettings& s) {
    if (s.dimensions != 1 && s.dimensions != 2)
        throw InvalidArgument("landscape: dimensions must be 1 or 2, not " +
                              std::to_string(s.dimensions));
    validateAxis(s.x, "x");
    if (s.dimensions == 2)
        validateAxis(s.y, "y");
    const auto anchors = s.directionMembers.size();
    switch (s.directions) {
        case DirectionSource::Plane:
            if (anchors != 3)
                throw InvalidArgument("landscape: a plane needs exactly 3 members (A,B,C), got " +
                                      std::to_string(anchors));
            if (s.dimensions != 2)
                throw InvalidArgument("landscape: a plane is a 2-D slice");
            break;
        case DirectionSource::Line:
            if (anchors != 2)
                throw InvalidArgument("landscape: a line needs exactly 2 members (A,B), got " +
                                      std::to_string(anchors));
            if (s.dimensions != 1)
                throw InvalidArgument("landscape: a line is a 1-D slice");
            break;
        case DirectionSource::Pca:
            if (anchors != 0 && anchors < 3)
                throw InvalidArgument("landscape: PCA directions need at least 3 members, got " +
                                      std::to_string(anchors));
            break;
        case DirectionSource::File:
            if (s.directionFile.empty())
                throw InvalidArgument("landscape: directions from a file need the file's path");
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

}  // namespace modescape::landscape

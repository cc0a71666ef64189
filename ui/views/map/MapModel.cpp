#include "ui/views/map/MapModel.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/symmetry/ProjectionMethodNames.h"
#include "ui/rendering/Colormaps.h"
#include "ui/views/map/GroupColours.h"

namespace modescape::ui {
namespace {

constexpr double kNoMetricGrey[3] = {0.6, 0.6, 0.6};

// The number a metadata value spells ("17", "0.5", "1e-3"), NaN for other text.
double parseNumber(const std::string& text) {
    bool ok = false;
    const double value = QString::fromStdString(text).trimmed().toDouble(&ok);
    return ok && std::isfinite(value) ? value : std::nan("");
}

}  // namespace

void MapModel::setProjection(const symmetry::SetProjection& projection) {
    projection_ = projection;
    groups_.clear();
    groupOfPoint_.clear();
    for (const std::string& g : projection_.groups) {
        auto at = std::find(groups_.begin(), groups_.end(), g);
        if (at == groups_.end())
            at = groups_.insert(groups_.end(), g);
        groupOfPoint_.push_back(int(at - groups_.begin()));
    }
    selected_.clear();
    rebuildColours();
}

void MapModel::setMetrics(MemberMetricsMap metrics) {
    metrics_ = std::move(metrics);
    rebuildColours();
}

void MapModel::setColouring(MapColouring colouring) {
    colouring_ = colouring;
    rebuildColours();
}

void MapModel::setSelected(std::vector<int> indices) {
    std::sort(indices.begin(), indices.end());
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
    selected_ = std::move(indices);
}

int MapModel::markerAlpha() const {
    // Opaque enough to read the colour, clear enough to see a crowd's density
    // and a group lying under another.
    return pointCount() <= 100 ? 200 : 150;
}

double MapModel::markerPoints() const {
    // About 90 / sqrt(n) points across: a few points large, thousands small
    // enough to keep apart, always between 3 and 9 points (4 to 12 pixels on screen).
    const double n = std::max(1, pointCount());
    return std::clamp(90.0 / std::sqrt(n), 3.0, 9.0);
}

void MapModel::setMetadataColumn(std::string key,
                                 std::map<std::string, std::string> valueByMember) {
    metadataKey_ = std::move(key);
    metadataValues_ = std::move(valueByMember);
    rebuildColours();
}

void MapModel::setLabels(std::map<std::string, std::string> textByMember) {
    labels_ = std::move(textByMember);
}

QString MapModel::labelOf(int point) const {
    const auto it = labels_.find(projection_.members[std::size_t(point)]);
    return it == labels_.end() ? QString() : QString::fromStdString(it->second);
}

void MapModel::setMemberMetadata(
    std::map<std::string, std::map<std::string, std::string>> metadata) {
    metadata_ = std::move(metadata);
}

const std::map<std::string, std::string>* MapModel::metadataOf(int point) const {
    const auto it = metadata_.find(projection_.members[std::size_t(point)]);
    return it == metadata_.end() ? nullptr : &it->second;
}

double MapModel::metricOf(int point) const {
    const std::string& name = projection_.members[std::size_t(point)];
    if (colouring_ == MapColouring::Metadata) {
        const auto value = metadataValues_.find(name);
        return value == metadataValues_.end() ? std::nan("") : parseNumber(value->second);
    }
    const auto it = metrics_.find(name);
    if (it == metrics_.end())
        return std::nan("");
    return colouring_ == MapColouring::Accuracy ? it->second.accuracy : it->second.nll;
}

bool MapModel::continuous() const {
    return colouring_ == MapColouring::Accuracy || colouring_ == MapColouring::Nll ||
           (colouring_ == MapColouring::Metadata && metadataNumeric_);
}

std::vector<MapModel::LegendEntry> MapModel::legendEntries() const {
    std::vector<LegendEntry> entries;
    if (colouring_ == MapColouring::Group)
        for (std::size_t g = 0; g < groups_.size(); ++g)
            entries.push_back({QString::fromStdString(groups_[g]), groupQColor(int(g))});
    else if (colouring_ == MapColouring::Metadata && !metadataNumeric_)
        for (std::size_t k = 0; k < categories_.size(); ++k)
            entries.push_back({QString::fromStdString(categories_[k]), groupQColor(int(k))});
    return entries;
}

void MapModel::pointColour(int point, double rgb[3]) const {
    for (int k = 0; k < 3; ++k)
        rgb[k] = colours_[std::size_t(3 * point + k)];
}

QColor MapModel::pointQColor(int point) const {
    double rgb[3];
    pointColour(point, rgb);
    return QColor::fromRgbF(float(rgb[0]), float(rgb[1]), float(rgb[2]));
}

bool MapModel::hasColourBar() const {
    return continuous() && metricRange_[0] < metricRange_[1];
}

QString MapModel::metricName() const {
    if (colouring_ == MapColouring::Metadata)
        return QString::fromStdString(metadataKey_);
    return colouring_ == MapColouring::Accuracy ? QStringLiteral("test accuracy")
                                                : QStringLiteral("test NLL");
}

void MapModel::rebuildColours() {
    const int n = pointCount();
    colours_.assign(std::size_t(3 * n), 0.0);
    // A metadata column is numeric when every value given is a number.
    categories_.clear();
    metadataNumeric_ = true;
    bool anyValue = false;
    for (const std::string& member : projection_.members) {
        const auto value = metadataValues_.find(member);
        if (value == metadataValues_.end() || value->second.empty())
            continue;
        anyValue = true;
        if (std::isnan(parseNumber(value->second)))
            metadataNumeric_ = false;
        if (std::find(categories_.begin(), categories_.end(), value->second) == categories_.end())
            categories_.push_back(value->second);
    }
    metadataNumeric_ = metadataNumeric_ && anyValue;
    metricRange_[0] = std::numeric_limits<double>::infinity();
    metricRange_[1] = -std::numeric_limits<double>::infinity();
    if (continuous())
        for (int i = 0; i < n; ++i)
            if (const double v = metricOf(i); !std::isnan(v)) {
                metricRange_[0] = std::min(metricRange_[0], v);
                metricRange_[1] = std::max(metricRange_[1], v);
            }
    if (metricRange_[0] == metricRange_[1]) {  // one value: a unit range around it
        metricRange_[0] -= 0.5;
        metricRange_[1] += 0.5;
    }
    for (int i = 0; i < n; ++i) {
        double* rgb = &colours_[std::size_t(3 * i)];
        if (colouring_ == MapColouring::Group) {
            groupColour(groupOfPoint_[std::size_t(i)], rgb);
        } else if (!continuous()) {  // a text metadata column: its value's category colour
            const auto value = metadataValues_.find(projection_.members[std::size_t(i)]);
            const auto at = value == metadataValues_.end()
                                ? categories_.end()
                                : std::find(categories_.begin(), categories_.end(), value->second);
            if (at == categories_.end())
                std::copy(kNoMetricGrey, kNoMetricGrey + 3, rgb);
            else
                groupColour(int(at - categories_.begin()), rgb);
        } else if (const double v = metricOf(i); std::isnan(v)) {
            std::copy(kNoMetricGrey, kNoMetricGrey + 3, rgb);
        } else {
            colormapColor(Colormap::Viridis,
                          (v - metricRange_[0]) / (metricRange_[1] - metricRange_[0]), rgb);
        }
    }
    // Larger groups first, so each smaller group lies on top of them (ties:
    // legend order): a small group is never hidden under a large one.
    std::vector<int> counts(groups_.size(), 0);
    for (const int g : groupOfPoint_)
        ++counts[std::size_t(g)];
    drawOrder_.resize(groups_.size());
    std::iota(drawOrder_.begin(), drawOrder_.end(), 0);
    std::stable_sort(drawOrder_.begin(), drawOrder_.end(),
                     [&](int a, int b) { return counts[std::size_t(a)] > counts[std::size_t(b)]; });
}

std::vector<int> MapModel::pointDrawOrder() const {
    std::vector<int> order;
    order.reserve(std::size_t(pointCount()));
    for (const int group : drawOrder_)
        for (int i = 0; i < pointCount(); ++i)
            if (groupOfPoint_[std::size_t(i)] == group)
                order.push_back(i);
    return order;
}

QString MapModel::axisName(int axis) const {
    const std::string& m = projection_.method;
    const QString number = QString::number(axis + 1);
    if (m == "pca") {
        if (std::size_t(axis) < projection_.explainedVarianceRatio.size())
            return QStringLiteral("PC %1 (%2% of variance)")
                .arg(number)
                .arg(100 * projection_.explainedVarianceRatio[std::size_t(axis)], 0, 'f', 1);
        return "PC " + number;
    }
    const std::string name = symmetry::projectionMethodDisplayName(m);
    return QString::fromStdString(name.empty() ? "axis" : name) + " " + number;
}

QString MapModel::title() const {
    const std::string space = projection_.space == "function"
                                  ? "function space (" + projection_.distance + ")"
                                  : projection_.space;
    return QStringLiteral("%1 of %2 members, %3")
        .arg(QString::fromStdString(symmetry::projectionMethodDisplayName(projection_.method)))
        .arg(pointCount())
        .arg(QString::fromStdString(space));
}

}  // namespace modescape::ui

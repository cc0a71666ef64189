#include "core/symmetry/PanelBinning.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/common/Error.h"

namespace modescape::symmetry {
namespace {

struct Range {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    void add(double v) {
        if (std::isnan(v))
            return;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    bool empty() const { return lo > hi; }
    void widenWhenFlat() {
        if (lo == hi) {  // one value: a bin of width 1 around it
            lo -= 0.5;
            hi += 0.5;
        }
    }
};

int binOf(double v, double lo, double hi, int bins) {
    const int k = int(std::floor((v - lo) / (hi - lo) * bins));
    return std::clamp(k, 0, bins - 1);  // v == hi belongs to the last bin
}

}  // namespace

std::int64_t SquareHistogram2d::maximum() const {
    return counts.empty() ? 0 : *std::max_element(counts.begin(), counts.end());
}

SquareHistogram2d squareHistogram2d(std::span<const double> xs, std::span<const double> ys,
                                    int bins) {
    if (xs.size() != ys.size())
        throw InvalidArgument("2-D histogram: " + std::to_string(xs.size()) + " x values but " +
                              std::to_string(ys.size()) + " y values");
    if (bins < 1)
        throw InvalidArgument("2-D histogram: bins must be at least 1");
    Range range;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        range.add(xs[i]);
        range.add(ys[i]);
    }
    if (range.empty())
        throw InvalidArgument("2-D histogram: no values");
    range.widenWhenFlat();
    SquareHistogram2d h;
    h.bins = bins;
    h.lo = range.lo;
    h.hi = range.hi;
    h.counts.assign(std::size_t(bins) * std::size_t(bins), 0);
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (std::isnan(xs[i]) || std::isnan(ys[i]))
            continue;
        const int bx = binOf(xs[i], h.lo, h.hi, bins);
        const int by = binOf(ys[i], h.lo, h.hi, bins);
        ++h.counts[std::size_t(by * bins + bx)];
    }
    return h;
}

Histogram1d histogram1d(std::span<const double> values, int bins) {
    if (bins < 1)
        throw InvalidArgument("histogram: bins must be at least 1");
    Range range;
    for (double v : values)
        range.add(v);
    if (range.empty())
        throw InvalidArgument("histogram: no values");
    range.widenWhenFlat();
    Histogram1d h{range.lo, range.hi, std::vector<std::int64_t>(std::size_t(bins), 0)};
    for (double v : values)
        if (!std::isnan(v))
            ++h.counts[std::size_t(binOf(v, h.lo, h.hi, bins))];
    return h;
}

int rowOfMaximum(std::span<const float> values, std::int64_t rows) {
    if (values.empty() || rows < 1 || std::int64_t(values.size()) % rows != 0)
        throw InvalidArgument("index of the largest weight: " + std::to_string(values.size()) +
                              " values do not make " + std::to_string(rows) + " rows");
    const auto largest = std::max_element(values.begin(), values.end());
    const std::int64_t perRow = std::int64_t(values.size()) / rows;
    return int((largest - values.begin()) / perRow);
}

GroupIndexHistogram groupIndexHistogram(const std::vector<std::string>& groupOfMember,
                                        const std::vector<int>& indexOfMember, int units) {
    if (groupOfMember.size() != indexOfMember.size())
        throw InvalidArgument("index histogram: groups and indices differ in length");
    GroupIndexHistogram h;
    h.units = units;
    for (std::size_t i = 0; i < groupOfMember.size(); ++i) {
        const int unit = indexOfMember[i];
        if (unit < 0 || unit >= units)
            throw InvalidArgument("index histogram: unit " + std::to_string(unit) +
                                  " is outside [0, " + std::to_string(units) + ")");
        auto at = std::find(h.groups.begin(), h.groups.end(), groupOfMember[i]);
        if (at == h.groups.end()) {
            h.groups.push_back(groupOfMember[i]);
            h.counts.emplace_back(std::size_t(units), 0);
            at = h.groups.end() - 1;
        }
        ++h.counts[std::size_t(at - h.groups.begin())][std::size_t(unit)];
    }
    return h;
}

}  // namespace modescape::symmetry

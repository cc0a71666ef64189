#include "core/symmetry/SymmetryPanelsResult.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <numeric>

#include "core/common/Error.h"
#include "core/evaluation/LoadedSet.h"
#include "core/io/set/CheckpointSet.h"
#include "core/jobs/ProgressPart.h"

namespace modescape::symmetry {
namespace {

using nlohmann::json;

json toJson(const SquareHistogram2d& h) {
    json rows = json::array();  // rows[y bin][x bin]
    for (int y = 0; y < h.bins; ++y) {
        std::vector<std::int64_t> row;
        for (int x = 0; x < h.bins; ++x)
            row.push_back(h.count(x, y));
        rows.push_back(row);
    }
    return {{"bins", h.bins},
            {"lo", h.lo},
            {"hi", h.hi},
            {"bin_width", (h.hi - h.lo) / h.bins},
            {"maximum", h.maximum()},
            {"total", std::accumulate(h.counts.begin(), h.counts.end(), std::int64_t(0))},
            {"counts", rows}};
}

json toJson(const GroupIndexHistogram& h) {
    json counts = json::object();
    for (std::size_t g = 0; g < h.groups.size(); ++g)
        counts[h.groups[g]] = h.counts[g];
    return {{"units", h.units}, {"groups", h.groups}, {"counts", counts}};
}

json toJson(const Histogram1d& h) {
    return {{"bins", h.counts.size()},
            {"lo", h.lo},
            {"hi", h.hi},
            {"bin_width", h.binWidth()},
            {"counts", h.counts}};
}

}  // namespace

SymmetryPanelHistograms binSymmetryPanels(const SymmetryPanelData& d, int bins) {
    if (d.members.empty())
        throw InvalidArgument("symmetry panels: no members to count");
    SymmetryPanelHistograms h;
    h.bins = bins;
    h.rawPair = squareHistogram2d(d.rawA, d.rawB, bins);
    h.removedPair = squareHistogram2d(d.removedA, d.removedB, bins);
    h.rawUnit = groupIndexHistogram(d.groups, d.rawMaxUnit, d.units);
    h.removedUnit = groupIndexHistogram(d.groups, d.removedMaxUnit, d.units);
    h.excessMass = histogram1d(d.excessMass, bins);
    return h;
}

bool panelsHaveMmd(const io::CheckpointSet& set) {
    const auto counts = set.groupCounts();
    return counts.size() >= 2 &&
           std::all_of(counts.begin(), counts.end(), [](const auto& c) { return c.second >= 2; });
}

SymmetryPanelsResult computeSymmetryPanelsResult(evaluation::LoadedSet& set,
                                                 const SymmetryPanelOptions& options, int bins,
                                                 const JobContext& context) {
    if (bins < 1)
        throw InvalidArgument("symmetry panels: bins must be at least 1");
    SymmetryPanelsResult result;
    result.data = computeSymmetryPanels(set, options, progressPart(context, 0, 0.5));
    result.histograms = binSymmetryPanels(result.data, bins);
    if (panelsHaveMmd(set.set()))
        result.mmd = mmdOfSet(set, options.removed, {}, progressPart(context, 0.5, 1));
    else
        result.mmdMessage = "MMD needs two groups of two members at least";
    return result;
}

ExcessMassSummary summariseExcessMass(const SymmetryPanelData& data) {
    ExcessMassSummary s;
    if (data.excessMass.empty())
        return s;
    const auto [lo, hi] = std::minmax_element(data.excessMass.begin(), data.excessMass.end());
    s.minimum = *lo;
    s.maximum = *hi;
    s.mean = std::accumulate(data.excessMass.begin(), data.excessMass.end(), 0.0) /
             double(data.excessMass.size());
    return s;
}

json toJson(const SymmetryPanelsResult& r) {
    const SymmetryPanelData& d = r.data;
    json members = json::array();
    for (std::size_t i = 0; i < d.members.size(); ++i)
        members.push_back({{"name", d.members[i]},
                           {"group", d.groups[i]},
                           {"raw", {d.rawA[i], d.rawB[i]}},
                           {"removed", {d.removedA[i], d.removedB[i]}},
                           {"raw_max_unit", d.rawMaxUnit[i]},
                           {"removed_max_unit", d.removedMaxUnit[i]},
                           {"mass", d.mass[i]},
                           {"minimal_mass", d.minimalMass[i]},
                           {"excess_mass", d.excessMass[i]}});
    const ExcessMassSummary excess = summariseExcessMass(d);
    json out = {
        {"removed_space", d.removedSpace},
        {"pair", {{"tensor", d.pairTensor}, {"a", d.elementA}, {"b", d.elementB}}},
        {"index_tensor", d.indexTensor},
        {"units", d.units},
        {"members", members},
        {"histograms",
         {{"bins", r.histograms.bins},
          {"raw_pair", toJson(r.histograms.rawPair)},
          {"removed_pair", toJson(r.histograms.removedPair)},
          {"raw_max_unit", toJson(r.histograms.rawUnit)},
          {"removed_max_unit", toJson(r.histograms.removedUnit)},
          {"excess_mass", toJson(r.histograms.excessMass)}}},
        {"excess_mass_summary",
         {{"mean", excess.mean}, {"minimum", excess.minimum}, {"maximum", excess.maximum}}}};
    if (r.mmd)
        out["mmd"] = symmetry::toJson(*r.mmd);
    else
        out["mmd_message"] = r.mmdMessage;
    return out;
}

}  // namespace modescape::symmetry

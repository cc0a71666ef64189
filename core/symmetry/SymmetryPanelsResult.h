#pragma once
// Every number the symmetry panels draw (Laurent et al., ICLR 2024), computed
// once for the GUI's "Symmetry panels" tab and `modescape panels`: the members'
// values (SymmetryPanelData), their histograms at a number of bins (the pair of
// weights raw and removed, the unit of a layer's largest weight per group raw
// and removed, the excess mass) and the group x group MMD table in the removed
// space. The bins only re-count: binSymmetryPanels() needs no second read.

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/common/WordTable.h"
#include "core/jobs/Progress.h"
#include "core/symmetry/PanelBinning.h"
#include "core/symmetry/SetProjection.h"
#include "core/symmetry/SymmetryPanels.h"

namespace modescape::evaluation {
class LoadedSet;
}

namespace modescape::symmetry {

// The spaces the panels compare the raw weights with (their "removed" side).
inline constexpr WordTable<WeightSpace, 2> kPanelSpaceWords{
    {{"scaling+permutation", WeightSpace::ScalingPermutation}, {"scaling", WeightSpace::Scaling}}};

inline constexpr int kDefaultPanelBins = 20;

struct SymmetryPanelHistograms {
    int bins = 0;
    SquareHistogram2d rawPair, removedPair;    // bins x bins
    GroupIndexHistogram rawUnit, removedUnit;  // groups x units
    Histogram1d excessMass;                    // bins
};

// Throws InvalidArgument for bins < 1 and for data without members.
SymmetryPanelHistograms binSymmetryPanels(const SymmetryPanelData& data, int bins);

struct SymmetryPanelsResult {
    SymmetryPanelData data;
    SymmetryPanelHistograms histograms;
    // The MMD table in the removed space, when the set has two groups or more
    // of two members at least; else mmdMessage says why there is none.
    std::optional<SetMmd> mmd;
    std::string mmdMessage;
};

// True when every group has two members at least and there are two groups at least.
bool panelsHaveMmd(const io::CheckpointSet& set);

// Reads every member once for the panels, bins them, then computes the MMD
// table (a second pass, streamed) when panelsHaveMmd. Progress: the panels'
// pass is the first half, the MMD the second. Throws what
// computeSymmetryPanels, binSymmetryPanels and mmdOfSet throw.
SymmetryPanelsResult computeSymmetryPanelsResult(evaluation::LoadedSet& set,
                                                 const SymmetryPanelOptions& options, int bins,
                                                 const JobContext& context);

// Summary statistics of the panels, for the JSON and the CLI's text.
struct ExcessMassSummary {
    double mean = 0, minimum = 0, maximum = 0;
};
ExcessMassSummary summariseExcessMass(const SymmetryPanelData& data);

// {"members": [{name, group, raw: [a, b], removed: [a, b], raw_max_unit,
//   removed_max_unit, mass, minimal_mass, excess_mass}], "pair": {...},
//  "histograms": {"raw_pair", "removed_pair", "raw_max_unit",
//  "removed_max_unit", "excess_mass"}, "excess_mass_summary", "mmd" | "mmd_message"}
nlohmann::json toJson(const SymmetryPanelsResult& result);

}  // namespace modescape::symmetry

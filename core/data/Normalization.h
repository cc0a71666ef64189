#pragma once
// The input normalisation a dataset spec asks for: `norm=none` (inputs as
// loaded), `norm=train` (per-channel statistics of the set's train data) or
// constants `mean=a:b:c,std=a:b:c` (one value per channel). Checkpoints only
// score as published when their inputs are preprocessed the way they were
// trained, so the choice is parsed, applied and reported in one place.
// See docs/datasets.md ("Normalisation").

#include <map>
#include <string>

#include "core/data/Dataset.h"

namespace modescape::data {

struct NormalizationChoice {
    enum class Kind { Unspecified, None, Train, Constants };
    Kind kind = Kind::Unspecified;
    ChannelStats constants;  // Constants only

    bool specified() const { return kind != Kind::Unspecified; }
    // "none", "train" or "mean=a:b:c,std=a:b:c" (the spec options it came from).
    std::string optionsText() const;
};

// Reads norm= / mean= / std= from a spec's options. Unspecified when none is
// given. Throws InvalidArgument naming `context` (the spec) for an unknown norm
// word, norm= given with mean/std, mean without std (or the reverse), counts
// that differ, a value that is not a finite number, or a std that is not > 0.
// ignoreStd: the kind uses std= itself (blobs' spread) unless mean= is given.
NormalizationChoice parseNormalization(const std::map<std::string, std::string>& options,
                                       const std::string& context, bool ignoreStd = false);
// The same for options text "mean=...,std=..." (a set's default normalisation).
NormalizationChoice parseNormalizationText(const std::string& optionsText,
                                           const std::string& context);

// "a:b:c" with up to 6 significant digits per value.
std::string joinChannelValues(const std::vector<double>& values);

// Applies constants to data after checking the channel count; the error names
// `context` and says how to fix it. Records what was applied in data.
void applyConstants(Dataset& data, const ChannelStats& stats, const std::string& context);

// How a loaded dataset's inputs were preprocessed, for outputs:
// "not normalised (inputs as loaded)" or
// "normalised mean=0.4914:0.4822:0.4465,std=0.2023:0.1994:0.201 (the set's default)".
std::string describeNormalization(const Dataset& data);

}  // namespace modescape::data

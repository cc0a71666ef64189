#include "core/data/Normalization.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/common/Error.h"
#include "core/data/Transforms.h"

namespace modescape::data {

namespace {

[[noreturn]] void bad(const std::string& context, const std::string& problem) {
    throw InvalidArgument(context + ": " + problem +
                          " (normalisation: norm=none, norm=train, or mean=a:b:c,std=a:b:c with "
                          "one value per channel; see docs/datasets.md)");
}

std::vector<double> channelValues(const std::string& key, const std::string& text,
                                  const std::string& context) {
    std::vector<double> values;
    for (std::size_t start = 0; start <= text.size();) {
        auto end = text.find(':', start);
        if (end == std::string::npos)
            end = text.size();
        const std::string item = text.substr(start, end - start);
        double v = 0;
        const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
        if (item.empty() || ec != std::errc() || ptr != item.data() + item.size() ||
            !std::isfinite(v))
            bad(context, key + "='" + text + "': '" + item + "' is not a number");
        values.push_back(v);
        start = end + 1;
    }
    return values;
}

}  // namespace

std::string joinChannelValues(const std::vector<double>& values) {
    std::string text;
    for (double v : values) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.6g", v);
        text += (text.empty() ? "" : ":") + std::string(buffer);
    }
    return text;
}

std::string NormalizationChoice::optionsText() const {
    switch (kind) {
        case Kind::Unspecified:
            return "";
        case Kind::None:
            return "norm=none";
        case Kind::Train:
            return "norm=train";
        case Kind::Constants:
            return "mean=" + joinChannelValues(constants.mean) +
                   ",std=" + joinChannelValues(constants.std);
    }
    return "";
}

NormalizationChoice parseNormalization(const std::map<std::string, std::string>& options,
                                       const std::string& context, bool ignoreStd) {
    const auto norm = options.find("norm");
    const auto mean = options.find("mean");
    const bool hasMean = mean != options.end();
    const auto std = hasMean || !ignoreStd ? options.find("std") : options.end();
    const bool hasStd = std != options.end();
    NormalizationChoice choice;
    if (norm != options.end()) {
        if (hasMean || hasStd)
            bad(context, "give either norm=" + norm->second + " or mean=/std=, not both");
        if (norm->second == "none")
            choice.kind = NormalizationChoice::Kind::None;
        else if (norm->second == "train")
            choice.kind = NormalizationChoice::Kind::Train;
        else
            bad(context, "norm must be none or train, got '" + norm->second + "'");
        return choice;
    }
    if (!hasMean && !hasStd)
        return choice;
    if (!hasMean || !hasStd)
        bad(context, std::string(hasMean ? "mean= needs std=" : "std= needs mean="));
    choice.kind = NormalizationChoice::Kind::Constants;
    choice.constants.mean = channelValues("mean", mean->second, context);
    choice.constants.std = channelValues("std", std->second, context);
    if (choice.constants.mean.size() != choice.constants.std.size())
        bad(context, "mean has " + std::to_string(choice.constants.mean.size()) +
                         " values but std has " + std::to_string(choice.constants.std.size()));
    for (double s : choice.constants.std)
        if (!(s > 0))
            bad(context, "every std must be > 0, got std=" + std->second);
    return choice;
}

NormalizationChoice parseNormalizationText(const std::string& optionsText,
                                           const std::string& context) {
    std::map<std::string, std::string> options;
    for (std::size_t start = 0; start < optionsText.size();) {
        auto end = optionsText.find(',', start);
        if (end == std::string::npos)
            end = optionsText.size();
        const std::string arg = optionsText.substr(start, end - start);
        start = end + 1;
        const auto eq = arg.find('=');
        const std::string key = arg.substr(0, eq);
        if (eq == std::string::npos || (key != "norm" && key != "mean" && key != "std") ||
            !options.emplace(key, arg.substr(eq + 1)).second)
            bad(context, "'" + arg + "' is not a normalisation option");
    }
    return parseNormalization(options, context);
}

void applyConstants(Dataset& data, const ChannelStats& stats, const std::string& context) {
    const std::int64_t channels =
        data.inputs.defined() && data.inputs.dim() >= 2 ? data.inputs.size(1) : 0;
    if (channels != static_cast<std::int64_t>(stats.mean.size()))
        throw InvalidArgument(
            context + ": the normalisation has " + std::to_string(stats.mean.size()) +
            " value(s) per mean/std but the data has " + std::to_string(channels) +
            " channel(s) (dim 1 of the inputs); give one value per channel, "
            "or norm=none");
    applyNormalization(data, stats);
}

std::string describeNormalization(const Dataset& data) {
    if (data.normalization.mean.empty())
        return "not normalised (inputs as loaded)";
    std::string text = "normalised mean=" + joinChannelValues(data.normalization.mean) +
                       ",std=" + joinChannelValues(data.normalization.std);
    if (!data.normalizationSource.empty())
        text += " (" + data.normalizationSource + ")";
    return text;
}

}  // namespace modescape::data

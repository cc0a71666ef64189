#include "core/analysis/ParameterText.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/analysis/SeveralWords.h"
#include "core/common/Error.h"

namespace modescape::analysis {

namespace {

nlohmann::json integerFrom(const ParameterSpec& spec, const std::string& text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        throw InvalidArgument(userName(spec) + ": '" + text + "' is not a whole number");
    return value;
}

nlohmann::json realFrom(const ParameterSpec& spec, const std::string& text) {
    try {
        std::size_t used = 0;
        const double value = std::stod(text, &used);
        if (used == text.size() && std::isfinite(value))
            return value;
    } catch (const std::exception&) {
    }
    throw InvalidArgument(userName(spec) + ": '" + text + "' is not a number");
}

nlohmann::json flagFrom(const ParameterSpec& spec, const std::string& text) {
    for (const char* yes : {"true", "on", "yes", "1"})
        if (text == yes)
            return true;
    for (const char* no : {"false", "off", "no", "0"})
        if (text == no)
            return false;
    throw InvalidArgument(userName(spec) + ": '" + text + "' is not true or false");
}

nlohmann::json valueOf(const ParameterSpec& spec, const std::string& text) {
    switch (spec.kind) {
        case ParameterKind::Flag:
            return flagFrom(spec, text);
        case ParameterKind::Integer:
            return integerFrom(spec, text);
        case ParameterKind::Real:
            return realFrom(spec, text);
        case ParameterKind::Members:
            return splitOnCommas(text);
        case ParameterKind::Choice:
            // `--path linear,bezier`: several words make an array.
            if (takesSeveralWords(spec) && text.find(',') != std::string::npos)
                return splitOnCommas(text);
            return text;
        default:
            return text;
    }
}

}  // namespace

std::vector<std::string> splitOnCommas(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find(',', start), text.size());
        if (end > start)
            parts.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

const ParameterSpec& suffixTargetOf(const ParameterList& list, const ParameterSpec& spec,
                                    const std::string& word) {
    const ParameterSpec& suffix = specNamed(list, spec.suffixParameter);
    if (isEnabled(suffix, ParameterValues{{spec.name, word}}))
        return suffix;
    for (const ParameterSpec& candidate : list)
        if (candidate.enabledWhen.size() == 1 && candidate.enabledWhen[0].parameter == spec.name &&
            candidate.enabledWhen[0].values == std::vector<nlohmann::json>{nlohmann::json(word)})
            return candidate;
    return suffix;
}

ParameterValues valuesFromText(const ParameterList& list, const ParameterSpec& spec,
                               const std::string& text) {
    ParameterValues values = ParameterValues::object();
    const auto colon = text.find(':');
    if (!spec.suffixParameter.empty() && colon != std::string::npos) {
        // plane:A,B,C: the word here, what follows to its own parameter.
        values[spec.name] = text.substr(0, colon);
        const ParameterSpec& suffix = suffixTargetOf(list, spec, text.substr(0, colon));
        values[suffix.name] = valueOf(suffix, text.substr(colon + 1));
        return values;
    }
    values[spec.name] = valueOf(spec, text);
    return values;
}

}  // namespace modescape::analysis

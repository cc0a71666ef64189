#include "core/analysis/CommandLineOf.h"

#include "core/analysis/Analysis.h"

namespace modescape::analysis {

namespace {

std::string joined(const nlohmann::json& words) {
    std::string text;
    for (const auto& word : words)
        text +=
            (text.empty() ? "" : ",") + (word.is_string() ? word.get<std::string>() : word.dump());
    return text;
}

bool given(const ParameterSpec& spec, const ParameterValues& values) {
    if (!values.contains(spec.name) || values[spec.name].is_null())
        return false;
    const nlohmann::json& value = values[spec.name];
    if (spec.kind == ParameterKind::Flag)
        return value.is_boolean() && value.get<bool>();
    if (spec.kind == ParameterKind::Members && value.is_array() && value.empty() &&
        spec.defaultValue.is_null())
        return false;  // no members: the default ("every member", "automatic")
    return value != spec.defaultValue;
}

}  // namespace

std::string argumentText(const ParameterSpec& spec, const nlohmann::json& value) {
    if (value.is_array())
        return joined(value);
    if (value.is_string())
        return value.get<std::string>();
    if (spec.kind == ParameterKind::Flag || value.is_null())
        return {};
    return value.dump();  // numbers: the shortest text that reads back the same
}

std::vector<std::string> commandLineArguments(const Analysis& analysis,
                                              const ParameterValues& values) {
    std::vector<std::string> words{analysis.info().name};
    const ParameterList& list = analysis.parameters();
    for (const auto& spec : list)
        if (spec.positional && values.contains(spec.name) && !values[spec.name].is_null())
            words.push_back(argumentText(spec, values[spec.name]));
    bool gridGiven = false;
    for (const auto& spec : list) {
        if (spec.positional || spec.flag.empty() || !isEnabled(spec, values))
            continue;
        // `landscape --grid` alone means --range grid: say which range it is.
        const bool inferred =
            analysis.info().name == "landscape" && spec.name == "range" && gridGiven;
        if (!given(spec, values) && !inferred)
            continue;
        gridGiven = gridGiven || spec.name == "grid";
        words.push_back(spec.flag);
        if (spec.kind != ParameterKind::Flag)
            words.push_back(argumentText(spec, values[spec.name]));
    }
    return words;
}

std::string shellQuoted(const std::string& word) {
    const bool safe = !word.empty() && word.find_first_not_of(
                                           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                           "0123456789_./:,=@%+-") == std::string::npos;
    if (safe)
        return word;
    std::string quoted = "'";
    for (const char c : word)
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

std::string shellCommand(const std::vector<std::string>& words) {
    std::string text;
    for (const auto& word : words)
        text += (text.empty() ? "" : " ") + shellQuoted(word);
    return text;
}

}  // namespace modescape::analysis

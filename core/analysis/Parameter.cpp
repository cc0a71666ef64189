#include "core/analysis/Parameter.h"

#include <cctype>
#include <cmath>
#include <cstdio>

#include "core/analysis/SeveralWords.h"
#include "core/common/Error.h"

namespace modescape::analysis {

namespace {

std::string joined(const std::vector<std::string>& words) {
    std::string text;
    for (const auto& w : words)
        text += (text.empty() ? "" : ", ") + w;
    return text;
}

std::string numberText(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}

std::string upper(std::string text) {
    for (char& c : text)
        c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

// The word a Choice value is checked by: before ':' when a suffix may follow.
std::string choiceWord(const ParameterSpec& spec, const std::string& value) {
    if (spec.suffixParameter.empty())
        return value;
    return value.substr(0, value.find(':'));
}

void checkRange(const ParameterSpec& spec, double v) {
    if (spec.minimum && v < *spec.minimum)
        throw InvalidArgument(userName(spec) + ": " + numberText(v) + " is below the minimum " +
                              numberText(*spec.minimum));
    if (spec.maximum && v > *spec.maximum)
        throw InvalidArgument(userName(spec) + ": " + numberText(v) + " is above the maximum " +
                              numberText(*spec.maximum));
}

[[noreturn]] void wrongType(const ParameterSpec& spec, const nlohmann::json& value,
                            const char* expected) {
    throw InvalidArgument(userName(spec) + ": expected " + expected + ", got " + value.dump());
}

// The same spec taking one word: checks each word of a list.
ParameterSpec oneWordOf(ParameterSpec spec) {
    spec.unit.clear();
    return spec;
}

void checkValue(const ParameterSpec& spec, const nlohmann::json& value) {
    if (value.is_null())
        return;  // "no value": automatic, all, none
    switch (spec.kind) {
        case ParameterKind::Flag:
            if (!value.is_boolean())
                wrongType(spec, value, "true or false");
            return;
        case ParameterKind::Integer:
            if (!value.is_number_integer())
                wrongType(spec, value, "a whole number");
            checkRange(spec, value.get<double>());
            return;
        case ParameterKind::Real:
            if (!value.is_number() || !std::isfinite(value.get<double>()))
                wrongType(spec, value, "a finite number");
            checkRange(spec, value.get<double>());
            return;
        case ParameterKind::Members:
            if (!value.is_array())
                wrongType(spec, value, "a list of member names");
            for (const auto& name : value)
                if (!name.is_string() || name.get<std::string>().empty())
                    wrongType(spec, value, "a list of member names");
            return;
        case ParameterKind::Choice:
        case ParameterKind::Role: {
            if (takesSeveralWords(spec) && value.is_array()) {
                if (value.empty())
                    wrongType(spec, value, "one word or a list of them");
                for (std::size_t i = 0; i < value.size(); ++i) {
                    checkValue(oneWordOf(spec), value[i]);
                    for (std::size_t j = 0; j < i; ++j)
                        if (value[j] == value[i])
                            throw InvalidArgument(userName(spec) + ": '" +
                                                  value[i].get<std::string>() +
                                                  "' is listed twice");
                }
                return;
            }
            if (!value.is_string())
                wrongType(spec, value, "a word");
            const std::string word = choiceWord(spec, value.get<std::string>());
            if (spec.choices.empty())
                return;
            for (const auto& choice : spec.choices)
                if (choice == word)
                    return;
            throw InvalidArgument(userName(spec) + ": '" + word + "' is not one of " +
                                  joined(spec.choices));
        }
        case ParameterKind::Text:
        case ParameterKind::Path:
        case ParameterKind::Member:
        case ParameterKind::Grid:
        case ParameterKind::Set:
            if (!value.is_string())
                wrongType(spec, value, "text");
            return;
    }
}

}  // namespace

const char* kindWord(ParameterKind kind) {
    switch (kind) {
        case ParameterKind::Flag:
            return "flag";
        case ParameterKind::Integer:
            return "integer";
        case ParameterKind::Real:
            return "real";
        case ParameterKind::Text:
            return "text";
        case ParameterKind::Choice:
            return "choice";
        case ParameterKind::Path:
            return "path";
        case ParameterKind::Member:
            return "member";
        case ParameterKind::Members:
            return "members";
        case ParameterKind::Grid:
            return "grid";
        case ParameterKind::Role:
            return "role";
        case ParameterKind::Set:
            return "set";
    }
    return "?";
}

ParameterSpec parameter(std::string name, ParameterKind kind, std::string label, std::string help) {
    ParameterSpec spec;
    spec.flag = "--" + name;
    spec.name = std::move(name);
    spec.kind = kind;
    spec.label = std::move(label);
    spec.help = std::move(help);
    if (kind == ParameterKind::Flag)
        spec.defaultValue = false;
    if (kind == ParameterKind::Members)
        spec.defaultValue = nlohmann::json::array();
    return spec;
}

ParameterSpec setParameter() {
    return parameter("set", ParameterKind::Set, "Checkpoint set",
                     "Checkpoint set: a folder of checkpoints, an archive of them or a folder of "
                     "archives")
        .asPositional()
        .notInGui();
}

const ParameterSpec& specNamed(const ParameterList& list, const std::string& name) {
    for (const auto& spec : list)
        if (spec.name == name)
            return spec;
    throw InvalidArgument("no parameter named '" + name + "'");
}

std::string userName(const ParameterSpec& spec) {
    if (spec.positional)
        return upper(spec.name);
    if (!spec.flag.empty())
        return spec.flag;
    return spec.label.empty() ? spec.name : spec.label;
}

ParameterValues withDefaults(const ParameterList& list, const ParameterValues& given) {
    ParameterValues values = given.is_object() ? given : ParameterValues::object();
    for (const auto& spec : list)
        if (!values.contains(spec.name))
            values[spec.name] = spec.defaultValue;
    return values;
}

void checkValues(const ParameterList& list, const ParameterValues& values) {
    if (!values.is_object())
        throw InvalidArgument("parameters must be a JSON object, got " + values.dump());
    for (const auto& [name, value] : values.items()) {
        const ParameterSpec* spec = nullptr;
        for (const auto& candidate : list)
            if (candidate.name == name)
                spec = &candidate;
        if (!spec) {
            std::vector<std::string> names;
            for (const auto& candidate : list)
                names.push_back(candidate.name);
            throw InvalidArgument("unknown parameter '" + name + "' (accepted: " + joined(names) +
                                  ")");
        }
        checkValue(*spec, value);
    }
}

bool isEnabled(const ParameterSpec& spec, const ParameterValues& values) {
    for (const auto& condition : spec.enabledWhen) {
        const auto it = values.find(condition.parameter);
        if (it == values.end())
            return false;
        nlohmann::json value = *it;
        if (value.is_string())  // "plane:A,B,C" counts as "plane"
            value = value.get<std::string>().substr(0, value.get<std::string>().find(':'));
        // Several words: enabled when one of them is allowed.
        const nlohmann::json words = value.is_array() ? value : nlohmann::json::array({value});
        bool matches = false;
        for (const auto& allowed : condition.values)
            for (const auto& word : words)
                matches = matches || allowed == word;
        if (!matches)
            return false;
    }
    return true;
}

std::string describeDefault(const ParameterSpec& spec) {
    const auto& v = spec.defaultValue;
    if (v.is_null() || (v.is_array() && v.empty()) ||
        (v.is_string() && v.get<std::string>().empty()))
        return spec.defaultText.empty() ? "none" : spec.defaultText;
    if (v.is_boolean())
        return v.get<bool>() ? "on" : "off";
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_number_integer())
        return std::to_string(v.get<long long>());
    if (v.is_number())
        return numberText(v.get<double>());
    if (v.is_array()) {
        std::string text;
        for (const auto& item : v)
            text += (text.empty() ? "" : ",") +
                    (item.is_string() ? item.get<std::string>() : item.dump());
        return text;
    }
    return v.dump();
}

std::string cliHelp(const ParameterSpec& spec) {
    std::vector<std::string> notes;
    if (spec.kind != ParameterKind::Flag && spec.kind != ParameterKind::Set)
        notes.push_back("default: " + describeDefault(spec));
    if (!spec.choices.empty())
        notes.push_back("one of " + joined(spec.choices));
    if (!spec.unit.empty())
        notes.push_back(spec.unit);
    if (spec.minimum && spec.maximum)
        notes.push_back("from " + numberText(*spec.minimum) + " to " + numberText(*spec.maximum));
    else if (spec.minimum)
        notes.push_back("at least " + numberText(*spec.minimum));
    else if (spec.maximum)
        notes.push_back("at most " + numberText(*spec.maximum));
    std::string text = spec.help;
    if (!notes.empty()) {
        text += " (";
        for (std::size_t i = 0; i < notes.size(); ++i)
            text += (i ? "; " : "") + notes[i];
        text += ")";
    }
    return text;
}

nlohmann::json specToJson(const ParameterSpec& spec) {
    nlohmann::json enabled = nlohmann::json::array();
    for (const auto& condition : spec.enabledWhen)
        enabled.push_back({{"parameter", condition.parameter}, {"values", condition.values}});
    nlohmann::json j{
        {"name", spec.name},
        {"type", kindWord(spec.kind)},
        {"positional", spec.positional},
        {"label", spec.label},
        {"help", spec.help},
        {"default", spec.defaultValue},
        {"default_text", describeDefault(spec)},
        {"choices", spec.choices},
        {"unit", spec.unit},
        {"minimum", spec.minimum ? nlohmann::json(*spec.minimum) : nlohmann::json(nullptr)},
        {"maximum", spec.maximum ? nlohmann::json(*spec.maximum) : nlohmann::json(nullptr)},
        {"enabled_when", enabled},
        {"advanced", spec.advanced},
        {"gui", spec.shownInGui},
        {"result_defining", spec.resultDefining},
        {"required", spec.required || spec.positional},
    };
    if (!spec.positional)
        j["flag"] = spec.flag;
    if (!spec.suffixParameter.empty())
        j["suffix_parameter"] = spec.suffixParameter;
    return j;
}

}  // namespace modescape::analysis

#include "app/cli/AnalysisOptions.h"

#include <CLI/CLI.hpp>

#include <algorithm>

#include "core/analysis/ParameterText.h"
#include "core/analysis/SeveralWords.h"

namespace modescape::cli {

namespace {

using analysis::ParameterKind;
using analysis::ParameterSpec;

// Accepts one of the spec's choices, or WORD:SUFFIX when a suffix is allowed
// (several comma-separated ones where the spec takes several).
CLI::Validator choiceValidator(const ParameterSpec& spec) {
    return CLI::Validator(
        [spec](std::string& text) {
            const std::string given =
                spec.suffixParameter.empty() ? text : text.substr(0, text.find(':'));
            // `--path linear,bezier`: each word must be a choice.
            const std::vector<std::string> words = analysis::takesSeveralWords(spec)
                                                       ? analysis::splitOnCommas(given)
                                                       : std::vector<std::string>{given};
            for (const auto& word : words)
                if (std::find(spec.choices.begin(), spec.choices.end(), word) ==
                    spec.choices.end()) {
                    std::string list;
                    for (const auto& choice : spec.choices)
                        list += (list.empty() ? "" : ", ") + choice;
                    return "'" + word + "' is not one of " + list;
                }
            return std::string();
        },
        "", "CHOICE");
}

std::string typeName(const ParameterSpec& spec) {
    switch (spec.kind) {
        case ParameterKind::Integer:
            return "N";
        case ParameterKind::Real:
            return "X";
        case ParameterKind::Path:
            return "PATH";
        case ParameterKind::Member:
            return "MEMBER";
        case ParameterKind::Members:
            return "MEMBER,...";
        case ParameterKind::Grid:
            return "X0:X1:NX[,Y0:Y1:NY]";
        case ParameterKind::Role:
            return "ROLE";
        default:
            return "TEXT";
    }
}

}  // namespace

void AnalysisOptions::define(CLI::App& app, const std::vector<std::string>& skip) {
    for (const ParameterSpec& spec : analysis_.parameters()) {
        if (spec.positional || spec.flag.empty() || spec.kind == ParameterKind::Set ||
            std::find(skip.begin(), skip.end(), spec.name) != skip.end())
            continue;
        const std::string help = analysis::cliHelp(spec);
        CLI::Option* option = nullptr;
        if (spec.kind == ParameterKind::Flag) {
            option = app.add_flag(spec.flag, flags_[spec.name], help);
        } else {
            option = app.add_option(spec.flag, texts_[spec.name], help);
            option->type_name(typeName(spec));
            if (spec.kind == ParameterKind::Members)
                option->delimiter(',');
            else
                option->expected(1);
            if (spec.kind == ParameterKind::Choice && !spec.choices.empty())
                option->check(choiceValidator(spec));
        }
        if (spec.required)
            option->required();
        options_[spec.name] = option;
    }
}

analysis::ParameterValues AnalysisOptions::given() const {
    analysis::ParameterValues values = analysis::ParameterValues::object();
    for (const ParameterSpec& spec : analysis_.parameters()) {
        const auto option = options_.find(spec.name);
        if (option == options_.end() || option->second->count() == 0)
            continue;
        if (spec.kind == ParameterKind::Flag) {
            values[spec.name] = flags_.at(spec.name);
            continue;
        }
        const std::vector<std::string>& texts = texts_.at(spec.name);
        if (spec.kind == ParameterKind::Members) {
            values[spec.name] = texts;
            continue;
        }
        // --dirs plane:A,B,C fills "dirs" and its suffix parameter.
        values.update(analysis::valuesFromText(analysis_.parameters(), spec, texts.back()));
    }
    return values;
}

analysis::ParameterValues AnalysisOptions::values(const analysis::ParameterValues& extra,
                                                  const io::CheckpointSet* set) const {
    analysis::ParameterValues values = given();
    if (extra.is_object())
        for (const auto& [name, value] : extra.items())
            values[name] = value;
    return analysis_.complete(values, set);
}

CLI::Option* AnalysisOptions::option(const std::string& name) const {
    const auto it = options_.find(name);
    return it == options_.end() ? nullptr : it->second;
}

}  // namespace modescape::cli

#include "app/cli/BashCompletion.h"

#include <CLI/CLI.hpp>

#include <cctype>
#include <sstream>
#include <vector>

#include "app/cli/OptionReference.h"
#include "core/analysis/ParameterText.h"
#include "core/common/JoinText.h"

namespace modescape::cli {
namespace {

// A word the script may carry unquoted (names and choices are such words; any
// other is left out rather than risk the shell reading it as code).
bool isPlainWord(const std::string& word) {
    if (word.empty())
        return false;
    for (const char c : word)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
              c == ':' || c == '+' || c == ','))
            return false;
    return true;
}

// "landscape", "session init"; "" for the root.
std::string keyOf(const NamedCommand& command, const CLI::App& root) {
    const std::string& path = command.path;
    return path.size() > root.get_name().size() ? path.substr(root.get_name().size() + 1) : "";
}

std::vector<std::string> namesOf(const CLI::Option& option) {
    std::vector<std::string> names;
    for (const auto& s : option.get_snames())
        names.push_back("-" + s);
    for (const auto& l : option.get_lnames())
        names.push_back("--" + l);
    return names;
}

// The values of a CLI::IsMember check, as CLI11 puts them in the type name:
// "TEXT:{auto,bar,lines,none}".
std::vector<std::string> choicesOf(const CLI::Option& option) {
    const std::string type = option.get_type_name();
    const auto open = type.find('{');
    const auto close = type.find('}', open);
    std::vector<std::string> choices;
    if (open == std::string::npos || close == std::string::npos)
        return choices;
    for (const std::string& choice :
         analysis::splitOnCommas(type.substr(open + 1, close - open - 1)))
        if (isPlainWord(choice))
            choices.push_back(choice);
    return choices;
}

// The case arms of the lookup functions, one command at a time.
struct Tables {
    std::ostringstream subcommands, options, takesValue, choices, hasArguments;
};

void addCommand(Tables& t, const NamedCommand& command, const std::string& key) {
    std::vector<std::string> subs;
    for (const CLI::App* sub : namedSubcommandsOf(*command.app))
        if (isPlainWord(sub->get_name()))
            subs.push_back(sub->get_name());
    if (!subs.empty())
        t.subcommands << "    \"" << key << "\") echo '" << joinText(subs, " ") << "' ;;\n";

    std::vector<std::string> options;
    bool positionals = false;
    for (const CLI::Option* option : listedOptions(*command.app)) {
        if (!option->nonpositional()) {
            positionals = true;
            continue;
        }
        for (const auto& name : namesOf(*option)) {
            if (!isPlainWord(name))
                continue;
            options.push_back(name);
            if (isFlag(*option))
                continue;
            t.takesValue << "    \"" << key << " " << name << "\") return 0 ;;\n";
            if (const auto values = choicesOf(*option); !values.empty())
                t.choices << "    \"" << key << " " << name << "\") echo '" << joinText(values, " ")
                          << "' ;;\n";
        }
    }
    options.push_back("--help");
    t.options << "    \"" << key << "\") echo '" << joinText(options, " ") << "' ;;\n";
    if (positionals)
        t.hasArguments << "    \"" << key << "\") return 0 ;;\n";
}

constexpr const char* kCompletionFunction = R"bash(
# Completes the word under the cursor: the value of the option before it, an
# option, or a subcommand / a file where the command takes arguments. Options
# of the root are accepted after a subcommand too (as the command line does).
_modescape() {
    local cur=${COMP_WORDS[COMP_CWORD]} command="" value_for="" word sub i
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        if [[ $word == -* ]]; then
            if _modescape_takes_value "$command" "$word" || _modescape_takes_value "" "$word"; then
                ((i + 1 == COMP_CWORD)) && value_for=$word
                ((i++))
            fi
            continue
        fi
        for sub in $(_modescape_subcommands "$command"); do
            if [[ $word == "$sub" ]]; then
                command=${command:+$command }$word
                break
            fi
        done
    done
    COMPREPLY=()
    if [[ -n $value_for ]]; then
        local choices
        choices=$(_modescape_choices "$command" "$value_for")
        [[ -n $command ]] && choices="$choices $(_modescape_choices "" "$value_for")"
        if [[ -n ${choices// /} ]]; then
            mapfile -t COMPREPLY < <(compgen -W "$choices" -- "$cur")
        else
            _modescape_files "$cur"
        fi
        return 0
    fi
    if [[ $cur == -* ]]; then
        local options
        options=$(_modescape_options "$command")
        [[ -n $command ]] && options="$options $(_modescape_options "")"
        mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
        return 0
    fi
    mapfile -t COMPREPLY < <(compgen -W "$(_modescape_subcommands "$command")" -- "$cur")
    _modescape_has_arguments "$command" && _modescape_files "$cur"
    return 0
}

_modescape_files() {
    compopt -o filenames 2>/dev/null
    mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$1")
}

complete -F _modescape modescape
)bash";

}  // namespace

std::string bashCompletion(const CLI::App& root) {
    Tables t;
    for (const NamedCommand& command : commandsOf(root))
        addCommand(t, command, keyOf(command, root));
    std::ostringstream script;
    script << "# bash completion for modescape: subcommands, their options, the choices of\n"
              "# options with a fixed set of values, and file names. Generated from the\n"
              "# command line itself by `modescape help --bash-completion`.\n"
              "# shellcheck shell=bash\n\n"
           << "_modescape_subcommands() {\n    case \"$1\" in\n"
           << t.subcommands.str() << "    esac\n}\n\n"
           << "_modescape_options() {\n    case \"$1\" in\n"
           << t.options.str() << "    esac\n}\n\n"
           << "# Options whose value is the next word ($1: the command, $2: the option).\n"
           << "_modescape_takes_value() {\n    case \"$1 $2\" in\n"
           << t.takesValue.str() << "    esac\n    return 1\n}\n\n"
           << "_modescape_choices() {\n    case \"$1 $2\" in\n"
           << t.choices.str() << "    esac\n}\n\n"
           << "# Commands that take a set, a file or another argument.\n"
           << "_modescape_has_arguments() {\n    case \"$1\" in\n"
           << t.hasArguments.str() << "    esac\n    return 1\n}\n"
           << kCompletionFunction;
    return script.str();
}

}  // namespace modescape::cli

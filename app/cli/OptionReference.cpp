#include "app/cli/OptionReference.h"

#include <CLI/CLI.hpp>

#include <sstream>
#include <vector>

namespace modescape::cli {
namespace {

// Option groups are unnamed subcommands in CLI11 and not commands.
void collect(const CLI::App& app, const std::string& path, std::vector<NamedCommand>& out) {
    out.push_back({&app, path});
    for (const CLI::App* sub : namedSubcommandsOf(app))
        collect(*sub, path + " " + sub->get_name(), out);
}

// The usage line's token: the shortest name, optional ones in brackets.
std::string usageToken(const CLI::Option& option) {
    std::string token;
    if (!option.nonpositional())
        token = option.get_name(true);
    else {
        token = option.get_lnames().empty() ? "-" + option.get_snames().front()
                                            : "--" + option.get_lnames().front();
        if (!isFlag(option) && !option.get_type_name().empty())
            token += " " + option.get_type_name();
    }
    return option.get_required() ? token : "[" + token + "]";
}

// Help text inside Markdown prose: one line, no emphasis or HTML by accident.
std::string prose(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '\n')
            out += ' ';
        else if (c == '*')
            out += "\\*";
        else if (c == '<')
            out += "&lt;";
        else
            out += c;
    }
    return out;
}

}  // namespace

std::vector<const CLI::App*> namedSubcommandsOf(const CLI::App& app) {
    return app.get_subcommands(
        [](const CLI::App* a) { return !a->get_name().empty() && !a->get_group().empty(); });
}

std::vector<NamedCommand> commandsOf(const CLI::App& root) {
    std::vector<NamedCommand> commands;
    collect(root, root.get_name(), commands);
    return commands;
}

bool isFlag(const CLI::Option& option) {
    return option.get_type_size_max() == 0;
}

std::string optionHelp(const CLI::Option& option) {
    std::string help = option.get_description();
    if (!option.get_default_str().empty())
        help +=
            (help.empty() ? "" : " ") + std::string("(default: ") + option.get_default_str() + ")";
    return help;
}

std::vector<const CLI::Option*> listedOptions(const CLI::App& app) {
    return app.get_options([&app](const CLI::Option* o) {
        return !o->get_group().empty() && o != app.get_help_ptr();
    });
}

std::string optionSyntax(const CLI::Option& option) {
    if (!option.nonpositional())
        return option.get_name(true);
    std::string names;
    for (const auto& s : option.get_snames())
        names += (names.empty() ? "-" : ", -") + s;
    for (const auto& l : option.get_lnames())
        names += (names.empty() ? "--" : ", --") + l;
    if (isFlag(option) || option.get_type_name().empty())
        return names;
    return names + " " + option.get_type_name();
}

std::string usageLine(const NamedCommand& command) {
    std::string line = command.path;
    std::vector<std::string> positionals;
    for (const CLI::Option* option : listedOptions(*command.app))
        if (!option->nonpositional())
            positionals.push_back(usageToken(*option));
        else
            line += " " + usageToken(*option);
    for (const auto& p : positionals)
        line += " " + p;
    if (!namedSubcommandsOf(*command.app).empty())
        line += " [SUBCOMMAND]";
    return line;
}

std::string optionReferenceMarkdown(const CLI::App& root) {
    std::ostringstream md;
    bool first = true;
    for (const NamedCommand& command : commandsOf(root)) {
        md << (first ? "" : "\n") << "### `" << command.path << "`\n\n";
        first = false;
        if (!command.app->get_description().empty())
            md << prose(command.app->get_description()) << "\n\n";
        md << "Usage: `" << usageLine(command) << "`\n";
        const auto options = listedOptions(*command.app);
        if (!options.empty())
            md << "\n";
        for (const CLI::Option* option : options) {
            md << "- `" << optionSyntax(*option) << "`";
            const std::string help = optionHelp(*option);
            if (!help.empty())
                md << ": " << prose(help);
            md << "\n";
        }
    }
    return md.str();
}

std::string usageLinesMarkdown(const CLI::App& root) {
    std::string md = "```\n";
    for (const NamedCommand& command : commandsOf(root))
        md += usageLine(command) + "\n";
    return md + "```\n";
}

}  // namespace modescape::cli

#pragma once
// The command line's option reference in Markdown, written from the CLI11 tree
// itself (every subcommand, its positionals and options with their help), so
// the README and docs/command-line.md can be regenerated from the code and a
// test can tell when they no longer match it (scripts/update-option-docs.sh).

#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace modescape::cli {

// The walk every generated text makes (this reference, the man page, the bash
// completion): the commands of the tree, depth first, each with its full path
// ("modescape session init"); option groups are not commands.
struct NamedCommand {
    const CLI::App* app;
    std::string path;
};
std::vector<NamedCommand> commandsOf(const CLI::App& root);
// The named subcommands of one command (no option groups).
std::vector<const CLI::App*> namedSubcommandsOf(const CLI::App& app);
// The options a command lists: not hidden (no group), not -h/--help.
std::vector<const CLI::Option*> listedOptions(const CLI::App& app);
bool isFlag(const CLI::Option& option);
// The option's help with its default appended: "Grid points (default: 51)".
std::string optionHelp(const CLI::Option& option);
// `--grid X0:X1:NX` / `-v, --verbose` / `SET`, as the user types it.
std::string optionSyntax(const CLI::Option& option);
// The command's path and every option it lists, optional ones in brackets.
std::string usageLine(const NamedCommand& command);

// One section per command (the root first, then each subcommand in the order
// it was added): its description, its usage line and one list item per
// positional and option with its help text. Hidden options and -h/--help are
// left out.
std::string optionReferenceMarkdown(const CLI::App& root);

// One fenced code block with one usage line per command, every option listed:
// the compact overview the README shows.
std::string usageLinesMarkdown(const CLI::App& root);

}  // namespace modescape::cli

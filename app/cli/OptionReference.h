#pragma once
// The command line's option reference in Markdown, written from the CLI11 tree
// itself (every subcommand, its positionals and options with their help), so
// the README and docs/command-line.md can be regenerated from the code and a
// test can tell when they no longer match it (scripts/update-option-docs.sh).

#include <string>

namespace CLI {
class App;
}

namespace modescape::cli {

// One section per command (the root first, then each subcommand in the order
// it was added): its description, its usage line and one list item per
// positional and option with its help text. Hidden options and -h/--help are
// left out.
std::string optionReferenceMarkdown(const CLI::App& root);

// One fenced code block with one usage line per command, every option listed:
// the compact overview the README shows.
std::string usageLinesMarkdown(const CLI::App& root);

}  // namespace modescape::cli

// `modescape help [--markdown [--usage]]`: the help of the whole command line;
// with --markdown the option reference of every subcommand in Markdown (what
// docs/command-line.md embeds), with --usage only the usage lines (what the
// README embeds). scripts/update-option-docs.sh pastes both into the docs.
// --man and --bash-completion print the manual page and the bash completion
// that the build installs (packaging/Install.cmake).
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/cli/BashCompletion.h"
#include "app/cli/ManPage.h"
#include "app/cli/OptionReference.h"
#include "app/cli/commands/Commands.h"
#include "core/common/Error.h"
#include "core/common/Version.h"

namespace modescape::cli {
namespace {

class HelpCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        root_ = &parent;
        CLI::App* app = parent.add_subcommand(
            "help", "Print the help of every subcommand, or the option reference in Markdown");
        app->add_flag("--markdown", markdown_,
                      "Print the option reference of every subcommand in Markdown (the "
                      "generated part of docs/command-line.md)");
        app->add_flag("--usage", usage_,
                      "With --markdown: only one usage line per subcommand (the generated part "
                      "of the README)");
        app->add_flag("--man", man_,
                      "Print the manual page modescape(1) in roff (what the package installs)");
        app->add_flag("--bash-completion", bashCompletion_,
                      "Print the bash completion of every subcommand and option (what the "
                      "package installs)");
        return app;
    }

    int run(const JobContext&) override {
        if (usage_ && !markdown_)
            throw InvalidArgument("--usage needs --markdown");
        if (int(markdown_) + int(man_) + int(bashCompletion_) > 1)
            throw InvalidArgument(
                "--markdown, --man and --bash-completion print different "
                "texts: name one");
        if (man_)
            std::cout << manPage(*root_, modescapeVersion());
        else if (bashCompletion_)
            std::cout << bashCompletion(*root_);
        else if (markdown_)
            std::cout << (usage_ ? usageLinesMarkdown(*root_) : optionReferenceMarkdown(*root_));
        else
            // The formatter directly: App::help() would print the help of
            // the subcommand parsed, i.e. of `help` itself.
            std::cout << root_->get_formatter()->make_help(root_, root_->get_name(),
                                                           CLI::AppFormatMode::All);
        return 0;
    }

  private:
    const CLI::App* root_ = nullptr;
    bool markdown_ = false;
    bool usage_ = false;
    bool man_ = false;
    bool bashCompletion_ = false;
};

}  // namespace

std::unique_ptr<Command> makeHelpCommand() {
    return std::make_unique<HelpCommand>();
}

}  // namespace modescape::cli

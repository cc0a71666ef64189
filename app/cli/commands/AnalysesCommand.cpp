// `modescape analyses [--json]`: every analysis with its parameters, from the
// same tables the subcommands and the GUI's forms are built from. The JSON is
// the machine-readable contract: name, flag (none for positional parameters,
// which say "positional": true), type, default, choices, help.
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/cli/commands/Commands.h"
#include "core/analysis/Registry.h"
#include "core/common/TerminalText.h"

namespace modescape::cli {
namespace {

class AnalysesCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand(
            "analyses",
            "List every analysis with its parameters (the subcommand that runs it, "
            "flags, defaults, choices)");
        app->add_flag("--json", json_, "Print the list as JSON");
        return app;
    }

    int run(const JobContext&) override {
        if (json_) {
            std::cout << analysis::analysesJson().dump(2) << '\n';
            return 0;
        }
        for (const analysis::Analysis* a : analysis::allAnalyses()) {
            std::cout << a->info().name << ": " << a->info().summary << '\n';
            for (const analysis::ParameterSpec& spec : a->parameters())
                std::cout << "  " << analysis::userName(spec) << " (" << kindWord(spec.kind)
                          << ")  " << terminalSafe(analysis::cliHelp(spec)) << '\n';
        }
        return 0;
    }

  private:
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> makeAnalysesCommand() {
    return std::make_unique<AnalysesCommand>();
}

}  // namespace modescape::cli

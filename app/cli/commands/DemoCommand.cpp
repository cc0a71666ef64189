// `modescape demo [--no-gui]`: build the two-moons demo set once (cached in the
// user's data folder) and open it; with --no-gui print its path.
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/cli/commands/Commands.h"
#include "core/sampling/DemoCache.h"

namespace modescape::cli {
namespace {

class DemoCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand(
            "demo",
            "Open the built-in two-moons demo set (built once, cached in the user's data folder)");
        app->add_flag("--no-gui", noGui_, "Only build the set if needed and print its folder");
        return app;
    }

    int run(const JobContext& context) override {
        folder_ = sampling::ensureDemoSet(context);
        if (noGui_)
            std::cout << folder_ << '\n';
        return 0;
    }

    std::string guiSetDirectory() const override { return noGui_ ? std::string() : folder_; }

  private:
    bool noGui_ = false;
    std::string folder_;
};

}  // namespace

std::unique_ptr<Command> makeDemoCommand() {
    return std::make_unique<DemoCommand>();
}

}  // namespace modescape::cli

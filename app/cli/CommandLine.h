#pragma once
// The command line: subcommands, their options and their exit codes.
//   0 success, 1 the work failed (message on stderr), 2 the arguments are wrong.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/io/set/SetOverrides.h"

namespace CLI {
class App;
}

namespace modescape::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// What the GUI entry point needs when the command line asks for the window.
struct GuiRequest {
    bool wanted = false;
    std::string setDirectory;
    // `modescape gui SET --model ... --dataset ... --allow-outside`, for that set only.
    io::SetOverrides overrides;
    bool allowOutside = false;
    // `modescape gui --present SESSION`: the session in presentation mode.
    bool present = false;
};

// The whole command line as a CLI11 tree: the global options and every
// subcommand with its options, built without parsing anything, so that
// `help --markdown` and the tests can walk what the user will be offered.
class CommandLine {
  public:
    CommandLine();
    ~CommandLine();
    CommandLine(const CommandLine&) = delete;
    CommandLine& operator=(const CommandLine&) = delete;

    CLI::App& app();
    // Parses argv and runs the chosen subcommand (once per CommandLine).
    int run(int argc, char** argv, GuiRequest& gui);

  private:
    struct Parts;
    std::unique_ptr<Parts> parts_;
};

// Parses argv and runs the chosen subcommand. When the GUI is wanted it fills
// gui and returns kExitOk without starting it (main owns the QApplication).
int runCommandLine(int argc, char** argv, GuiRequest& gui);

}  // namespace modescape::cli

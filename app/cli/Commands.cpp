// The list of headless subcommands. Add a new one here.
#include "app/cli/Command.h"
#include "app/cli/commands/Commands.h"

namespace modescape::cli {

std::vector<std::unique_ptr<Command>> makeCommands() {
    std::vector<std::unique_ptr<Command>> commands;
    return commands;
}

}  // namespace modescape::cli
